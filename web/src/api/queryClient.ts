import { type DefaultOptions, MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

export const sessionQueryKey = ["session"] as const;
export const loginMutationKey = ["login"] as const;

function isExpiredSession(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/**
 * How the staff app's and the portal's queries behave unless one says otherwise: an answer stays
 * fresh for 30 s, and a failed request is tried twice more, but not a 4xx, which would only be
 * refused again.
 */
export const defaultQueryOptions: DefaultOptions["queries"] = {
  staleTime: 30_000,
  retry: (failureCount, error) => {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
    return failureCount < 2;
  },
};

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    // A 401 anywhere but the session check and sign-in means the session ended elsewhere
    // (expiry, sign-out in another tab); dropping it sends the user back to /login.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isExpiredSession(error) && query.queryKey[0] !== sessionQueryKey[0]) {
          queryClient.setQueryData(sessionQueryKey, null);
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (isExpiredSession(error) && mutation.options.mutationKey?.[0] !== loginMutationKey[0]) {
          queryClient.setQueryData(sessionQueryKey, null);
        }
      },
    }),
    defaultOptions: { queries: defaultQueryOptions },
  });
  return queryClient;
}
