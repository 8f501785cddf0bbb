import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { CandidatePage, ErasureSummary, PortalInvitation, PrivacySettings } from "../api/schema";
import { useSession } from "../auth/session";

/** The retention the server accepts, in days (src/modules/privacy). */
export const retentionDaysRange = { min: 30, max: 3650 } as const;

function useOrganizationId(): string | null {
  return useSession().activeOrganization?.id ?? null;
}

function usePrivacySettingsKey() {
  return ["privacy-settings", useOrganizationId()] as const;
}

export function usePrivacySettings() {
  return useQuery({
    queryKey: usePrivacySettingsKey(),
    queryFn: ({ signal }) => apiFetch<PrivacySettings>("/api/v1/settings/privacy", { signal }),
  });
}

export function useUpdatePrivacySettings() {
  const queryClient = useQueryClient();
  const queryKey = usePrivacySettingsKey();
  return useMutation({
    mutationFn: (changes: Partial<PrivacySettings>) =>
      apiFetch<PrivacySettings>("/api/v1/settings/privacy", { method: "PATCH", body: changes }),
    onSuccess: (settings) => queryClient.setQueryData(queryKey, settings),
  });
}

export function useCandidateSearch(query: string) {
  const organizationId = useOrganizationId();
  return useQuery({
    queryKey: ["candidates", organizationId, "privacy-search", query],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ query, limit: "20" });
      return apiFetch<CandidatePage>(`/api/v1/candidates?${params.toString()}`, { signal });
    },
    enabled: query !== "",
  });
}

/** The export is a JSON document; the browser saves it as a file named after the candidate's id. */
export function useExportCandidate() {
  return useMutation({
    mutationFn: async (candidateId: string) => {
      const data = await apiFetch<unknown>(`/api/v1/candidates/${encodeURIComponent(candidateId)}/export`);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `candidate-${candidateId}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked on the next task: the download has started by then.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
  });
}

export function useEraseCandidate() {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationId();
  return useMutation({
    mutationFn: (request: { candidateId: string; confirm: string }) =>
      apiFetch<ErasureSummary>(`/api/v1/candidates/${encodeURIComponent(request.candidateId)}/erase`, {
        method: "POST",
        body: { confirm: request.confirm },
      }),
    // Every cached candidate list or email list may still hold the erased person.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["candidates", organizationId] }),
        queryClient.invalidateQueries({ queryKey: ["outbox", organizationId] }),
      ]),
  });
}

export function useInviteCandidate() {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationId();
  return useMutation({
    mutationFn: (candidateId: string) =>
      apiFetch<PortalInvitation>(`/api/v1/candidates/${encodeURIComponent(candidateId)}/invite`, {
        method: "POST",
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["outbox", organizationId] }),
  });
}
