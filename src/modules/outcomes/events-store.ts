import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { type ChangeRecord, type DoraDataset, type IncidentRecord, serviceKey } from "./dora/dataset.ts";
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

/**
 * The same events as loadOutcomeEvents, read straight into the engine's records (instants as
 * epoch milliseconds computed by PostgreSQL, only the columns the metrics read), for the views:
 * no ISO strings to print and parse again. Identical identities from several sources are
 * resolved as prepareDoraDataset does: the latest received wins, then only successful production
 * deployments are kept.
 */
export async function loadDoraDataset(
  db: Db,
  organizationId: string,
  serviceIds: readonly string[],
): Promise<DoraDataset> {
  const dataset: DoraDataset = { changes: [], deployments: [], incidents: [] };
  if (serviceIds.length === 0) return dataset;
  // One array parameter whatever the number of services: the statement text stays the same.
  const idArray = `{${serviceIds.join(",")}}`;
  const ids = sql`any(${idArray}::uuid[])`;
  // Rows name their service by its position in that array rather than by a join to services: the
  // engine only needs service identity, and the join cost a nested loop per row.
  const serviceOf = (alias: string) =>
    sql`array_position(${idArray}::uuid[], ${sql.raw(`${alias}.service_id`)})`;
  // date_part answers a float8 (extract answers numeric, whose arithmetic cost more than the rest of
  // the query); instants are stored at millisecond precision (they all pass through a JS Date), so
  // rounding the product recovers the exact epoch milliseconds.
  const ms = (column: string) => sql.raw(`round(date_part('epoch', ${column}) * 1000)`);
  // Each table's rows come back as one JSON array of arrays (parsed natively in one go), which
  // costs far less than the driver's per-row, per-field parsing at tens of thousands of rows.
  const rowsOf = async <Row>(query: SQL): Promise<Row[]> => {
    const [result] = await queryRows<{ rows: string | null }>(db, query);
    return result?.rows ? (JSON.parse(result.rows) as Row[]) : [];
  };
  const [changeRows, deploymentRows, incidentRows] = await Promise.all([
    rowsOf<[number, string, number | null, number, number | null, number | null]>(
      sql`select json_agg(json_build_array(${serviceOf("c")}, c.external_id, ${ms("c.first_commit_at")}, ${ms("c.opened_at")},
            ${ms("c.first_review_at")}, ${ms("c.merged_at")}) order by c.received_at)::text as rows
          from outcome_changes c
          where c.organization_id = ${organizationId} and c.service_id = ${ids}`,
    ),
    rowsOf<[number, string, boolean, number, number, string[]]>(
      sql`select json_agg(json_build_array(${serviceOf("d")}, d.external_id, d.environment = 'production' and d.result = 'success',
            ${ms("d.started_at")}, ${ms("d.finished_at")}, d.change_external_ids) order by d.received_at)::text as rows
          from outcome_deployments d
          where d.organization_id = ${organizationId} and d.service_id = ${ids}`,
    ),
    rowsOf<[number, string, number, number | null]>(
      sql`select json_agg(json_build_array(${serviceOf("i")}, i.external_id, ${ms("i.created_at")}, ${ms("i.resolved_at")})
            order by i.received_at)::text as rows
          from outcome_incidents i
          where i.organization_id = ${organizationId} and i.service_id = ${ids}`,
    ),
  ]);
  // The engine keys records by service identity; the service's id stands in for its name.
  const serviceAt = (position: number) => serviceIds[position - 1] ?? "";
  const latest = <Row extends [number, string, ...unknown[]]>(rows: Row[]) => {
    const byIdentity = new Map<string, Row>();
    for (const row of rows) byIdentity.set(serviceKey(String(row[0]), row[1]), row);
    return [...byIdentity.values()];
  };
  dataset.changes = latest(changeRows).map(
    ([position, externalId, firstCommitMs, openedMs, firstReviewMs, mergedMs]): ChangeRecord => ({
      service: serviceAt(position),
      externalId,
      firstCommitMs,
      openedMs,
      firstReviewMs,
      mergedMs,
    }),
  );
  dataset.deployments = latest(deploymentRows)
    .filter((row) => row[2])
    .map(([position, externalId, , startedMs, finishedMs, changeIds]) => ({
      service: serviceAt(position),
      externalId,
      startedMs,
      finishedMs,
      changeIds,
    }));
  dataset.incidents = latest(incidentRows).map(
    ([position, externalId, createdMs, resolvedMs]): IncidentRecord => ({
      service: serviceAt(position),
      externalId,
      createdMs,
      resolvedMs,
    }),
  );
  return dataset;
}
