/**
 * The candidate's agenda in the portal: their own application's day only, once it has been sent
 * (a draft is the hiring team's), with times in their zone. Observers' names, forms and the
 * payment record are never part of it; each session says whether it is observed.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { applications } from "../candidates/candidates-table.ts";
import type { CandidatePrincipal } from "../portal/candidate-sessions.ts";
import { roles } from "../roles/roles-table.ts";
import { inAgendaOrder, instantOf, isScoredKind } from "./agenda.ts";
import { formatDayInZone } from "./invitations.ts";
import { namesOf, type TrialDayDeps } from "./planning.ts";
import type { CandidateTrialDayView } from "./schemas.ts";
import { trialDays } from "./trial-days-table.ts";

export async function describeTrialDayForCandidate(
  deps: TrialDayDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
): Promise<CandidateTrialDayView> {
  const [row] = await deps.db
    .select({ day: trialDays, roleTitle: roles.title, organizationName: organizations.name })
    .from(trialDays)
    .innerJoin(applications, eq(applications.id, trialDays.applicationId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(organizations, eq(organizations.id, trialDays.organizationId))
    .where(
      and(
        eq(trialDays.applicationId, applicationId),
        eq(trialDays.organizationId, candidate.organizationId),
        eq(applications.candidateId, candidate.candidateId),
        inArray(trialDays.status, ["sent", "cancelled"]),
      ),
    )
    .orderBy(desc(trialDays.createdAt))
    .limit(1);
  // Another candidate's application, a draft and no day at all look the same.
  if (!row) throw new AppError("not_found", "There is no trial day planned for this application yet.");
  const { day } = row;
  if (day.status === "draft")
    throw new AppError("not_found", "There is no trial day planned for this application yet.");
  const hostIds = [...new Set(day.sessions.flatMap((session) => session.hostIds))];
  const names = await namesOf(deps.db, day.organizationId, hostIds);
  return {
    applicationId,
    roleTitle: row.roleTitle,
    organizationName: row.organizationName,
    status: day.status,
    date: day.date,
    dateLocal: formatDayInZone(day.date, day.candidateTimeZone),
    candidateTimeZone: day.candidateTimeZone,
    dayStart: day.dayStart,
    dayEnd: day.dayEnd,
    location: day.location,
    sessions: inAgendaOrder(day.sessions).map((session) => ({
      id: session.id,
      kind: session.kind,
      title: session.title,
      startTime: session.startTime,
      endTime: session.endTime,
      startsAt: instantOf(day.date, session.startTime, day.candidateTimeZone).toISOString(),
      endsAt: instantOf(day.date, session.endTime, day.candidateTimeZone).toISOString(),
      room: session.room,
      hosts: session.hostIds.flatMap((id) => names.get(id) ?? []),
      isOptional: !isScoredKind(session.kind),
      isObserved: isScoredKind(session.kind),
    })),
  };
}
