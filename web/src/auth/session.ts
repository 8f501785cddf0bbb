import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { ApiError, apiFetch, rememberCsrfToken } from "../api/client";
import { loginMutationKey, sessionQueryKey } from "../api/queryClient";
import type { Session } from "../api/schema";

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await apiFetch<Session>("/api/v1/auth/session");
    rememberCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberCsrfToken(null);
      return null;
    }
    throw error;
  }
}

function storeSession(queryClient: QueryClient, session: Session | null): void {
  rememberCsrfToken(session?.csrfToken ?? null);
  queryClient.setQueryData(sessionQueryKey, session);
}

/** The signed-in session, or null when nobody is signed in. */
export function useSessionQuery() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession });
}

/**
 * RequireSession hands the session down through context rather than letting each component
 * read the query: when the session ends, a component re-rendered for another reason would
 * otherwise see null before RequireSession has had the chance to unmount it.
 */
export const SessionContext = createContext<Session | null>(null);

/** For components rendered inside RequireSession, where a session is guaranteed. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside RequireSession");
  return session;
}

export function useIsAdmin(): boolean {
  return useSession().activeOrganization?.role === "admin";
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: loginMutationKey,
    mutationFn: (credentials: { email: string; password: string }) =>
      apiFetch<Session>("/api/v1/auth/login", { method: "POST", body: credentials }),
    onSuccess: (session) => {
      // Another person may have used this browser before; their cached data must not show.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      storeSession(queryClient, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const signedOut = () => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
    storeSession(queryClient, null);
  };
  return useMutation({
    mutationFn: () => apiFetch<void>("/api/v1/auth/logout", { method: "POST" }),
    onSuccess: signedOut,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) signedOut();
    },
  });
}

export function useSwitchOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (organizationId: string) =>
      apiFetch<Session>("/api/v1/auth/switch-organization", { method: "POST", body: { organizationId } }),
    // Requests still in flight were made for the old organisation; their answers must not
    // land in the cache after the switch.
    onMutate: () =>
      queryClient.cancelQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] }),
    onSuccess: async (session) => {
      storeSession(queryClient, session);
      // Organisation-scoped query keys include the organisation id, so the new organisation's
      // pages fetch fresh data on their own; refetching the old keys now would store the new
      // organisation's answers under the old organisation's keys.
      await queryClient.invalidateQueries({ refetchType: "none" });
    },
  });
}
