import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { ApiToken, CreatedApiToken, Page } from "../api/schema";
import { useSession } from "../auth/session";

function useTokensQueryKey() {
  return ["tokens", useSession().activeOrganization?.id ?? null] as const;
}

export function useTokens() {
  return useQuery({
    queryKey: useTokensQueryKey(),
    queryFn: ({ signal }) => apiFetch<Page<ApiToken>>("/api/v1/tokens", { signal }),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  const tokensQueryKey = useTokensQueryKey();
  return useMutation({
    mutationFn: (request: { name: string; expiresInDays?: number }) =>
      apiFetch<CreatedApiToken>("/api/v1/tokens", { method: "POST", body: request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  const tokensQueryKey = useTokensQueryKey();
  return useMutation({
    mutationFn: (tokenId: string) =>
      apiFetch<void>(`/api/v1/tokens/${encodeURIComponent(tokenId)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}

export type TokenState = "active" | "revoked" | "expired";

export function tokenState(token: ApiToken, now: Date = new Date()): TokenState {
  if (token.revokedAt !== null) return "revoked";
  if (token.expiresAt !== null && new Date(token.expiresAt) <= now) return "expired";
  return "active";
}
