import { useState } from "react";
import { StatNote } from "../analytics/AnalyticsArea";
import { LoadFailed, Loading } from "../ui/QueryState";
import { type CohortBy, formatDuration, formatRate, useCohorts } from "./outcomes";
import type { CohortAnswer, CohortGroup } from "./types";

const byLabels: Record<CohortBy, string> = {
  work_model: "Team work model",
  hire_quarter: "Hire cohort (quarter joined)",
};

const groupLabels: Record<string, string> = { onsite: "Onsite", remote: "Remote", hybrid: "Hybrid" };

/** Team outcomes by work model or hire cohort; groups under the minimum show no figures at all. */
export function CohortsPage() {
  const [by, setBy] = useState<CohortBy>("work_model");
  const cohorts = useCohorts(by);

  return (
    <section aria-labelledby="cohorts-heading">
      <title>Cohorts – Teams &amp; outcomes – Evident</title>
      <h2 id="cohorts-heading">Cohort comparison</h2>
      <div className="analytics-filters">
        <div className="field">
          <label htmlFor="cohort-by">Compare by</label>
          <select id="cohort-by" value={by} onChange={(event) => setBy(event.target.value as CohortBy)}>
            {(Object.keys(byLabels) as CohortBy[]).map((option) => (
              <option key={option} value={option}>
                {byLabels[option]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {cohorts.isPending && <Loading what="cohorts" />}
      {cohorts.isError && <LoadFailed error={cohorts.error} onRetry={() => void cohorts.refetch()} />}
      {cohorts.data && <CohortView answer={cohorts.data} by={by} />}
    </section>
  );
}

function CohortView({ answer, by }: { answer: CohortAnswer; by: CohortBy }) {
  const unit = by === "work_model" ? "teams" : "hires";
  const total = answer.groups.reduce((sum, group) => sum + group.n, 0);
  // The total is safe to show: it is the sum over every group, never one small group's size.
  return (
    <>
      <StatNote
        n={`${total} ${unit} in ${answer.groups.length} groups`}
        rule={`${answer.minGroupSize} ${unit} per group; smaller groups show “too few to compare”, never a figure.`}
        meaning="Medians of team delivery metrics per group: they describe the groups' teams, are observational, and say nothing about any one person."
      />
      {answer.groups.length === 0 ? (
        <p className="empty-state">No groups yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="analytics-table stack-table">
            <caption>{byLabels[by]}</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col" className="numeric">
                  {by === "work_model" ? "Teams" : "Hires"}
                </th>
                <th scope="col" className="numeric">
                  Deployment days/week
                </th>
                <th scope="col" className="numeric">
                  Lead time
                </th>
                <th scope="col" className="numeric">
                  Change failure rate
                </th>
                <th scope="col" className="numeric">
                  Recovery time
                </th>
              </tr>
            </thead>
            <tbody>
              {answer.groups.map((group) => (
                <CohortRow
                  key={group.group}
                  group={group}
                  minGroupSize={answer.minGroupSize}
                  unit={by === "work_model" ? "Teams" : "Hires"}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** A group under the minimum shows neither its metrics nor its exact size: a hire cohort of one is a person. */
function CohortRow({
  group,
  minGroupSize,
  unit,
}: {
  group: CohortGroup;
  minGroupSize: number;
  unit: string;
}) {
  return (
    <tr>
      <th scope="row">{groupLabels[group.group] ?? group.group}</th>
      <td className="numeric" data-label={unit}>
        {group.reason === "too_few" ? `fewer than ${minGroupSize}` : group.n}
      </td>
      {group.reason === "too_few" ? (
        <td colSpan={4} className="too-few">
          Too few to compare
        </td>
      ) : (
        <>
          <td className="numeric" data-label="Deployment days/week">
            {group.medianDeploymentDaysPerWeek?.toFixed(1) ?? "–"}
          </td>
          <td className="numeric" data-label="Lead time">
            {formatDuration(group.medianLeadTimeMinutes)}
          </td>
          <td className="numeric" data-label="Change failure rate">
            {formatRate(group.changeFailureRate)}
          </td>
          <td className="numeric" data-label="Recovery time">
            {formatDuration(group.medianRecoveryMinutes)}
          </td>
        </>
      )}
    </tr>
  );
}
