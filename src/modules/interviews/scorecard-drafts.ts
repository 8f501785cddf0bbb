/**
 * Scorecard drafts: what an interviewer has written for an interview before filing it, saved
 * while they type (the web app debounces) so notes survive a reload and follow them to another
 * device. Only the interview's own interviewers have a draft, and only they read it: nobody else
 * may see a rating before it is filed (EVIDENCE.md, independent ratings). Filing the scorecard
 * deletes the draft (scorecards.ts `submitScorecard`).
 *
 * The API, for the web app and for live pads writing private notes:
 *   GET    /api/v1/interviews/:id/scorecard-draft  → { interviewId, body | null, updatedAt | null }
 *   PUT    /api/v1/interviews/:id/scorecard-draft  body: { ratings, recommendation, privateNotes }
 *   DELETE /api/v1/interviews/:id/scorecard-draft  → 204
 */
import { and, eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { requireVisibleInterview, type Viewer } from "./interviews.ts";
import { type ScorecardDraftBody, scorecardDrafts } from "./interviews-table.ts";
import type { ScorecardDraftView } from "./schemas.ts";

type Deps = { db: Db; clock: Clock };

/**
 * The interview, if the viewer is one of its interviewers. Interviewers who are not see no such
 * interview (404, as everywhere); the hiring team sees it but has no draft to keep (403).
 */
async function requireParticipant(db: Db, organizationId: string, viewer: Viewer, interviewId: string) {
  const interview = await requireVisibleInterview(db, organizationId, viewer, interviewId);
  if (!interview.isParticipant) {
    throw new AppError("forbidden", "Only the interview's interviewers keep a scorecard draft for it.");
  }
  return interview;
}

const draftCondition = (organizationId: string, interviewId: string, userId: string) =>
  and(
    eq(scorecardDrafts.organizationId, organizationId),
    eq(scorecardDrafts.interviewId, interviewId),
    eq(scorecardDrafts.interviewerId, userId),
  );

export async function getScorecardDraft(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
): Promise<ScorecardDraftView> {
  await requireParticipant(db, organizationId, viewer, interviewId);
  const [row] = await db
    .select({ body: scorecardDrafts.body, updatedAt: scorecardDrafts.updatedAt })
    .from(scorecardDrafts)
    .where(draftCondition(organizationId, interviewId, viewer.userId));
  return { interviewId, body: row?.body ?? null, updatedAt: row?.updatedAt.toISOString() ?? null };
}

/** Replaces the caller's draft. Refused once the scorecard is filed: the draft has served its purpose. */
export async function saveScorecardDraft(
  deps: Deps,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
  body: ScorecardDraftBody,
): Promise<ScorecardDraftView> {
  const interview = await requireParticipant(deps.db, organizationId, viewer, interviewId);
  if (interview.hasSubmitted) {
    throw new AppError(
      "conflict",
      "You have filed your scorecard for this interview; change it with an amendment, not a draft.",
    );
  }
  if (interview.status === "cancelled") {
    throw new AppError("conflict", "The interview was cancelled; it takes no scorecards.");
  }
  const updatedAt = deps.clock.now();
  await deps.db
    .insert(scorecardDrafts)
    .values({ organizationId, interviewId, interviewerId: viewer.userId, body, updatedAt })
    .onConflictDoUpdate({
      target: [scorecardDrafts.interviewId, scorecardDrafts.interviewerId],
      set: { body, updatedAt },
    });
  return { interviewId, body, updatedAt: updatedAt.toISOString() };
}

export async function deleteScorecardDraft(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
): Promise<void> {
  await requireParticipant(db, organizationId, viewer, interviewId);
  await db.delete(scorecardDrafts).where(draftCondition(organizationId, interviewId, viewer.userId));
}

/** Filing a scorecard ends its draft; called inside the filing transaction. */
export async function clearScorecardDraft(
  db: Db,
  organizationId: string,
  interviewId: string,
  userId: string,
) {
  await db.delete(scorecardDrafts).where(draftCondition(organizationId, interviewId, userId));
}
