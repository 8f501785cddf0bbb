import type { OutcomeEvent } from "./events.ts";

/**
 * The events as the metrics read them: instants as epoch milliseconds, one record per
 * (type, service, externalId), and only the deployments that count anywhere.
 */

export interface ChangeRecord {
  service: string;
  externalId: string;
  firstCommitMs: number | null;
  openedMs: number;
  firstReviewMs: number | null;
  mergedMs: number | null;
}

/** A successful production deployment; failed and non-production ones never count (DORA.md §0). */
export interface DeploymentRecord {
  service: string;
  externalId: string;
  startedMs: number;
  finishedMs: number;
  changeIds: readonly string[];
}

export interface IncidentRecord {
  service: string;
  externalId: string;
  createdMs: number;
  resolvedMs: number | null;
}

export interface DoraDataset {
  changes: ChangeRecord[];
  deployments: DeploymentRecord[];
  incidents: IncidentRecord[];
}

/**
 * Events in arrival order; a later event with the same (type, service, externalId) replaces
 * the earlier one, exactly as the store's upsert does (DORA.md D8), so a replayed delivery
 * changes nothing.
 */
export function prepareDoraDataset(events: readonly OutcomeEvent[]): DoraDataset {
  const latest = new Map<string, OutcomeEvent>();
  for (const event of events)
    latest.set(`${event.type}\u0000${serviceKey(event.service, event.externalId)}`, event);

  const dataset: DoraDataset = { changes: [], deployments: [], incidents: [] };
  for (const event of latest.values()) {
    switch (event.type) {
      case "change":
        dataset.changes.push({
          service: event.service,
          externalId: event.externalId,
          firstCommitMs: instantOrNull(event.firstCommitAt),
          openedMs: Date.parse(event.openedAt),
          firstReviewMs: instantOrNull(event.firstReviewAt),
          mergedMs: instantOrNull(event.mergedAt),
        });
        break;
      case "deployment":
        if (event.environment === "production" && event.result === "success") {
          dataset.deployments.push({
            service: event.service,
            externalId: event.externalId,
            startedMs: Date.parse(event.startedAt),
            finishedMs: Date.parse(event.finishedAt),
            changeIds: event.changes,
          });
        }
        break;
      case "incident":
        dataset.incidents.push({
          service: event.service,
          externalId: event.externalId,
          createdMs: Date.parse(event.createdAt),
          resolvedMs: instantOrNull(event.resolvedAt),
        });
        break;
    }
  }
  return dataset;
}

/** A key unique per (service, externalId); NUL cannot occur in either. */
export function serviceKey(service: string, externalId: string): string {
  return `${service}\u0000${externalId}`;
}

/**
 * DORA.md D3's order of deployments: by finish, then start, then externalId. A change's
 * deployment is the first in this order; an incident's is the last finished before it.
 */
export function compareDeployments(a: DeploymentRecord, b: DeploymentRecord): number {
  if (a.finishedMs !== b.finishedMs) return a.finishedMs - b.finishedMs;
  if (a.startedMs !== b.startedMs) return a.startedMs - b.startedMs;
  if (a.externalId === b.externalId) return 0;
  return a.externalId < b.externalId ? -1 : 1;
}

function instantOrNull(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}
