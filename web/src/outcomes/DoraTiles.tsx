import { bandLabels, formatDuration, formatRate } from "./outcomes";
import type { Band, DoraAnswer } from "./types";

interface Tile {
  key: string;
  title: string;
  value: string;
  detail: string;
  band: Band;
}

function tilesOf(dora: DoraAnswer): Tile[] {
  const { deploymentFrequency, leadTimeForChanges, changeFailureRate, recoveryTime } = dora;
  return [
    {
      key: "deployment-frequency",
      title: "Deployment frequency",
      value: `${deploymentFrequency.medianDeploymentDaysPerWeek.toLocaleString(undefined, { maximumFractionDigits: 1 })} days/week`,
      detail: `Median deployment days per week; ${deploymentFrequency.deployments} deployments on ${deploymentFrequency.deploymentDays} days (${deploymentFrequency.medianDeploymentDaysPerMonth.toLocaleString(undefined, { maximumFractionDigits: 1 })} days/month).`,
      band: deploymentFrequency.band,
    },
    {
      key: "lead-time",
      title: "Lead time for changes",
      value: formatDuration(leadTimeForChanges.medianMinutes),
      detail: `Median from first commit to production, over ${leadTimeForChanges.changes} deployed changes.`,
      band: leadTimeForChanges.band,
    },
    {
      key: "change-failure-rate",
      title: "Change failure rate",
      value: formatRate(changeFailureRate.rate),
      detail: `${changeFailureRate.failedDeployments} of ${changeFailureRate.deployments} production deployments led to an incident.`,
      band: changeFailureRate.band,
    },
    {
      key: "recovery-time",
      title: "Recovery time",
      value: formatDuration(recoveryTime.medianMinutes),
      detail: `Median time to restore service, over ${recoveryTime.incidents} incidents.`,
      band: recoveryTime.band,
    },
  ];
}

/** The four DORA metrics of a team or service, each with its performance band. */
export function DoraTiles({ dora, report }: { dora: DoraAnswer; report: string }) {
  return (
    <ul className="dora-tiles" aria-label="DORA metrics">
      {tilesOf(dora).map((tile) => (
        <li key={tile.key} className="dora-tile" aria-labelledby={`${tile.key}-title`}>
          <h3 id={`${tile.key}-title`} className="dora-tile-title">
            {tile.title}
          </h3>
          <p className="dora-tile-value">{tile.value}</p>
          <p className={`dora-band dora-band-${tile.band ?? "none"}`}>
            {tile.band ? `${bandLabels[tile.band]} (${report} bands)` : "No band: too little data"}
          </p>
          <p className="dora-tile-detail">{tile.detail}</p>
        </li>
      ))}
    </ul>
  );
}
