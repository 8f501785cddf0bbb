import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signature checks over the raw request body, exactly as each vendor signs it. Every
 * comparison is constant-time (crypto.timingSafeEqual on equal-length digests), and anything
 * malformed is simply "not signed".
 */

export type IntegrationKind = "github" | "pagerduty" | "jira";

const hmacSha256 = (secret: string, body: Buffer) => createHmac("sha256", secret).update(body).digest();

function matchesHex(expected: Buffer, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  return timingSafeEqual(expected, Buffer.from(givenHex, "hex"));
}

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`
 * (docs.github.com, "Validating webhook deliveries"). Jira Cloud signs admin-registered webhooks
 * that have a secret the same way, WebSub style, in `X-Hub-Signature: sha256=<hex>`
 * (developer.atlassian.com/cloud/jira/platform/webhooks, "Secure admin webhooks").
 */
export function isValidHubSignature(body: Buffer, header: string | undefined, secrets: readonly string[]) {
  if (!header?.startsWith("sha256=")) return false;
  const given = header.slice("sha256=".length).trim();
  return secrets.some((secret) => matchesHex(hmacSha256(secret, body), given));
}

/**
 * PagerDuty V3: `X-PagerDuty-Signature: v1=<hex>,v1=<hex>` — one v1 signature per signing
 * secret, several while a secret is being rotated; one match is enough
 * (developer.pagerduty.com, webhooks "Verifying Signatures").
 */
export function isValidPagerDutySignature(
  body: Buffer,
  header: string | undefined,
  secrets: readonly string[],
) {
  if (!header) return false;
  const given = header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => part.slice(3));
  return secrets.some((secret) => {
    const expected = hmacSha256(secret, body);
    // Compare against every candidate (no early exit) so timing does not reveal which matched.
    return given.reduce((matched, candidate) => matchesHex(expected, candidate) || matched, false);
  });
}

/** The signature header each vendor sends, by kind. */
export const signatureHeader: Record<IntegrationKind, string> = {
  github: "x-hub-signature-256",
  pagerduty: "x-pagerduty-signature",
  jira: "x-hub-signature",
};

export function isValidSignature(
  kind: IntegrationKind,
  body: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  return kind === "pagerduty"
    ? isValidPagerDutySignature(body, header, secrets)
    : isValidHubSignature(body, header, secrets);
}

/** What a sender would put in the header: used by "send a test event" and by tests. */
export function signBody(kind: IntegrationKind, body: Buffer | string, secret: string): string {
  const hex = createHmac("sha256", secret).update(body).digest("hex");
  return kind === "pagerduty" ? `v1=${hex}` : `sha256=${hex}`;
}
