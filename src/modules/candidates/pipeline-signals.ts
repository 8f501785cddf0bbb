/**
 * What a pipeline card shows beyond the candidate's name: the latest stage score, the challenge
 * result and the next interview, for every active application of a role at once. A separate read
 * from the application list, so the list (the API's busiest response, bench/README.md) does not
 * pay for three joins the board alone needs.
 */
import { and, asc, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { challengeAttempts, challengeSubmissions } from "../challenges/grading-table.ts";
import { interviewParticipants, interviews, scorecards } from "../interviews/interviews-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import { applications } from "./candidates-table.ts";
import type { PipelineSignal } from "./schemas.ts";

/**
 * Signals of the role's active applications. A caller who interviews a candidate and has not
 * filed every scorecard of theirs sees no score for that candidate (`scoreHidden`): others'
 * ratings stay hidden until one's own is in (EVIDENCE.md, independent ratings).
 */
export async function listPipelineSignals(
  db: Db,
  organizationId: string,
  viewerUserId: string,
  roleId: string,
  now: Date,
): Promise<PipelineSignal[]> {
  const [role] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.organizationId, organizationId), eq(roles.id, roleId)));
  if (!role) throw new AppError("not_found", "That role was not found.");
  const active = await db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.organizationId, organizationId),
        eq(applications.roleId, roleId),
        eq(applications.status, "active"),
      ),
    );
  const ids = active.map((row) => row.id);
  if (ids.length === 0) return [];

  const [filed, pending, submissions, upcoming] = await Promise.all([
    db
      .select({
        applicationId: scorecards.applicationId,
        interviewId: scorecards.interviewId,
        interviewerId: scorecards.interviewerId,
        stageId: scorecards.stageId,
        stageName: planStages.name,
        version: scorecards.version,
        score: scorecards.score,
        submittedAt: scorecards.submittedAt,
      })
      .from(scorecards)
      .innerJoin(interviews, eq(interviews.id, scorecards.interviewId))
      .innerJoin(planStages, eq(planStages.id, scorecards.stageId))
      .where(
        and(
          eq(scorecards.organizationId, organizationId),
          inArray(scorecards.applicationId, ids),
          ne(interviews.status, "cancelled"),
        ),
      ),
    // The caller's own interviews of these candidates that still await the caller's scorecard.
    db
      .select({ applicationId: interviews.applicationId, interviewId: interviews.id })
      .from(interviewParticipants)
      .innerJoin(interviews, eq(interviews.id, interviewParticipants.interviewId))
      .where(
        and(
          eq(interviewParticipants.organizationId, organizationId),
          eq(interviewParticipants.userId, viewerUserId),
          inArray(interviews.applicationId, ids),
          ne(interviews.status, "cancelled"),
        ),
      ),
    db
      .select({
        applicationId: challengeAttempts.applicationId,
        status: challengeSubmissions.status,
        score: challengeSubmissions.score,
        maxScore: challengeSubmissions.maxScore,
      })
      .from(challengeSubmissions)
      .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
      .where(
        and(
          eq(challengeAttempts.organizationId, organizationId),
          inArray(challengeAttempts.applicationId, ids),
          eq(challengeSubmissions.mode, "submit"),
        ),
      )
      .orderBy(desc(challengeSubmissions.createdAt)),
    db
      .select({
        applicationId: interviews.applicationId,
        id: interviews.id,
        scheduledAt: interviews.scheduledAt,
        stageName: planStages.name,
      })
      .from(interviews)
      .innerJoin(planStages, eq(planStages.id, interviews.stageId))
      .where(
        and(
          eq(interviews.organizationId, organizationId),
          inArray(interviews.applicationId, ids),
          eq(interviews.status, "scheduled"),
          gte(interviews.scheduledAt, now),
        ),
      )
      .orderBy(asc(interviews.scheduledAt)),
  ]);

  const filedByViewer = new Set(
    filed.filter((row) => row.interviewerId === viewerUserId).map((row) => row.interviewId),
  );
  const hiddenFor = new Set(
    pending.filter((row) => !filedByViewer.has(row.interviewId)).map((row) => row.applicationId),
  );

  // Latest version per interviewer and interview, then the mean per stage; the stage whose last
  // scorecard came in most recently is the "latest stage score".
  const latest = new Map<string, (typeof filed)[number]>();
  for (const row of filed) {
    const key = `${row.interviewId}:${row.interviewerId}`;
    const current = latest.get(key);
    if (!current || row.version > current.version) latest.set(key, row);
  }
  const stages = new Map<
    string,
    { applicationId: string; stageName: string; total: number; count: number; lastAt: number }
  >();
  for (const row of latest.values()) {
    const key = `${row.applicationId}:${row.stageId}`;
    const stage = stages.get(key) ?? {
      applicationId: row.applicationId,
      stageName: row.stageName,
      total: 0,
      count: 0,
      lastAt: 0,
    };
    stage.total += row.score;
    stage.count += 1;
    stage.lastAt = Math.max(stage.lastAt, row.submittedAt.getTime());
    stages.set(key, stage);
  }
  const latestStage = new Map<string, { stageName: string; score: number; raters: number; lastAt: number }>();
  for (const stage of stages.values()) {
    const current = latestStage.get(stage.applicationId);
    if (current && current.lastAt >= stage.lastAt) continue;
    latestStage.set(stage.applicationId, {
      stageName: stage.stageName,
      score: Math.round((stage.total / stage.count) * 1000) / 1000,
      raters: stage.count,
      lastAt: stage.lastAt,
    });
  }

  return ids.map((applicationId): PipelineSignal => {
    const stage = latestStage.get(applicationId);
    const submission = submissions.find((row) => row.applicationId === applicationId);
    const interview = upcoming.find((row) => row.applicationId === applicationId);
    const scoreHidden = hiddenFor.has(applicationId);
    return {
      applicationId,
      latestStageScore:
        stage && !scoreHidden
          ? { stageName: stage.stageName, score: stage.score, raters: stage.raters }
          : null,
      scoreHidden,
      challenge: submission
        ? {
            status: submission.status,
            score: scoreHidden ? null : submission.score,
            maxScore: scoreHidden ? null : submission.maxScore,
          }
        : null,
      nextInterview: interview
        ? {
            id: interview.id,
            scheduledAt: interview.scheduledAt.toISOString(),
            stageName: interview.stageName,
          }
        : null,
    };
  });
}
