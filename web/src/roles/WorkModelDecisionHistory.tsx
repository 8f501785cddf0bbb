import type { WorkModelDecision } from "../api/schema";
import { DecisionHistory } from "../ui/Decisions";
import { formatDateTime } from "../ui/format";
import { describeWorkModel, workModelLabels } from "./roles";

export function WorkModelDecisionHistory({ decisions }: { decisions: WorkModelDecision[] }) {
  return (
    <DecisionHistory
      headingId="decision-history-heading"
      emptyText="No work-model decision has been recorded for this role yet."
      badges={{ departed: "Overrode the advice", followed: "Followed the advice" }}
      decisions={decisions.map((decision) => ({
        id: decision.id,
        decided: describeWorkModel(decision.chosenModel, decision.onsiteDaysPerWeek),
        departed: decision.chosenModel !== decision.recommendedModel,
        details: (
          <>
            Decided by {decision.decidedBy.email} on{" "}
            <time dateTime={decision.decidedAt}>{formatDateTime(decision.decidedAt)}</time>. The advisor
            (version {decision.advisorVersion}) recommended{" "}
            {workModelLabels[decision.recommendedModel].toLowerCase()}.
          </>
        ),
        overrideReason: decision.overrideReason,
      }))}
    />
  );
}
