import { and, asc, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { auditEvents, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { AuditFacets, AuditLogPage, AuditLogQuery } from "./schemas.ts";

/** Who did something, and from where; every service that changes data takes one. */
export interface Actor {
  type: "user" | "token" | "system";
  userId: string | null;
  tokenId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const systemActor: Actor = { type: "system", userId: null, tokenId: null, ip: null, userAgent: null };

export interface AuditEntry {
  organizationId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  /**
   * Structured facts about the change: ids, enum values, numbers, flags, timestamps. Never free
   * text (names, titles, reasons, notes, emails): the log is append-only, so erasure could not
   * remove a name written here. Free text stays in the row it belongs to, which objectId (or an
   * id in the detail) points at. `assertNoFreeText` enforces this.
   */
  detail?: Record<string, unknown>;
}

/** An id, enum value, slug or timestamp: one token without spaces, `@` or other prose characters. */
const AUDIT_TOKEN = /^[A-Za-z0-9_.:+/-]{0,64}$/;

/**
 * Refuses a detail that carries free text, wherever it is nested. A refusal is a programming
 * error in the caller, so it fails the change (its transaction rolls back) rather than let the
 * text into a log nothing can remove it from.
 */
export function assertNoFreeText(detail: Record<string, unknown>, action: string): void {
  const visit = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      if (!AUDIT_TOKEN.test(value)) {
        throw new AppError(
          "internal",
          `The audit record for ${action} was refused: ${path} holds free text, which the append-only audit log must never keep.`,
        );
      }
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`);
    } else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) visit(inner, `${path}.${key}`);
    }
  };
  visit(detail, "detail");
}

/** Appends one record. Call it inside the transaction of the change it describes. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  assertNoFreeText(entry.detail ?? {}, entry.action);
  await db.insert(auditEvents).values({
    organizationId: entry.organizationId,
    actorType: actor.type,
    actorUserId: actor.userId,
    actorTokenId: actor.tokenId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    detail: entry.detail ?? {},
    ip: actor.ip,
    userAgent: actor.userAgent,
  });
}

/**
 * Newest first; `cursor` is the id of the last record of the previous page. The filters narrow
 * by who acted, what they did, on which kind of object and when (`from` inclusive, `to`
 * exclusive); pages of a filtered list keep the same filters.
 */
export async function listAuditEvents(
  db: Db,
  organizationId: string,
  query: AuditLogQuery,
): Promise<AuditLogPage> {
  const cursorId = query.cursor === undefined ? undefined : Number(query.cursor);
  if (cursorId !== undefined && (!Number.isSafeInteger(cursorId) || cursorId < 1)) {
    throw new AppError("bad_request", "cursor must be the nextCursor value of a previous page.", {
      fieldErrors: [{ path: "cursor", message: "not a cursor this endpoint issued" }],
    });
  }
  if (query.from !== undefined && query.to !== undefined && new Date(query.from) >= new Date(query.to)) {
    throw new AppError("bad_request", "from must be earlier than to.", {
      fieldErrors: [{ path: "querystring.from", message: "must be earlier than to" }],
    });
  }
  const rows = await db
    .select({ event: auditEvents, email: users.email, name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organizationId, organizationId),
        cursorId === undefined ? undefined : lt(auditEvents.id, cursorId),
        query.actorUserId === undefined ? undefined : eq(auditEvents.actorUserId, query.actorUserId),
        query.action === undefined ? undefined : eq(auditEvents.action, query.action),
        query.objectType === undefined ? undefined : eq(auditEvents.objectType, query.objectType),
        query.from === undefined ? undefined : gte(auditEvents.createdAt, new Date(query.from)),
        query.to === undefined ? undefined : lt(auditEvents.createdAt, new Date(query.to)),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const labels = await readObjectLabels(
    db,
    organizationId,
    page.map(({ event }) => ({ objectType: event.objectType, objectId: event.objectId })),
  );
  const items = page.map(({ event, email, name }) => ({
    id: String(event.id),
    at: event.createdAt.toISOString(),
    actor: { type: event.actorType, userId: event.actorUserId, email, name, tokenId: event.actorTokenId },
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    objectLabel:
      event.objectId === null ? null : (labels.get(`${event.objectType}:${event.objectId}`) ?? null),
    detail: event.detail,
    ip: event.ip,
    userAgent: event.userAgent,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? last.id : null };
}

/** The distinct actions and object types of the organisation's log, for the filter choices. */
export async function listAuditFacets(db: Db, organizationId: string): Promise<AuditFacets> {
  const actions = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, organizationId))
    .orderBy(asc(auditEvents.action));
  const objectTypes = await db
    .selectDistinct({ objectType: auditEvents.objectType })
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, organizationId))
    .orderBy(asc(auditEvents.objectType));
  return { actions: actions.map((row) => row.action), objectTypes: objectTypes.map((row) => row.objectType) };
}

/**
 * Names for the objects of a page, read from the rows they point at (scoped to the
 * organisation). The log holds ids only; the names live in their rows, so erasure reaches them.
 * Tables are named in SQL rather than imported so the audit module depends on no feature.
 */
const labelQueries: Record<string, (ids: string[], organizationId: string) => SQL> = {
  candidate: (ids, org) =>
    sql`select id::text as id, full_name as label from candidates where organization_id = ${org} and id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  role: (ids, org) =>
    sql`select id::text as id, title as label from roles where organization_id = ${org} and id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  application: (ids, org) =>
    sql`select a.id::text as id, coalesce(c.full_name, 'Erased candidate') || ' – ' || r.title as label
        from applications a join candidates c on c.id = a.candidate_id join roles r on r.id = a.role_id
        where a.organization_id = ${org} and a.id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  membership: (ids, org) =>
    sql`select u.id::text as id, u.name as label from users u
        join memberships m on m.user_id = u.id and m.organization_id = ${org} where u.id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  user: (ids, org) =>
    sql`select u.id::text as id, u.name as label from users u
        join memberships m on m.user_id = u.id and m.organization_id = ${org} where u.id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  kit: (ids, org) =>
    sql`select id::text as id, (content->>'title') || ' (version ' || version || ')' as label from kit_versions
        where organization_id = ${org} and id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  organization: (ids, org) =>
    sql`select id::text as id, name as label from organizations
        where id = ${org} and id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  team: (ids, org) =>
    sql`select id::text as id, name as label from teams where organization_id = ${org} and id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  service: (ids, org) =>
    sql`select id::text as id, name as label from services where organization_id = ${org} and id::text in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
};

async function readObjectLabels(
  db: Db,
  organizationId: string,
  objects: { objectType: string; objectId: string | null }[],
): Promise<Map<string, string>> {
  const idsByType = new Map<string, string[]>();
  for (const { objectType, objectId } of objects) {
    if (objectId === null || !(objectType in labelQueries)) continue;
    idsByType.set(objectType, [...(idsByType.get(objectType) ?? []), objectId]);
  }
  const labels = new Map<string, string>();
  for (const [objectType, ids] of idsByType) {
    const query = labelQueries[objectType];
    if (query === undefined) continue;
    const rows = await queryRows<{ id: string; label: string | null }>(
      db,
      query([...new Set(ids)], organizationId),
    );
    for (const row of rows) if (row.label !== null) labels.set(`${objectType}:${row.id}`, row.label);
  }
  return labels;
}
