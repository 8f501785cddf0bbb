import type { WorkModelDecision } from "../api/schema";
import { formatDateTime } from "../ui/format";
import { describeWorkModel, workModelLabels } from "./roles";

export function DecisionHistory({ decisions }: { decisions: WorkModelDecision[] }) {
  return (
    <section aria-labelledby="decision-history-heading" className="decision-history">
      <h2 id="decision-history-heading">Decision history</h2>
      {decisions.length === 0 ? (
        <p className="empty-state">No work-model decision has been recorded for this role yet.</p>
      ) : (
        <ol>
          {decisions.map((decision) => {
            const overridden = decision.chosenModel !== decision.recommendedModel;
            return (
              <li key={decision.id} className="decision-entry">
                <p className="decision-headline">
                  <strong>{describeWorkModel(decision.chosenModel, decision.onsiteDaysPerWeek)}</strong>
                  {overridden ? (
                    <span className="override-badge">Overrode the advice</span>
                  ) : (
                    <span className="accepted-badge">Followed the advice</span>
                  )}
                </p>
                <p className="muted">
                  Decided by {decision.decidedBy.email} on{" "}
                  <time dateTime={decision.decidedAt}>{formatDateTime(decision.decidedAt)}</time>. The advisor
                  (version {decision.advisorVersion}) recommended{" "}
                  {workModelLabels[decision.recommendedModel].toLowerCase()}.
                </p>
                {decision.overrideReason && (
                  <p className="decision-reason">
                    <span className="decision-reason-label">Override reason:</span> {decision.overrideReason}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
