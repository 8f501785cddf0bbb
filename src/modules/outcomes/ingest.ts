import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { OutcomeEvent } from "./dora/events.ts";
import { type OutcomeSource, outcomeSettings, services } from "./outcomes-table.ts";

/**
 * Stores validated delivery events: the one ingestion path of every connector (events API, CSV
 * import, GitHub/PagerDuty/Jira webhooks and backfills, the demo seeder).
 *
 * One transaction; the three multi-row upserts (changes, deployments, incidents) run in one
 * statement as data-modifying CTEs, each type's rows passed as one JSON parameter and unpacked by
 * jsonb_to_recordset, so a batch of 1000 events costs a handful of round trips. Idempotent: an event's identity is
 * (service, source, externalId) per type; a replayed event whose fields did not
 * change touches no row, a changed one replaces the stored fields (DORA.md D8).
 */

export interface IngestResult {
  /** Events stored as new rows or replacing a row whose fields differed. */
  stored: number;
  /** Events identical to what was already stored (replays). */
  unchanged: number;
  /** Services created because an event named them first (in no team yet). */
  servicesCreated: string[];
}

export interface IngestOptions {
  /**
   * Whether unknown services are created; by default the organisation's setting (on unless an
   * admin turned it off).
   */
  autoCreateServices?: boolean;
}

/** Rows per statement: keeps one JSON parameter well below any protocol limit. */
const rowsPerStatement = 5000;

export async function ingestOutcomeEvents(
  db: Db,
  organizationId: string,
  source: OutcomeSource,
  events: readonly OutcomeEvent[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  if (events.length === 0) return { stored: 0, unchanged: 0, servicesCreated: [] };
  return db.transaction((tx) => storeOutcomeEvents(tx, organizationId, source, events, options));
}

/**
 * ingestOutcomeEvents inside a transaction the caller holds (the events API records its delivery
 * in the same one): no savepoint, so a request costs two round trips fewer.
 */
export async function storeOutcomeEvents(
  tx: Db,
  organizationId: string,
  source: OutcomeSource,
  events: readonly OutcomeEvent[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  if (events.length === 0) return { stored: 0, unchanged: 0, servicesCreated: [] };
  const { serviceIds, created } = await resolveServices(tx, organizationId, events, options);

  // Within one statement a key may appear once; the later event wins, as in the engine.
  const latest = new Map<string, OutcomeEvent>();
  for (const event of events)
    latest.set(`${event.type}\u0000${event.service}\u0000${event.externalId}`, event);
  const changes: object[] = [];
  const deployments: object[] = [];
  const incidents: object[] = [];
  for (const event of latest.values()) {
    const common = { service_id: serviceIds.get(event.service), external_id: event.externalId };
    if (event.type === "change") {
      changes.push({
        ...common,
        author: event.author,
        first_commit_at: instant(event.firstCommitAt),
        opened_at: instant(event.openedAt),
        first_review_at: instant(event.firstReviewAt),
        merged_at: instant(event.mergedAt),
      });
    } else if (event.type === "deployment") {
      deployments.push({
        ...common,
        environment: event.environment,
        result: event.result,
        started_at: instant(event.startedAt),
        finished_at: instant(event.finishedAt),
        changes: event.changes,
      });
    } else {
      incidents.push({
        ...common,
        created_at: instant(event.createdAt),
        resolved_at: instant(event.resolvedAt),
      });
    }
  }

  // One statement per part of at most rowsPerStatement rows of each type: the three upserts
  // run as data-modifying CTEs, so a batch of 1000 events is a single round trip.
  let stored = 0;
  const parts = Math.max(changes.length, deployments.length, incidents.length) / rowsPerStatement;
  for (let part = 0; part < parts; part += 1) {
    const slice = (rows: object[]) =>
      JSON.stringify(rows.slice(part * rowsPerStatement, (part + 1) * rowsPerStatement));
    const [row] = await queryRows<{ stored: number }>(
      tx,
      sql`
      with changed_changes as (
        insert into outcome_changes as t
          (organization_id, service_id, source, external_id, author, first_commit_at, opened_at, first_review_at, merged_at)
        select ${organizationId}::uuid, x.service_id, ${source}, x.external_id, x.author,
          x.first_commit_at, x.opened_at, x.first_review_at, x.merged_at
        from jsonb_to_recordset(${slice(changes)}::jsonb) as x(service_id uuid, external_id text,
          author text, first_commit_at timestamptz, opened_at timestamptz, first_review_at timestamptz, merged_at timestamptz)
        on conflict (service_id, source, external_id) do update set
          author = excluded.author, first_commit_at = excluded.first_commit_at, opened_at = excluded.opened_at,
          first_review_at = excluded.first_review_at, merged_at = excluded.merged_at, received_at = now()
        where (t.author, t.first_commit_at, t.opened_at, t.first_review_at, t.merged_at)
          is distinct from (excluded.author, excluded.first_commit_at, excluded.opened_at, excluded.first_review_at, excluded.merged_at)
        returning 1
      ), changed_deployments as (
        insert into outcome_deployments as t
          (organization_id, service_id, source, external_id, environment, result, started_at, finished_at, change_external_ids)
        select ${organizationId}::uuid, x.service_id, ${source}, x.external_id, x.environment, x.result,
          x.started_at, x.finished_at, x.changes
        from jsonb_to_recordset(${slice(deployments)}::jsonb) as x(service_id uuid, external_id text,
          environment text, result text, started_at timestamptz, finished_at timestamptz, changes text[])
        on conflict (service_id, source, external_id) do update set
          environment = excluded.environment, result = excluded.result, started_at = excluded.started_at,
          finished_at = excluded.finished_at, change_external_ids = excluded.change_external_ids, received_at = now()
        where (t.environment, t.result, t.started_at, t.finished_at, t.change_external_ids)
          is distinct from (excluded.environment, excluded.result, excluded.started_at, excluded.finished_at, excluded.change_external_ids)
        returning 1
      ), changed_incidents as (
        insert into outcome_incidents as t
          (organization_id, service_id, source, external_id, created_at, resolved_at)
        select ${organizationId}::uuid, x.service_id, ${source}, x.external_id, x.created_at, x.resolved_at
        from jsonb_to_recordset(${slice(incidents)}::jsonb) as x(service_id uuid, external_id text,
          created_at timestamptz, resolved_at timestamptz)
        on conflict (service_id, source, external_id) do update set
          created_at = excluded.created_at, resolved_at = excluded.resolved_at, received_at = now()
        where (t.created_at, t.resolved_at) is distinct from (excluded.created_at, excluded.resolved_at)
        returning 1
      )
      select ((select count(*) from changed_changes) + (select count(*) from changed_deployments)
        + (select count(*) from changed_incidents))::int as stored`,
    );
    stored += row?.stored ?? 0;
  }
  return { stored, unchanged: latest.size - stored, servicesCreated: created };
}

/**
 * Instants are kept to the millisecond, finer digits dropped rather than rounded (docs/outcomes.md,
 * D6): `Date` parses that way, and the columns hold milliseconds.
 */
function instant(iso: string | null): string | null {
  if (iso === null) return null;
  // Most instants carry at most milliseconds and go to PostgreSQL as sent; finer ones are cut.
  return subMillisecond.test(iso) ? new Date(Date.parse(iso)).toISOString() : iso;
}

const subMillisecond = /\.\d{4,}/;

/** Whether the organisation lets events create services (on unless an admin turned it off). */
export async function servicesAutoCreated(db: Db, organizationId: string): Promise<boolean> {
  const [settings] = await db
    .select({ autoCreateServices: outcomeSettings.autoCreateServices })
    .from(outcomeSettings)
    .where(eq(outcomeSettings.organizationId, organizationId));
  return settings?.autoCreateServices ?? true;
}

/**
 * The ids of the services the events name. Unknown ones are created in no team (listed for an
 * admin to assign), or refused with a problem naming them when auto-creation is off.
 */
async function resolveServices(
  tx: Db,
  organizationId: string,
  events: readonly OutcomeEvent[],
  options: IngestOptions,
): Promise<{ serviceIds: Map<string, string>; created: string[] }> {
  const names = [...new Set(events.map((event) => event.service))];
  const readIds = async () =>
    new Map(
      (
        await tx
          .select({ id: services.id, name: services.name })
          .from(services)
          .where(and(eq(services.organizationId, organizationId), inArray(services.name, names)))
      ).map((row) => [row.name, row.id]),
    );
  const serviceIds = await readIds();
  const missing = names.filter((name) => !serviceIds.has(name));
  if (missing.length === 0) return { serviceIds, created: [] };

  const autoCreate = options.autoCreateServices ?? (await servicesAutoCreated(tx, organizationId));
  if (!autoCreate) {
    const fieldErrors = events.flatMap((event, index) =>
      missing.includes(event.service)
        ? [{ path: `events[${index}].service`, message: `names the unknown service "${event.service}"` }]
        : [],
    );
    throw new AppError(
      "unprocessable",
      `No event was stored: unknown service${missing.length > 1 ? "s" : ""} ${missing
        .map((name) => `"${name}"`)
        .join(
          ", ",
        )}. This organisation does not create services from events; an admin adds them first (or turns auto-creation on).`,
      { fieldErrors: fieldErrors.slice(0, 100) },
    );
  }
  const inserted = await tx
    .insert(services)
    .values(missing.map((name) => ({ id: newId(), organizationId, name })))
    .onConflictDoNothing()
    .returning({ name: services.name });
  return { serviceIds: await readIds(), created: inserted.map((row) => row.name) };
}
