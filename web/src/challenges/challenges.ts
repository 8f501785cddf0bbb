import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import type {
  ChallengeDetail,
  ChallengePackage,
  ChallengeReview,
  ChallengeStatus,
  ChallengeSummary,
  MemberRole,
  Page,
  SimilarityReview,
  ValidationReport,
} from "../api/schema";
import { useSession } from "../auth/session";

/** Who may upload and delete packages; the API (PACKAGE_MANAGERS) enforces the same roles. */
const packageManagers: readonly MemberRole[] = ["admin", "hiring_manager"];
/** Who may read the uploaded packages and their reports. */
const packageReaders: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

export const challengeStatusLabels: Record<ChallengeStatus, string> = {
  validating: "Validating…",
  valid: "Valid",
  invalid: "Invalid",
};

export const challengeSourceLabels: Record<ChallengeSummary["source"], string> = {
  "built-in": "Built-in",
  organization: "Your organisation",
};

export const languageLabels: Record<string, string> = {
  javascript: "JavaScript",
  typescript: "TypeScript",
  python: "Python",
  sql: "SQL",
};

export const languageLabel = (language: string): string => languageLabels[language] ?? language;

/** While a package is validated its status is polled this often. */
const VALIDATION_POLL_MS = 2000;

function useRole(): MemberRole | undefined {
  return useSession().activeOrganization?.role;
}

export function useCanManagePackages(): boolean {
  const role = useRole();
  return role !== undefined && packageManagers.includes(role);
}

export function useCanReadPackages(): boolean {
  const role = useRole();
  return role !== undefined && packageReaders.includes(role);
}

function useOrganizationKey() {
  return useSession().activeOrganization?.id ?? null;
}

export function useChallenges() {
  return useQuery({
    queryKey: ["challenges", useOrganizationKey(), "catalog"],
    queryFn: ({ signal }) => apiFetch<Page<ChallengeSummary>>("/api/v1/challenges", { signal }),
  });
}

export function useChallenge(challengeId: string) {
  return useQuery({
    queryKey: ["challenges", useOrganizationKey(), "detail", challengeId],
    queryFn: ({ signal }) =>
      apiFetch<ChallengeDetail>(`/api/v1/challenges/${encodeURIComponent(challengeId)}`, { signal }),
  });
}

export function usePackages() {
  return useQuery({
    queryKey: ["challenges", useOrganizationKey(), "packages"],
    queryFn: ({ signal }) => apiFetch<Page<ChallengePackage>>("/api/v1/challenge-packages", { signal }),
  });
}

/**
 * One package, polled while its references and wrong solutions are graded in the background;
 * once it is decided the catalog and package list are refreshed so its status shows everywhere.
 */
export function usePackage(listed: ChallengePackage) {
  const queryClient = useQueryClient();
  const organizationKey = useOrganizationKey();
  return useQuery({
    queryKey: ["challenges", organizationKey, "package", listed.id],
    queryFn: async ({ signal }) => {
      const read = await apiFetch<ChallengePackage>(`/api/v1/challenge-packages/${listed.id}`, { signal });
      if (read.status !== "validating") {
        void queryClient.invalidateQueries({ queryKey: ["challenges", organizationKey, "catalog"] });
        void queryClient.invalidateQueries({ queryKey: ["challenges", organizationKey, "packages"] });
      }
      return read;
    },
    initialData: listed,
    // The listed copy is only a starting point while validation runs; a decided package is final.
    staleTime: listed.status === "validating" ? 0 : Number.POSITIVE_INFINITY,
    refetchInterval: (query) => (query.state.data?.status === "validating" ? VALIDATION_POLL_MS : false),
  });
}

/** The zip goes as the raw request body. */
function postPackageZip(file: Blob): Promise<ChallengePackage> {
  return apiFetch<ChallengePackage>("/api/v1/challenge-packages", {
    method: "POST",
    rawBody: file,
    contentType: "application/zip",
  });
}

export function useUploadPackage() {
  const queryClient = useQueryClient();
  const organizationKey = useOrganizationKey();
  return useMutation({
    mutationFn: postPackageZip,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["challenges", organizationKey] }),
  });
}

export function useDeletePackage() {
  const queryClient = useQueryClient();
  const organizationKey = useOrganizationKey();
  return useMutation({
    mutationFn: (packageId: string) =>
      apiFetch<void>(`/api/v1/challenge-packages/${packageId}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["challenges", organizationKey] }),
  });
}

export function useChallengeReview(applicationId: string) {
  return useQuery({
    queryKey: ["challenges", useOrganizationKey(), "review", applicationId],
    queryFn: ({ signal }) =>
      apiFetch<ChallengeReview>(`/api/v1/applications/${applicationId}/challenge-attempts`, { signal }),
    retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
  });
}

export function useSimilarity(applicationId: string, attemptId: string) {
  return useQuery({
    queryKey: ["challenges", useOrganizationKey(), "similarity", attemptId],
    queryFn: ({ signal }) =>
      apiFetch<SimilarityReview>(
        `/api/v1/applications/${applicationId}/challenge-attempts/${attemptId}/similarity`,
        { signal },
      ),
    retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
  });
}

/** The stored report is typed loosely by the API; only a report of the expected shape is shown. */
export function validationReportOf(report: unknown): ValidationReport | null {
  if (typeof report !== "object" || report === null) return null;
  const entries = (report as { entries?: unknown }).entries;
  return Array.isArray(entries) ? (report as ValidationReport) : null;
}

/** "2 h 5 min", "12 min", "40 s": how long a candidate spent, for people rather than machines. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function useIsAdmin(): boolean {
  return useRole() === "admin";
}

/** An admin grades a finished submission again; the review then shows the earlier grade too. */
export function useRegradeSubmission() {
  const queryClient = useQueryClient();
  const organizationKey = useOrganizationKey();
  return useMutation({
    mutationFn: (submissionId: string) =>
      apiFetch<{ submissionId: string; status: "queued" }>(
        `/api/v1/challenge-submissions/${submissionId}/regrade`,
        { method: "POST" },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["challenges", organizationKey, "review"] }),
  });
}

/** After replacing a package: every finished Submit of its challenge is graded again. */
export function useRegradePackage() {
  const queryClient = useQueryClient();
  const organizationKey = useOrganizationKey();
  return useMutation({
    mutationFn: (packageId: string) =>
      apiFetch<{ packageId: string; requeued: number }>(`/api/v1/challenge-packages/${packageId}/regrade`, {
        method: "POST",
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["challenges", organizationKey] }),
  });
}
