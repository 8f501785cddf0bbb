import type {
  FactorContribution,
  WorkModelAdvice,
  WorkModelEvidence,
  WorkModelFactorCatalogue,
} from "../api/schema";
import { ordinalLevelText } from "./FactorsForm";
import { describeWorkModel, workModelLabels, workModels } from "./roles";
import { formatPoints, ScoresChart } from "./ScoresChart";

const confidenceLabels: Record<WorkModelAdvice["confidence"]["level"], string> = {
  low: "Low confidence",
  medium: "Medium confidence",
  high: "High confidence",
};

/**
 * The recommendation as a polite live region, so a screen reader hears the new advice after a
 * factor changes without losing its place in the form.
 */
export function RecommendationSummary({ advice, updating }: { advice: WorkModelAdvice; updating: boolean }) {
  return (
    <section
      className="recommendation"
      aria-labelledby="recommendation-heading"
      aria-live="polite"
      aria-busy={updating}
    >
      <h3 id="recommendation-heading">Recommendation</h3>
      <p className="recommendation-model">
        <span>{workModelLabels[advice.recommendation]}</span>
        {advice.recommendation === "hybrid" && advice.onsiteDaysPerWeek !== null && (
          <span className="recommendation-days">
            {advice.onsiteDaysPerWeek} {advice.onsiteDaysPerWeek === 1 ? "day" : "days"} a week onsite
          </span>
        )}
      </p>
      <p className="confidence">
        <span className={`confidence-level confidence-${advice.confidence.level}`}>
          {confidenceLabels[advice.confidence.level]}
        </span>{" "}
        {advice.confidence.explanation}
      </p>
    </section>
  );
}

export function HardConstraintsCallout({ advice }: { advice: WorkModelAdvice }) {
  if (advice.hardConstraints.length === 0) return null;
  return (
    <section className="constraints-callout" aria-labelledby="hard-constraints-heading">
      <h3 id="hard-constraints-heading">Hard constraints apply</h3>
      <ul>
        {advice.hardConstraints.map((constraint) => (
          <li key={constraint.id}>
            <p>{constraint.description}</p>
            <p className="constraint-excludes">
              Excludes: {constraint.excludes.map((model) => workModelLabels[model]).join(", ")}
            </p>
            <Citations ids={constraint.evidenceIds} evidence={advice.evidence} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ScoresFigure({ advice }: { advice: WorkModelAdvice }) {
  return (
    <ScoresChart
      scores={advice.scores}
      recommendation={advice.recommendation}
      allowedModels={advice.allowedModels}
      caption="Total points per work model: the sum of the contributions below. The highest-scoring model the hard constraints allow is recommended."
    />
  );
}

function contributionValue(contribution: FactorContribution, catalogue: WorkModelFactorCatalogue): string {
  if (contribution.factor === "timezoneSpreadHours") return `${contribution.value} h`;
  if (typeof contribution.value === "number") return ordinalLevelText(catalogue, contribution.value);
  return contribution.label;
}

function pointsClass(points: number): string {
  if (points > 0) return "numeric points-positive";
  if (points < 0) return "numeric points-negative";
  return "numeric points-zero";
}

export function ContributionsTable({
  advice,
  catalogue,
}: {
  advice: WorkModelAdvice;
  catalogue: WorkModelFactorCatalogue;
}) {
  return (
    <div className="table-scroll">
      <table className="contributions-table">
        <caption>How each factor contributes</caption>
        <thead>
          <tr>
            <th scope="col">Factor</th>
            <th scope="col">Value</th>
            {workModels.map((model) => (
              <th key={model} scope="col" className="numeric">
                {workModelLabels[model]}
              </th>
            ))}
            <th scope="col">Favours</th>
            <th scope="col">Why, and the evidence</th>
          </tr>
        </thead>
        <tbody>
          {advice.contributions.map((contribution) => (
            <tr key={contribution.factor}>
              <th scope="row">{catalogue.labels[contribution.factor]?.name ?? contribution.factor}</th>
              <td className="contribution-value">{contributionValue(contribution, catalogue)}</td>
              {workModels.map((model) => (
                <td key={model} className={pointsClass(contribution.points[model])}>
                  {formatPoints(contribution.points[model])}
                </td>
              ))}
              <td>
                {contribution.favours === "neutral" ? "Neutral" : workModelLabels[contribution.favours]}
              </td>
              <td className="contribution-why">
                <p>{contribution.explanation}</p>
                <Citations ids={contribution.evidenceIds} evidence={advice.evidence} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            {workModels.map((model) => (
              <td key={model} className="numeric">
                {formatPoints(advice.scores[model])}
              </td>
            ))}
            <td colSpan={2}>
              {describeWorkModel(advice.recommendation, advice.onsiteDaysPerWeek)} recommended
              {advice.allowedModels.length < workModels.length &&
                `; ${workModels
                  .filter((model) => !advice.allowedModels.includes(model))
                  .map((model) => workModelLabels[model].toLowerCase())
                  .join(" and ")} excluded by a hard constraint`}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Each citation's label, expanding to its finding and reference; the finding also shows on hover. */
function Citations({ ids, evidence }: { ids: string[]; evidence: WorkModelEvidence[] }) {
  const cited = ids.flatMap((id) => evidence.filter((entry) => entry.id === id));
  if (cited.length === 0) return null;
  return (
    <ul className="citations" aria-label="Evidence">
      {cited.map((entry) => (
        <li key={entry.id}>
          <details>
            <summary title={entry.finding}>
              {entry.label}
              {entry.approximate && <span className="approximate-badge">approximate</span>}
            </summary>
            <p>{entry.finding}</p>
            <p className="muted">{entry.reference}</p>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** Everything the advisor says about one set of factors, below the summary. */
export function AdviceDetails({
  advice,
  catalogue,
}: {
  advice: WorkModelAdvice;
  catalogue: WorkModelFactorCatalogue;
}) {
  return (
    <>
      <ContributionsTable advice={advice} catalogue={catalogue} />
      <p className="priors-note">{advice.note}</p>
    </>
  );
}
