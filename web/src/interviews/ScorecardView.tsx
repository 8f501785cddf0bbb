import type { RubricAttribute, Scorecard, ScorecardVersion } from "../api/schema";
import { formatDateTime } from "../ui/format";
import { TableHead } from "../ui/TableHead";
import { recommendationLabels } from "./interviews";

function formatScore(score: number): string {
  return score.toFixed(2).replace(/\.?0+$/, "");
}

/** A filed scorecard, read-only: the ratings with their evidence, and earlier versions if amended. */
export function ScorecardView({
  scorecard,
  rubric,
  heading,
}: {
  scorecard: Scorecard;
  rubric: RubricAttribute[];
  heading: string;
}) {
  return (
    <article className="scorecard" aria-label={heading}>
      <ScorecardVersionView version={scorecard} rubric={rubric} heading={heading} />
      {scorecard.history.length > 0 && (
        <details className="scorecard-history">
          <summary>
            Earlier {scorecard.history.length === 1 ? "version" : "versions"} ({scorecard.history.length})
          </summary>
          {scorecard.history.map((version) => (
            <ScorecardVersionView
              key={version.id}
              version={version}
              rubric={rubric}
              heading={`Version ${version.version}`}
              superseded
            />
          ))}
        </details>
      )}
    </article>
  );
}

function ScorecardVersionView({
  version,
  rubric,
  heading,
  superseded = false,
}: {
  version: ScorecardVersion;
  rubric: RubricAttribute[];
  heading: string;
  superseded?: boolean;
}) {
  const HeadingTag = superseded ? "h5" : "h4";
  return (
    <div className={superseded ? "scorecard-version scorecard-version-superseded" : "scorecard-version"}>
      <div className="scorecard-heading">
        <HeadingTag>{heading}</HeadingTag>
        <span className="locked-badge">{superseded ? "Superseded" : "Locked"}</span>
        {version.version > 1 && <span className="version-badge">Version {version.version}</span>}
      </div>
      <p className="muted">
        {version.interviewer.name} · filed{" "}
        <time dateTime={version.submittedAt}>{formatDateTime(version.submittedAt)}</time>
      </p>
      <p className="scorecard-summary">
        <span>
          Recommendation: <strong>{recommendationLabels[version.recommendation]}</strong>
        </span>
        <span>
          Mean rating: <strong>{formatScore(version.score)}</strong> of 4
        </span>
      </p>
      {version.amendmentReason && (
        <p className="decision-reason">
          <span className="decision-reason-label">Reason for amending:</span> {version.amendmentReason}
        </p>
      )}
      <div className="table-scroll">
        <table className="ratings-table">
          <caption className="visually-hidden">{`Ratings in ${heading}`}</caption>
          <TableHead columns={["Attribute", "Level", "Evidence"]} />
          <tbody>
            {version.ratings.map((rating) => {
              const attribute = rubric.find((candidate) => candidate.id === rating.attributeId);
              const level = attribute?.levels.find((candidate) => candidate.level === rating.level);
              return (
                <tr key={rating.attributeId}>
                  <th scope="row">{rating.attributeName}</th>
                  <td className="rating-level">
                    {rating.level}
                    {level && <span className="muted"> · {level.label}</span>}
                  </td>
                  <td className="rating-evidence">{rating.evidence}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
