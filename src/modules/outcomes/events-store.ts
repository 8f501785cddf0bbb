import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { OutcomeEvent } from "./dora/events.ts";
import { outcomeChanges, outcomeDeployments, outcomeIncidents, services } from "./outcomes-table.ts";

/**
 * Reads stored events back in the engine's own shape, for `computeDoraMetrics`: every event of
 * the given services over all time (incident links do not stop at the window), oldest
 * receipt first so that, should two sources report the same (type, service, externalId), the
 * later one wins as it would have in one batch (D8).
 */
export async function loadOutcomeEvents(
  db: Db,
  organizationId: string,
  serviceIds: readonly string[],
): Promise<OutcomeEvent[]> {
  if (serviceIds.length === 0) return [];
  const ids = [...serviceIds];
  const [changes, deployments, incidents] = await Promise.all([
    db
      .select({ row: outcomeChanges, service: services.name })
      .from(outcomeChanges)
      .innerJoin(services, eq(services.id, outcomeChanges.serviceId))
      .where(and(eq(outcomeChanges.organizationId, organizationId), inArray(outcomeChanges.serviceId, ids)))
      .orderBy(asc(outcomeChanges.receivedAt)),
    db
      .select({ row: outcomeDeployments, service: services.name })
      .from(outcomeDeployments)
      .innerJoin(services, eq(services.id, outcomeDeployments.serviceId))
      .where(
        and(
          eq(outcomeDeployments.organizationId, organizationId),
          inArray(outcomeDeployments.serviceId, ids),
        ),
      )
      .orderBy(asc(outcomeDeployments.receivedAt)),
    db
      .select({ row: outcomeIncidents, service: services.name })
      .from(outcomeIncidents)
      .innerJoin(services, eq(services.id, outcomeIncidents.serviceId))
      .where(
        and(eq(outcomeIncidents.organizationId, organizationId), inArray(outcomeIncidents.serviceId, ids)),
      )
      .orderBy(asc(outcomeIncidents.receivedAt)),
  ]);
  const iso = (value: Date | null) => (value === null ? null : value.toISOString());
  return [
    ...changes.map(
      ({ row, service }): OutcomeEvent => ({
        type: "change",
        service,
        externalId: row.externalId,
        author: row.author,
        firstCommitAt: iso(row.firstCommitAt),
        openedAt: row.openedAt.toISOString(),
        firstReviewAt: iso(row.firstReviewAt),
        mergedAt: iso(row.mergedAt),
      }),
    ),
    ...deployments.map(
      ({ row, service }): OutcomeEvent => ({
        type: "deployment",
        service,
        externalId: row.externalId,
        environment: row.environment,
        result: row.result,
        startedAt: row.startedAt.toISOString(),
        finishedAt: row.finishedAt.toISOString(),
        changes: row.changeExternalIds,
      }),
    ),
    ...incidents.map(
      ({ row, service }): OutcomeEvent => ({
        type: "incident",
        service,
        externalId: row.externalId,
        createdAt: row.createdAt.toISOString(),
        resolvedAt: iso(row.resolvedAt),
      }),
    ),
  ];
}
