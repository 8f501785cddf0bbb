import { sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import { type Db, queryRows } from "../../platform/db/client.ts";
import type { MemberRole } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { candidatePseudonym, findBlindApplicationsForUser } from "../interviews/blind.ts";
import { HIRING_TEAM_ROLES } from "../interviews/interviews.ts";
import { isKnownTimeZone } from "../mail/templates.ts";
import { findObservationsOwed, findTrialDaysFullyObserved } from "../trial-days/observations-owed.ts";
import { type WorkItem, type WorkItemKind, type WorkQueue, workItemKinds } from "./schemas.ts";

/**
 * The Home work queue: what each member of staff has to do next, computed from the hiring data on
 * every request (nothing to keep in step). The rules, one function each below:
 *
 * - scorecard_owed: an interview of mine has ended (start + duration) and I have filed no
 *   scorecard; overdue once it ended SCORECARD_DUE_HOURS ago. Everyone.
 * - observation_owed: a scored session of a sent trial day that I observe has ended and I have
 *   filed no observation form (trial-days/observations-owed.ts); overdue as a scorecard. Everyone.
 * - interview_today: interviews of today (in the caller's time zone) not yet over: mine for
 *   interviewers, the organisation's for the hiring team. One that is over moves to scorecard_owed.
 * - decision_ready: an active application without a recorded decision whose current stage is a
 *   decision stage, or whose current stage's interviews (at least one, not cancelled) all have
 *   every interviewer's scorecard, or whose current stage's sent trial day has every observer's
 *   form for every scored session. Hiring team.
 * - challenge_result: a graded Submit of a challenge while the application still sits in that
 *   challenge stage. The hiring team has "seen" a result once it acted on it: moved the
 *   application on, rejected it or recorded a decision; opening the page alone does not clear it,
 *   so a result glanced at and forgotten stays in the queue. Hiring team.
 * - stalled: an active application longer in its current stage than the stage's target
 *   (plan_stages.target_days, 7 by default). Hiring team.
 * - package_validating: an uploaded challenge package still being validated. Admins.
 *
 * Roles have no owners in Evident, so "the role's recruiters and hiring managers" are the
 * organisation's hiring team.
 */

/** Hours after an interview's end before its missing scorecard counts as overdue (and is nudged). */
export const SCORECARD_DUE_HOURS = 24;

export interface WorkQueueViewer {
  userId: string;
  role: MemberRole;
}

type Deps = { db: Db; clock: Clock };

export async function getWorkQueue(
  deps: Deps,
  organizationId: string,
  viewer: WorkQueueViewer,
  options: { timeZone?: string | undefined } = {},
): Promise<WorkQueue> {
  const timeZone = options.timeZone ?? "UTC";
  if (!isKnownTimeZone(timeZone)) {
    throw new AppError(
      "bad_request",
      `Unknown time zone "${timeZone}"; use an IANA name such as Europe/Lisbon.`,
      {
        fieldErrors: [{ path: "timeZone", message: "an IANA time zone name" }],
      },
    );
  }
  const now = deps.clock.now();
  const isHiringTeam = HIRING_TEAM_ROLES.includes(viewer.role);
  const groups: WorkItem[][] = [
    await scorecardsOwed(deps.db, organizationId, viewer.userId, now),
    await observationFormsOwed(deps.db, organizationId, viewer.userId, now),
    await interviewsToday(deps.db, organizationId, viewer, isHiringTeam, dayBounds(now, timeZone), now),
  ];
  if (isHiringTeam) {
    groups.push(await decisionsReady(deps.db, organizationId));
    groups.push(await challengeResultsIn(deps.db, organizationId));
    groups.push(await stalledApplications(deps.db, organizationId, now));
  }
  if (viewer.role === "admin") groups.push(await packagesValidating(deps.db, organizationId));
  const items = groups.flat();
  // Overdue first; then the kinds in their declared order, oldest first.
  items.sort(
    (a, b) =>
      Number(b.isOverdue) - Number(a.isOverdue) ||
      workItemKinds.indexOf(a.kind) - workItemKinds.indexOf(b.kind) ||
      a.at.localeCompare(b.at),
  );
  const counts = Object.fromEntries(workItemKinds.map((kind) => [kind, 0])) as Record<WorkItemKind, number>;
  for (const item of items) counts[item.kind] += 1;
  return { items, counts, total: items.length };
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** Names the candidate as this viewer may see them: the pseudonym where they review blind. */
async function candidateNamer(db: Db, organizationId: string, userId: string, applicationIds: string[]) {
  const blind = await findBlindApplicationsForUser(db, organizationId, userId, applicationIds);
  return (applicationId: string, fullName: string | null, stageIsBlind: boolean) =>
    blind.has(applicationId) || stageIsBlind || !fullName ? candidatePseudonym(applicationId) : fullName;
}

async function scorecardsOwed(
  db: Db,
  organizationId: string,
  userId: string,
  now: Date,
): Promise<WorkItem[]> {
  const rows = await queryRows<{
    interview_id: string;
    application_id: string;
    ends_at: Date | string;
    full_name: string | null;
    stage_name: string;
    is_blind: boolean;
    role_title: string;
  }>(
    db,
    sql`select i.id as interview_id, i.application_id, i.scheduled_at + make_interval(mins => i.duration_minutes) as ends_at,
          c.full_name, s.name as stage_name, s.is_blind, r.title as role_title
        from interview_participants p
        join interviews i on i.id = p.interview_id
        join applications a on a.id = i.application_id
        join candidates c on c.id = a.candidate_id
        join plan_stages s on s.id = i.stage_id
        join roles r on r.id = a.role_id
        where p.organization_id = ${organizationId} and p.user_id = ${userId}
          and i.status <> 'cancelled' and a.status = 'active'
          and i.scheduled_at + make_interval(mins => i.duration_minutes) <= ${now.toISOString()}::timestamptz
          and not exists (select 1 from scorecards sc where sc.interview_id = i.id and sc.interviewer_id = p.user_id)
        order by ends_at, i.id
        limit 100`,
  );
  const nameOf = await candidateNamer(
    db,
    organizationId,
    userId,
    rows.map((row) => row.application_id),
  );
  const dueBefore = now.getTime() - SCORECARD_DUE_HOURS * 3600_000;
  return rows.map((row) => ({
    kind: "scorecard_owed",
    key: `scorecard_owed:${row.interview_id}`,
    title: `File your scorecard: ${nameOf(row.application_id, row.full_name, row.is_blind)}, ${row.stage_name}`,
    detail: row.role_title,
    at: iso(row.ends_at),
    isOverdue: new Date(row.ends_at).getTime() <= dueBefore,
    path: `/interviews/${row.interview_id}`,
  }));
}

async function observationFormsOwed(db: Db, organizationId: string, userId: string, now: Date) {
  const owed = await findObservationsOwed(db, organizationId, userId, now);
  const dueBefore = now.getTime() - SCORECARD_DUE_HOURS * 3600_000;
  return owed.map(
    (item): WorkItem => ({
      kind: "observation_owed",
      key: `observation_owed:${item.trialDayId}:${item.sessionId}`,
      title: `File your observation form: ${item.candidateName ?? candidatePseudonym(item.applicationId)}, ${item.sessionTitle}`,
      detail: `Trial day · ${item.roleTitle}`,
      at: item.endedAt.toISOString(),
      isOverdue: item.endedAt.getTime() <= dueBefore,
      path: `/applications/${item.applicationId}/trial-day`,
    }),
  );
}

async function interviewsToday(
  db: Db,
  organizationId: string,
  viewer: WorkQueueViewer,
  isHiringTeam: boolean,
  day: { from: Date; to: Date },
  now: Date,
): Promise<WorkItem[]> {
  const rows = await queryRows<{
    interview_id: string;
    application_id: string;
    scheduled_at: Date | string;
    full_name: string | null;
    stage_name: string;
    is_blind: boolean;
    role_title: string;
  }>(
    db,
    sql`select i.id as interview_id, i.application_id, i.scheduled_at, c.full_name, s.name as stage_name, s.is_blind,
          r.title as role_title
        from interviews i
        join applications a on a.id = i.application_id
        join candidates c on c.id = a.candidate_id
        join plan_stages s on s.id = i.stage_id
        join roles r on r.id = a.role_id
        where i.organization_id = ${organizationId} and i.status = 'scheduled'
          and i.scheduled_at >= ${day.from.toISOString()}::timestamptz and i.scheduled_at < ${day.to.toISOString()}::timestamptz
          and i.scheduled_at + make_interval(mins => i.duration_minutes) > ${now.toISOString()}::timestamptz
          and (${isHiringTeam}::boolean or exists (select 1 from interview_participants p
                 where p.interview_id = i.id and p.user_id = ${viewer.userId}))
        order by i.scheduled_at, i.id
        limit 100`,
  );
  const nameOf = await candidateNamer(
    db,
    organizationId,
    viewer.userId,
    rows.map((row) => row.application_id),
  );
  return rows.map((row) => ({
    kind: "interview_today",
    key: `interview_today:${row.interview_id}`,
    title: `${row.stage_name} with ${nameOf(row.application_id, row.full_name, row.is_blind && !isHiringTeam)}`,
    detail: row.role_title,
    at: iso(row.scheduled_at),
    isOverdue: false,
    path: `/interviews/${row.interview_id}`,
  }));
}

async function decisionsReady(db: Db, organizationId: string): Promise<WorkItem[]> {
  const rows = await queryRows<{
    application_id: string;
    full_name: string | null;
    role_title: string;
    stage_name: string;
    stage_type: string;
    ready_since: Date | string;
  }>(
    db,
    sql`select a.id as application_id, c.full_name, r.title as role_title, s.name as stage_name, s.type as stage_type,
          coalesce(
            (select max(sc.submitted_at) from scorecards sc join interviews i on i.id = sc.interview_id
              where i.application_id = a.id and i.stage_id = s.id and i.status <> 'cancelled'),
            (select max(e.created_at) from application_events e where e.application_id = a.id and e.to_stage_id = s.id),
            a.updated_at) as ready_since
        from applications a
        join candidates c on c.id = a.candidate_id
        join roles r on r.id = a.role_id
        join plan_stages s on s.id = a.current_stage_id
        where a.organization_id = ${organizationId} and a.status = 'active'
          and not exists (select 1 from hiring_decisions d where d.application_id = a.id)
          and (s.type = 'decision' or (
            exists (select 1 from interviews i where i.application_id = a.id and i.stage_id = s.id and i.status <> 'cancelled')
            and not exists (
              select 1 from interviews i join interview_participants p on p.interview_id = i.id
              where i.application_id = a.id and i.stage_id = s.id and i.status <> 'cancelled'
                and not exists (select 1 from scorecards sc where sc.interview_id = i.id and sc.interviewer_id = p.user_id))))
        order by ready_since, a.id
        limit 100`,
  );
  const fromInterviews: WorkItem[] = rows.map((row) => ({
    kind: "decision_ready",
    key: `decision_ready:${row.application_id}`,
    title: `Decide on ${row.full_name ?? candidatePseudonym(row.application_id)} for ${row.role_title}`,
    detail:
      row.stage_type === "decision"
        ? `In the ${row.stage_name} stage`
        : `Every scorecard of ${row.stage_name} is in`,
    at: iso(row.ready_since),
    isOverdue: false,
    path: `/applications/${row.application_id}/decision`,
  }));
  const fromTrialDays: WorkItem[] = (await findTrialDaysFullyObserved(db, organizationId)).map((day) => ({
    kind: "decision_ready",
    key: `decision_ready:${day.applicationId}`,
    title: `Decide on ${day.candidateName ?? candidatePseudonym(day.applicationId)} for ${day.roleTitle}`,
    detail: `Every observation form of ${day.stageName} is in`,
    at: day.readySince.toISOString(),
    isOverdue: false,
    path: `/applications/${day.applicationId}/decision`,
  }));
  return [...fromInterviews, ...fromTrialDays].sort((a, b) => a.at.localeCompare(b.at));
}

async function challengeResultsIn(db: Db, organizationId: string): Promise<WorkItem[]> {
  const rows = await queryRows<{
    application_id: string;
    full_name: string | null;
    role_title: string;
    stage_name: string;
    is_blind: boolean;
    graded_at: Date | string;
    score: number | null;
    max_score: number | null;
  }>(
    db,
    sql`select distinct on (a.id) a.id as application_id, c.full_name, r.title as role_title, s.name as stage_name,
          s.is_blind, sub.graded_at, sub.score, sub.max_score
        from challenge_submissions sub
        join challenge_attempts att on att.id = sub.attempt_id
        join applications a on a.id = att.application_id
        join candidates c on c.id = a.candidate_id
        join roles r on r.id = a.role_id
        join plan_stages s on s.id = att.stage_id
        where sub.organization_id = ${organizationId} and sub.mode = 'submit' and sub.status = 'graded'
          and a.status = 'active' and a.current_stage_id = att.stage_id
          and not exists (select 1 from hiring_decisions d where d.application_id = a.id)
        order by a.id, sub.graded_at desc
        limit 100`,
  );
  return rows.map((row) => ({
    kind: "challenge_result",
    key: `challenge_result:${row.application_id}`,
    title: `Challenge result in: ${row.is_blind || !row.full_name ? candidatePseudonym(row.application_id) : row.full_name}, ${row.stage_name}`,
    detail:
      row.score !== null && row.max_score !== null
        ? `${row.role_title}; scored ${row.score} of ${row.max_score}`
        : row.role_title,
    at: iso(row.graded_at),
    isOverdue: false,
    path: `/applications/${row.application_id}/challenge`,
  }));
}

async function stalledApplications(db: Db, organizationId: string, now: Date): Promise<WorkItem[]> {
  const rows = await queryRows<{
    application_id: string;
    full_name: string | null;
    role_title: string;
    stage_name: string;
    target_days: number;
    entered_at: Date | string;
  }>(
    db,
    sql`select * from (
          select a.id as application_id, c.full_name, r.title as role_title, s.name as stage_name, s.target_days,
            coalesce((select max(e.created_at) from application_events e
                       where e.application_id = a.id and e.to_stage_id = a.current_stage_id), a.created_at) as entered_at
          from applications a
          join candidates c on c.id = a.candidate_id
          join roles r on r.id = a.role_id
          join plan_stages s on s.id = a.current_stage_id
          where a.organization_id = ${organizationId} and a.status = 'active'
        ) waiting
        where entered_at + make_interval(days => target_days) <= ${now.toISOString()}::timestamptz
        order by entered_at, application_id
        limit 100`,
  );
  return rows.map((row) => {
    const days = Math.floor((now.getTime() - new Date(row.entered_at).getTime()) / 86_400_000);
    return {
      kind: "stalled",
      key: `stalled:${row.application_id}`,
      title: `${row.full_name ?? candidatePseudonym(row.application_id)} has waited ${days} days in ${row.stage_name}`,
      detail: `${row.role_title}; the plan's target for this stage is ${row.target_days} days`,
      at: iso(row.entered_at),
      isOverdue: false,
      path: `/applications/${row.application_id}`,
    };
  });
}

async function packagesValidating(db: Db, organizationId: string): Promise<WorkItem[]> {
  const rows = await queryRows<{
    id: string;
    title: string;
    challenge_id: string;
    created_at: Date | string;
  }>(
    db,
    sql`select id, title, challenge_id, created_at from challenge_packages
        where organization_id = ${organizationId} and status = 'validating'
        order by created_at, id
        limit 100`,
  );
  return rows.map((row) => ({
    kind: "package_validating",
    key: `package_validating:${row.id}`,
    title: `Challenge package "${row.title}" is being validated`,
    detail: `Uploaded as ${row.challenge_id}; its reference and known-wrong solutions are being run`,
    at: iso(row.created_at),
    isOverdue: false,
    path: "/challenges",
  }));
}

/**
 * Start and end of the calendar day containing `now` in `timeZone`. The zone's offset is read at
 * the day's UTC midnight, which is exact except on the few days a DST change happens at midnight.
 */
export function dayBounds(now: Date, timeZone: string): { from: Date; to: Date } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const utcMidnight = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  const from = new Date(utcMidnight - offsetMinutes(new Date(utcMidnight), timeZone) * 60_000);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

function offsetMinutes(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}
