import { and, eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { candidates } from "../candidates/candidates-table.ts";
import type { Mailer } from "../mail/mailer.ts";
import { findCandidateMentions } from "./candidate-mentions.ts";
import { candidateApplicationIds } from "./export.ts";
import type { CandidateDataHolding } from "./personal-data.ts";
import type { CandidateErasure, ErasureCounts, ErasureSummary } from "./schemas.ts";

export { ERASED_TEXT } from "./personal-data.ts";

/**
 * Removes a candidate's personal data everywhere, inside the caller's transaction: each module's
 * holding (src/modules/contracts.ts) erases its part: the candidate row's fields, their files,
 * emails, portal links and sessions, demographics, challenge code, the free-text notes of their
 * application history, and free text elsewhere that names them (see findCandidateMentions).
 * Applications, ratings, scores and decisions stay, anonymous, so statistics keep their shape.
 * Answers the outbox files to delete once the transaction commits. test/privacy.test.ts scans
 * every column of every table for what was erased; test/module-contracts.test.ts fails on a
 * table no contract accounts for.
 */
export async function eraseCandidateRecords(
  tx: Db,
  candidateData: readonly CandidateDataHolding[],
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
  const applicationIds = await candidateApplicationIds(tx, organizationId, candidateId);
  const scope = {
    tx,
    organizationId,
    candidateId,
    applicationIds,
    now,
    candidate,
    mentionsCandidate: findCandidateMentions(candidate).isMentioned,
  };

  const counts: ErasureCounts = {
    removed: {
      files: 0,
      emails: 0,
      magicLinks: 0,
      portalSessions: 0,
      demographics: 0,
      challengeCode: 0,
      hires: 0,
      scorecardDrafts: 0,
      exerciseWork: 0,
      pads: 0,
      emailDrafts: 0,
    },
    redacted: {
      applicationEventNotes: 0,
      applicationEventReasons: 0,
      scorecardEvidence: 0,
      scorecardAmendmentReasons: 0,
      decisionOverrideReasons: 0,
      interviewPlaces: 0,
      postHireReviewEvidence: 0,
      exerciseReviewEvidence: 0,
      trialDaySessionTitles: 0,
      trialDayObservationEvidence: 0,
    },
  };
  const outboxFileNames: string[] = [];
  for (const holding of candidateData) {
    const erased = await holding.erase(scope);
    addCounts(counts.removed, erased.removed);
    addCounts(counts.redacted, erased.redacted);
    outboxFileNames.push(...(erased.outboxFileNames ?? []));
  }

  const summary: ErasureSummary = {
    candidateId,
    erasedAt: (candidate.erasedAt ?? now).toISOString(),
    ...counts,
  };
  // Counts and ids only: the audit log is append-only, so it must never hold what was erased.
  await recordAudit(tx, actor, {
    organizationId,
    action: "candidate.erased",
    objectType: "candidate",
    objectId: candidateId,
    detail: {
      trigger,
      applications: applicationIds.length,
      removed: summary.removed,
      redacted: summary.redacted,
    },
  });
  return { summary, outboxFileNames };
}

function addCounts<Counts extends Record<string, number>>(total: Counts, part: Partial<Counts> | undefined) {
  for (const [key, value] of Object.entries(part ?? {}) as [keyof Counts, number][]) {
    (total[key] as number) += value;
  }
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
  deps: { db: Db; clock: Clock; mailer: Mailer; candidateData: readonly CandidateDataHolding[] },
  actor: Actor,
  organizationId: string,
  candidateId: string,
  input: { confirm: string },
): Promise<CandidateErasure> {
  if (input.confirm !== candidateId) {
    throw new AppError("bad_request", "To erase this candidate, send their id in confirm.", {
      fieldErrors: [{ path: "confirm", message: "must equal the candidate's id" }],
    });
  }
  const { summary, outboxFileNames } = await deps.db.transaction((tx) =>
    eraseCandidateRecords(
      tx,
      deps.candidateData,
      deps.clock.now(),
      actor,
      organizationId,
      candidateId,
      "request",
    ),
  );
  const outboxFilesNotDeleted = await deleteOutboxFiles(deps.mailer, outboxFileNames);
  return { ...summary, outboxFilesNotDeleted };
}
