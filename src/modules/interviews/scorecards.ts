import { and, asc, eq, inArray, max, type SQL } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError, type FieldError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applications } from "../candidates/candidates-table.ts";
import type { KitContent } from "../kits/kit-schema.ts";
import { kitVersions } from "../kits/kits-table.ts";
import { flaggedPhrases } from "../note-guard/note-guard.ts";
import { planStages } from "../plans/plans-table.ts";
import { findBlindScrubbers, scrubberOf } from "./blind.ts";
import { isHiringTeam, requireVisibleInterview, type Viewer } from "./interviews.ts";
import {
  interviewParticipants,
  interviews,
  type recommendations,
  type ScorecardRating,
  scorecards,
} from "./interviews-table.ts";
import type { ScorecardView, ScorecardWithHistory } from "./schemas.ts";
import { clearScorecardDraft } from "./scorecard-drafts.ts";

type Deps = { db: Db; clock: Clock };

/** Evidence notes and amendment reasons must say something: a bare "ok" or "+1" is not evidence. */
export const MIN_NOTE_LENGTH = 10;

export type Recommendation = (typeof recommendations)[number];

export interface RatingInput {
  attributeId: string;
  level: number;
  evidence: string;
}

export interface ScorecardInput {
  ratings: RatingInput[];
  recommendation: Recommendation;
}

/**
 * Checks ratings against the interview's rubric: exactly one rating per attribute, no attribute
 * the rubric lacks, levels 1–4, and an evidence note for each. Returns the cleaned ratings in
 * rubric order and every problem, each with the path of the field it concerns.
 */
export function checkRatings(
  rubric: KitContent["rubric"],
  ratings: readonly RatingInput[],
): { ratings: ScorecardRating[]; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const attributeIds = new Set(rubric.map((attribute) => attribute.id));
  const byAttribute = new Map<string, ScorecardRating>();
  ratings.forEach((rating, index) => {
    if (!attributeIds.has(rating.attributeId)) {
      problems.push({
        path: `ratings.${index}.attributeId`,
        message: `"${rating.attributeId}" is not an attribute of this interview's rubric`,
      });
      return;
    }
    if (byAttribute.has(rating.attributeId)) {
      problems.push({
        path: `ratings.${index}.attributeId`,
        message: `rates "${rating.attributeId}" a second time`,
      });
      return;
    }
    if (!Number.isInteger(rating.level) || rating.level < 1 || rating.level > 4) {
      problems.push({ path: `ratings.${index}.level`, message: "must be 1, 2, 3 or 4" });
    }
    const evidence = rating.evidence.trim();
    if (evidence.length < MIN_NOTE_LENGTH) {
      problems.push({
        path: `ratings.${index}.evidence`,
        message: `needs an evidence note of at least ${MIN_NOTE_LENGTH} characters: what did the candidate do or say?`,
      });
    }
    byAttribute.set(rating.attributeId, {
      attributeId: rating.attributeId,
      level: rating.level as ScorecardRating["level"],
      evidence,
    });
  });
  for (const attribute of rubric) {
    if (!byAttribute.has(attribute.id)) {
      problems.push({
        path: "ratings",
        message: `missing a rating for "${attribute.name}" (${attribute.id}); every attribute must be rated`,
      });
    }
  }
  const ordered = rubric.flatMap((attribute) => {
    const rating = byAttribute.get(attribute.id);
    return rating ? [rating] : [];
  });
  return { ratings: ordered, problems };
}

/**
 * A scorecard's score: the mean of its levels, at the 3 decimals the database keeps. Trial-day
 * observation forms and exercise reviews use the same anchored 1–4 levels and are scored by it
 * too when they enter the decision formula (decisions/rubric-evidence.ts).
 */
export function scoreOf(ratings: readonly Pick<ScorecardRating, "level">[]): number {
  const total = ratings.reduce((sum, rating) => sum + rating.level, 0);
  return Math.round((total / ratings.length) * 1000) / 1000;
}

function invalidScorecard(problems: FieldError[]): AppError {
  return new AppError(
    "bad_request",
    `The scorecard is incomplete: ${problems.map((problem) => `${problem.path} ${problem.message}`).join("; ")}.`,
    { fieldErrors: problems },
  );
}

async function requireRubric(db: Db, organizationId: string, kitVersionId: string | null) {
  const [row] = kitVersionId
    ? await db
        .select({ content: kitVersions.content })
        .from(kitVersions)
        .where(and(eq(kitVersions.organizationId, organizationId), eq(kitVersions.id, kitVersionId)))
    : [];
  if (!row) throw new AppError("conflict", "The interview has no kit version, so it has no rubric to rate.");
  return row.content.rubric;
}

/**
 * Files the caller's scorecard for an interview they take part in. It is locked once stored: a
 * second submission is refused and changes go through {@link amendScorecard}. The interview
 * counts as completed when every interviewer has filed.
 */
export async function submitScorecard(
  deps: Deps,
  actor: Actor,
  viewer: Viewer,
  organizationId: string,
  interviewId: string,
  input: ScorecardInput,
): Promise<ScorecardWithHistory> {
  const view = await requireVisibleInterview(deps.db, organizationId, viewer, interviewId);
  if (!view.isParticipant) {
    throw new AppError("forbidden", "Only the interview's interviewers file scorecards for it.");
  }
  const scorecardId = await deps.db.transaction(async (tx) => {
    // Locking the interview serialises its scorecards, so "already filed" and "completed" stay exact.
    const [interview] = await tx
      .select()
      .from(interviews)
      .where(and(eq(interviews.organizationId, organizationId), eq(interviews.id, interviewId)))
      .for("update");
    if (!interview) throw new AppError("not_found", "That interview was not found.");
    if (interview.status === "cancelled") {
      throw new AppError("conflict", "The interview was cancelled; it takes no scorecards.");
    }
    const [existing] = await tx
      .select({ id: scorecards.id })
      .from(scorecards)
      .where(
        and(
          eq(scorecards.organizationId, organizationId),
          eq(scorecards.interviewId, interviewId),
          eq(scorecards.interviewerId, viewer.userId),
        ),
      )
      .limit(1);
    if (existing) {
      throw new AppError(
        "conflict",
        `You already filed a scorecard for this interview; it is locked. Amend it instead: POST /api/v1/scorecards/${existing.id}/amendments.`,
      );
    }
    const rubric = await requireRubric(tx, organizationId, interview.kitVersionId);
    const checked = checkRatings(rubric, input.ratings);
    if (checked.problems.length > 0) throw invalidScorecard(checked.problems);

    const id = newId();
    await tx.insert(scorecards).values({
      id,
      organizationId,
      interviewId,
      applicationId: interview.applicationId,
      stageId: interview.stageId,
      interviewerId: viewer.userId,
      version: 1,
      ratings: checked.ratings,
      score: scoreOf(checked.ratings),
      recommendation: input.recommendation,
      flaggedTerms: flaggedPhrases(checked.ratings.map((rating) => rating.evidence)),
      submittedAt: deps.clock.now(),
    });
    await markCompletedWhenAllFiled(tx, organizationId, interviewId);
    await clearScorecardDraft(tx, organizationId, interviewId, viewer.userId);
    await recordAudit(tx, actor, {
      organizationId,
      action: "scorecard.submitted",
      objectType: "scorecard",
      objectId: id,
      detail: { interviewId, applicationId: interview.applicationId, version: 1 },
    });
    return id;
  });
  return requireScorecardChain(deps.db, organizationId, viewer, scorecardId);
}

async function markCompletedWhenAllFiled(db: Db, organizationId: string, interviewId: string) {
  const participants = await db
    .select({ userId: interviewParticipants.userId })
    .from(interviewParticipants)
    .where(
      and(
        eq(interviewParticipants.organizationId, organizationId),
        eq(interviewParticipants.interviewId, interviewId),
      ),
    );
  const filed = await db
    .selectDistinct({ userId: scorecards.interviewerId })
    .from(scorecards)
    .where(and(eq(scorecards.organizationId, organizationId), eq(scorecards.interviewId, interviewId)));
  const filedIds = new Set(filed.map((row) => row.userId));
  if (!participants.every((participant) => filedIds.has(participant.userId))) return;
  await db
    .update(interviews)
    .set({ status: "completed" })
    .where(
      and(
        eq(interviews.organizationId, organizationId),
        eq(interviews.id, interviewId),
        eq(interviews.status, "scheduled"),
      ),
    );
}

export interface AmendmentInput extends ScorecardInput {
  reason: string;
}

/**
 * Amends a submitted scorecard: the author files version n+1, which points at version n and
 * carries the reason. Earlier versions stay as they were, and only the latest counts.
 */
export async function amendScorecard(
  deps: Deps,
  actor: Actor,
  viewer: Viewer,
  organizationId: string,
  scorecardId: string,
  input: AmendmentInput,
): Promise<ScorecardWithHistory> {
  const reason = input.reason.trim();
  const amendedId = await deps.db.transaction(async (tx) => {
    const [previous] = await tx
      .select()
      .from(scorecards)
      .where(and(eq(scorecards.organizationId, organizationId), eq(scorecards.id, scorecardId)));
    if (!previous) throw new AppError("not_found", "That scorecard was not found.");
    if (previous.interviewerId !== viewer.userId) {
      // Someone who may not read the scorecard learns nothing more than a reader would.
      await requireScorecardAccess(tx, organizationId, viewer, previous.applicationId);
      throw new AppError("forbidden", "Only the scorecard's author can amend it.");
    }
    const [interview] = await tx
      .select()
      .from(interviews)
      .where(and(eq(interviews.organizationId, organizationId), eq(interviews.id, previous.interviewId)))
      .for("update");
    if (!interview) throw new AppError("not_found", "That interview was not found.");
    if (interview.status === "cancelled") {
      throw new AppError("conflict", "The interview was cancelled; its scorecards can no longer be amended.");
    }
    const [latest] = await tx
      .select({ version: max(scorecards.version) })
      .from(scorecards)
      .where(
        and(
          eq(scorecards.organizationId, organizationId),
          eq(scorecards.interviewId, previous.interviewId),
          eq(scorecards.interviewerId, previous.interviewerId),
        ),
      );
    if ((latest?.version ?? previous.version) !== previous.version) {
      throw new AppError(
        "conflict",
        `Version ${previous.version} has been amended already; amend the latest version (${latest?.version}).`,
      );
    }
    const rubric = await requireRubric(tx, organizationId, interview.kitVersionId);
    const checked = checkRatings(rubric, input.ratings);
    const problems = [...checked.problems];
    if (reason.length < MIN_NOTE_LENGTH) {
      problems.push({
        path: "reason",
        message: `say why the scorecard changes, in at least ${MIN_NOTE_LENGTH} characters`,
      });
    }
    if (problems.length > 0) throw invalidScorecard(problems);

    const id = newId();
    const version = previous.version + 1;
    const [inserted] = await tx
      .insert(scorecards)
      .values({
        id,
        organizationId,
        interviewId: previous.interviewId,
        applicationId: previous.applicationId,
        stageId: previous.stageId,
        interviewerId: previous.interviewerId,
        version,
        ratings: checked.ratings,
        score: scoreOf(checked.ratings),
        recommendation: input.recommendation,
        amendsId: previous.id,
        amendmentReason: reason,
        flaggedTerms: flaggedPhrases(checked.ratings.map((rating) => rating.evidence)),
        submittedAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: scorecards.id });
    if (!inserted) {
      throw new AppError(
        "conflict",
        `Version ${version} was filed at the same moment; reload and amend that one.`,
      );
    }
    await recordAudit(tx, actor, {
      organizationId,
      action: "scorecard.amended",
      objectType: "scorecard",
      objectId: id,
      detail: {
        interviewId: previous.interviewId,
        applicationId: previous.applicationId,
        version,
        // Not the reason: it stays in the scorecard row (objectId), as free text may name the candidate.
        amendsId: previous.id,
      },
    });
    return id;
  });
  return requireScorecardChain(deps.db, organizationId, viewer, amendedId);
}

/**
 * Enforces independent ratings (EVIDENCE.md, structured interviewing rule 13) for reading others'
 * scorecards of an application:
 * - an interviewer of any of its (non-cancelled) interviews who has not filed their own scorecard
 *   for each of them is refused (403) until they have;
 * - interviewers who take part in no interview of it do not see it at all (404);
 * - the hiring team sees everything when not taking part, and like anyone else when taking part.
 */
export async function requireScorecardAccess(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  applicationId: string,
): Promise<void> {
  const [application] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.organizationId, organizationId), eq(applications.id, applicationId)));
  if (!application) throw new AppError("not_found", "That application was not found.");
  const participation = await db
    .select({ interviewId: interviews.id, status: interviews.status })
    .from(interviewParticipants)
    .innerJoin(interviews, eq(interviews.id, interviewParticipants.interviewId))
    .where(
      and(
        eq(interviewParticipants.organizationId, organizationId),
        eq(interviewParticipants.userId, viewer.userId),
        eq(interviews.applicationId, applicationId),
      ),
    );
  if (participation.length === 0) {
    if (isHiringTeam(viewer)) return;
    throw new AppError("not_found", "That application was not found.");
  }
  const filed = await db
    .selectDistinct({ interviewId: scorecards.interviewId })
    .from(scorecards)
    .where(
      and(
        eq(scorecards.organizationId, organizationId),
        eq(scorecards.applicationId, applicationId),
        eq(scorecards.interviewerId, viewer.userId),
      ),
    );
  const filedIds = new Set(filed.map((row) => row.interviewId));
  const pending = participation.filter(
    (interview) => interview.status !== "cancelled" && !filedIds.has(interview.interviewId),
  );
  if (pending.length > 0) {
    throw new AppError(
      "forbidden",
      "Submit yours first: others' scorecards for this candidate stay hidden until you have filed your own for each of your interviews, so every rating is independent.",
    );
  }
}

/** Scorecards of one interview (latest versions with their history), for a caller allowed to read them. */
export async function listInterviewScorecards(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
): Promise<ScorecardWithHistory[]> {
  const interview = await requireVisibleInterview(db, organizationId, viewer, interviewId);
  await requireScorecardAccess(db, organizationId, viewer, interview.applicationId);
  return loadScorecardChains(db, organizationId, viewer, [eq(scorecards.interviewId, interviewId)]);
}

/** Every scorecard of an application (latest versions with their history), for a caller allowed to read them. */
export async function listApplicationScorecards(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  applicationId: string,
): Promise<ScorecardWithHistory[]> {
  await requireScorecardAccess(db, organizationId, viewer, applicationId);
  return loadScorecardChains(db, organizationId, viewer, [eq(scorecards.applicationId, applicationId)]);
}

/** One scorecard with all its versions: always for its author, for others under the independence rule. */
export async function getScorecard(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  scorecardId: string,
): Promise<ScorecardWithHistory> {
  const [row] = await db
    .select({ applicationId: scorecards.applicationId, interviewerId: scorecards.interviewerId })
    .from(scorecards)
    .where(and(eq(scorecards.organizationId, organizationId), eq(scorecards.id, scorecardId)));
  if (!row) throw new AppError("not_found", "That scorecard was not found.");
  if (row.interviewerId !== viewer.userId) {
    await requireScorecardAccess(db, organizationId, viewer, row.applicationId);
  }
  return requireScorecardChain(db, organizationId, viewer, scorecardId);
}

async function requireScorecardChain(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  scorecardId: string,
): Promise<ScorecardWithHistory> {
  const [row] = await db
    .select({ interviewId: scorecards.interviewId, interviewerId: scorecards.interviewerId })
    .from(scorecards)
    .where(and(eq(scorecards.organizationId, organizationId), eq(scorecards.id, scorecardId)));
  const [chain] = row
    ? await loadScorecardChains(db, organizationId, viewer, [
        eq(scorecards.interviewId, row.interviewId),
        eq(scorecards.interviewerId, row.interviewerId),
      ])
    : [];
  if (!chain) throw new AppError("not_found", "That scorecard was not found.");
  return chain;
}

async function loadScorecardChains(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  conditions: SQL[],
): Promise<ScorecardWithHistory[]> {
  const rows = await db
    .select({
      scorecard: scorecards,
      interviewStatus: interviews.status,
      kitVersionId: interviews.kitVersionId,
      stage: { id: planStages.id, name: planStages.name },
      interviewer: { id: users.id, name: users.name, email: users.email },
    })
    .from(scorecards)
    .innerJoin(interviews, eq(interviews.id, scorecards.interviewId))
    .innerJoin(planStages, eq(planStages.id, scorecards.stageId))
    .innerJoin(users, eq(users.id, scorecards.interviewerId))
    .where(and(eq(scorecards.organizationId, organizationId), ...conditions))
    .orderBy(asc(interviews.scheduledAt), asc(interviews.id), asc(users.name), asc(scorecards.version));
  if (rows.length === 0) return [];

  const kitIds = [...new Set(rows.flatMap((row) => (row.kitVersionId ? [row.kitVersionId] : [])))];
  const kits = kitIds.length
    ? await db
        .select({ id: kitVersions.id, content: kitVersions.content })
        .from(kitVersions)
        .where(and(eq(kitVersions.organizationId, organizationId), inArray(kitVersions.id, kitIds)))
    : [];
  const attributeNames = new Map(
    kits.map((kit) => [
      kit.id,
      new Map(kit.content.rubric.map((attribute) => [attribute.id, attribute.name])),
    ]),
  );

  // Interviewers of stages that are not blind may name the candidate in their notes.
  const scrubbers = await findBlindScrubbers(
    db,
    organizationId,
    viewer.userId,
    rows.map((row) => row.scorecard.applicationId),
  );

  const chains = new Map<string, ScorecardView[]>();
  for (const row of rows) {
    const names = row.kitVersionId ? attributeNames.get(row.kitVersionId) : undefined;
    const scrub = scrubberOf(scrubbers, row.scorecard.applicationId);
    const view: ScorecardView = {
      id: row.scorecard.id,
      interviewId: row.scorecard.interviewId,
      interviewStatus: row.interviewStatus,
      applicationId: row.scorecard.applicationId,
      stage: row.stage,
      interviewer: row.interviewer,
      version: row.scorecard.version,
      ratings: row.scorecard.ratings.map((rating) => ({
        ...rating,
        evidence: scrub(rating.evidence),
        attributeName: names?.get(rating.attributeId) ?? rating.attributeId,
      })),
      score: row.scorecard.score,
      recommendation: row.scorecard.recommendation,
      amendsId: row.scorecard.amendsId,
      amendmentReason: row.scorecard.amendmentReason === null ? null : scrub(row.scorecard.amendmentReason),
      submittedAt: row.scorecard.submittedAt.toISOString(),
    };
    const key = `${row.scorecard.interviewId}:${row.scorecard.interviewerId}`;
    const chain = chains.get(key);
    if (chain) chain.push(view);
    else chains.set(key, [view]);
  }
  return [...chains.values()].map((versions) => {
    const newestFirst = [...versions].sort((a, b) => b.version - a.version);
    const [latest, ...history] = newestFirst as [ScorecardView, ...ScorecardView[]];
    return { ...latest, history };
  });
}
