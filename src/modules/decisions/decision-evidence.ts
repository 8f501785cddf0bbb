/**
 * The evidence a decision-maker reads above the formula: every filed scorecard as a grid per
 * interview (rows the rubric's attributes, columns the raters, cells the level with its evidence
 * note), and the application's integrity flags. Both are for the hiring team, under the same
 * independence rule as the scorecards themselves (`requireScorecardAccess`).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { MemberContext } from "../auth/access.ts";
import { attemptsOfApplications } from "../challenges/attempts.ts";
import { reviewSimilarity } from "../challenges/review.ts";
import type { Viewer } from "../interviews/interviews.ts";
import { interviews } from "../interviews/interviews-table.ts";
import type { ScorecardWithHistory } from "../interviews/schemas.ts";
import { listApplicationScorecards } from "../interviews/scorecards.ts";
import { largePasteFlags } from "../pads/paste-flags.ts";
import { planStages } from "../plans/plans-table.ts";
import { requireOwnObservationsFiled, rubricEvidenceGrids } from "./rubric-evidence.ts";
import type { DecisionEvidence, EvidenceGrid, IntegrityFlag } from "./schemas.ts";

/**
 * A scorecard first filed this long after its interview ended is flagged: notes written days
 * later rest on memory rather than on what was observed, which structured interviewing asks to
 * avoid (rate right after the interview, EVIDENCE.md).
 */
export const LATE_SCORECARD_HOURS = 48;

/** What a source of integrity flags reads: the application, the caller and its filed scorecards. */
export interface IntegrityFlagContext {
  db: Db;
  member: MemberContext;
  applicationId: string;
  /** Latest filed versions (with history) of scorecards of interviews that were not cancelled. */
  scorecards: ScorecardWithHistory[];
  interviews: Map<string, { scheduledAt: Date; durationMinutes: number; stageName: string }>;
}

/**
 * A source of integrity flags, the extension point for other kinds: each module appends its
 * own to `integrityFlagSources` (live pads: "large_paste", pads/paste-flags.ts); the decision
 * page shows whatever the sources return, in this order. A source that names the candidate
 * names them by pseudonym wherever the viewer reviews them blind.
 */
export type IntegrityFlagSource = (context: IntegrityFlagContext) => Promise<IntegrityFlag[]>;

/** Challenge code much like another candidate's: one flag per match above the report threshold. */
export const similarityFlags: IntegrityFlagSource = async ({ db, member, applicationId }) => {
  const attempts = await attemptsOfApplications(db, member.organizationId, [applicationId]);
  const flags: IntegrityFlag[] = [];
  for (const { attempt } of attempts) {
    const review = await reviewSimilarity(db, member, applicationId, attempt.id);
    for (const flag of review.flags) {
      flags.push({
        kind: "similarity",
        title: `Challenge code ${Math.round(flag.similarity * 100)}% similar to ${flag.other.pseudonym}'s`,
        detail: `${flag.fragments.length} matching ${flag.fragments.length === 1 ? "fragment" : "fragments"} in the final submission (${flag.other.language}); a person should compare them side by side before drawing any conclusion.`,
        href: `/applications/${applicationId}/challenge`,
      });
    }
  }
  return flags;
};

/** Scorecards first filed more than LATE_SCORECARD_HOURS after their interview ended. */
export const lateScorecardFlags: IntegrityFlagSource = async ({ scorecards, interviews: byId }) => {
  const flags: IntegrityFlag[] = [];
  for (const scorecard of scorecards) {
    const interview = byId.get(scorecard.interviewId);
    if (!interview) continue;
    const first = scorecard.history.at(-1) ?? scorecard;
    const endedAt = interview.scheduledAt.getTime() + interview.durationMinutes * 60_000;
    const hoursLate = (new Date(first.submittedAt).getTime() - endedAt) / 3_600_000;
    if (hoursLate <= LATE_SCORECARD_HOURS) continue;
    flags.push({
      kind: "late_scorecard",
      title: `${interview.stageName}: a scorecard was filed ${Math.floor(hoursLate / 24)} days after the interview`,
      detail: `Filed more than ${LATE_SCORECARD_HOURS} hours after the interview ended, so its evidence rests on memory more than on notes taken at the time.`,
      href: `/interviews/${scorecard.interviewId}`,
    });
  }
  return flags;
};

export const integrityFlagSources: IntegrityFlagSource[] = [
  similarityFlags,
  lateScorecardFlags,
  largePasteFlags,
];

/**
 * Grids of every filed scorecard and the integrity flags. In a blind stage the raters are
 * "Reviewer 1, 2, …" in filing order: who rated must not weigh on how the ratings are read, and
 * a blind reviewer's own identity is not the point of the grid. Evidence notes arrive already
 * scrubbed of the candidate's identity for a viewer who reviews them blind.
 */
export async function getDecisionEvidence(
  db: Db,
  member: MemberContext,
  applicationId: string,
): Promise<DecisionEvidence> {
  const viewer: Viewer = { userId: member.userId, role: member.role };
  const all = await listApplicationScorecards(db, member.organizationId, viewer, applicationId);
  const interviewIds = [...new Set(all.map((scorecard) => scorecard.interviewId))];
  const interviewRows = interviewIds.length
    ? await db
        .select({
          id: interviews.id,
          status: interviews.status,
          scheduledAt: interviews.scheduledAt,
          durationMinutes: interviews.durationMinutes,
          stageName: planStages.name,
          isBlind: planStages.isBlind,
        })
        .from(interviews)
        .innerJoin(planStages, eq(planStages.id, interviews.stageId))
        .where(
          and(eq(interviews.organizationId, member.organizationId), inArray(interviews.id, interviewIds)),
        )
    : [];
  // Cancelled interviews' scorecards do not count in the decision, so they are not shown as evidence.
  const counted = new Map(
    interviewRows.filter((row) => row.status !== "cancelled").map((row) => [row.id, row]),
  );
  const scorecards = all.filter((scorecard) => counted.has(scorecard.interviewId));

  const grids: EvidenceGrid[] = [];
  for (const interview of [...counted.values()].sort(
    (a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime(),
  )) {
    const filed = scorecards
      .filter((scorecard) => scorecard.interviewId === interview.id)
      .sort((a, b) => firstFiledAt(a) - firstFiledAt(b));
    const attributes = new Map<string, string>();
    for (const scorecard of filed) {
      for (const rating of scorecard.ratings) attributes.set(rating.attributeId, rating.attributeName);
    }
    grids.push({
      id: interview.id,
      source: "interview",
      interviewId: interview.id,
      stageName: interview.stageName,
      title: null,
      href: `/interviews/${interview.id}`,
      scheduledAt: interview.scheduledAt.toISOString(),
      isBlind: interview.isBlind,
      raters: filed.map((scorecard, index) => ({
        label: interview.isBlind ? `Reviewer ${index + 1}` : scorecard.interviewer.name,
        score: scorecard.score,
        recommendation: scorecard.recommendation,
        version: scorecard.version,
        submittedAt: scorecard.submittedAt,
      })),
      rows: [...attributes].map(([attributeId, attributeName]) => ({
        attributeId,
        attributeName,
        cells: filed.map((scorecard) => {
          const rating = scorecard.ratings.find((candidate) => candidate.attributeId === attributeId);
          return rating ? { level: rating.level, evidence: rating.evidence } : null;
        }),
      })),
    });
  }

  // Trial-day observation forms and exercise reviews, beside the scorecards in time order.
  await requireOwnObservationsFiled(db, member.organizationId, viewer, applicationId);
  grids.push(...(await rubricEvidenceGrids(db, member.organizationId, viewer, applicationId)));
  grids.sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));

  const context: IntegrityFlagContext = { db, member, applicationId, scorecards, interviews: counted };
  const integrityFlags: IntegrityFlag[] = [];
  for (const source of integrityFlagSources) integrityFlags.push(...(await source(context)));
  return { applicationId, grids, integrityFlags };
}

/** When the rater first filed: the amendments come later and do not change the order. */
function firstFiledAt(scorecard: ScorecardWithHistory): number {
  return new Date((scorecard.history.at(-1) ?? scorecard).submittedAt).getTime();
}
