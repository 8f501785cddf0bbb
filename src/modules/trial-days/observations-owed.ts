/**
 * The work queue's rule for trial days: an observer owes a form for each scored session of a
 * sent day that has ended, until they file it; overdue after the same hours as a scorecard.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
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
