import { useQuery } from "@tanstack/react-query";
import type { CandidateTrialDay } from "../../api/schema";
import { portalFetch } from "../portalClient";

export function useCandidateTrialDay(applicationId: string) {
  return useQuery({
    queryKey: ["portal", "trial-day", applicationId] as const,
    queryFn: ({ signal }) =>
      portalFetch<CandidateTrialDay>(`/api/v1/portal/applications/${applicationId}/trial-day`, { signal }),
    retry: false,
  });
}
