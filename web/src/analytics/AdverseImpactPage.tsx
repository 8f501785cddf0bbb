import { useState } from "react";
import { labelledOptions } from "../ui/Field";
import { FilterSelect } from "../ui/FilterSelect";
import { NumberCell } from "../ui/NumberCell";
import { QueryAnswer } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { SourcePicker, StatNote } from "./AnalyticsArea";
import {
  defaultMinimums,
  formatP,
  formatPercent,
  formatRatio,
  groupLabel,
  impactCategoryLabels,
  useAdverseImpact,
  useFunnel,
  useSource,
} from "./analytics";
import { type ImpactBar, ImpactRatioChart } from "./ImpactRatioChart";
import type { AdverseImpactAnswer, ImpactCategory, ImpactGroup } from "./types";

const categories: readonly ImpactCategory[] = ["gender", "race_ethnicity"];

/**
 * Below the minimum a group shows its counts alone: the API still answers its rate (for the
 * auditor), but the page never shows a rate or ratio computed from so few applications.
 */
function isCompared(group: ImpactGroup): boolean {
  return group.reached >= defaultMinimums.impactMinGroupSize;
}

function verdict(group: ImpactGroup): { label: string; className: string } {
  if (group.flagged && group.significant) return { label: "Adverse impact", className: "verdict-adverse" };
  if (group.flagged) return { label: "Watch", className: "verdict-watch" };
  return { label: "Within four fifths", className: "verdict-ok" };
}

/** Selection rates by group, the four-fifths rule and Fisher's exact test, kept apart. */
export function AdverseImpactPage() {
  const [source] = useSource();
  const [category, setCategory] = useState<ImpactCategory>("gender");
  const [stage, setStage] = useState("");
  const funnel = useFunnel(source);
  const impact = useAdverseImpact(source, category, stage || undefined);

  return (
    <section aria-labelledby="impact-heading">
      <title>Adverse impact – Analytics – Evident</title>
      <h2 id="impact-heading">Adverse impact</h2>
      <SourcePicker>
        <FilterSelect
          id="impact-category"
          label="Category"
          options={labelledOptions(categories, impactCategoryLabels)}
          value={category}
          onChange={(value) => setCategory(value as ImpactCategory)}
        />
        <FilterSelect
          id="impact-stage"
          label="Selection"
          unfilteredLabel="Hire decision"
          options={(funnel.data?.stages ?? []).map((option) => ({
            value: option.stage,
            label: `Passing ${option.stage}`,
          }))}
          value={stage}
          onChange={setStage}
        />
      </SourcePicker>
      <QueryAnswer query={impact} what="adverse impact">
        {(answer) => <ImpactView answer={answer} />}
      </QueryAnswer>
    </section>
  );
}

function ImpactView({ answer }: { answer: AdverseImpactAnswer }) {
  const reached = answer.groups.reduce((sum, group) => sum + group.reached, 0);
  const bars: ImpactBar[] = answer.groups.flatMap((group) =>
    !isCompared(group) || group.impactRatio === null
      ? []
      : [{ group: groupLabel(group.group), impactRatio: group.impactRatio, flagged: group.flagged === true }],
  );
  const tooFew = answer.groups.filter((group) => !isCompared(group));

  return (
    <>
      <StatNote
        n={`${reached} decided applications across ${answer.groups.length} groups`}
        rule={`${defaultMinimums.impactMinGroupSize} applications per group; smaller groups show their counts only, never a rate or a ratio.`}
        meaning="An impact ratio under 0.8 is a flag to look into (the four-fifths rule); only together with a significant Fisher test (p < .05) is it evidence of adverse impact, and neither says why the rates differ."
      />
      {answer.reference === null ? (
        <p className="too-few">
          Too few to compare: no group reached the minimum size, so there is no reference group.
        </p>
      ) : (
        <p>
          Reference group: <strong>{groupLabel(answer.reference)}</strong>, the highest selection rate among
          groups large enough to compare.
        </p>
      )}
      {answer.reference !== null && bars.length > 0 && (
        <ImpactRatioChart bars={bars} reference={groupLabel(answer.reference)} />
      )}
      <div className="table-scroll">
        <table className="analytics-table impact-table stack-table">
          <caption>Selection by group</caption>
          <TableHead
            columns={[
              "Group",
              numeric("Reached"),
              numeric("Selected"),
              numeric("Selection rate"),
              numeric("Impact ratio"),
              numeric("Fisher p"),
              "Reading",
            ]}
          />
          <tbody>
            {answer.groups.map((group) => {
              const reading = verdict(group);
              return (
                <tr key={group.group}>
                  <th scope="row">{groupLabel(group.group)}</th>
                  <NumberCell label="Reached">{group.reached}</NumberCell>
                  <NumberCell label="Selected">{group.selected}</NumberCell>
                  {isCompared(group) ? (
                    <>
                      <NumberCell label="Selection rate">{formatPercent(group.rate)}</NumberCell>
                      <NumberCell label="Impact ratio">{formatRatio(group.impactRatio)}</NumberCell>
                      <NumberCell label="Fisher p">
                        {group.group === answer.reference ? "–" : formatP(group.fisherP)}
                      </NumberCell>
                      <td data-label="Reading">
                        {group.impactRatio === null ? (
                          <span className="verdict">Nobody selected in the reference group</span>
                        ) : group.group === answer.reference ? (
                          <span className="verdict verdict-reference">Reference</span>
                        ) : (
                          <span className={`verdict ${reading.className}`}>{reading.label}</span>
                        )}
                      </td>
                    </>
                  ) : (
                    <td colSpan={4} className="too-few">
                      Too few to compare
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {tooFew.length > 0 && (
        <p className="hint">
          Groups under the minimum ({tooFew.map((group) => groupLabel(group.group)).join(", ")}) show their
          counts only: a rate from so few applications would mostly show chance.
        </p>
      )}
    </>
  );
}
