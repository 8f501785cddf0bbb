/**
 * The work queue's rules for trial days: an observer owes a form for each scored session of a
 * sent day that has ended, until they file it (overdue after the same hours as a scorecard); and
 * the hiring team's decision is ready once every form is in.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import { instantOf, isScoredKind } from "./agenda.ts";
import { trialDayObservations, trialDays } from "./trial-days-table.ts";

export interface ObservationOwed {
  trialDayId: string;
  applicationId: string;
  sessionId: string;
  sessionTitle: string;
  candidateName: string | null;
  roleTitle: string;
  endedAt: Date;
}

export async function findObservationsOwed(
  db: Db,
  organizationId: string,
  userId: string,
  now: Date,
): Promise<ObservationOwed[]> {
  // jsonb containment: some session lists this user among its observers.
  const observes = sql`${trialDays.sessions} @> jsonb_build_array(jsonb_build_object('observerIds', jsonb_build_array(${userId}::text)))`;
  const days = await db
    .select({ day: trialDays, candidateName: candidates.fullName, roleTitle: roles.title })
    .from(trialDays)
    .innerJoin(applications, eq(applications.id, trialDays.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .where(
      and(
        eq(trialDays.organizationId, organizationId),
        eq(trialDays.status, "sent"),
        eq(applications.status, "active"),
        observes,
      ),
    )
    .limit(100);
  if (days.length === 0) return [];
  const filed = await db
    .select({ trialDayId: trialDayObservations.trialDayId, sessionId: trialDayObservations.sessionId })
    .from(trialDayObservations)
    .where(
      and(
        eq(trialDayObservations.organizationId, organizationId),
        eq(trialDayObservations.observerId, userId),
      ),
    );
  const isFiled = new Set(filed.map((row) => `${row.trialDayId}/${row.sessionId}`));
  return days.flatMap(({ day, candidateName, roleTitle }) =>
    day.sessions.flatMap((session) => {
      if (!isScoredKind(session.kind) || !session.observerIds.includes(userId)) return [];
      if (isFiled.has(`${day.id}/${session.id}`)) return [];
      const endedAt = instantOf(day.date, session.endTime, day.candidateTimeZone);
      if (endedAt > now) return [];
      return [
        {
          trialDayId: day.id,
          applicationId: day.applicationId,
          sessionId: session.id,
          sessionTitle: session.title,
          candidateName,
          roleTitle,
          endedAt,
        },
      ];
    }),
  );
}

export interface TrialDayObserved {
  applicationId: string;
  candidateName: string | null;
  roleTitle: string;
  stageName: string;
  /** When the last form came in. */
  readySince: Date;
}

/**
 * The work queue's "decision ready" for trial days: an active application without a decision,
 * sitting in the stage of its sent trial day, where every observer of every scored session has
 * filed their form (forms are scorecards of the stage in the decision formula).
 */
export async function findTrialDaysFullyObserved(
  db: Db,
  organizationId: string,
): Promise<TrialDayObserved[]> {
  const days = await db
    .select({
      day: trialDays,
      candidateName: candidates.fullName,
      roleTitle: roles.title,
      stageName: planStages.name,
    })
    .from(trialDays)
    .innerJoin(applications, eq(applications.id, trialDays.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(planStages, eq(planStages.id, trialDays.stageId))
    .where(
      and(
        eq(trialDays.organizationId, organizationId),
        eq(trialDays.status, "sent"),
        eq(applications.status, "active"),
        eq(applications.currentStageId, trialDays.stageId),
        sql`not exists (select 1 from hiring_decisions d where d.application_id = ${applications.id})`,
      ),
    )
    .limit(100);
  if (days.length === 0) return [];
  const forms = await db
    .select({
      trialDayId: trialDayObservations.trialDayId,
      sessionId: trialDayObservations.sessionId,
      observerId: trialDayObservations.observerId,
      submittedAt: trialDayObservations.submittedAt,
    })
    .from(trialDayObservations)
    .where(
      and(
        eq(trialDayObservations.organizationId, organizationId),
        inArray(
          trialDayObservations.trialDayId,
          days.map(({ day }) => day.id),
        ),
      ),
    );
  const filedAt = new Map(
    forms.map((form) => [`${form.trialDayId}/${form.sessionId}/${form.observerId}`, form]),
  );
  return days.flatMap(({ day, candidateName, roleTitle, stageName }) => {
    const expected = day.sessions.flatMap((session) =>
      isScoredKind(session.kind)
        ? session.observerIds.map((observerId) => `${day.id}/${session.id}/${observerId}`)
        : [],
    );
    if (expected.length === 0 || !expected.every((key) => filedAt.has(key))) return [];
    const readySince = new Date(
      Math.max(...expected.map((key) => filedAt.get(key)?.submittedAt.getTime() ?? 0)),
    );
    return [{ applicationId: day.applicationId, candidateName, roleTitle, stageName, readySince }];
  });
}
