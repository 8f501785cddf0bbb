import { and, desc, eq, gt, isNotNull, lt, lte, ne } from "drizzle-orm";
import type { Db } from "../../../platform/db/client.ts";
import type { ChangeEvent, IncidentEvent } from "../dora/events.ts";
import {
  type OutcomeSource,
  outcomeChanges,
  outcomeDeployments,
  outcomeIncidents,
  services,
} from "../outcomes-table.ts";

/**
 * What a connector already stored, read back so that one more delivery can be merged into it
 * (a review into a pull request, a resolution into an incident) rather than replace it.
 */

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export async function findStoredChange(
  db: Db,
  organizationId: string,
  source: OutcomeSource,
  service: string,
  externalId: string,
): Promise<ChangeEvent | null> {
  const [row] = await db
    .select({ change: outcomeChanges })
    .from(outcomeChanges)
    .innerJoin(services, eq(services.id, outcomeChanges.serviceId))
    .where(
      and(
        eq(outcomeChanges.organizationId, organizationId),
        eq(services.name, service),
        eq(outcomeChanges.source, source),
        eq(outcomeChanges.externalId, externalId),
      ),
    );
  if (!row) return null;
  const { change } = row;
  return {
    type: "change",
    service,
    externalId,
    author: change.author,
    firstCommitAt: iso(change.firstCommitAt),
    openedAt: change.openedAt.toISOString(),
    firstReviewAt: iso(change.firstReviewAt),
    mergedAt: iso(change.mergedAt),
  };
}

export async function findStoredIncident(
  db: Db,
  organizationId: string,
  source: OutcomeSource,
  service: string,
  externalId: string,
): Promise<IncidentEvent | null> {
  const [row] = await db
    .select({ incident: outcomeIncidents })
    .from(outcomeIncidents)
    .innerJoin(services, eq(services.id, outcomeIncidents.serviceId))
    .where(
      and(
        eq(outcomeIncidents.organizationId, organizationId),
        eq(services.name, service),
        eq(outcomeIncidents.source, source),
        eq(outcomeIncidents.externalId, externalId),
      ),
    );
  if (!row) return null;
  return {
    type: "incident",
    service,
    externalId,
    createdAt: row.incident.createdAt.toISOString(),
    resolvedAt: iso(row.incident.resolvedAt),
  };
}

/**
 * The changes a GitHub deployment ships when its payload does not say: the service's changes
 * merged after the previous successful production deployment started and no later than this one
 * started. On a linear main branch that is what DevLake derives from the commit diff between the
 * two deployments (DORA.md §0), without needing the repository's history.
 */
export async function changesMergedSincePreviousDeployment(
  db: Db,
  organizationId: string,
  source: OutcomeSource,
  service: string,
  deployment: { externalId: string; startedAt: string },
): Promise<string[]> {
  const startedAt = new Date(deployment.startedAt);
  const [previous] = await db
    .select({ startedAt: outcomeDeployments.startedAt })
    .from(outcomeDeployments)
    .innerJoin(services, eq(services.id, outcomeDeployments.serviceId))
    .where(
      and(
        eq(outcomeDeployments.organizationId, organizationId),
        eq(services.name, service),
        eq(outcomeDeployments.environment, "production"),
        eq(outcomeDeployments.result, "success"),
        lt(outcomeDeployments.startedAt, startedAt),
        ne(outcomeDeployments.externalId, deployment.externalId),
      ),
    )
    .orderBy(desc(outcomeDeployments.startedAt))
    .limit(1);
  const rows = await db
    .select({ externalId: outcomeChanges.externalId })
    .from(outcomeChanges)
    .innerJoin(services, eq(services.id, outcomeChanges.serviceId))
    .where(
      and(
        eq(outcomeChanges.organizationId, organizationId),
        eq(services.name, service),
        eq(outcomeChanges.source, source),
        isNotNull(outcomeChanges.mergedAt),
        lte(outcomeChanges.mergedAt, startedAt),
        ...(previous ? [gt(outcomeChanges.mergedAt, previous.startedAt)] : []),
      ),
    )
    .orderBy(outcomeChanges.mergedAt, outcomeChanges.externalId);
  return rows.map((row) => row.externalId);
}
