import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { WorkItemKind, WorkQueue } from "../api/schema";
import { useSession } from "../auth/session";

/** "Today" is the viewer's day, so the browser's time zone goes with every request. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The Home queue and the navigation badge share this one query (and its refreshes). */
export function useWorkQueue() {
  const organizationId = useSession().activeOrganization?.id ?? null;
  return useQuery({
    queryKey: ["work-queue", organizationId],
    queryFn: ({ signal }) =>
      apiFetch<WorkQueue>(`/api/v1/work-queue?timeZone=${encodeURIComponent(timeZone)}`, { signal }),
    enabled: organizationId !== null,
    // Work arrives while the page is open (a scorecard filed, a result graded): look again now and then.
    refetchInterval: 60_000,
  });
}

export const workItemGroups: { kind: WorkItemKind; title: string; empty: string }[] = [
  { kind: "scorecard_owed", title: "Scorecards you owe", empty: "No scorecards owed." },
  {
    kind: "observation_owed",
    title: "Trial-day observation forms you owe",
    empty: "No observation forms owed.",
  },
  { kind: "interview_today", title: "Interviews today", empty: "No interviews today." },
  { kind: "decision_ready", title: "Decisions ready to record", empty: "No decisions waiting." },
  { kind: "challenge_result", title: "Challenge results in", empty: "No new challenge results." },
  { kind: "stalled", title: "Candidates waiting too long", empty: "Nobody is past a stage's target." },
  { kind: "package_validating", title: "Challenge packages being validated", empty: "No packages waiting." },
];
