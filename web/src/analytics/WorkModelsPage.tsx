import { useState } from "react";
import { CohortView } from "../outcomes/CohortsPage";
import { useCohorts } from "../outcomes/outcomes";
import { labelledOptions } from "../ui/Field";
import { FilterSelect } from "../ui/FilterSelect";
import { NumberCell } from "../ui/NumberCell";
import { QueryAnswer } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { SourcePicker, StatNote } from "./AnalyticsArea";
import {
  defaultMinimums,
  describeMissingEstimate,
  formatNumber,
  formatP,
  formatPercent,
  reasonLabels,
  useSource,
  useWorkModels,
  workModelOutcomeLabels,
} from "./analytics";
import { IntervalChart, type IntervalRow } from "./IntervalChart";
import type { WorkModelGroup, WorkModelOutcome, WorkModelPair, WorkModelsAnswer } from "./types";

const outcomes: readonly WorkModelOutcome[] = ["outcome_6m", "retained_12m"];

const modelLabels: Record<string, string> = { onsite: "Onsite", remote: "Remote", hybrid: "Hybrid" };
const labelOf = (model: string) => modelLabels[model] ?? model;

/** Onsite, remote and hybrid hires compared on one outcome, as an observational comparison. */
export function WorkModelsPage() {
  const [source] = useSource();
  const [outcome, setOutcome] = useState<WorkModelOutcome>("outcome_6m");
  const comparison = useWorkModels(source, outcome);

  return (
    <section aria-labelledby="work-models-heading">
      <title>Work models – Analytics – Evident</title>
      <h2 id="work-models-heading">Onsite, remote and hybrid hires compared</h2>
      <SourcePicker>
        <FilterSelect
          id="work-model-outcome"
          label="Outcome"
          options={labelledOptions(outcomes, workModelOutcomeLabels)}
          value={outcome}
          onChange={(value) => setOutcome(value as WorkModelOutcome)}
        />
      </SourcePicker>
      <QueryAnswer query={comparison} what="the comparison">
        {(answer) => <WorkModelsView answer={answer} outcome={outcome} />}
      </QueryAnswer>
      <TeamDelivery />
    </section>
  );
}

/** The outcomes engine's team-level view of the same question, beside the hires' comparison. */
function TeamDelivery() {
  const cohorts = useCohorts("work_model");
  return (
    <section aria-labelledby="team-delivery-heading">
      <h3 id="team-delivery-heading">Teams' delivery by work model</h3>
      <p>
        The same question asked of teams rather than hires: the median DORA metrics of onsite, remote and
        hybrid teams, from Teams &amp; outcomes.
      </p>
      <QueryAnswer query={cohorts} what="team delivery">
        {(answer) => <CohortView answer={answer} />}
      </QueryAnswer>
    </section>
  );
}

function isEstimated(group: WorkModelGroup): boolean {
  return group.reason === null && (group.mean !== null || group.rate !== null);
}

function WorkModelsView({ answer, outcome }: { answer: WorkModelsAnswer; outcome: WorkModelOutcome }) {
  const isRating = outcome === "outcome_6m";
  const hires = answer.groups.reduce((sum, group) => sum + group.n, 0);
  const groupRows: IntervalRow[] = answer.groups.map((group) => {
    const value = isRating ? group.mean : group.rate;
    const spread = isRating && group.sd !== null && group.mean !== null ? group.sd : null;
    return {
      key: group.workModel,
      label: labelOf(group.workModel),
      note: `n = ${group.n}`,
      estimate: isEstimated(group) ? value : null,
      low: isEstimated(group) && spread !== null && value !== null ? Math.max(1, value - spread) : null,
      high: isEstimated(group) && spread !== null && value !== null ? Math.min(4, value + spread) : null,
      missingText: describeMissingEstimate(group),
    };
  });
  const pairRows: IntervalRow[] = answer.pairs.map((pair) => ({
    key: `${pair.a}-${pair.b}`,
    label: `${labelOf(pair.a)} − ${labelOf(pair.b)}`,
    estimate: pair.difference,
    low: pair.ciLow,
    high: pair.ciHigh,
    missingText: pair.reason ? reasonLabels[pair.reason].toLowerCase() : "no estimate",
  }));
  // Wide enough for every interval, rounded up to a half point (or a tenth of retention).
  const step = isRating ? 0.5 : 0.1;
  const widest = Math.max(
    step,
    ...answer.pairs.flatMap((pair) =>
      [pair.difference, pair.ciLow, pair.ciHigh].map((value) => Math.abs(value ?? 0)),
    ),
  );
  const pairLimit = Math.min(isRating ? 3 : 1, Math.ceil(widest / step) * step);
  const format = (value: number) => (isRating ? formatNumber(value, 2) : formatPercent(value));

  return (
    <>
      <StatNote
        n={`${hires} hires with this outcome, grouped by the work model they were hired into`}
        rule={`${defaultMinimums.workModelMinGroupSize} hires per work model; a smaller group shows “too few to compare”.`}
        meaning="This is an observational comparison, not an experiment: hires chose or were given their work model, so a difference may come from who ended up in each group rather than from the model itself."
      />
      <IntervalChart
        className="work-model-groups"
        rows={groupRows}
        domain={isRating ? [1, 4] : [0, 1]}
        xLabel={isRating ? "Overall rating at 6 months: mean ± 1 SD" : "Share still employed at 12 months"}
        narrowXLabel={isRating ? "Mean ± 1 SD" : "Retained"}
        format={format}
        title={`${workModelOutcomeLabels[outcome]} by work model`}
        description={answer.groups
          .map((group) =>
            isEstimated(group)
              ? `${labelOf(group.workModel)}: ${isRating ? `mean ${formatNumber(group.mean)}, SD ${formatNumber(group.sd)}` : `${formatPercent(group.rate)} retained`}, n = ${group.n}.`
              : `${labelOf(group.workModel)}: ${describeMissingEstimate(group)}.`,
          )
          .join(" ")}
        caption={
          isRating
            ? "The dot is the group's mean; the line spans one standard deviation either side, how widely individual hires differ, not an interval for the mean."
            : "The dot is the share of the group still employed at 12 months."
        }
      />
      <IntervalChart
        className="work-model-pairs"
        rows={pairRows}
        domain={[-pairLimit, pairLimit]}
        reference={0}
        xLabel={isRating ? "Difference in mean rating (95 % interval)" : "Difference in retention"}
        narrowXLabel="Difference"
        format={format}
        title="Differences between work models"
        description={answer.pairs
          .map((pair) =>
            pair.difference === null
              ? `${labelOf(pair.a)} minus ${labelOf(pair.b)}: no estimate.`
              : `${labelOf(pair.a)} minus ${labelOf(pair.b)}: ${format(pair.difference)}${pair.ciLow !== null ? `, 95 % interval ${format(pair.ciLow)} to ${format(pair.ciHigh ?? 0)}` : ""}, p ${formatP(pair.p)}, Holm-adjusted p ${formatP(pair.pHolm)}.`,
          )
          .join(" ")}
        caption={
          isRating
            ? "Welch's t test for each pair; an interval crossing the dashed zero line is compatible with no difference."
            : "Fisher's exact test for each pair; see the p values below."
        }
      />
      <PairsTable pairs={answer.pairs} format={format} />
    </>
  );
}

function PairsTable({ pairs, format }: { pairs: WorkModelPair[]; format: (value: number) => string }) {
  return (
    <div className="table-scroll">
      <table className="analytics-table stack-table">
        <caption>Pairwise differences</caption>
        <TableHead
          columns={[
            "Pair",
            numeric("Difference"),
            numeric("95 % interval"),
            numeric("p"),
            { label: "p (Holm, 3 pairs)", numeric: true },
          ]}
        />
        <tbody>
          {pairs.map((pair) => (
            <tr key={`${pair.a}-${pair.b}`}>
              <th scope="row">
                {labelOf(pair.a)} − {labelOf(pair.b)}
              </th>
              {pair.difference === null ? (
                <td colSpan={4} className="too-few">
                  {pair.reason ? reasonLabels[pair.reason] : "No estimate"}
                </td>
              ) : (
                <>
                  <NumberCell label="Difference">{format(pair.difference)}</NumberCell>
                  <NumberCell label="95 % interval">
                    {pair.ciLow === null || pair.ciHigh === null
                      ? "–"
                      : `${format(pair.ciLow)} to ${format(pair.ciHigh)}`}
                  </NumberCell>
                  <NumberCell label="p">{formatP(pair.p)}</NumberCell>
                  <NumberCell label="p (Holm)">{formatP(pair.pHolm)}</NumberCell>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
