import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  DecisionOutcome,
  DecisionSummary,
  FormulaOutcome,
  MemberRole,
  RecordDecisionRequest,
} from "../api/schema";
import { useSession } from "../auth/session";

export const decisionOutcomes: readonly DecisionOutcome[] = ["hire", "no_hire"];

export const outcomeLabels: Record<FormulaOutcome, string> = {
  hire: "Hire",
  no_hire: "No hire",
  incomplete: "Incomplete",
};

const deciders: readonly MemberRole[] = ["admin", "hiring_manager"];

/** Hiring managers and admins record the final decision; the API enforces the same. */
export function useCanDecide(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && deciders.includes(role);
}

/** Scores to at most 3 decimals, without trailing zeros: 3.1, 2.938. */
export function formatScore(score: number): string {
  return String(Math.round(score * 1000) / 1000);
}

export function formatWeight(weight: number): string {
  return `${Math.round(weight * 1000) / 10}%`;
}

function decisionPath(applicationId: string): string {
  return `/api/v1/applications/${encodeURIComponent(applicationId)}/decision`;
}

function useDecisionKey(applicationId: string) {
  return ["decisions", useSession().activeOrganization?.id ?? null, applicationId] as const;
}

export function useDecisionSummary(applicationId: string) {
  return useQuery({
    queryKey: useDecisionKey(applicationId),
    queryFn: ({ signal }) => apiFetch<DecisionSummary>(decisionPath(applicationId), { signal }),
  });
}

export function useRecordDecision(applicationId: string) {
  const queryClient = useQueryClient();
  const key = useDecisionKey(applicationId);
  return useMutation({
    mutationFn: (request: RecordDecisionRequest) =>
      apiFetch<DecisionSummary>(decisionPath(applicationId), { method: "POST", body: request }),
    onSuccess: (summary) => {
      queryClient.setQueryData(key, summary);
      // The decision closes the application, which other lists show, and drafts the candidate's email.
      void queryClient.invalidateQueries({ queryKey: ["applications"] });
      void queryClient.invalidateQueries({ queryKey: ["application-emails"] });
    },
  });
}
