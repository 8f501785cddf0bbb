import { useState } from "react";
import { StatNote } from "../analytics/AnalyticsArea";
import { NumberCell } from "../ui/NumberCell";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { formatDuration, formatRate, useCohorts } from "./outcomes";
import type { CohortAnswer, CohortBy, CohortGroup } from "./types";

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
      {cohorts.data && <CohortView answer={cohorts.data} />}
    </section>
  );
}

/** A cohort answer with its n, minimum and meaning; also shown beside the hires' comparison in Analytics. */
export function CohortView({ answer }: { answer: CohortAnswer }) {
  const unit = answer.unit === "teams" ? "Teams" : "Hires";
  const compared = answer.groups.filter((group) => group.status === "ok");
  const counted = compared.reduce((sum, group) => sum + group.size, 0);
  return (
    <>
      <StatNote
        n={`${counted} ${answer.unit} in ${compared.length} of ${answer.groups.length} groups large enough to compare`}
        rule={`${answer.minGroupSize} ${answer.unit} per group; smaller groups show “too few to compare”, never a figure, not even their size.`}
        meaning={
          answer.by === "work_model"
            ? "Medians of the delivery metrics of each work model's teams: an observational comparison of teams, never of the people in them."
            : "Medians of the delivery metrics of the teams that hires of each quarter joined, in the quarters after they joined: they describe teams, never the hires themselves."
        }
      />
      {answer.groups.length === 0 ? (
        <p className="empty-state">No groups yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="analytics-table stack-table">
            <caption>{byLabels[answer.by]}</caption>
            <TableHead
              columns={[
                "Group",
                numeric(unit),
                numeric("Deployment days/week"),
                numeric("Lead time"),
                numeric("Change failure rate"),
                numeric("Recovery time"),
              ]}
            />
            <tbody>
              {answer.groups.map((group) => (
                <CohortRow key={group.key} group={group} unit={unit} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function CohortRow({ group, unit }: { group: CohortGroup; unit: string }) {
  return (
    <tr>
      <th scope="row">{groupLabels[group.key] ?? group.key}</th>
      {group.status === "too_few" ? (
        <td colSpan={5} className="too-few">
          Too few to compare
        </td>
      ) : (
        <>
          <NumberCell label={unit}>{group.size}</NumberCell>
          <NumberCell label="Deployment days/week">
            {group.metrics.medianDeploymentDaysPerWeek?.toFixed(1) ?? "–"}
          </NumberCell>
          <NumberCell label="Lead time">{formatDuration(group.metrics.leadTimeMedianMinutes)}</NumberCell>
          <NumberCell label="Change failure rate">{formatRate(group.metrics.changeFailureRate)}</NumberCell>
          <NumberCell label="Recovery time">{formatDuration(group.metrics.recoveryMedianMinutes)}</NumberCell>
        </>
      )}
    </tr>
  );
}
