import { useState } from "react";
import { LoadFailed, Loading } from "../ui/QueryState";
import { TableHead } from "../ui/TableHead";
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
        <div className="field">
          <label htmlFor="impact-category">Category</label>
          <select
            id="impact-category"
            value={category}
            onChange={(event) => setCategory(event.target.value as ImpactCategory)}
          >
            {categories.map((option) => (
              <option key={option} value={option}>
                {impactCategoryLabels[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="impact-stage">Selection</label>
          <select id="impact-stage" value={stage} onChange={(event) => setStage(event.target.value)}>
            <option value="">Hire decision</option>
            {funnel.data?.stages.map((option) => (
              <option key={option.stage} value={option.stage}>
                Passing {option.stage}
              </option>
            ))}
          </select>
        </div>
      </SourcePicker>
      {impact.isPending && <Loading what="adverse impact" />}
      {impact.isError && <LoadFailed error={impact.error} onRetry={() => void impact.refetch()} />}
      {impact.data && <ImpactView answer={impact.data} />}
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
              { label: "Reached", numeric: true },
              { label: "Selected", numeric: true },
              { label: "Selection rate", numeric: true },
              { label: "Impact ratio", numeric: true },
              { label: "Fisher p", numeric: true },
              "Reading",
            ]}
          />
          <tbody>
            {answer.groups.map((group) => {
              const reading = verdict(group);
              return (
                <tr key={group.group}>
                  <th scope="row">{groupLabel(group.group)}</th>
                  <td className="numeric" data-label="Reached">
                    {group.reached}
                  </td>
                  <td className="numeric" data-label="Selected">
                    {group.selected}
                  </td>
                  {isCompared(group) ? (
                    <>
                      <td className="numeric" data-label="Selection rate">
                        {formatPercent(group.rate)}
                      </td>
                      <td className="numeric" data-label="Impact ratio">
                        {formatRatio(group.impactRatio)}
                      </td>
                      <td className="numeric" data-label="Fisher p">
                        {group.group === answer.reference ? "–" : formatP(group.fisherP)}
                      </td>
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
