import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import {
  detectResumeType,
  findResume,
  RESUME_MAX_BYTES,
  type ResumeKind,
  readResume,
  resumeContentTypes,
  safeResumeFilename,
  storeResume,
} from "../files/files.ts";
import {
  candidateMatches,
  cursorTimestamp,
  decodePageCursor,
  encodePageCursor,
  enterApplications,
  isUniqueViolation,
  listApplications,
  requireRoleInOrganization,
} from "./applications.ts";
import { candidates } from "./candidates-table.ts";
import type { CandidateDetail, CandidateInput, CandidatePage, CandidateView, ResumeView } from "./schemas.ts";

type Deps = { db: Db; clock: Clock };

const toView = (row: typeof candidates.$inferSelect): CandidateView => ({
  id: row.id,
  fullName: row.fullName,
  email: row.email,
  phone: row.phone,
  location: row.location,
  links: row.links,
  source: row.source,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  erasedAt: row.erasedAt?.toISOString() ?? null,
});

export const normaliseCandidateEmail = (email: string) => email.trim().toLowerCase();

/** The candidate of the organisation with this email, ignoring case, or null. */
export async function findCandidateByEmail(db: Db, organizationId: string, email: string) {
  const [row] = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(
      and(
        eq(candidates.organizationId, organizationId),
        sql`lower(${candidates.email}) = ${normaliseCandidateEmail(email)}`,
      ),
    );
  return row ?? null;
}

const duplicateEmail = (email: string, candidateId: string) =>
  new AppError(
    "conflict",
    `A candidate with the email ${normaliseCandidateEmail(email)} already exists: ${candidateId}.`,
  );

async function requireLiveCandidate(db: Db, organizationId: string, candidateId: string) {
  const [row] = await db
    .select()
    .from(candidates)
    .where(and(eq(candidates.organizationId, organizationId), eq(candidates.id, candidateId)));
  if (!row) throw new AppError("not_found", "That candidate was not found.");
  if (row.erasedAt) throw new AppError("conflict", "That candidate's data was erased.");
  return row;
}

/**
 * Adds a candidate; an email already in the organisation (ignoring case) is refused with the
 * existing candidate's id. With a role, the candidate also applies, starting in its first stage.
 */
export async function createCandidate(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  input: CandidateInput & { roleId?: string | undefined },
): Promise<CandidateDetail> {
  const candidateId = await deps.db.transaction(async (tx) => {
    const existing = await findCandidateByEmail(tx, organizationId, input.email);
    if (existing) throw duplicateEmail(input.email, existing.id);
    if (input.roleId) await requireRoleInOrganization(tx, organizationId, input.roleId);
    const now = deps.clock.now();
    const id = newId();
    try {
      await tx.insert(candidates).values({
        id,
        organizationId,
        fullName: input.fullName,
        email: normaliseCandidateEmail(input.email),
        phone: input.phone,
        location: input.location,
        links: input.links,
        source: input.source,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          "conflict",
          `A candidate with the email ${input.email} was just added by someone else.`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    await recordAudit(tx, actor, {
      organizationId,
      action: "candidate.created",
      objectType: "candidate",
      objectId: id,
      // Not the source: free text about the candidate ("met Jane at …") stays in their row.
      detail: { hasSource: Boolean(input.source) },
    });
    if (input.roleId) {
      const created = await enterApplications(tx, organizationId, {
        roleId: input.roleId,
        candidateIds: [id],
        actorUserId: actor.userId,
        at: now,
      });
      await recordAudit(tx, actor, {
        organizationId,
        action: "application.created",
        objectType: "application",
        objectId: created.get(id) ?? null,
        detail: { candidateId: id, roleId: input.roleId },
      });
    }
    return id;
  });
  return getCandidate(deps.db, organizationId, candidateId);
}

/** Live (not erased) candidates, newest first, searched by name or email, one page at a time. */
export async function listCandidates(
  db: Db,
  organizationId: string,
  filter: {
    query?: string | undefined;
    email?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<CandidatePage> {
  const conditions: SQL[] = [eq(candidates.organizationId, organizationId), isNull(candidates.erasedAt)];
  if (filter.query?.trim()) conditions.push(candidateMatches(filter.query));
  if (filter.email)
    conditions.push(sql`lower(${candidates.email}) = ${normaliseCandidateEmail(filter.email)}`);
  if (filter.cursor !== undefined) {
    const after = decodePageCursor(filter.cursor);
    conditions.push(
      sql`(${candidates.createdAt}, ${candidates.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await db
    .select({ candidate: candidates, cursorCreatedAt: cursorTimestamp(candidates.createdAt) })
    .from(candidates)
    .where(and(...conditions))
    .orderBy(desc(candidates.createdAt), desc(candidates.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toView(row.candidate)),
    nextCursor:
      rows.length > filter.limit && last ? encodePageCursor(last.cursorCreatedAt, last.candidate.id) : null,
  };
}

/** A candidate with their applications and resume metadata. */
export async function getCandidate(
  db: Db,
  organizationId: string,
  candidateId: string,
): Promise<CandidateDetail> {
  const [row] = await db
    .select()
    .from(candidates)
    .where(and(eq(candidates.organizationId, organizationId), eq(candidates.id, candidateId)));
  if (!row) throw new AppError("not_found", "That candidate was not found.");
  const { items } = await listApplications(db, organizationId, { candidateId, limit: 100 });
  return { ...toView(row), applications: items, resume: await findResume(db, organizationId, candidateId) };
}

export async function updateCandidate(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  candidateId: string,
  changes: Partial<CandidateInput>,
): Promise<CandidateDetail> {
  await deps.db.transaction(async (tx) => {
    await requireLiveCandidate(tx, organizationId, candidateId);
    if (changes.email !== undefined) {
      const holder = await findCandidateByEmail(tx, organizationId, changes.email);
      if (holder && holder.id !== candidateId) throw duplicateEmail(changes.email, holder.id);
    }
    try {
      await tx
        .update(candidates)
        .set({
          ...changes,
          ...(changes.email !== undefined ? { email: normaliseCandidateEmail(changes.email) } : {}),
          updatedAt: deps.clock.now(),
        })
        .where(and(eq(candidates.organizationId, organizationId), eq(candidates.id, candidateId)));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError("conflict", "Another candidate was just given that email.", { cause: error });
      }
      throw error;
    }
    await recordAudit(tx, actor, {
      organizationId,
      action: "candidate.updated",
      objectType: "candidate",
      objectId: candidateId,
      detail: { changed: Object.keys(changes) },
    });
  });
  return getCandidate(deps.db, organizationId, candidateId);
}

const kindLabels: Record<ResumeKind, string> = {
  pdf: "a PDF",
  docx: "a Word document (.docx)",
  text: "plain text",
};

const declaredKinds: Record<string, ResumeKind> = {
  "application/pdf": "pdf",
  [resumeContentTypes.docx]: "docx",
  "text/plain": "text",
};

/**
 * Stores a candidate's resume (replacing any earlier one) after checking what its bytes are:
 * PDF, DOCX or UTF-8 text. A declared type that contradicts the content is refused too.
 */
export async function uploadResume(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  candidateId: string,
  file: { filename?: string | undefined; declaredType?: string | undefined; content: Buffer },
): Promise<ResumeView> {
  // Another organisation's candidate is not found, whatever the file: checked before the content.
  await requireLiveCandidate(deps.db, organizationId, candidateId);
  if (file.content.byteLength > RESUME_MAX_BYTES) {
    throw new AppError("payload_too_large", `A resume may be at most ${RESUME_MAX_BYTES / 1024 / 1024} MiB.`);
  }
  if (file.content.byteLength === 0) {
    throw new AppError("bad_request", "The file is empty.", {
      fieldErrors: [{ path: "file", message: "empty" }],
    });
  }
  const detected = detectResumeType(file.content);
  const declared = file.declaredType?.split(";")[0]?.trim().toLowerCase();
  if (!detected.ok) {
    throw new AppError(
      "unsupported_media_type",
      `A resume must be a PDF, a Word document (.docx) or plain UTF-8 text; this file${
        declared ? ` (sent as ${declared})` : ""
      } is ${detected.looksLike}.`,
    );
  }
  const declaredKind = declared ? declaredKinds[declared] : undefined;
  if (declaredKind && declaredKind !== detected.kind) {
    throw new AppError(
      "unsupported_media_type",
      `The file is sent as ${kindLabels[declaredKind]} (${declared}) but its content is ${kindLabels[detected.kind]}.`,
    );
  }
  return deps.db.transaction(async (tx) => {
    await requireLiveCandidate(tx, organizationId, candidateId);
    const now = deps.clock.now();
    const stored = await storeResume(tx, {
      organizationId,
      candidateId,
      filename: safeResumeFilename(file.filename, detected.kind),
      contentType: resumeContentTypes[detected.kind],
      content: file.content,
      at: now,
    });
    await tx
      .update(candidates)
      .set({ updatedAt: now })
      .where(and(eq(candidates.organizationId, organizationId), eq(candidates.id, candidateId)));
    await recordAudit(tx, actor, {
      organizationId,
      action: "candidate.resume_uploaded",
      objectType: "candidate",
      objectId: candidateId,
      detail: { kind: detected.kind, sizeBytes: stored.sizeBytes },
    });
    return stored;
  });
}

export async function downloadResume(db: Db, organizationId: string, candidateId: string) {
  const [row] = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(eq(candidates.organizationId, organizationId), eq(candidates.id, candidateId)));
  if (!row) throw new AppError("not_found", "That candidate was not found.");
  const resume = await readResume(db, organizationId, candidateId);
  if (!resume) throw new AppError("not_found", "This candidate has no resume.");
  return resume;
}
