import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import type {
  AmendmentRequest,
  ApplicationSummary,
  CursorPage,
  Interview,
  InterviewDetail,
  InterviewMode,
  InterviewStatus,
  KitVersion,
  Member,
  MemberRole,
  Page,
  PlanStage,
  Recommendation,
  RescheduleInterviewRequest,
  ScheduleInterviewRequest,
  Scorecard,
  ScorecardRequest,
  StageType,
  WhiteboardExport,
} from "../api/schema";
import { useSession } from "../auth/session";

export const recommendations: readonly Recommendation[] = ["strong_no", "no", "yes", "strong_yes"];

export const recommendationLabels: Record<Recommendation, string> = {
  strong_no: "Strong no",
  no: "No",
  yes: "Yes",
  strong_yes: "Strong yes",
};

export const interviewModeLabels: Record<InterviewMode, string> = {
  onsite: "Onsite",
  remote: "Remote",
};

/** Stages in which the API schedules interviews: live interviews and reviews of handed-in work. */
export const schedulableStageTypes: readonly StageType[] = [
  "system_design",
  "pair_programming",
  "trial_day",
  "application_review",
  "async_collaboration",
  "written_exercise",
];

const liveInterviewStageTypes: readonly StageType[] = ["system_design", "pair_programming", "trial_day"];

/** Mirrors the API: live interviews never have fewer than two independent raters. */
export function requiredInterviewers(stage: Pick<PlanStage, "type" | "requiredRaters">): number {
  return liveInterviewStageTypes.includes(stage.type)
    ? Math.max(2, stage.requiredRaters)
    : stage.requiredRaters;
}

const hiringTeamRoles: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

/** Admins, recruiters and hiring managers schedule interviews and see the hiring team's views. */
export function useIsHiringTeam(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && hiringTeamRoles.includes(role);
}

/** The name to show for an interview's candidate: never the real one in blind review. */
export function candidateLabel(interview: Pick<Interview, "candidate">): string {
  const { candidate } = interview;
  return candidate.isRedacted || !candidate.name ? candidate.pseudonym : candidate.name;
}

function useOrganisationKey() {
  return useSession().activeOrganization?.id ?? null;
}

export function useMyInterviews() {
  return useQuery({
    queryKey: ["interviews", useOrganisationKey(), "mine"],
    queryFn: ({ signal }) => apiFetch<Page<Interview>>("/api/v1/interviews?mine=true", { signal }),
  });
}

export interface TeamInterviewFilters {
  from: string;
  to: string;
  roleId: string;
  interviewerId: string;
  status: InterviewStatus | "";
}

/** The organisation's interviews in a date range (the hiring team's view), with the page's filters. */
export function useTeamInterviews(filters: TeamInterviewFilters) {
  const query = new URLSearchParams({ from: filters.from, to: filters.to, limit: "500" });
  if (filters.roleId) query.set("roleId", filters.roleId);
  if (filters.interviewerId) query.set("interviewerId", filters.interviewerId);
  if (filters.status) query.set("status", filters.status);
  return useQuery({
    queryKey: ["interviews", useOrganisationKey(), "team", filters],
    queryFn: ({ signal }) => apiFetch<Page<Interview>>(`/api/v1/interviews?${query.toString()}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export const interviewStatusLabels: Record<InterviewStatus, string> = {
  scheduled: "Scheduled",
  completed: "Completed",
  cancelled: "Cancelled",
};

function interviewPath(interviewId: string): string {
  return `/api/v1/interviews/${encodeURIComponent(interviewId)}`;
}

export function useInterview(interviewId: string) {
  return useQuery({
    queryKey: ["interviews", useOrganisationKey(), "detail", interviewId],
    queryFn: ({ signal }) => apiFetch<InterviewDetail>(interviewPath(interviewId), { signal }),
  });
}

/** Whiteboard exports attached to the interview from its pad (PNG or SVG), newest first. */
export function useWhiteboardExports(interviewId: string) {
  return useQuery({
    queryKey: ["interviews", useOrganisationKey(), "whiteboard-exports", interviewId],
    queryFn: ({ signal }) =>
      apiFetch<Page<WhiteboardExport>>(`${interviewPath(interviewId)}/whiteboard-exports`, { signal }),
  });
}

export function whiteboardExportDownloadPath(interviewId: string, fileId: string): string {
  return `${interviewPath(interviewId)}/whiteboard-exports/${encodeURIComponent(fileId)}`;
}

/** Attaches a PNG or SVG of the pad's whiteboard to the interview. */
export function useAttachWhiteboardExport(interviewId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: Blob & { name: string }) => {
      const formData = new FormData();
      formData.append("file", file, file.name);
      return apiFetch<WhiteboardExport>(`${interviewPath(interviewId)}/whiteboard-exports`, {
        method: "POST",
        rawBody: formData,
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["interviews"] }),
  });
}

/**
 * Others' scorecards, fetched only once the caller may see them: asking earlier would only get
 * the API's "submit yours first" refusal.
 */
export function useInterviewScorecards(interviewId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["interviews", useOrganisationKey(), "scorecards", interviewId],
    queryFn: ({ signal }) =>
      apiFetch<Page<Scorecard>>(`${interviewPath(interviewId)}/scorecards`, { signal }),
    enabled,
    retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
  });
}

/** One scorecard with its versions; its author may always read it. */
export function useScorecard(scorecardId: string | null) {
  return useQuery({
    queryKey: ["interviews", useOrganisationKey(), "scorecard", scorecardId],
    queryFn: ({ signal }) =>
      apiFetch<Scorecard>(`/api/v1/scorecards/${encodeURIComponent(scorecardId ?? "")}`, { signal }),
    enabled: scorecardId !== null,
    // An amendment gives the scorecard a new id; the filed version stays on screen until it loads.
    placeholderData: keepPreviousData,
  });
}

/** The interviews of one application, as the caller may see them (redacted where blind review applies). */
export function useApplicationInterviews(applicationId: string) {
  return useQuery({
    queryKey: ["interviews", useOrganisationKey(), "application", applicationId],
    queryFn: ({ signal }) =>
      apiFetch<Page<Interview>>(`/api/v1/interviews?applicationId=${encodeURIComponent(applicationId)}`, {
        signal,
      }),
  });
}

export function useSubmitScorecard(interviewId: string) {
  const queryClient = useQueryClient();
  const organisationKey = useOrganisationKey();
  return useMutation({
    mutationFn: (request: ScorecardRequest) =>
      apiFetch<Scorecard>(`${interviewPath(interviewId)}/scorecards`, { method: "POST", body: request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["interviews", organisationKey] }),
  });
}

export function useAmendScorecard() {
  const queryClient = useQueryClient();
  const organisationKey = useOrganisationKey();
  return useMutation({
    mutationFn: ({ scorecardId, request }: { scorecardId: string; request: AmendmentRequest }) =>
      apiFetch<Scorecard>(`/api/v1/scorecards/${encodeURIComponent(scorecardId)}/amendments`, {
        method: "POST",
        body: request,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["interviews", organisationKey] }),
  });
}

export function useCancelInterview(interviewId: string) {
  const queryClient = useQueryClient();
  const organisationKey = useOrganisationKey();
  return useMutation({
    mutationFn: () => apiFetch<Interview>(`${interviewPath(interviewId)}/cancel`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["interviews", organisationKey] }),
  });
}

/** Moves a scheduled interview; the server sends the candidate and interviewers the updated invitation. */
export function useRescheduleInterview(interviewId: string) {
  const queryClient = useQueryClient();
  const organisationKey = useOrganisationKey();
  return useMutation({
    mutationFn: (request: RescheduleInterviewRequest) =>
      apiFetch<InterviewDetail>(`${interviewPath(interviewId)}/reschedule`, {
        method: "POST",
        body: request,
      }),
    onSuccess: (interview) => {
      queryClient.setQueryData(["interviews", organisationKey, "detail", interviewId], interview);
      return queryClient.invalidateQueries({ queryKey: ["interviews", organisationKey] });
    },
  });
}

export function useScheduleInterview() {
  const queryClient = useQueryClient();
  const organisationKey = useOrganisationKey();
  return useMutation({
    mutationFn: (request: ScheduleInterviewRequest) =>
      apiFetch<InterviewDetail>("/api/v1/interviews", { method: "POST", body: request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["interviews", organisationKey] }),
  });
}

/* Reads of other areas that the scheduling form needs. */

/** How many matches the schedule form's application search shows at once. */
export const APPLICATION_SEARCH_LIMIT = 20;

/**
 * Active applications whose candidate's name or email, or role's title, contains `text` (the
 * server ignores case and accents); the newest ones while nothing is typed. The previous answer
 * stays on screen while the next one loads, so the list does not flicker as the person types.
 */
export function useApplicationSearch(text: string, enabled: boolean) {
  const needle = text.trim();
  return useQuery({
    queryKey: ["applications", useOrganisationKey(), "list", { status: "active", query: needle }],
    queryFn: ({ signal }) =>
      apiFetch<CursorPage<ApplicationSummary>>(
        `/api/v1/applications?status=active&limit=${APPLICATION_SEARCH_LIMIT}${
          needle ? `&query=${encodeURIComponent(needle)}` : ""
        }`,
        { signal },
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useRolePlan(roleId: string | null) {
  return useQuery({
    queryKey: ["plans", useOrganisationKey(), roleId],
    queryFn: ({ signal }) =>
      apiFetch<{ roleId: string; stages: PlanStage[] }>(
        `/api/v1/roles/${encodeURIComponent(roleId ?? "")}/plan`,
        { signal },
      ),
    enabled: roleId !== null,
  });
}

export function useMembers(enabled: boolean) {
  return useQuery({
    queryKey: ["members", useOrganisationKey()],
    queryFn: ({ signal }) => apiFetch<Page<Member>>("/api/v1/members", { signal }),
    enabled,
  });
}

export function useKitVersion(kitVersionId: string | null) {
  return useQuery({
    queryKey: ["kits", useOrganisationKey(), "version", kitVersionId],
    queryFn: ({ signal }) =>
      apiFetch<KitVersion>(`/api/v1/kit-versions/${encodeURIComponent(kitVersionId ?? "")}`, { signal }),
    enabled: kitVersionId !== null,
    // Versions never change once saved.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
