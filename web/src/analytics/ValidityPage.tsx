import { NumberCell } from "../ui/NumberCell";
import { QueryAnswer } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { SourcePicker, StatNote } from "./AnalyticsArea";
import {
  defaultMinimums,
  describeMissingEstimate,
  formatCoefficient,
  formatNumber,
  formatP,
  useSource,
  useValidity,
} from "./analytics";
import { IntervalChart, type IntervalRow } from "./IntervalChart";
import type { StageValidity } from "./types";

/** Does each stage's rating predict the overall rating six months after the hire? */
export function ValidityPage() {
  const [source] = useSource();
  const validity = useValidity(source);

  return (
    <section aria-labelledby="validity-heading">
      <title>Stage validity – Analytics – Evident</title>
      <h2 id="validity-heading">Which stages predict performance</h2>
      <SourcePicker />
      <QueryAnswer query={validity} what="stage validity">
        {(answer) => <ValidityView stages={answer.stages} />}
      </QueryAnswer>
    </section>
  );
}

function ValidityView({ stages: answered }: { stages: StageValidity[] }) {
  // Stages with an estimate first; stages no hire with an outcome went through are listed apart.
  const stages = [
    ...answered.filter((stage) => stage.r !== null),
    ...answered.filter((stage) => stage.r === null),
  ];
  const charted = stages.filter((stage) => stage.n > 0);
  const unreached = stages.filter((stage) => stage.n === 0);
  if (stages.length === 0) {
    return <p className="empty-state">No stage has ratings of hires with a 6-month outcome yet.</p>;
  }
  const hires = Math.max(...stages.map((stage) => stage.n));
  const rows: IntervalRow[] = charted.map((stage) => ({
    key: stage.stage,
    label: stage.stage,
    estimate: stage.r,
    low: stage.ciLow,
    high: stage.ciHigh,
    missingText: describeMissingEstimate(stage),
  }));
  const description = charted
    .map((stage) =>
      stage.r === null
        ? `${stage.stage}: ${describeMissingEstimate(stage)}.`
        : `${stage.stage}: r ${formatCoefficient(stage.r)}, 95 % interval ${formatCoefficient(stage.ciLow)} to ${formatCoefficient(stage.ciHigh)}, n = ${stage.n}.`,
    )
    .join(" ");

  return (
    <>
      <StatNote
        n={`${hires} ${hires === 1 ? "hire" : "hires"} with both a stage rating and a 6-month outcome (per stage below)`}
        rule={`${defaultMinimums.validityMinN} hires per stage; a stage with fewer shows “too few to compare”.`}
        meaning="r is the correlation between a stage's mean rating and the hire's overall rating at 6 months: it says how well the stage ranked the people you hired, not whether it caused their performance."
      />
      {charted.length > 0 && (
        <IntervalChart
          className="validity-forest"
          rows={rows}
          domain={[-1, 1]}
          reference={0}
          xLabel="Correlation with the 6-month rating (r, 95 % interval)"
          narrowXLabel="r with 95 % interval"
          format={formatCoefficient}
          title="Stage validity: correlation of each stage's rating with the 6-month outcome"
          description={description}
          caption="A dot is the correlation r; the line is its 95 % confidence interval. An interval crossing the dashed zero line is compatible with no relation."
        />
      )}
      {unreached.length > 0 && (
        <p className="hint">
          No hire with a 6-month outcome went through {unreached.map((stage) => stage.stage).join(", ")} yet,
          so {unreached.length === 1 ? "it is" : "they are"} not drawn.
        </p>
      )}
      <div className="table-scroll">
        <table className="analytics-table stack-table">
          <caption>Stage validity in figures</caption>
          <TableHead
            columns={[
              "Stage",
              numeric("n"),
              numeric("r"),
              numeric("95 % interval"),
              numeric("p"),
              numeric("Spearman ρ"),
              numeric("p (ρ)"),
              numeric("SD hires / applicants"),
            ]}
          />
          <tbody>
            {stages.map((stage) => (
              <tr key={stage.stage}>
                <th scope="row">{stage.stage}</th>
                <NumberCell label="n">{stage.n}</NumberCell>
                {stage.r === null ? (
                  <td colSpan={6} className="too-few">
                    {describeMissingEstimate(stage)}
                  </td>
                ) : (
                  <>
                    <NumberCell label="r">{formatCoefficient(stage.r)}</NumberCell>
                    <NumberCell label="95 % interval">
                      {formatCoefficient(stage.ciLow)} to {formatCoefficient(stage.ciHigh)}
                    </NumberCell>
                    <NumberCell label="p">{formatP(stage.p)}</NumberCell>
                    <NumberCell label="Spearman ρ">{formatCoefficient(stage.rho)}</NumberCell>
                    <NumberCell label="p (ρ)">{formatP(stage.rhoP)}</NumberCell>
                    <NumberCell label="SD hires / applicants">
                      {formatNumber(stage.hiresSdX)} / {formatNumber(stage.applicantsSdX)}
                    </NumberCell>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        Only hires have outcomes, so every r here is computed on people who already passed the stage: their
        ratings vary less than all applicants' ratings did (compare the two standard deviations in the last
        column), which pulls r towards zero (range restriction). Evident does not correct for it, because the
        usual corrections overstate validity when selection runs through several stages (Sackett et al.,
        2022).
      </p>
    </>
  );
}
