import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
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
import { hiringDecisions } from "../decisions/decisions-table.ts";
import { storedFiles } from "../files/files-table.ts";
import { challengeAttempts, challengeSubmissions } from "../grading/grading-table.ts";
import { interviews, scorecards } from "../interviews/interviews-table.ts";
import { outboundEmails } from "../mail/mail-table.ts";
import type { Mailer } from "../mail/mailer.ts";
import { candidateMagicLinks, candidateSessions } from "../portal/portal-table.ts";
import { findCandidateMentions } from "./candidate-mentions.ts";

/** What replaces free text that named the candidate, so readers see why it is gone. */
export const ERASED_TEXT = "[removed when the candidate's personal data was erased]";

export interface ErasureSummary {
  candidateId: string;
  erasedAt: string;
  removed: {
    files: number;
    emails: number;
    magicLinks: number;
    portalSessions: number;
    demographics: number;
    /** Challenge submissions and drafts whose code was removed (their scores stay). */
    challengeCode: number;
  };
  redacted: {
    applicationEventNotes: number;
    applicationEventReasons: number;
    scorecardEvidence: number;
    scorecardAmendmentReasons: number;
    decisionOverrideReasons: number;
    interviewPlaces: number;
  };
}

/**
 * Removes a candidate's personal data everywhere, inside the caller's transaction: the
 * candidate row's fields, their files, emails, portal links and sessions, demographics, the
 * free-text notes of their application history, and free text elsewhere that names them (see
 * findCandidateMentions). Applications, ratings, scores and decisions stay, anonymous, so
 * statistics keep their shape. Answers the outbox files to delete once the transaction commits.
 * A new table holding candidate data must be added here; test/privacy.test.ts scans every
 * column of every table to catch one that is missed.
 */
export async function eraseCandidateRecords(
  tx: Db,
  now: Date,
  actor: Actor,
  organizationId: string,
  candidateId: string,
  trigger: "request" | "retention",
): Promise<{ summary: ErasureSummary; outboxFileNames: string[] }> {
  const [candidate] = await tx
    .select({
      fullName: candidates.fullName,
      email: candidates.email,
      phone: candidates.phone,
      links: candidates.links,
      erasedAt: candidates.erasedAt,
    })
    .from(candidates)
    .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)))
    .for("update");
  if (!candidate) throw new AppError("not_found", "That candidate was not found.");
  const mentionsCandidate = findCandidateMentions(candidate).isMentioned;
  const redactIfNamed = (text: string | null) => (mentionsCandidate(text) ? ERASED_TEXT : text);

  const files = await tx
    .delete(storedFiles)
    .where(
      and(
        eq(storedFiles.organizationId, organizationId),
        eq(storedFiles.ownerType, "candidate"),
        eq(storedFiles.ownerId, candidateId),
      ),
    )
    .returning({ id: storedFiles.id });
  // Emails recorded before the candidate existed (or without a link to them) are found by address.
  const emails = await tx
    .delete(outboundEmails)
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
    .returning({ fileName: outboundEmails.fileName });
  const magicLinks = await tx
    .delete(candidateMagicLinks)
    .where(eq(candidateMagicLinks.candidateId, candidateId))
    .returning({ id: candidateMagicLinks.id });
  const portalSessions = await tx
    .delete(candidateSessions)
    .where(eq(candidateSessions.candidateId, candidateId))
    .returning({ id: candidateSessions.id });
  const demographics = await tx
    .delete(candidateDemographics)
    .where(eq(candidateDemographics.candidateId, candidateId))
    .returning({ id: candidateDemographics.candidateId });

  await tx
    .update(candidates)
    .set({
      email: null,
      fullName: null,
      phone: null,
      location: null,
      links: [],
      source: null,
      // Erasing again (a retried job, a second request) keeps the first erasure's time.
      erasedAt: candidate.erasedAt ?? now,
      updatedAt: now,
    })
    .where(eq(candidates.id, candidateId));

  const applicationIds = (
    await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.candidateId, candidateId), eq(applications.organizationId, organizationId)))
  ).map((row) => row.id);

  const redacted: ErasureSummary["redacted"] = {
    applicationEventNotes: 0,
    applicationEventReasons: 0,
    scorecardEvidence: 0,
    scorecardAmendmentReasons: 0,
    decisionOverrideReasons: 0,
    interviewPlaces: 0,
  };
  let challengeCode = 0;
  if (applicationIds.length > 0) {
    // Code is the candidate's own work and may carry their name; scores and verdicts stay.
    const attempts = await tx
      .update(challengeAttempts)
      .set({ draftFiles: null, draftLanguage: null })
      .where(inArray(challengeAttempts.applicationId, applicationIds))
      .returning({ id: challengeAttempts.id });
    if (attempts.length > 0) {
      const cleared = await tx
        .update(challengeSubmissions)
        .set({ files: {}, result: null })
        .where(
          inArray(
            challengeSubmissions.attemptId,
            attempts.map((attempt) => attempt.id),
          ),
        )
        .returning({ id: challengeSubmissions.id });
      challengeCode = cleared.length;
    }

    // Notes are free text written about the person; none is kept, whatever it says.
    const notes = await tx
      .update(applicationEvents)
      .set({ note: null })
      .where(and(inArray(applicationEvents.applicationId, applicationIds), isNotNull(applicationEvents.note)))
      .returning({ id: applicationEvents.id });
    redacted.applicationEventNotes = notes.length;

    const events = await tx
      .select({ id: applicationEvents.id, reason: applicationEvents.reason })
      .from(applicationEvents)
      .where(
        and(inArray(applicationEvents.applicationId, applicationIds), isNotNull(applicationEvents.reason)),
      );
    for (const event of events.filter((row) => mentionsCandidate(row.reason))) {
      await tx
        .update(applicationEvents)
        .set({ reason: ERASED_TEXT })
        .where(eq(applicationEvents.id, event.id));
      redacted.applicationEventReasons += 1;
    }

    const cards = await tx
      .select({ id: scorecards.id, ratings: scorecards.ratings, amendmentReason: scorecards.amendmentReason })
      .from(scorecards)
      .where(inArray(scorecards.applicationId, applicationIds));
    for (const card of cards) {
      const namedRatings = card.ratings.filter((rating) => mentionsCandidate(rating.evidence)).length;
      const namedReason = mentionsCandidate(card.amendmentReason);
      if (namedRatings === 0 && !namedReason) continue;
      await tx
        .update(scorecards)
        .set({
          ratings: card.ratings.map((rating) =>
            mentionsCandidate(rating.evidence) ? { ...rating, evidence: ERASED_TEXT } : rating,
          ),
          amendmentReason: redactIfNamed(card.amendmentReason),
        })
        .where(eq(scorecards.id, card.id));
      redacted.scorecardEvidence += namedRatings;
      if (namedReason) redacted.scorecardAmendmentReasons += 1;
    }

    const decisions = await tx
      .select({ id: hiringDecisions.id, overrideReason: hiringDecisions.overrideReason })
      .from(hiringDecisions)
      .where(inArray(hiringDecisions.applicationId, applicationIds));
    for (const decision of decisions.filter((row) => mentionsCandidate(row.overrideReason))) {
      await tx
        .update(hiringDecisions)
        .set({ overrideReason: ERASED_TEXT })
        .where(eq(hiringDecisions.id, decision.id));
      redacted.decisionOverrideReasons += 1;
    }

    // A room or video link can be named after the candidate ("meet.example.com/interview-jane-doe").
    const places = await tx
      .select({ id: interviews.id, room: interviews.room, videoLink: interviews.videoLink })
      .from(interviews)
      .where(inArray(interviews.applicationId, applicationIds));
    for (const place of places) {
      if (!mentionsCandidate(place.room) && !mentionsCandidate(place.videoLink)) continue;
      await tx
        .update(interviews)
        .set({ room: redactIfNamed(place.room), videoLink: redactIfNamed(place.videoLink) })
        .where(eq(interviews.id, place.id));
      redacted.interviewPlaces += 1;
    }
  }

  const summary: ErasureSummary = {
    candidateId,
    erasedAt: (candidate.erasedAt ?? now).toISOString(),
    removed: {
      files: files.length,
      emails: emails.length,
      magicLinks: magicLinks.length,
      portalSessions: portalSessions.length,
      demographics: demographics.length,
      challengeCode,
    },
    redacted,
  };
  // Counts and ids only: the audit log is append-only, so it must never hold what was erased.
  await recordAudit(tx, actor, {
    organizationId,
    action: "candidate.erased",
    objectType: "candidate",
    objectId: candidateId,
    detail: { trigger, applications: applicationIds.length, removed: summary.removed, redacted },
  });
  const outboxFileNames = emails.flatMap((email) => (email.fileName ? [email.fileName] : []));
  return { summary, outboxFileNames };
}

/** Deletes stored .eml copies after the erasure committed; answers how many could not be deleted. */
export async function deleteOutboxFiles(mailer: Mailer, fileNames: string[]): Promise<number> {
  const results = await Promise.allSettled(fileNames.map((fileName) => mailer.deleteStoredMessage(fileName)));
  return results.filter((result) => result.status === "rejected").length;
}

/**
 * An admin's erasure request. The body must repeat the candidate's id, so a mistyped id or a
 * stray click cannot erase someone. Everything in the database changes in one transaction;
 * the outbox's .eml files are deleted after it commits.
 */
export async function eraseCandidate(
  deps: { db: Db; clock: Clock; mailer: Mailer },
  actor: Actor,
  organizationId: string,
  candidateId: string,
  input: { confirm: string },
): Promise<ErasureSummary & { outboxFilesNotDeleted: number }> {
  if (input.confirm !== candidateId) {
    throw new AppError("bad_request", "To erase this candidate, send their id in confirm.", {
      fieldErrors: [{ path: "confirm", message: "must equal the candidate's id" }],
    });
  }
  const { summary, outboxFileNames } = await deps.db.transaction((tx) =>
    eraseCandidateRecords(tx, deps.clock.now(), actor, organizationId, candidateId, "request"),
  );
  const outboxFilesNotDeleted = await deleteOutboxFiles(deps.mailer, outboxFileNames);
  return { ...summary, outboxFilesNotDeleted };
}
