import { and, eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { storedFiles } from "../files/files-table.ts";
import type { CandidateDataHolding, CandidateExportParts } from "./personal-data.ts";
import type { CandidateExport } from "./schemas.ts";

export { exportFileUrl } from "./personal-data.ts";
export type { CandidateExport } from "./schemas.ts";

/**
 * Everything Evident holds about a candidate, for a subject access request: each module's
 * holdings (src/modules/contracts.ts) contribute their part (profile, applications with their
 * history, interviews, scorecards about them, decisions, their demographic answers, emails sent
 * to them and their files), read in one transaction.
 */
export async function exportCandidateData(
  deps: { db: Db; clock: Clock; baseUrl: string; candidateData: readonly CandidateDataHolding[] },
  actor: Actor,
  organizationId: string,
  candidateId: string,
): Promise<CandidateExport> {
  return deps.db.transaction(async (tx) => {
    const [candidate] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)));
    if (!candidate) throw new AppError("not_found", "That candidate was not found.");
    const applicationIds = await candidateApplicationIds(tx, organizationId, candidateId);

    const scope = { tx, organizationId, candidateId, applicationIds, baseUrl: deps.baseUrl };
    const parts: Partial<CandidateExportParts> = {};
    for (const holding of deps.candidateData) {
      if (typeof holding.export === "function") Object.assign(parts, await holding.export(scope));
    }
    const files = parts.files ?? [];
    const emails = parts.emails ?? [];
    if (!parts.candidate) throw new AppError("internal", "No module exports the candidate's profile.");

    await recordAudit(tx, actor, {
      organizationId,
      action: "candidate.exported",
      objectType: "candidate",
      objectId: candidateId,
      detail: { applications: applicationIds.length, files: files.length, emails: emails.length },
    });

    const ofApplication = <Row extends { applicationId: string }>(rows: Row[] | undefined, id: string) =>
      (rows ?? []).filter((row) => row.applicationId === id).map(({ applicationId: _, ...row }) => row);
    return {
      exportedAt: deps.clock.now().toISOString(),
      candidate: parts.candidate,
      applications: (parts.applications ?? []).map((application) => ({
        ...application,
        history: ofApplication(parts.history, application.id),
        interviews: ofApplication(parts.interviews, application.id),
        scorecards: ofApplication(parts.scorecards, application.id),
        decisions: ofApplication(parts.decisions, application.id),
        hires: ofApplication(parts.hires, application.id),
      })),
      demographics: parts.demographics ?? null,
      emails,
      emailDrafts: parts.emailDrafts ?? [],
      files,
    };
  });
}

/** The candidate's applications in the organisation: what most holdings are found by. */
export async function candidateApplicationIds(
  tx: Db,
  organizationId: string,
  candidateId: string,
): Promise<string[]> {
  const rows = await tx
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.candidateId, candidateId), eq(applications.organizationId, organizationId)));
  return rows.map((row) => row.id);
}

/** One of the candidate's files, for the export's download links (admins). */
export async function readCandidateFile(
  db: Db,
  organizationId: string,
  candidateId: string,
  fileId: string,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const [file] = await db
    .select({
      filename: storedFiles.filename,
      contentType: storedFiles.contentType,
      content: storedFiles.content,
    })
    .from(storedFiles)
    .where(
      and(
        eq(storedFiles.id, fileId),
        eq(storedFiles.organizationId, organizationId),
        eq(storedFiles.ownerType, "candidate"),
        eq(storedFiles.ownerId, candidateId),
      ),
    );
  if (!file) throw new AppError("not_found", "That file was not found among the candidate's files.");
  return file;
}
