import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { Interview, Page, Recommendation, Scorecard } from "../api/schema";
import { useSession } from "../auth/session";

export const recommendationLabels: Record<Recommendation, string> = {
  strong_no: "Strong no",
  no: "No",
  yes: "Yes",
  strong_yes: "Strong yes",
};

export function useInterviews(applicationId: string) {
  return useQuery({
    queryKey: ["applications", useSession().activeOrganization?.id ?? null, "interviews", applicationId],
    queryFn: ({ signal }) =>
      apiFetch<Page<Interview>>(`/api/v1/interviews?applicationId=${encodeURIComponent(applicationId)}`, {
        signal,
      }),
  });
}

export function useApplicationScorecards(applicationId: string) {
  return useQuery({
    queryKey: ["applications", useSession().activeOrganization?.id ?? null, "scorecards", applicationId],
    queryFn: ({ signal }) =>
      apiFetch<Page<Scorecard>>(`/api/v1/applications/${encodeURIComponent(applicationId)}/scorecards`, {
        signal,
      }),
  });
}
