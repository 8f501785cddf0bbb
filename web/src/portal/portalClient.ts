import { QueryClient } from "@tanstack/react-query";
import { createJsonClient } from "../api/client";
import { defaultQueryOptions } from "../api/queryClient";

/**
 * The candidate's CSRF token comes from /portal/me and belongs to the candidate cookie. It is
 * kept apart from the staff token in api/client.ts: the server refuses one in place of the other.
 */
let candidateCsrfToken: string | null = null;

export function rememberCandidateCsrfToken(token: string | null): void {
  candidateCsrfToken = token;
}

/** Calls the candidate portal API with the candidate cookie and the candidate's CSRF token. */
export const portalFetch = createJsonClient({
  csrfToken: () => candidateCsrfToken,
  unreachableMessage: "Could not reach the portal. Check your connection and try again.",
});

/**
 * The portal has its own query cache: candidate data never shares a cache with staff data,
 * and the staff client's "401 means signed out" rule must not fire for candidate requests.
 */
export function createPortalQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: defaultQueryOptions },
  });
}
