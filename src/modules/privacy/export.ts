import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import {
  applicationEvents,
  applications,
  candidateDemographics,
  candidates,
} from "../candidates/candidates-table.ts";
import { type DecisionComponent, hiringDecisions } from "../decisions/decisions-table.ts";
import { storedFiles } from "../files/files-table.ts";
import { interviews, type ScorecardRating, scorecards } from "../interviews/interviews-table.ts";
import { outboundEmails } from "../mail/mail-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";

export interface CandidateExport {
  exportedAt: string;
  candidate: {
    id: string;
    fullName: string | null;
    email: string | null;
    phone: string | null;
    location: string | null;
    links: string[];
    source: string | null;
    createdAt: string;
    updatedAt: string;
    erasedAt: string | null;
  };
  applications: {
    id: string;
    role: { id: string; title: string };
    status: string;
    rejectionReason: string | null;
    currentStage: string | null;
    createdAt: string;
    updatedAt: string;
    history: {
      kind: string;
      fromStage: string | null;
      toStage: string | null;
      reason: string | null;
      note: string | null;
      at: string;
    }[];
    interviews: {
      id: string;
      stage: string;
      scheduledAt: string;
      durationMinutes: number;
      mode: string;
      room: string | null;
      videoLink: string | null;
      status: string;
    }[];
    scorecards: {
      id: string;
      stage: string;
      version: number;
      ratings: ScorecardRating[];
      score: number;
      recommendation: string;
      amendmentReason: string | null;
      submittedAt: string;
    }[];
    decisions: {
      id: string;
      outcome: string;
      formulaOutcome: string;
      formulaScore: number | null;
      threshold: number;
      components: DecisionComponent[];
      overrideReason: string | null;
      decidedAt: string;
    }[];
  }[];
  demographics: Record<string, string> | null;
  emails: {
    id: string;
    template: string;
    to: string;
    subject: string;
    bodyText: string;
    status: string;
    sentAt: string;
  }[];
  files: {
    id: string;
    purpose: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    uploadedAt: string;
    downloadUrl: string;
  }[];
}

/** Where an admin downloads one of the candidate's files listed in their export. */
export const exportFileUrl = (baseUrl: string, candidateId: string, fileId: string) =>
  `${baseUrl}/api/v1/candidates/${candidateId}/export/files/${fileId}`;

/**
 * Everything Evident holds about a candidate, for a subject access request: profile,
 * applications with their history, interviews, scorecards about them, decisions, their
 * demographic answers (it is their data), emails sent to them and their files. Interviewers are
 * not named: that is the interviewers' personal data, not the candidate's.
 */
export async function exportCandidateData(
  deps: { db: Db; clock: Clock; baseUrl: string },
  actor: Actor,
  organizationId: string,
  candidateId: string,
): Promise<CandidateExport> {
  return deps.db.transaction(async (tx) => {
    const [candidate] = await tx
      .select()
      .from(candidates)
      .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)));
    if (!candidate) throw new AppError("not_found", "That candidate was not found.");

    const fromStage = alias(planStages, "from_stage");
    const toStage = alias(planStages, "to_stage");
    const applicationRows = await tx
      .select({ application: applications, roleTitle: roles.title, stageName: planStages.name })
      .from(applications)
      .innerJoin(roles, eq(roles.id, applications.roleId))
      .leftJoin(planStages, eq(planStages.id, applications.currentStageId))
      .where(and(eq(applications.candidateId, candidateId), eq(applications.organizationId, organizationId)))
      .orderBy(asc(applications.createdAt));
    const applicationIds = applicationRows.map((row) => row.application.id);
    const some = applicationIds.length > 0;

    const events = some
      ? await tx
          .select({ event: applicationEvents, fromStage: fromStage.name, toStage: toStage.name })
          .from(applicationEvents)
          .leftJoin(fromStage, eq(fromStage.id, applicationEvents.fromStageId))
          .leftJoin(toStage, eq(toStage.id, applicationEvents.toStageId))
          .where(inArray(applicationEvents.applicationId, applicationIds))
          .orderBy(asc(applicationEvents.id))
      : [];
    const interviewRows = some
      ? await tx
          .select({ interview: interviews, stage: planStages.name })
          .from(interviews)
          .innerJoin(planStages, eq(planStages.id, interviews.stageId))
          .where(inArray(interviews.applicationId, applicationIds))
          .orderBy(asc(interviews.scheduledAt))
      : [];
    const scorecardRows = some
      ? await tx
          .select({ scorecard: scorecards, stage: planStages.name })
          .from(scorecards)
          .innerJoin(planStages, eq(planStages.id, scorecards.stageId))
          .where(inArray(scorecards.applicationId, applicationIds))
          .orderBy(asc(scorecards.submittedAt))
      : [];
    const decisionRows = some
      ? await tx
          .select()
          .from(hiringDecisions)
          .where(inArray(hiringDecisions.applicationId, applicationIds))
          .orderBy(asc(hiringDecisions.decidedAt))
      : [];
    const [demographics] = await tx
      .select({ answers: candidateDemographics.answers })
      .from(candidateDemographics)
      .where(eq(candidateDemographics.candidateId, candidateId));
    const emails = await tx
      .select()
      .from(outboundEmails)
      .where(
        and(
          eq(outboundEmails.organizationId, organizationId),
          or(
            eq(outboundEmails.candidateId, candidateId),
            candidate.email
              ? sql`lower(${outboundEmails.toAddress}) = ${candidate.email.toLowerCase()}`
              : undefined,
          ),
        ),
      )
      .orderBy(asc(outboundEmails.createdAt));
    const files = await tx
      .select({
        id: storedFiles.id,
        purpose: storedFiles.purpose,
        filename: storedFiles.filename,
        contentType: storedFiles.contentType,
        sizeBytes: storedFiles.sizeBytes,
        createdAt: storedFiles.createdAt,
      })
      .from(storedFiles)
      .where(
        and(
          eq(storedFiles.organizationId, organizationId),
          eq(storedFiles.ownerType, "candidate"),
          eq(storedFiles.ownerId, candidateId),
        ),
      )
      .orderBy(asc(storedFiles.createdAt));

    await recordAudit(tx, actor, {
      organizationId,
      action: "candidate.exported",
      objectType: "candidate",
      objectId: candidateId,
      detail: { applications: applicationIds.length, files: files.length, emails: emails.length },
    });

    return {
      exportedAt: deps.clock.now().toISOString(),
      candidate: {
        id: candidate.id,
        fullName: candidate.fullName,
        email: candidate.email,
        phone: candidate.phone,
        location: candidate.location,
        links: candidate.links,
        source: candidate.source,
        createdAt: candidate.createdAt.toISOString(),
        updatedAt: candidate.updatedAt.toISOString(),
        erasedAt: candidate.erasedAt?.toISOString() ?? null,
      },
      applications: applicationRows.map(({ application, roleTitle, stageName }) => ({
        id: application.id,
        role: { id: application.roleId, title: roleTitle },
        status: application.status,
        rejectionReason: application.rejectionReason,
        currentStage: stageName,
        createdAt: application.createdAt.toISOString(),
        updatedAt: application.updatedAt.toISOString(),
        history: events
          .filter((row) => row.event.applicationId === application.id)
          .map((row) => ({
            kind: row.event.kind,
            fromStage: row.fromStage,
            toStage: row.toStage,
            reason: row.event.reason,
            note: row.event.note,
            at: row.event.createdAt.toISOString(),
          })),
        interviews: interviewRows
          .filter((row) => row.interview.applicationId === application.id)
          .map(({ interview, stage }) => ({
            id: interview.id,
            stage,
            scheduledAt: interview.scheduledAt.toISOString(),
            durationMinutes: interview.durationMinutes,
            mode: interview.mode,
            room: interview.room,
            videoLink: interview.videoLink,
            status: interview.status,
          })),
        scorecards: scorecardRows
          .filter((row) => row.scorecard.applicationId === application.id)
          .map(({ scorecard, stage }) => ({
            id: scorecard.id,
            stage,
            version: scorecard.version,
            ratings: scorecard.ratings,
            score: scorecard.score,
            recommendation: scorecard.recommendation,
            amendmentReason: scorecard.amendmentReason,
            submittedAt: scorecard.submittedAt.toISOString(),
          })),
        decisions: decisionRows
          .filter((row) => row.applicationId === application.id)
          .map((decision) => ({
            id: decision.id,
            outcome: decision.outcome,
            formulaOutcome: decision.formulaOutcome,
            formulaScore: decision.formulaScore,
            threshold: decision.threshold,
            components: decision.components,
            overrideReason: decision.overrideReason,
            decidedAt: decision.decidedAt.toISOString(),
          })),
      })),
      demographics: demographics?.answers ?? null,
      emails: emails.map((email) => ({
        id: email.id,
        template: email.template,
        to: email.toAddress,
        subject: email.subject,
        bodyText: email.bodyText,
        status: email.status,
        sentAt: email.createdAt.toISOString(),
      })),
      files: files.map((file) => ({
        id: file.id,
        purpose: file.purpose,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
        uploadedAt: file.createdAt.toISOString(),
        downloadUrl: exportFileUrl(deps.baseUrl, candidateId, file.id),
      })),
    };
  });
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
