import { useId } from "react";
import type { PortalFeedback, PortalRecommendation } from "../api/schema";
import { numeric, TableHead } from "../ui/TableHead";

const recommendationLabels: Record<PortalRecommendation, string> = {
  strong_yes: "Strong yes",
  yes: "Yes",
  no: "No",
  strong_no: "Strong no",
};
const recommendationOrder: PortalRecommendation[] = ["strong_yes", "yes", "no", "strong_no"];

const minScore = 1;
const maxScore = 4;
const chart = { width: 480, rowHeight: 30, labelWidth: 170, valueWidth: 48 };

/** Per-stage means on the 1–4 scale, shown only because the organisation chose to share them. */
export function FeedbackView({ feedback, roleTitle }: { feedback: PortalFeedback; roleTitle: string }) {
  const votes = recommendationOrder.filter(
    (recommendation) => (feedback.recommendations[recommendation] ?? 0) > 0,
  );
  return (
    <>
      <h3>Feedback from your interviews</h3>
      {feedback.stages.length === 0 ? (
        <p className="muted">No interview feedback has been recorded yet.</p>
      ) : (
        <>
          <p className="hint">
            Each stage's average score from its interviewers, on a scale from 1 (weak evidence) to 4 (strong
            evidence).
          </p>
          <StageScoresChart stages={feedback.stages} roleTitle={roleTitle} />
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Average score per stage</caption>
              <TableHead columns={["Stage", numeric("Average score (1–4)"), numeric("Interviewers")]} />
              <tbody>
                {feedback.stages.map((stage) => (
                  <tr key={stage.stageName}>
                    <th scope="row">{stage.stageName}</th>
                    <td className="numeric">{stage.score.toFixed(2)}</td>
                    <td className="numeric">{stage.raters}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {votes.length > 0 && (
            <p>
              Interviewers' recommendations:{" "}
              {votes
                .map(
                  (recommendation) =>
                    `${recommendationLabels[recommendation]}: ${feedback.recommendations[recommendation]}`,
                )
                .join(", ")}
              .
            </p>
          )}
        </>
      )}
    </>
  );
}

function StageScoresChart({ stages, roleTitle }: { stages: PortalFeedback["stages"]; roleTitle: string }) {
  const barSpace = chart.width - chart.labelWidth - chart.valueWidth;
  const height = stages.length * chart.rowHeight + 24;
  const titleId = useId();
  const xOf = (score: number) => chart.labelWidth + ((score - minScore) / (maxScore - minScore)) * barSpace;
  const summary = stages.map((stage) => `${stage.stageName} ${stage.score.toFixed(2)}`).join(", ");
  return (
    <svg
      className="portal-feedback-chart"
      viewBox={`0 0 ${chart.width} ${height}`}
      role="img"
      aria-labelledby={titleId}
    >
      <title id={titleId}>{`Average score per stage for ${roleTitle}, out of 4: ${summary}`}</title>
      {[1, 2, 3, 4].map((tick) => {
        const x = xOf(tick);
        return (
          <g key={tick} className="chart-grid">
            <line x1={x} x2={x} y1={0} y2={height - 18} />
            <text x={x} y={height - 4} textAnchor="middle">
              {tick}
            </text>
          </g>
        );
      })}
      {stages.map((stage, index) => {
        const y = index * chart.rowHeight;
        // The scale starts at 1, the lowest possible score; a bar of at least 2 units keeps a 1 visible.
        const width = Math.max(2, xOf(Math.min(stage.score, maxScore)) - xOf(minScore));
        return (
          <g key={stage.stageName}>
            <text x={chart.labelWidth - 8} y={y + chart.rowHeight / 2 + 4} textAnchor="end">
              {stage.stageName.length > 22 ? `${stage.stageName.slice(0, 21)}…` : stage.stageName}
            </text>
            <rect
              className="portal-feedback-bar"
              x={xOf(minScore)}
              y={y + 6}
              width={width}
              height={chart.rowHeight - 12}
            />
            <text x={xOf(minScore) + width + 6} y={y + chart.rowHeight / 2 + 4}>
              {stage.score.toFixed(1)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
