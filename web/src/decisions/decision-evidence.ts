import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { DecisionEvidence } from "../api/schema";
import { useSession } from "../auth/session";

/** Every filed scorecard per attribute, and the integrity flags, for the decision page. */
export function useDecisionEvidence(applicationId: string) {
  return useQuery({
    queryKey: ["decisions", useSession().activeOrganization?.id ?? null, applicationId, "evidence"],
    queryFn: ({ signal }) =>
      apiFetch<DecisionEvidence>(
        `/api/v1/applications/${encodeURIComponent(applicationId)}/decision/evidence`,
        { signal },
      ),
  });
}
