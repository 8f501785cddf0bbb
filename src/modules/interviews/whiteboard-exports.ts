import { and, desc, eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { storedFiles } from "../files/files-table.ts";
import {
  checkWhiteboardImage,
  safeWhiteboardFilename,
  WHITEBOARD_EXPORT_MAX_BYTES,
  type WhiteboardImageKind,
  whiteboardContentTypes,
} from "../files/whiteboard-images.ts";
import { requireVisibleInterview, type Viewer } from "./interviews.ts";
import type { WhiteboardExportView } from "./schemas.ts";

type Deps = { db: Db; clock: Clock };

const exportsOf = (organizationId: string, interviewId: string) =>
  and(
    eq(storedFiles.organizationId, organizationId),
    eq(storedFiles.interviewId, interviewId),
    eq(storedFiles.purpose, "whiteboard_export"),
  );

const kindOf = (contentType: string): WhiteboardImageKind => (contentType === "image/png" ? "png" : "svg");

const viewColumns = {
  id: storedFiles.id,
  filename: storedFiles.filename,
  contentType: storedFiles.contentType,
  sizeBytes: storedFiles.sizeBytes,
  createdAt: storedFiles.createdAt,
  uploadedByName: users.name,
};

const toView = (row: {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
  uploadedByName: string | null;
}): WhiteboardExportView => ({
  id: row.id,
  filename: row.filename,
  kind: kindOf(row.contentType),
  contentType: row.contentType,
  sizeBytes: row.sizeBytes,
  uploadedBy: row.uploadedByName,
  uploadedAt: row.createdAt.toISOString(),
});

/**
 * Attaches a PNG or SVG export of the pad's whiteboard to an interview its uploader may see.
 * The file is stored as the candidate's (it may show their handwriting or name), so the
 * candidate's data export lists it and erasure deletes it.
 */
export async function attachWhiteboardExport(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
  file: { filename?: string | undefined; content: Buffer },
): Promise<WhiteboardExportView> {
  // Another organisation's (or an unassigned interviewer's) interview is not found, whatever the file.
  const interview = await requireVisibleInterview(deps.db, organizationId, viewer, interviewId);
  if (file.content.byteLength > WHITEBOARD_EXPORT_MAX_BYTES) {
    throw new AppError(
      "payload_too_large",
      `A whiteboard export may be at most ${WHITEBOARD_EXPORT_MAX_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const checked = checkWhiteboardImage(file.content);
  if (!checked.ok) {
    throw new AppError(
      "unsupported_media_type",
      `A whiteboard export must be a PNG image or a plain SVG drawing; ${checked.reason}.`,
    );
  }
  return deps.db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ candidateId: candidates.id, erasedAt: candidates.erasedAt })
      .from(applications)
      .innerJoin(candidates, eq(candidates.id, applications.candidateId))
      .where(
        and(eq(applications.organizationId, organizationId), eq(applications.id, interview.applicationId)),
      );
    if (!owner) throw new AppError("not_found", "That interview was not found.");
    if (owner.erasedAt) throw new AppError("conflict", "The candidate's data was erased.");
    const row = {
      id: newId(),
      organizationId,
      ownerType: "candidate" as const,
      ownerId: owner.candidateId,
      purpose: "whiteboard_export" as const,
      interviewId,
      uploadedBy: viewer.userId,
      filename: safeWhiteboardFilename(file.filename, checked.kind),
      contentType: whiteboardContentTypes[checked.kind],
      sizeBytes: file.content.byteLength,
      content: file.content,
      createdAt: deps.clock.now(),
    };
    await tx.insert(storedFiles).values(row);
    await recordAudit(tx, actor, {
      organizationId,
      action: "interview.whiteboard_export_attached",
      objectType: "interview",
      objectId: interviewId,
      detail: { fileId: row.id, kind: checked.kind, sizeBytes: row.sizeBytes },
    });
    const [uploader] = await tx.select({ name: users.name }).from(users).where(eq(users.id, viewer.userId));
    return toView({ ...row, uploadedByName: uploader?.name ?? null });
  });
}

/** The interview's whiteboard exports, newest first, without their bytes. */
export async function listWhiteboardExports(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
): Promise<WhiteboardExportView[]> {
  await requireVisibleInterview(db, organizationId, viewer, interviewId);
  const rows = await db
    .select(viewColumns)
    .from(storedFiles)
    .leftJoin(users, eq(users.id, storedFiles.uploadedBy))
    .where(exportsOf(organizationId, interviewId))
    .orderBy(desc(storedFiles.createdAt), desc(storedFiles.id));
  return rows.map(toView);
}

/** One export with its bytes, for whoever may see the interview. */
export async function readWhiteboardExport(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
  fileId: string,
): Promise<WhiteboardExportView & { content: Buffer }> {
  await requireVisibleInterview(db, organizationId, viewer, interviewId);
  const [row] = await db
    .select({ ...viewColumns, content: storedFiles.content })
    .from(storedFiles)
    .leftJoin(users, eq(users.id, storedFiles.uploadedBy))
    .where(and(exportsOf(organizationId, interviewId), eq(storedFiles.id, fileId)));
  if (!row) throw new AppError("not_found", "That whiteboard export was not found.");
  return { ...toView(row), content: row.content };
}
