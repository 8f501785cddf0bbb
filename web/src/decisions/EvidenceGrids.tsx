import { Link } from "react-router";
import type { EvidenceGrid } from "../api/schema";
import { recommendationLabels } from "../interviews/interviews";
import { formatDateTime } from "../ui/format";
import { formatScore } from "./decisions";

/**
 * Every filed scorecard, one table per interview, and every filed trial-day observation form and
 * exercise review, one table per session or step: rows are the rubric's attributes, columns the
 * raters (by pseudonym in a blind stage), each cell the level with its evidence note, which
 * opens on click or Enter and shows on hover. Reading the evidence side by side is what the
 * formula below summarises.
 */
export function EvidenceGrids({ grids }: { grids: EvidenceGrid[] }) {
  return (
    <section aria-labelledby="evidence-grid-heading" className="evidence-grids">
      <h2 id="evidence-grid-heading">Scorecards by attribute</h2>
      <p className="muted">
        Interview scorecards, trial-day observation forms and exercise reviews, each rated on the kit's
        anchored levels 1–4.
      </p>
      {grids.length === 0 ? (
        <p className="empty-state">
          No scorecard, observation form or exercise review has been filed for this application yet.
        </p>
      ) : (
        grids.map((grid) => <Grid key={grid.id} grid={grid} />)
      )}
    </section>
  );
}

const sourceLabels: Record<EvidenceGrid["source"], string> = {
  interview: "· interview scorecards",
  trial_day: "· trial-day observation forms",
  async_exercise: "· exercise reviews",
};

function Grid({ grid }: { grid: EvidenceGrid }) {
  return (
    <div className="table-scroll">
      <table className="evidence-grid">
        <caption>
          <Link to={grid.href}>{grid.stageName}</Link>
          {grid.title !== null && <>: {grid.title}</>}{" "}
          <span className="muted">{sourceLabels[grid.source]}</span>{" "}
          <span className="muted">
            · <time dateTime={grid.scheduledAt}>{formatDateTime(grid.scheduledAt)}</time>
          </span>
          {grid.isBlind && <span className="blind-badge">Blind review: raters unnamed</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            {grid.raters.map((rater) => (
              <th scope="col" key={rater.label}>
                {rater.label}
                {rater.version > 1 && <span className="muted"> (v{rater.version})</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row) => (
            <tr key={row.attributeId}>
              <th scope="row">{row.attributeName}</th>
              {row.cells.map((cell, index) => {
                const rater = grid.raters[index]?.label ?? "";
                return (
                  <td key={rater} className="evidence-cell">
                    {cell === null ? (
                      <span className="muted">Not rated</span>
                    ) : (
                      <details title={cell.evidence}>
                        <summary>
                          <span className={`level-chip level-chip-${cell.level}`}>{cell.level}</span>
                          <span className="visually-hidden"> of 4 by {rater}; show the evidence</span>
                        </summary>
                        <p className="evidence-note">{cell.evidence}</p>
                      </details>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{grid.source === "interview" ? "Score · recommendation" : "Score"}</th>
            {grid.raters.map((rater) => (
              <td key={rater.label}>
                {formatScore(rater.score)}
                {rater.recommendation !== null && <> · {recommendationLabels[rater.recommendation]}</>}
                <span className="muted">
                  {" "}
                  · filed <time dateTime={rater.submittedAt}>{formatDateTime(rater.submittedAt)}</time>
                </span>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
