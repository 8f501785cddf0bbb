import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { auditEvents, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { AuditLogPage } from "./schemas.ts";

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

/** Newest first; `cursor` is the id of the last record of the previous page. */
export async function listAuditEvents(
  db: Db,
  organizationId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<AuditLogPage> {
  const cursorId = page.cursor === undefined ? undefined : Number(page.cursor);
  if (cursorId !== undefined && (!Number.isSafeInteger(cursorId) || cursorId < 1)) {
    throw new AppError("bad_request", "cursor must be the nextCursor value of a previous page.", {
      fieldErrors: [{ path: "cursor", message: "not a cursor this endpoint issued" }],
    });
  }
  const rows = await db
    .select({ event: auditEvents, email: users.email })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organizationId, organizationId),
        cursorId === undefined ? undefined : lt(auditEvents.id, cursorId),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map(({ event, email }) => ({
    id: String(event.id),
    at: event.createdAt.toISOString(),
    actor: { type: event.actorType, userId: event.actorUserId, email, tokenId: event.actorTokenId },
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    detail: event.detail,
    ip: event.ip,
    userAgent: event.userAgent,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? last.id : null };
}
