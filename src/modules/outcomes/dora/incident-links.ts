import { compareDeployments, type DeploymentRecord, type IncidentRecord } from "./dataset.ts";

export interface IncidentLink {
  incident: IncidentRecord;
  /** The deployment held to have caused it, or null when none of its service finished before it. */
  deployment: DeploymentRecord | null;
}

/**
 * DevLake's incident_deploy_connector.go (DORA.md §5): an incident is linked to the successful
 * production deployment of its own service with the latest finishedAt *strictly before* the
 * incident's createdAt (an incident created at the very instant a deployment finished goes to
 * the one before). Ties on finishedAt go to the one sorting last by startedAt, then externalId
 * (D3). Links are over all time, whatever the reporting window.
 */
export function linkIncidentsToDeployments(
  incidents: readonly IncidentRecord[],
  deployments: readonly DeploymentRecord[],
): IncidentLink[] {
  const byService = new Map<string, DeploymentRecord[]>();
  for (const deployment of deployments) {
    const list = byService.get(deployment.service) ?? [];
    list.push(deployment);
    byService.set(deployment.service, list);
  }
  for (const list of byService.values()) list.sort(compareDeployments);

  return incidents.map((incident) => ({
    incident,
    deployment: lastFinishedBefore(byService.get(incident.service) ?? [], incident.createdMs),
  }));
}

/** Binary search in deployments sorted by compareDeployments: the last with finishedMs < instant. */
function lastFinishedBefore(sorted: readonly DeploymentRecord[], instantMs: number): DeploymentRecord | null {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle]?.finishedMs ?? Number.POSITIVE_INFINITY) < instantMs) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? null : (sorted[low - 1] ?? null);
}
