import { QueryClient } from "@tanstack/react-query";
import { ApiError, problemFrom } from "../api/client";

type PortalMethod = "GET" | "POST" | "PUT";

/**
 * The candidate's CSRF token comes from /portal/me and belongs to the candidate cookie. It is
 * kept apart from the staff token in api/client.ts: the server refuses one in place of the other.
 */
let candidateCsrfToken: string | null = null;

export function rememberCandidateCsrfToken(token: string | null): void {
  candidateCsrfToken = token;
}

/** fetch for the candidate portal: same-origin cookie, the candidate's CSRF token, problem+json errors. */
export async function portalFetch<T>(
  path: string,
  options: { method?: PortalMethod; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = options.method ?? "GET";
  const headers = new Headers({ Accept: "application/json, application/problem+json" });
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  if (method !== "GET" && candidateCsrfToken !== null) headers.set("X-CSRF-Token", candidateCsrfToken);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(
      0,
      "Network error",
      "Could not reach the portal. Check your connection and try again.",
    );
  }

  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/**
 * The portal has its own query cache: candidate data never shares a cache with staff data,
 * and the staff client's "401 means signed out" rule must not fire for candidate requests.
 */
export function createPortalQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
    },
  });
}
