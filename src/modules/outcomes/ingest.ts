import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { OutcomeEvent } from "./dora/events.ts";
import { type OutcomeSource, outcomeSettings, services } from "./outcomes-table.ts";

/**
 * Stores validated delivery events: the one ingestion path of every connector (events API, CSV
 * import, GitHub/PagerDuty/Jira webhooks and backfills, the demo seeder).
 *
 * One transaction, three multi-row upserts (one statement per event type and chunk, the rows
 * passed as a single JSON parameter and unpacked by jsonb_to_recordset, so a batch costs a
 * handful of round trips whatever its size). Idempotent: an event's identity is
 * (organisation, service, source, externalId) per type; a replayed event whose fields did not
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
  return db.transaction(async (tx) => {
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

    let stored = 0;
    for (const rows of chunks(changes)) {
      stored += await upsert(
        tx,
        sql`
        insert into outcome_changes as t
          (organization_id, service_id, source, external_id, author, first_commit_at, opened_at, first_review_at, merged_at)
        select ${organizationId}::uuid, x.service_id, ${source}, x.external_id, x.author,
          x.first_commit_at, x.opened_at, x.first_review_at, x.merged_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(service_id uuid, external_id text,
          author text, first_commit_at timestamptz, opened_at timestamptz, first_review_at timestamptz, merged_at timestamptz)
        on conflict (organization_id, service_id, source, external_id) do update set
          author = excluded.author, first_commit_at = excluded.first_commit_at, opened_at = excluded.opened_at,
          first_review_at = excluded.first_review_at, merged_at = excluded.merged_at, received_at = now()
        where (t.author, t.first_commit_at, t.opened_at, t.first_review_at, t.merged_at)
          is distinct from (excluded.author, excluded.first_commit_at, excluded.opened_at, excluded.first_review_at, excluded.merged_at)
        returning 1`,
      );
    }
    for (const rows of chunks(deployments)) {
      stored += await upsert(
        tx,
        sql`
        insert into outcome_deployments as t
          (organization_id, service_id, source, external_id, environment, result, started_at, finished_at, change_external_ids)
        select ${organizationId}::uuid, x.service_id, ${source}, x.external_id, x.environment, x.result,
          x.started_at, x.finished_at, array(select jsonb_array_elements_text(x.changes))
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(service_id uuid, external_id text,
          environment text, result text, started_at timestamptz, finished_at timestamptz, changes jsonb)
        on conflict (organization_id, service_id, source, external_id) do update set
          environment = excluded.environment, result = excluded.result, started_at = excluded.started_at,
          finished_at = excluded.finished_at, change_external_ids = excluded.change_external_ids, received_at = now()
        where (t.environment, t.result, t.started_at, t.finished_at, t.change_external_ids)
          is distinct from (excluded.environment, excluded.result, excluded.started_at, excluded.finished_at, excluded.change_external_ids)
        returning 1`,
      );
    }
    for (const rows of chunks(incidents)) {
      stored += await upsert(
        tx,
        sql`
        insert into outcome_incidents as t
          (organization_id, service_id, source, external_id, created_at, resolved_at)
        select ${organizationId}::uuid, x.service_id, ${source}, x.external_id, x.created_at, x.resolved_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(service_id uuid, external_id text,
          created_at timestamptz, resolved_at timestamptz)
        on conflict (organization_id, service_id, source, external_id) do update set
          created_at = excluded.created_at, resolved_at = excluded.resolved_at, received_at = now()
        where (t.created_at, t.resolved_at) is distinct from (excluded.created_at, excluded.resolved_at)
        returning 1`,
      );
    }
    return { stored, unchanged: latest.size - stored, servicesCreated: created };
  });
}

async function upsert(tx: Db, statement: SQL): Promise<number> {
  const result = (await tx.execute(statement)) as unknown as { rows: unknown[] };
  return result.rows.length;
}

function* chunks<Row>(rows: Row[]): Generator<Row[]> {
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    yield rows.slice(start, start + rowsPerStatement);
  }
}

/**
 * Instants are kept to the millisecond, finer digits dropped rather than rounded (docs/outcomes.md,
 * D6): `Date` parses that way, and the columns hold milliseconds.
 */
function instant(iso: string | null): string | null {
  return iso === null ? null : new Date(Date.parse(iso)).toISOString();
}

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
