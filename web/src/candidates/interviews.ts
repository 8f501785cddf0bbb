import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { Page } from "../api/types";
import { useSession } from "../auth/session";
import type { ApplicationInterview, Recommendation, Scorecard } from "./types";

export const recommendationLabels: Record<Recommendation, string> = {
  strong_no: "Strong no",
  no: "No",
  yes: "Yes",
  strong_yes: "Strong yes",
};

export function useApplicationInterviews(applicationId: string) {
  return useQuery({
    queryKey: ["applications", useSession().activeOrganization?.id ?? null, "interviews", applicationId],
    queryFn: ({ signal }) =>
      apiFetch<Page<ApplicationInterview>>(
        `/api/v1/interviews?applicationId=${encodeURIComponent(applicationId)}`,
        { signal },
      ),
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
