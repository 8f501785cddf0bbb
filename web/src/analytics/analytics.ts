import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { demographicValueLabel } from "../../../src/modules/portal/demographic-presets";
import { apiFetch } from "../api/client";
import type { MemberRole } from "../api/schema";
import { useSession } from "../auth/session";
import type {
  AdverseImpactAnswer,
  CalibrationAnswer,
  FunnelAnswer,
  HistoryImportReport,
  ImpactCategory,
  Source,
  ValidityAnswer,
  WorkModelOutcome,
  WorkModelsAnswer,
} from "./types";

/** Who sees the Analytics area; interviewers never do (the API refuses them too). */
export const analyticsAudience: readonly MemberRole[] = ["admin", "hiring_manager"];

/** Recruiters read the funnel only (the API's FUNNEL_READERS); everything else is for the audience above. */
export const funnelAudience: readonly MemberRole[] = ["admin", "hiring_manager", "recruiter"];

export function useCanSeeFunnel(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && funnelAudience.includes(role);
}

export function useCanSeeAnalytics(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && analyticsAudience.includes(role);
}

export const sources: readonly Source[] = ["all", "history", "live"];
export const sourceLabels: Record<Source, string> = {
  all: "Imported history and live data",
  history: "Imported history only",
  live: "Live data only",
};

/** The data source every analytics page reads, kept in the address so a view can be shared. */
export function useSource(): [Source, (source: Source) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get("source");
  const source: Source = value === "history" || value === "live" ? value : "all";
  return [
    source,
    (next) =>
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          updated.set("source", next);
          return updated;
        },
        { replace: true },
      ),
  ];
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  return search.toString();
}

function useAnalyticsQuery<T>(endpoint: string, params: Record<string, string | number | undefined>) {
  const organizationId = useSession().activeOrganization?.id ?? null;
  const search = queryString(params);
  return useQuery({
    queryKey: ["analytics", organizationId, endpoint, search],
    queryFn: ({ signal }) => apiFetch<T>(`/api/v1/analytics/${endpoint}?${search}`, { signal }),
  });
}

export const defaultMinimums = {
  validityMinN: 10,
  impactMinGroupSize: 10,
  calibrationMinN: 10,
  reliabilityMinApplications: 5,
  workModelMinGroupSize: 5,
} as const;

export function useValidity(source: Source, role?: string) {
  return useAnalyticsQuery<ValidityAnswer>("validity", {
    source,
    outcome: "outcome_6m",
    role,
    minN: defaultMinimums.validityMinN,
  });
}

export const impactCategoryLabels: Record<ImpactCategory, string> = {
  gender: "Gender",
  race_ethnicity: "Race or ethnicity",
};

export function useAdverseImpact(source: Source, category: ImpactCategory, stage?: string) {
  return useAnalyticsQuery<AdverseImpactAnswer>("adverse-impact", {
    source,
    category,
    stage,
    minGroupSize: defaultMinimums.impactMinGroupSize,
  });
}

export function useCalibration(source: Source, stage: string | undefined) {
  const organizationId = useSession().activeOrganization?.id ?? null;
  const search = queryString({ source, stage, minN: defaultMinimums.calibrationMinN });
  return useQuery({
    queryKey: ["analytics", organizationId, "calibration", search],
    queryFn: ({ signal }) =>
      apiFetch<CalibrationAnswer>(`/api/v1/analytics/calibration?${search}`, { signal }),
    enabled: stage !== undefined && stage !== "",
  });
}

export const workModelOutcomeLabels: Record<WorkModelOutcome, string> = {
  outcome_6m: "Overall rating at 6 months (1–4)",
  retained_12m: "Still employed at 12 months",
};

export function useWorkModels(source: Source, outcome: WorkModelOutcome) {
  return useAnalyticsQuery<WorkModelsAnswer>("work-models", {
    source,
    outcome,
    minGroupSize: defaultMinimums.workModelMinGroupSize,
  });
}

export function useFunnel(source: Source, role?: string) {
  return useAnalyticsQuery<FunnelAnswer>("funnel", { source, role });
}

export interface HistoryFiles {
  applications: File;
  stages: File;
  ratings: File;
}

/** Replaces the organisation's imported history; the answer (or the refusal) reports every bad row. */
export function useImportHistory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (files: HistoryFiles) => {
      const body = new FormData();
      body.set("applications", files.applications);
      body.set("stages", files.stages);
      body.set("ratings", files.ratings);
      return apiFetch<HistoryImportReport>("/api/v1/analytics/history", { method: "POST", rawBody: body });
    },
    onSuccess: async () => {
      // The role advisor's answer carries the organisation's own evidence, read from this history.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["analytics"] }),
        queryClient.invalidateQueries({ queryKey: ["work-model-advice"] }),
      ]);
    },
  });
}

/** Correlations and ratios are written without the leading zero, as in the research literature. */
export function formatCoefficient(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  // A value that rounds to zero is written ".00", never "−.00".
  const fixed = Math.abs(value) < 0.005 ? "0.00" : value.toFixed(2);
  return fixed.replace(/^(-?)0\./, "$1.").replace(/^-/, "−");
}

/** Impact ratios are written as regulators do: 0.80, 1.00. */
export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return value.toFixed(2);
}

/**
 * Imported groups are free text and shown as they are; Evident's own categories (any preset's,
 * demographic-presets.ts) and the group for an empty answer are shown by their names.
 */
export function groupLabel(group: string): string {
  return group === "not_disclosed" ? "Not disclosed" : (demographicValueLabel(group) ?? group);
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return "–";
  if (p < 0.001) return "< .001";
  return p.toFixed(3).replace(/^0/, "");
}

export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "–";
  return `${(rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0)} %`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "–";
  const fixed = value.toFixed(digits);
  return Number(fixed) === 0 ? fixed.replace(/^-/, "") : fixed.replace(/^-/, "−");
}

export const reasonLabels: Record<"too_few" | "zero_variance" | "no_selections", string> = {
  too_few: "Too few to compare",
  zero_variance: "No variation to correlate",
  no_selections: "Nobody selected in the reference group",
};

/** Why a stage, interviewer or group has no estimate, and on how many cases: "too few to compare (n = 3)". */
export function describeMissingEstimate({
  reason,
  n,
}: {
  reason: keyof typeof reasonLabels | null;
  n: number;
}): string {
  return `${reason ? reasonLabels[reason].toLowerCase() : "no estimate"} (n = ${n})`;
}
