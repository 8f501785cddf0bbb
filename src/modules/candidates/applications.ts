import { and, asc, eq, fillPlaceholders, type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Clock } from "../../platform/clock.ts";
import { type Db, preparedStatements, queryRows } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { findFirstStage } from "../plans/plans.ts";
import { planStages, type StageType } from "../plans/plans-table.ts";
import { roles, type WorkModel } from "../roles/roles-table.ts";
import {
  applicationEvents,
  type applicationStatuses,
  applications,
  candidates,
  type rejectionReasons,
} from "./candidates-table.ts";
import type { ApplicationDetail, ApplicationPage, ApplicationSummary } from "./schemas.ts";

type Deps = { db: Db; clock: Clock };

export type ApplicationStatus = (typeof applicationStatuses)[number];
export type RejectionReason = (typeof rejectionReasons)[number];

export interface ApplicationFilter {
  candidateId?: string | undefined;
  roleId?: string | undefined;
  stageId?: string | undefined;
  status?: ApplicationStatus | undefined;
  workModel?: WorkModel | undefined;
  query?: string | undefined;
}

/** True when the failure is a unique-key violation (SQLSTATE 23505), however the driver wrapped it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current instanceof Object; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

const CURSOR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An opaque page cursor: the (created_at, id) of the last row of a page, base64url-encoded.
 * The timestamp keeps PostgreSQL's microseconds, so no row is skipped or repeated at a page edge.
 */
export const encodePageCursor = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");

export function decodePageCursor(cursor: string): { createdAt: string; id: string } {
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = null;
  }
  if (
    Array.isArray(decoded) &&
    decoded.length === 2 &&
    typeof decoded[0] === "string" &&
    typeof decoded[1] === "string" &&
    CURSOR_TIMESTAMP.test(decoded[0]) &&
    UUID.test(decoded[1])
  ) {
    return { createdAt: decoded[0], id: decoded[1] };
  }
  throw new AppError("bad_request", "cursor must be the nextCursor value of a previous page.", {
    fieldErrors: [{ path: "cursor", message: "not a cursor this endpoint issued" }],
  });
}

/** created_at as UTC text with microseconds, exactly as stored, for cursors. */
export const cursorTimestamp = (column: SQL | typeof applications.createdAt | typeof candidates.createdAt) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Text as searches compare it: lower case, accents dropped (NFD, then the combining marks
 * removed), so "zoe" finds "Zoë" and "ÅSTRÖM" finds "Åström". `foldedColumn` is the same rule
 * in SQL; both engines (PGlite and PostgreSQL) run UTF-8 databases, which normalize() needs.
 */
export const foldForSearch = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");

const foldedColumn = (
  column: SQL | typeof candidates.fullName | typeof candidates.email | typeof roles.title,
) => sql`regexp_replace(normalize(lower(coalesce(${column}, '')), NFD), '[\u0300-\u036f]', '', 'g')`;

/** A case- and accent-insensitive substring match on the candidate's name or email. */
export function candidateMatches(query: string): SQL {
  const needle = foldForSearch(query);
  return sql`(strpos(${foldedColumn(candidates.fullName)}, ${needle}) > 0 or strpos(${foldedColumn(candidates.email)}, ${needle}) > 0)`;
}

/**
 * The application list's search: the candidate's name or email, or the role's title. Not
 * indexed: a substring cannot use a b-tree, and the page query already walks one organisation's
 * applications newest first and stops at the page's end, so a common word answers at once and a
 * rare one reads that organisation's rows once. A trigram index would need an extension that
 * the embedded engine loads only on request.
 */
export function applicationMatches(query: string): SQL {
  const needle = foldForSearch(query);
  return sql`(${candidateMatches(query)} or strpos(${foldedColumn(roles.title)}, ${needle}) > 0)`;
}

const summaryColumns = {
  id: applications.id,
  status: applications.status,
  rejectionReason: applications.rejectionReason,
  createdAt: applications.createdAt,
  updatedAt: applications.updatedAt,
  candidateId: candidates.id,
  candidateFullName: candidates.fullName,
  candidateEmail: candidates.email,
  roleId: roles.id,
  roleTitle: roles.title,
  roleWorkModel: roles.workModel,
  stageId: planStages.id,
  stageName: planStages.name,
  stageType: planStages.type,
};

type SummaryRow = {
  id: string;
  status: ApplicationStatus;
  rejectionReason: RejectionReason | null;
  createdAt: Date;
  updatedAt: Date;
  candidateId: string;
  candidateFullName: string | null;
  candidateEmail: string | null;
  roleId: string;
  roleTitle: string;
  roleWorkModel: WorkModel | null;
  stageId: string | null;
  stageName: string | null;
  stageType: StageType | null;
};

/** The list's page query answers timestamps already as ISO text; the query builder as Dates. */
type SummarySource = Omit<SummaryRow, "createdAt" | "updatedAt"> & {
  createdAt: Date | string;
  updatedAt: Date | string;
};
const isoText = (value: Date | string) => (typeof value === "string" ? value : value.toISOString());

const toSummary = (row: SummarySource): ApplicationSummary => ({
  id: row.id,
  candidate: { id: row.candidateId, fullName: row.candidateFullName, email: row.candidateEmail },
  role: { id: row.roleId, title: row.roleTitle, workModel: row.roleWorkModel },
  currentStage:
    row.stageId && row.stageName !== null && row.stageType !== null
      ? { id: row.stageId, name: row.stageName, type: row.stageType }
      : null,
  status: row.status,
  rejectionReason: row.rejectionReason,
  createdAt: isoText(row.createdAt),
  updatedAt: isoText(row.updatedAt),
});

const selectSummaries = (db: Db) =>
  db
    .select(summaryColumns)
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .leftJoin(planStages, eq(planStages.id, applications.currentStageId));

/** created_at and updated_at as the API shows them (Date#toISOString: UTC, milliseconds). */
const isoTimestamp = (column: typeof applications.createdAt | typeof applications.updatedAt) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One row of the page query, already in the API's shape but flat. */
type PageRow = Omit<SummaryRow, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
  cursorCreatedAt: string;
};

export type PageFilter = ApplicationFilter & { limit: number; cursor?: string | undefined };

/** Which conditions a page statement has and how many rows it reads: its text depends on these alone. */
interface PageShape {
  cursor: boolean;
  candidateId: boolean;
  roleId: boolean;
  stageId: boolean;
  status: boolean;
  workModel: boolean;
  rowCount: number;
}

/** A filter's page statement shape, and the values it binds to the statement's placeholders. */
function pageShapeAndValues(organizationId: string, filter: PageFilter) {
  const after = filter.cursor === undefined ? undefined : decodePageCursor(filter.cursor);
  const shape: PageShape = {
    cursor: after !== undefined,
    candidateId: Boolean(filter.candidateId),
    roleId: Boolean(filter.roleId),
    stageId: Boolean(filter.stageId),
    status: Boolean(filter.status),
    workModel: Boolean(filter.workModel),
    rowCount: filter.limit + 1,
  };
  const values = {
    organizationId,
    afterCreatedAt: after?.createdAt,
    afterId: after?.id,
    candidateId: filter.candidateId,
    roleId: filter.roleId,
    stageId: filter.stageId,
    status: filter.status,
    workModel: filter.workModel,
  };
  return { shape, values };
}

/**
 * The page statement of the application list: newest first by (created_at, id), in exactly the
 * order of the index applications_org_page_idx (DESC NULLS LAST), with the cursor as a row
 * comparison, so PostgreSQL walks the index and stops after `limit + 1` rows (filtering by role
 * walks applications_org_role_page_idx, by status applications_org_status_page_idx).
 *
 * Written as one SQL statement rather than with the query builder, and answering timestamps as
 * text, because this is the busiest read of the product: building the query and mapping its rows
 * through Drizzle cost more CPU than PostgreSQL spent answering it (bench/README.md). Every value
 * is a placeholder, so without a search the text is built once per shape (`pageStatements`); a
 * search's condition carries its own values.
 */
function applicationPageStatement(shape: PageShape, search?: SQL): SQL {
  const value = sql.placeholder;
  const conditions: SQL[] = [sql`${applications.organizationId} = ${value("organizationId")}`];
  if (shape.cursor) {
    conditions.push(
      sql`(${applications.createdAt}, ${applications.id}) < (${value("afterCreatedAt")}::timestamptz, ${value("afterId")}::uuid)`,
    );
  }
  if (shape.candidateId) conditions.push(sql`${applications.candidateId} = ${value("candidateId")}`);
  if (shape.roleId) conditions.push(sql`${applications.roleId} = ${value("roleId")}`);
  if (shape.stageId) conditions.push(sql`${applications.currentStageId} = ${value("stageId")}`);
  if (shape.status) conditions.push(sql`${applications.status} = ${value("status")}`);
  if (shape.workModel) conditions.push(sql`${roles.workModel} = ${value("workModel")}`);
  if (search) conditions.push(search);
  return sql`select ${applications.id} as "id", ${applications.status} as "status",
      ${applications.rejectionReason} as "rejectionReason",
      ${isoTimestamp(applications.createdAt)} as "createdAt",
      ${isoTimestamp(applications.updatedAt)} as "updatedAt",
      ${cursorTimestamp(applications.createdAt)} as "cursorCreatedAt",
      ${candidates.id} as "candidateId", ${candidates.fullName} as "candidateFullName",
      ${candidates.email} as "candidateEmail",
      ${roles.id} as "roleId", ${roles.title} as "roleTitle", ${roles.workModel} as "roleWorkModel",
      ${planStages.id} as "stageId", ${planStages.name} as "stageName", ${planStages.type} as "stageType"
    from ${applications}
    join ${candidates} on ${candidates.id} = ${applications.candidateId}
    join ${roles} on ${roles.id} = ${applications.roleId}
    left join ${planStages} on ${planStages.id} = ${applications.currentStageId}
    where ${sql.join(conditions, sql` and `)}
    order by ${applications.createdAt} desc nulls last, ${applications.id} desc nulls last
    limit ${literalRowCount(shape.rowCount)}`;
}

const pageStatements = preparedStatements<PageShape, PageRow>(
  (shape) =>
    [shape.cursor, shape.candidateId, shape.roleId, shape.stageId, shape.status, shape.workModel]
      .map((present) => (present ? "1" : "0"))
      .join("") + shape.rowCount,
  (shape) => applicationPageStatement(shape),
);

/** The page statement's text and parameters for a filter, as PostgreSQL receives them (tests read its plan). */
export function applicationPageQuery(
  organizationId: string,
  filter: PageFilter,
): { sql: string; params: unknown[] } {
  const { shape, values } = pageShapeAndValues(organizationId, filter);
  const search = filter.query?.trim() ? applicationMatches(filter.query) : undefined;
  const built = new PgDialect().sqlToQuery(applicationPageStatement(shape, search));
  return { sql: built.sql, params: fillPlaceholders(built.params, values) };
}

/**
 * A row count written into the statement's text instead of passed as a parameter. With
 * `limit $n` PostgreSQL's generic plan cannot know the page is small: it costs the plan for a
 * tenth of the matching rows, far above a custom plan, so the prepared statement was planned
 * again on every request (0.7–2.3 ms of planning against 0.3 ms of execution at 100,000
 * applications; bench/README.md). With the count in the text the cached generic plan serves;
 * the page size is bounded (1–100, +1 to see whether a next page exists), so are the texts.
 */
function literalRowCount(count: number): SQL {
  if (!Number.isInteger(count) || count < 1 || count > 1001) {
    throw new AppError("bad_request", "The page size must be a whole number from 1 to 1000.");
  }
  return sql.raw(String(count));
}

/** Applications newest first, filtered, one page at a time; `nextCursor` is null on the last page. */
export async function listApplications(
  db: Db,
  organizationId: string,
  filter: PageFilter,
): Promise<ApplicationPage> {
  const { shape, values } = pageShapeAndValues(organizationId, filter);
  const rows = filter.query?.trim()
    ? await queryRows<PageRow>(db, applicationPageStatement(shape, applicationMatches(filter.query)), values)
    : await pageStatements(db, shape, values);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > filter.limit && last ? encodePageCursor(last.cursorCreatedAt, last.id) : null,
  };
}

export async function getApplication(
  db: Db,
  organizationId: string,
  applicationId: string,
): Promise<ApplicationDetail> {
  const [row] = await selectSummaries(db).where(
    and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)),
  );
  if (!row) throw new AppError("not_found", "That application was not found.");
  const stages = await db
    .select({
      id: planStages.id,
      name: planStages.name,
      type: planStages.type,
      position: planStages.position,
    })
    .from(planStages)
    .where(and(eq(planStages.organizationId, organizationId), eq(planStages.roleId, row.roleId)))
    .orderBy(asc(planStages.position));
  const events = await db
    .select({
      event: applicationEvents,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(applicationEvents)
    .leftJoin(users, eq(users.id, applicationEvents.actorUserId))
    .where(
      and(
        eq(applicationEvents.organizationId, organizationId),
        eq(applicationEvents.applicationId, applicationId),
      ),
    )
    .orderBy(asc(applicationEvents.id));
  const stageById = new Map(stages.map((stage) => [stage.id, stage]));
  const stageRef = (stageId: string | null) => {
    if (!stageId) return null;
    const stage = stageById.get(stageId);
    return { id: stageId, name: stage?.name ?? null, type: stage?.type ?? null };
  };
  return {
    ...toSummary(row),
    history: events.map(({ event, actorName, actorEmail }) => ({
      id: String(event.id),
      kind: event.kind,
      fromStage: stageRef(event.fromStageId),
      toStage: stageRef(event.toStageId),
      reason: event.reason,
      note: event.note,
      actor:
        event.actorUserId && actorName !== null && actorEmail !== null
          ? { id: event.actorUserId, name: actorName, email: actorEmail }
          : null,
      at: event.createdAt.toISOString(),
    })),
    stages,
  };
}

const INSERT_CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += INSERT_CHUNK) {
    result.push(items.slice(start, start + INSERT_CHUNK));
  }
  return result;
}

/**
 * Creates applications of these candidates to a role, each in the plan's first stage with a
 * `created` event. Runs in the caller's transaction; the caller audits. The role must exist in
 * the organisation and have a plan.
 */
export async function enterApplications(
  db: Db,
  organizationId: string,
  input: { roleId: string; candidateIds: readonly string[]; actorUserId: string | null; at: Date },
): Promise<Map<string, string>> {
  const firstStage = await findFirstStage(db, organizationId, input.roleId);
  if (!firstStage) {
    throw new AppError(
      "conflict",
      "The role has no hiring plan yet; create its plan (from a template) before adding candidates to it.",
    );
  }
  const applicationIdByCandidate = new Map(input.candidateIds.map((candidateId) => [candidateId, newId()]));
  const rows = [...applicationIdByCandidate].map(([candidateId, id]) => ({
    id,
    organizationId,
    candidateId,
    roleId: input.roleId,
    currentStageId: firstStage.id,
    status: "active" as const,
    createdAt: input.at,
    updatedAt: input.at,
  }));
  try {
    for (const chunk of chunks(rows)) await db.insert(applications).values(chunk);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "The candidate already has an application to this role.", {
        cause: error,
      });
    }
    throw error;
  }
  for (const chunk of chunks(rows)) {
    await db.insert(applicationEvents).values(
      chunk.map((row) => ({
        organizationId,
        applicationId: row.id,
        kind: "created" as const,
        toStageId: firstStage.id,
        actorUserId: input.actorUserId,
        createdAt: input.at,
      })),
    );
  }
  return applicationIdByCandidate;
}

/** Checks the role belongs to the organisation; answers not found otherwise. */
export async function requireRoleInOrganization(db: Db, organizationId: string, roleId: string) {
  const [role] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.organizationId, organizationId), eq(roles.id, roleId)));
  if (!role) throw new AppError("not_found", "That role was not found.");
}

/** A candidate's application to a role, starting in the first stage of the role's plan. */
export async function createApplication(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  input: { candidateId: string; roleId: string },
): Promise<ApplicationDetail> {
  const applicationId = await deps.db.transaction(async (tx) => {
    const [candidate] = await tx
      .select({ id: candidates.id, erasedAt: candidates.erasedAt })
      .from(candidates)
      .where(and(eq(candidates.organizationId, organizationId), eq(candidates.id, input.candidateId)));
    if (!candidate) throw new AppError("not_found", "That candidate was not found.");
    if (candidate.erasedAt) throw new AppError("conflict", "That candidate's data was erased.");
    await requireRoleInOrganization(tx, organizationId, input.roleId);
    const [existing] = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(
        and(
          eq(applications.organizationId, organizationId),
          eq(applications.candidateId, input.candidateId),
          eq(applications.roleId, input.roleId),
        ),
      );
    if (existing) {
      throw new AppError(
        "conflict",
        "The candidate already has an application to this role; reopen that one from their page instead.",
        { extensions: { existingApplicationId: existing.id } },
      );
    }
    const created = await enterApplications(tx, organizationId, {
      roleId: input.roleId,
      candidateIds: [input.candidateId],
      actorUserId: actor.userId,
      at: deps.clock.now(),
    });
    const id = created.get(input.candidateId);
    if (!id) throw new AppError("internal", "The application was not stored.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "application.created",
      objectType: "application",
      objectId: id,
      detail: { candidateId: input.candidateId, roleId: input.roleId },
    });
    return id;
  });
  return getApplication(deps.db, organizationId, applicationId);
}

async function lockApplication(db: Db, organizationId: string, applicationId: string) {
  const [row] = await db
    .select({
      id: applications.id,
      roleId: applications.roleId,
      status: applications.status,
      currentStageId: applications.currentStageId,
    })
    .from(applications)
    .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)))
    .for("update");
  if (!row) throw new AppError("not_found", "That application was not found.");
  return row;
}

function assertActive(status: ApplicationStatus, attempted: string) {
  if (status === "active") return;
  const remedy = status === "hired" ? "a hired application is final" : "reopen it first";
  throw new AppError("conflict", `The application is ${status}, so it cannot be ${attempted}; ${remedy}.`);
}

/** Moves an active application to any stage of its role's plan, forwards or back, with a history entry. */
export async function moveApplicationStage(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  applicationId: string,
  input: { stageId: string; note?: string | undefined; undo?: boolean | undefined },
): Promise<ApplicationDetail> {
  await deps.db.transaction(async (tx) => {
    const application = await lockApplication(tx, organizationId, applicationId);
    assertActive(application.status, "moved");
    const [stage] = await tx
      .select({ id: planStages.id, name: planStages.name })
      .from(planStages)
      .where(
        and(
          eq(planStages.organizationId, organizationId),
          eq(planStages.roleId, application.roleId),
          eq(planStages.id, input.stageId),
        ),
      );
    if (!stage) {
      throw new AppError("bad_request", "stageId is not a stage of this application's role plan.", {
        fieldErrors: [{ path: "stageId", message: "not a stage of this role's plan" }],
      });
    }
    if (stage.id === application.currentStageId) {
      throw new AppError("conflict", `The application is already in the stage "${stage.name}".`);
    }
    const now = deps.clock.now();
    await tx
      .update(applications)
      .set({ currentStageId: stage.id, updatedAt: now })
      .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)));
    await tx.insert(applicationEvents).values({
      organizationId,
      applicationId,
      kind: "stage_moved",
      fromStageId: application.currentStageId,
      toStageId: stage.id,
      note: input.note?.trim() || null,
      actorUserId: actor.userId,
      createdAt: now,
    });
    await recordAudit(tx, actor, {
      organizationId,
      // An undo is a move of its own (history keeps both), named so the audit log tells them apart.
      action: input.undo ? "application.stage_move_undone" : "application.stage_moved",
      objectType: "application",
      objectId: applicationId,
      detail: { fromStageId: application.currentStageId, toStageId: stage.id },
    });
  });
  return getApplication(deps.db, organizationId, applicationId);
}

type StatusChange =
  | { kind: "rejected"; reason: RejectionReason; note?: string | undefined }
  | { kind: "withdrawn"; note?: string | undefined }
  | { kind: "reopened" };

/**
 * Rejects or withdraws an active application, or reopens a rejected or withdrawn one (a hired
 * application is final). The application keeps its current stage, and the change is recorded.
 */
export async function changeApplicationStatus(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  applicationId: string,
  change: StatusChange,
): Promise<ApplicationDetail> {
  await deps.db.transaction(async (tx) => {
    const application = await lockApplication(tx, organizationId, applicationId);
    if (change.kind === "reopened") {
      if (application.status === "active")
        throw new AppError("conflict", "The application is already active.");
      if (application.status === "hired") {
        throw new AppError(
          "conflict",
          "The application is hired, so it cannot be reopened; a hire is final.",
        );
      }
    } else {
      assertActive(application.status, change.kind);
    }
    const status: ApplicationStatus =
      change.kind === "rejected" ? "rejected" : change.kind === "withdrawn" ? "withdrawn" : "active";
    const reason = change.kind === "rejected" ? change.reason : null;
    const now = deps.clock.now();
    await tx
      .update(applications)
      .set({ status, rejectionReason: reason, updatedAt: now })
      .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)));
    await tx.insert(applicationEvents).values({
      organizationId,
      applicationId,
      kind: change.kind,
      // The stage it left the process from, or (on reopening) the stage it is back in.
      fromStageId: change.kind === "reopened" ? null : application.currentStageId,
      toStageId: change.kind === "reopened" ? application.currentStageId : null,
      reason,
      note: change.kind === "reopened" ? null : change.note?.trim() || null,
      actorUserId: actor.userId,
      createdAt: now,
    });
    await recordAudit(tx, actor, {
      organizationId,
      action: `application.${change.kind}`,
      objectType: "application",
      objectId: applicationId,
      detail: { from: application.status, to: status, ...(reason ? { reason } : {}) },
    });
  });
  return getApplication(deps.db, organizationId, applicationId);
}
