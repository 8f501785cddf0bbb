import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { recordAudit, systemActor } from "../audit/audit-log.ts";
import {
  applicationEvents,
  applications,
  candidateDemographics,
  candidates,
} from "../candidates/candidates-table.ts";
import { interviews, scorecards } from "../interviews/interviews-table.ts";
import { padStageTypes } from "../pads/pads.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import type { CandidatePrincipal } from "./candidate-sessions.ts";
import type {
  DemographicAnswers,
  PortalApplication,
  PortalFeedback,
  PortalInterview,
  PortalView,
} from "./schemas.ts";

/**
 * What a signed-in candidate sees about themselves. Only their own applications, and never
 * evaluation detail (ratings, evidence notes, interviewers, decision components); per-stage
 * scores and the recommendation count appear only when the organisation shares feedback.
 */
export async function describeCandidatePortal(
  deps: { db: Db; clock: Clock },
  principal: CandidatePrincipal,
): Promise<PortalView> {
  const { db } = deps;
  const [me] = await db
    .select({
      fullName: candidates.fullName,
      email: candidates.email,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
      shareFeedback: organizations.shareFeedbackWithCandidates,
    })
    .from(candidates)
    .innerJoin(organizations, eq(organizations.id, candidates.organizationId))
    .where(
      and(eq(candidates.id, principal.candidateId), eq(candidates.organizationId, principal.organizationId)),
    );
  if (!me?.email) throw new AppError("unauthenticated", "Your portal session has ended; sign in again.");

  const applicationRows = await db
    .select({
      id: applications.id,
      roleTitle: roles.title,
      workModel: roles.workModel,
      status: applications.status,
      stageName: planStages.name,
      stageType: planStages.type,
    })
    .from(applications)
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .leftJoin(planStages, eq(planStages.id, applications.currentStageId))
    .where(
      and(
        eq(applications.candidateId, principal.candidateId),
        eq(applications.organizationId, principal.organizationId),
      ),
    )
    .orderBy(asc(applications.createdAt));
  const applicationIds = applicationRows.map((row) => row.id);
  const [history, upcoming, feedback] = await Promise.all([
    listStageHistory(db, applicationIds),
    listUpcomingInterviews(db, applicationIds, deps.clock.now()),
    me.shareFeedback
      ? summariseFeedback(db, applicationIds)
      : Promise.resolve(new Map<string, PortalFeedback>()),
  ]);

  return {
    fullName: me.fullName,
    email: me.email,
    organization: { name: me.organizationName, slug: me.organizationSlug },
    feedbackShared: me.shareFeedback,
    applications: applicationRows.map((row) => ({
      id: row.id,
      roleTitle: row.roleTitle,
      workModel: row.workModel,
      status: row.status,
      currentStage: row.stageName && row.stageType ? { name: row.stageName, type: row.stageType } : null,
      stageHistory: history.get(row.id) ?? [],
      upcomingInterviews: upcoming.get(row.id) ?? [],
      feedback: me.shareFeedback ? (feedback.get(row.id) ?? emptyFeedback()) : null,
    })),
  };
}

function groupBy<Row, Item>(rows: Row[], keyOf: (row: Row) => string, itemOf: (row: Row) => Item) {
  const groups = new Map<string, Item[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? [];
    group.push(itemOf(row));
    groups.set(key, group);
  }
  return groups;
}

/** Stage names and dates only: the reasons and notes of moves are the hiring team's. */
async function listStageHistory(db: Db, applicationIds: string[]) {
  if (applicationIds.length === 0) return new Map<string, PortalApplication["stageHistory"]>();
  const rows = await db
    .select({
      applicationId: applicationEvents.applicationId,
      stageName: planStages.name,
      at: applicationEvents.createdAt,
    })
    .from(applicationEvents)
    .innerJoin(planStages, eq(planStages.id, applicationEvents.toStageId))
    .where(
      and(inArray(applicationEvents.applicationId, applicationIds), isNotNull(applicationEvents.toStageId)),
    )
    .orderBy(asc(applicationEvents.id));
  return groupBy(
    rows,
    (row) => row.applicationId,
    (row) => ({ stageName: row.stageName, enteredAt: row.at.toISOString() }),
  );
}

/** Scheduled interviews that have not ended yet, soonest first. */
async function listUpcomingInterviews(db: Db, applicationIds: string[], now: Date) {
  if (applicationIds.length === 0) return new Map<string, PortalInterview[]>();
  const rows = await db
    .select({ interview: interviews, stageName: planStages.name, stageType: planStages.type })
    .from(interviews)
    .innerJoin(planStages, eq(planStages.id, interviews.stageId))
    .where(
      and(
        inArray(interviews.applicationId, applicationIds),
        eq(interviews.status, "scheduled"),
        sql`${interviews.scheduledAt} + make_interval(mins => ${interviews.durationMinutes}) > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(interviews.scheduledAt));
  return groupBy(
    rows,
    (row) => row.interview.applicationId,
    ({ interview, stageName, stageType }) => ({
      id: interview.id,
      hasPad: padStageTypes.includes(stageType),
      scheduledAt: interview.scheduledAt.toISOString(),
      durationMinutes: interview.durationMinutes,
      mode: interview.mode,
      room: interview.mode === "onsite" ? interview.room : null,
      videoLink: interview.mode === "remote" ? interview.videoLink : null,
      stageName,
    }),
  );
}

const emptyFeedback = (): PortalFeedback => ({
  stages: [],
  recommendations: { strong_no: 0, no: 0, yes: 0, strong_yes: 0 },
});

/** The latest version of each interviewer's scorecard, reduced to stage means and a recommendation count. */
async function summariseFeedback(db: Db, applicationIds: string[]) {
  const summaries = new Map<string, PortalFeedback>();
  if (applicationIds.length === 0) return summaries;
  const rows = await db
    .select({
      applicationId: scorecards.applicationId,
      stageName: planStages.name,
      stagePosition: planStages.position,
      score: scorecards.score,
      recommendation: scorecards.recommendation,
    })
    .from(scorecards)
    .innerJoin(planStages, eq(planStages.id, scorecards.stageId))
    .where(
      and(
        inArray(scorecards.applicationId, applicationIds),
        sql`not exists (select 1 from ${scorecards} as newer where newer.amends_id = ${scorecards.id})`,
      ),
    )
    .orderBy(asc(planStages.position));
  for (const row of rows) {
    const summary = summaries.get(row.applicationId) ?? emptyFeedback();
    summary.recommendations[row.recommendation] += 1;
    const stage = summary.stages.find((item) => item.stageName === row.stageName);
    if (stage) {
      stage.score = (stage.score * stage.raters + row.score) / (stage.raters + 1);
      stage.raters += 1;
    } else {
      summary.stages.push({ stageName: row.stageName, score: row.score, raters: 1 });
    }
    summaries.set(row.applicationId, summary);
  }
  for (const summary of summaries.values()) {
    for (const stage of summary.stages) stage.score = Math.round(stage.score * 100) / 100;
  }
  return summaries;
}

export async function readOwnDemographics(
  db: Db,
  principal: CandidatePrincipal,
): Promise<DemographicAnswers> {
  const [row] = await db
    .select({ answers: candidateDemographics.answers })
    .from(candidateDemographics)
    .where(
      and(
        eq(candidateDemographics.candidateId, principal.candidateId),
        eq(candidateDemographics.organizationId, principal.organizationId),
      ),
    );
  return (row?.answers ?? {}) as DemographicAnswers;
}

/**
 * Replaces the candidate's answers; an empty set withdraws them (the row is deleted). The audit
 * entry records that answers changed, never what they are.
 */
export async function saveOwnDemographics(
  deps: { db: Db; clock: Clock },
  principal: CandidatePrincipal,
  answers: DemographicAnswers,
): Promise<DemographicAnswers> {
  const given: Record<string, string> = {};
  for (const [question, answer] of Object.entries(answers))
    if (answer !== undefined) given[question] = answer;
  return deps.db.transaction(async (tx) => {
    await tx
      .delete(candidateDemographics)
      .where(eq(candidateDemographics.candidateId, principal.candidateId));
    if (Object.keys(given).length > 0) {
      await tx.insert(candidateDemographics).values({
        candidateId: principal.candidateId,
        organizationId: principal.organizationId,
        answers: given,
        createdAt: deps.clock.now(),
      });
    }
    await recordAudit(tx, systemActor, {
      organizationId: principal.organizationId,
      action:
        Object.keys(given).length > 0 ? "candidate.demographics_saved" : "candidate.demographics_withdrawn",
      objectType: "candidate",
      objectId: principal.candidateId,
      detail: { by: "candidate" },
    });
    return given as DemographicAnswers;
  });
}
