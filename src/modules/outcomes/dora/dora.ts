import { z } from "zod";
import { type Band, changeFailureRateBand, leadTimeBand, recoveryTimeBand } from "./bands.ts";
import { computeChangeLeadTimes } from "./change-lead-time.ts";
import { type DoraDataset, prepareDoraDataset, serviceKey } from "./dataset.ts";
import { computeDeploymentFrequency } from "./deployment-frequency.ts";
import type { OutcomeEvent } from "./events.ts";
import { type IncidentLink, linkIncidentsToDeployments } from "./incident-links.ts";
import { devlakeLowerMedian } from "./median.ts";
import { truncatedMinutesBetween } from "./time-spans.ts";
import { type DoraQuery, isInWindow, type ReportYear, windowBounds } from "./window.ts";

/**
 * The four DORA metrics of a service, or of a team (its services' events pooled), for a window
 * and a report year, computed as Apache DevLake computes them (../shared/DORA.md, summarised
 * with sources in docs/outcomes.md). This is the answer of `GET /api/v1/outcomes/dora`.
 */

const band = z.enum(["elite", "high", "medium", "low"]).nullable();

export const doraMetricsSchema = z.object({
  deploymentFrequency: z.object({
    deployments: z.int(),
    deploymentDays: z.int(),
    medianDeploymentDaysPerWeek: z.number(),
    medianDeploymentDaysPerMonth: z.number(),
    band,
  }),
  leadTimeForChanges: z.object({ changes: z.int(), medianMinutes: z.number().nullable(), band }),
  changeFailureRate: z.object({
    deployments: z.int(),
    failedDeployments: z.int(),
    rate: z.number().nullable(),
    band,
  }),
  recoveryTime: z.object({ incidents: z.int(), medianMinutes: z.number().nullable(), band }),
});

export type DoraMetrics = z.infer<typeof doraMetricsSchema>;
export type { Band };

/**
 * @param events every event of the service, or of each service of the team, over all time (links
 *   between incidents and deployments do not stop at the window); in arrival order, a later
 *   event with the same (type, service, externalId) replacing an earlier one.
 */
export function computeDoraMetrics(events: readonly OutcomeEvent[], query: DoraQuery): DoraMetrics {
  return computeDoraMetricsOfDataset(prepareDoraDataset(events), query);
}

/**
 * computeDoraMetrics over events already prepared (`prepareDoraDataset`, or the store reading
 * its rows straight into records): the store skips the ISO strings, and a weekly series
 * prepares once for all its weeks.
 */
export function computeDoraMetricsOfDataset(dataset: DoraDataset, query: DoraQuery): DoraMetrics {
  const { changes, deployments, incidents } = dataset;
  const bounds = windowBounds(query);
  const inWindow = (ms: number | null) => ms !== null && isInWindow(bounds, ms);

  const frequency = computeDeploymentFrequency(
    deployments.map((deployment) => deployment.finishedMs),
    query,
    query.report,
  );

  // Lead time: changes whose (first) deployment finished in the window, not merged in it.
  const leadTimes = computeChangeLeadTimes(changes, deployments).filter((row) =>
    inWindow(row.deploymentFinishedMs),
  );
  const leadTimeMedian = devlakeLowerMedian(leadTimes.map((row) => row.cycleMinutes));

  // Change failure rate: deployments finished in the window with at least one linked incident,
  // wherever that incident falls in time; a deployment counts once however many it caused (D11).
  const links = linkIncidentsToDeployments(incidents, deployments);
  const windowDeployments = deployments.filter((deployment) => inWindow(deployment.finishedMs));
  const failedIds = new Set(
    links.flatMap((link) =>
      link.deployment ? [serviceKey(link.deployment.service, link.deployment.externalId)] : [],
    ),
  );
  const failedDeployments = windowDeployments.filter((deployment) =>
    failedIds.has(serviceKey(deployment.service, deployment.externalId)),
  ).length;

  const recoveryMinutes = recoverySample(links, query.report, inWindow);
  const recoveryMedian = devlakeLowerMedian(recoveryMinutes);

  return {
    deploymentFrequency: {
      deployments: frequency.deployments,
      deploymentDays: frequency.deploymentDays,
      medianDeploymentDaysPerWeek: frequency.medianDeploymentDaysPerWeek,
      medianDeploymentDaysPerMonth: frequency.medianDeploymentDaysPerMonth,
      band: frequency.band,
    },
    leadTimeForChanges: {
      changes: leadTimes.length,
      medianMinutes: leadTimeMedian,
      band: leadTimeBand(leadTimeMedian, query.report),
    },
    changeFailureRate: {
      deployments: windowDeployments.length,
      failedDeployments,
      rate: windowDeployments.length === 0 ? null : failedDeployments / windowDeployments.length,
      band: changeFailureRateBand(
        failedDeployments,
        windowDeployments.length,
        incidents.length > 0,
        query.report,
      ),
    },
    recoveryTime: {
      incidents: recoveryMinutes.length,
      medianMinutes: recoveryMedian,
      band: recoveryTimeBand(recoveryMedian),
    },
  };
}

/**
 * The recovery sample of a report year (D9). 2023, failed deployment recovery time: incidents
 * linked to a deployment finished in the window and resolved in it, measured from that
 * deployment's finish. 2021, time to restore service: incidents resolved in the window, linked
 * or not, measured from their creation. Whole minutes, truncated.
 */
function recoverySample(
  links: readonly IncidentLink[],
  report: ReportYear,
  inWindow: (ms: number | null) => boolean,
): number[] {
  return links.flatMap(({ incident, deployment }) => {
    if (incident.resolvedMs === null || !inWindow(incident.resolvedMs)) return [];
    if (report === 2021) return [truncatedMinutesBetween(incident.createdMs, incident.resolvedMs)];
    return deployment !== null && inWindow(deployment.finishedMs)
      ? [truncatedMinutesBetween(deployment.finishedMs, incident.resolvedMs)]
      : [];
  });
}
