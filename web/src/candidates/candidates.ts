import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  ApplicationDetail,
  ApplicationFilters,
  ApplicationSummary,
  Candidate,
  CandidateDetail,
  CandidateInput,
  CursorPage,
  ImportMode,
  ImportReport,
  RejectionEmail,
  RejectionReason,
  StoredResume,
} from "../api/schema";
import { useSession } from "../auth/session";

export const PAGE_SIZE = 25;

function useOrganizationId() {
  return useSession().activeOrganization?.id ?? null;
}

function candidatePath(candidateId: string): string {
  return `/api/v1/candidates/${encodeURIComponent(candidateId)}`;
}

function applicationPath(applicationId: string): string {
  return `/api/v1/applications/${encodeURIComponent(applicationId)}`;
}

function searchFrom(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * Candidates, applications and plans change together (an application moves, a plan's stage
 * counts follow), so every change refreshes all three for the organisation.
 */
function useRefreshHiringData() {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationId();
  return () =>
    Promise.all(
      ["candidates", "applications", "plan"].map((prefix) =>
        queryClient.invalidateQueries({ queryKey: [prefix, organizationId] }),
      ),
    );
}

export function useApplicationList(filters: ApplicationFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ["applications", useOrganizationId(), "list", filters],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<CursorPage<ApplicationSummary>>(
        `/api/v1/applications${searchFrom({ ...filters, cursor: pageParam ?? undefined, limit: PAGE_SIZE })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCandidateList(query: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: ["candidates", useOrganizationId(), "list", query],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<CursorPage<Candidate>>(
        `/api/v1/candidates${searchFrom({ query, cursor: pageParam ?? undefined, limit: PAGE_SIZE })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A board shows every application of its columns, so it follows the cursor to the last page. */
const BOARD_PAGE_SIZE = 100;
const BOARD_MAX_PAGES = 20;

export function useActiveApplicationsOfRole(roleId: string, enabled = true) {
  return useQuery({
    queryKey: ["applications", useOrganizationId(), "board", roleId],
    queryFn: async ({ signal }) => {
      const items: ApplicationSummary[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < BOARD_MAX_PAGES; page += 1) {
        const result: CursorPage<ApplicationSummary> = await apiFetch<CursorPage<ApplicationSummary>>(
          `/api/v1/applications${searchFrom({ roleId, status: "active", cursor: cursor ?? undefined, limit: BOARD_PAGE_SIZE })}`,
          { signal },
        );
        items.push(...result.items);
        cursor = result.nextCursor;
        if (cursor === null) return { items, complete: true };
      }
      return { items, complete: false };
    },
    enabled,
  });
}

export function useCandidate(candidateId: string, enabled = true) {
  return useQuery({
    queryKey: ["candidates", useOrganizationId(), "detail", candidateId],
    queryFn: ({ signal }) => apiFetch<CandidateDetail>(candidatePath(candidateId), { signal }),
    enabled,
  });
}

export function useApplication(applicationId: string, enabled = true) {
  return useQuery({
    queryKey: ["applications", useOrganizationId(), "detail", applicationId],
    queryFn: ({ signal }) => apiFetch<ApplicationDetail>(applicationPath(applicationId), { signal }),
    enabled,
  });
}

export function useCreateCandidate() {
  const refresh = useRefreshHiringData();
  return useMutation({
    mutationFn: (input: CandidateInput & { roleId?: string }) =>
      apiFetch<CandidateDetail>("/api/v1/candidates", { method: "POST", body: input }),
    onSuccess: refresh,
  });
}

export function useUpdateCandidate(candidateId: string) {
  const refresh = useRefreshHiringData();
  return useMutation({
    mutationFn: (changes: Partial<CandidateInput>) =>
      apiFetch<CandidateDetail>(candidatePath(candidateId), { method: "PATCH", body: changes }),
    onSuccess: refresh,
  });
}

export function useUploadResume(candidateId: string) {
  const refresh = useRefreshHiringData();
  return useMutation({
    mutationFn: (file: File) => {
      const formData = new FormData();
      formData.append("file", file, file.name);
      return apiFetch<StoredResume>(`${candidatePath(candidateId)}/resume`, {
        method: "PUT",
        rawBody: formData,
      });
    },
    onSuccess: refresh,
  });
}

export function resumeDownloadPath(candidateId: string): string {
  return `${candidatePath(candidateId)}/resume`;
}

export interface ImportRequest {
  csv: string;
  roleId?: string;
  mode: ImportMode;
  dryRun: boolean;
}

export function useImportCandidates() {
  const refresh = useRefreshHiringData();
  return useMutation({
    mutationFn: (request: ImportRequest) =>
      apiFetch<ImportReport>("/api/v1/candidates/import", { method: "POST", body: request }),
    onSuccess: (_report, request) => (request.dryRun ? undefined : refresh()),
  });
}

export function useCreateApplication() {
  const refresh = useRefreshHiringData();
  return useMutation({
    mutationFn: (input: { candidateId: string; roleId: string }) =>
      apiFetch<ApplicationDetail>("/api/v1/applications", { method: "POST", body: input }),
    onSuccess: refresh,
  });
}

export type ApplicationAction =
  | { kind: "move"; stageId: string; note?: string }
  | { kind: "reject"; reason: RejectionReason; note?: string; email?: RejectionEmail }
  | { kind: "withdraw"; note?: string }
  | { kind: "reopen" };

function actionRequest(action: ApplicationAction): { path: string; body: unknown } {
  switch (action.kind) {
    case "move":
      return {
        path: "stage",
        body: { stageId: action.stageId, ...(action.note ? { note: action.note } : {}) },
      };
    case "reject":
      return {
        path: "reject",
        body: {
          reason: action.reason,
          ...(action.note ? { note: action.note } : {}),
          ...(action.email ? { email: action.email } : {}),
        },
      };
    case "withdraw":
      return { path: "withdraw", body: action.note ? { note: action.note } : {} };
    case "reopen":
      return { path: "reopen", body: {} };
  }
}

/** Moves, rejects, withdraws or reopens one application. */
export function useApplicationAction(applicationId: string) {
  const refresh = useRefreshHiringData();
  return useMutation({
    mutationFn: (action: ApplicationAction) => {
      const { path, body } = actionRequest(action);
      return apiFetch<ApplicationDetail>(`${applicationPath(applicationId)}/${path}`, {
        method: "POST",
        body,
      });
    },
    // Not awaited: the refetch moves the card to another column (unmounting the caller), and
    // the caller's own onSuccess, which announces the change, must run before that.
    onSuccess: () => {
      void refresh();
    },
  });
}
