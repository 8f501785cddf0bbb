import { type ChangeRecord, compareDeployments, type DeploymentRecord, serviceKey } from "./dataset.ts";
import { ceiledSpanMinutes } from "./time-spans.ts";

/**
 * A merged change's cycle time and its parts, as DevLake's change_lead_time_calculator.go
 * computes project_pr_metrics (DORA.md §4). Every part is a ceiled minute span, null when
 * negative or when an end is missing:
 *   coding = firstCommitAt → openedAt, pickup = openedAt → firstReviewAt,
 *   review = firstReviewAt → mergedAt, deploy = mergedAt → the deployment's finishedAt.
 * cycle = coding + (openedAt → mergedAt, ceiled once) + deploy, a null part counting 0; pickup
 * and review are reported but not added (their sum is not ceiled the same way).
 */
export interface ChangeLeadTime {
  service: string;
  externalId: string;
  /** The change's first successful production deployment, or null when none lists it. */
  deploymentExternalId: string | null;
  deploymentFinishedMs: number | null;
  codingMinutes: number | null;
  pickupMinutes: number | null;
  reviewMinutes: number | null;
  deployMinutes: number | null;
  cycleMinutes: number;
}

/**
 * One row per merged change (unmerged changes get none). A change's deployment is the first
 * successful production deployment *of its own service* that lists it, in the order of
 * DORA.md D3 (finish, start, externalId); later deployments listing it again are ignored, and
 * one that finished before the merge is kept with deploy = null. Unknown change ids and changes
 * of other services in a deployment's list are ignored (D2).
 */
export function computeChangeLeadTimes(
  changes: readonly ChangeRecord[],
  deployments: readonly DeploymentRecord[],
): ChangeLeadTime[] {
  const firstDeployment = new Map<string, DeploymentRecord>();
  for (const deployment of [...deployments].sort(compareDeployments)) {
    for (const changeId of deployment.changeIds) {
      const key = serviceKey(deployment.service, changeId);
      if (!firstDeployment.has(key)) firstDeployment.set(key, deployment);
    }
  }

  const rows: ChangeLeadTime[] = [];
  for (const change of changes) {
    if (change.mergedMs === null) continue;
    const deployment = firstDeployment.get(serviceKey(change.service, change.externalId)) ?? null;
    const codingMinutes = ceiledSpanMinutes(change.firstCommitMs, change.openedMs);
    const deployMinutes = ceiledSpanMinutes(change.mergedMs, deployment?.finishedMs ?? null);
    rows.push({
      service: change.service,
      externalId: change.externalId,
      deploymentExternalId: deployment?.externalId ?? null,
      deploymentFinishedMs: deployment?.finishedMs ?? null,
      codingMinutes,
      pickupMinutes: ceiledSpanMinutes(change.openedMs, change.firstReviewMs),
      reviewMinutes: ceiledSpanMinutes(change.firstReviewMs, change.mergedMs),
      deployMinutes,
      cycleMinutes:
        (codingMinutes ?? 0) +
        (ceiledSpanMinutes(change.openedMs, change.mergedMs) ?? 0) +
        (deployMinutes ?? 0),
    });
  }
  return rows;
}
