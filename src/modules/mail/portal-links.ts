/**
 * Links to the candidate portal as they appear in emails. Every link names the organisation, so
 * a candidate never has to know the organisation's short name: the sign-in page reads it from
 * the link (a link that has expired leads to "email me a new link" for the same organisation).
 */

/** The portal's sign-in page for one organisation; the candidate asks for a link with their email. */
export function portalUrl(baseUrl: string, organizationSlug: string): string {
  return `${baseUrl}/portal?org=${encodeURIComponent(organizationSlug)}`;
}

/**
 * A magic link: the sign-in page exchanges the token for a session, then opens `next` (a path
 * inside the portal, such as an application's challenge) or the candidate's home page.
 */
export function signInUrl(
  baseUrl: string,
  token: string,
  organizationSlug: string,
  next?: `/portal/${string}`,
): string {
  const query = new URLSearchParams({ token, org: organizationSlug });
  if (next) query.set("next", next);
  return `${baseUrl}/portal/sign-in?${query.toString()}`;
}
