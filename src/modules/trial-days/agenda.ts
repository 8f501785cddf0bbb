/**
 * The trial day's agenda rules, pure: clock times on the day's date in the candidate's zone
 * become instants, and a plan is checked (sessions inside the day, nobody in two places at
 * once, an observer for every scored session, lunch optional and unscored). No database, no clock.
 */
import { instantOfWallClock } from "../../platform/zoned-time.ts";
import type { TrialDaySession, TrialDaySessionKind } from "./trial-days-table.ts";

export interface AgendaProblem {
  path: string;
  message: string;
}

export interface AgendaPlan {
  date: string;
  candidateTimeZone: string;
  dayStart: string;
  dayEnd: string;
  sessions: readonly TrialDaySession[];
}

/** Lunch is offered, never required, and nobody rates it; every other kind is observed and scored. */
export const isScoredKind = (kind: TrialDaySessionKind) => kind !== "lunch";

/**
 * The onsite trial-day kit's behaviours a session of each kind shows, used when the planner
 * picks none (attributes the day's kit lacks are dropped; an empty result means the whole rubric).
 */
const BEHAVIOURS_BY_KIND: Record<TrialDaySessionKind, readonly string[]> = {
  pairing: ["clarifying-and-status", "working-with-the-team"],
  design_discussion: ["handling-disagreement"],
  team_meeting: ["explaining-work", "responding-to-review"],
  lunch: [],
  other: [],
};

/** The behaviours a session's forms rate: the planner's choice, else its kind's, else the whole rubric. */
export function behavioursOfSession(
  session: Pick<TrialDaySession, "kind" | "behaviourIds">,
  rubricIds: readonly string[],
): string[] {
  if (!isScoredKind(session.kind)) return [];
  if (session.behaviourIds.length > 0) return session.behaviourIds.filter((id) => rubricIds.includes(id));
  const byKind = BEHAVIOURS_BY_KIND[session.kind].filter((id) => rubricIds.includes(id));
  return byKind.length > 0 ? byKind : [...rubricIds];
}

const minutesOf = (time: string) => {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** The instant a wall-clock time on a date shows in a zone (the later reading across a DST change). */
export function instantOf(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const wall = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1) + minutesOf(time) * 60_000;
  return instantOfWallClock(wall, timeZone);
}

/** Whether "YYYY-MM-DD" names a real calendar date. */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/**
 * Everything wrong with a plan, each at its field. `memberIds` are the organisation's members
 * (hosts and observers must be among them); `nameOf` names a person in a message.
 */
export function findAgendaProblems(
  plan: AgendaPlan,
  memberIds: ReadonlySet<string>,
  nameOf: (userId: string) => string,
  rubricIds: readonly string[],
): AgendaProblem[] {
  const problems: AgendaProblem[] = [];
  const dayStart = minutesOf(plan.dayStart);
  const dayEnd = minutesOf(plan.dayEnd);
  if (dayEnd <= dayStart) {
    problems.push({ path: "dayEnd", message: `the day must end after it starts (${plan.dayStart})` });
  }
  const seenIds = new Set<string>();
  plan.sessions.forEach((session, index) => {
    const at = `sessions.${index}`;
    const label = `"${session.title}"`;
    if (seenIds.has(session.id)) problems.push({ path: `${at}.id`, message: "another session has this id" });
    seenIds.add(session.id);
    const start = minutesOf(session.startTime);
    const end = minutesOf(session.endTime);
    if (end <= start) {
      problems.push({ path: `${at}.endTime`, message: `${label} must end after it starts` });
    } else if (start < dayStart || end > dayEnd) {
      problems.push({
        path: `${at}.startTime`,
        message: `${label} (${session.startTime}–${session.endTime}) lies outside the day (${plan.dayStart}–${plan.dayEnd})`,
      });
    }
    for (const [field, ids] of [
      ["hostIds", session.hostIds],
      ["observerIds", session.observerIds],
    ] as const) {
      if (ids.some((id) => !memberIds.has(id))) {
        problems.push({
          path: `${at}.${field}`,
          message: "choose people who are members of this organisation",
        });
      }
      if (new Set(ids).size !== ids.length) {
        problems.push({ path: `${at}.${field}`, message: "a person is listed twice" });
      }
    }
    if (session.observerIds.some((id) => session.hostIds.includes(id))) {
      problems.push({
        path: `${at}.observerIds`,
        message: `${label}: a host cannot also observe (hosts cannot take notes while hosting)`,
      });
    }
    if (isScoredKind(session.kind)) {
      if (session.observerIds.length === 0) {
        problems.push({
          path: `${at}.observerIds`,
          message: `${label} is scored, so it needs at least one observer`,
        });
      }
      const unknown = session.behaviourIds.filter((id) => !rubricIds.includes(id));
      if (unknown.length > 0) {
        problems.push({
          path: `${at}.behaviourIds`,
          message: `${unknown.map((id) => `"${id}"`).join(", ")} is not a behaviour of the day's kit`,
        });
      }
    } else {
      if (session.observerIds.length > 0) {
        problems.push({
          path: `${at}.observerIds`,
          message: `${label} is lunch: optional and unscored, so it has no observers`,
        });
      }
      if (session.behaviourIds.length > 0) {
        problems.push({ path: `${at}.behaviourIds`, message: `${label} is lunch: nothing in it is rated` });
      }
    }
  });
  problems.push(...findOverlaps(plan.sessions, nameOf));
  return problems;
}

/**
 * Overlapping sessions: named by a host or observer in both when there is one, otherwise by the
 * candidate, who attends every session (lunch included, since it is on their agenda).
 */
function findOverlaps(
  sessions: readonly TrialDaySession[],
  nameOf: (userId: string) => string,
): AgendaProblem[] {
  const problems: AgendaProblem[] = [];
  sessions.forEach((later, laterIndex) => {
    sessions.slice(0, laterIndex).forEach((earlier) => {
      const overlaps =
        minutesOf(later.startTime) < minutesOf(earlier.endTime) &&
        minutesOf(earlier.startTime) < minutesOf(later.endTime);
      if (!overlaps) return;
      const people = (session: TrialDaySession) => [...session.hostIds, ...session.observerIds];
      const shared = people(later).find((id) => people(earlier).includes(id));
      const who = shared ? nameOf(shared) : "the candidate";
      problems.push({
        path: `sessions.${laterIndex}.startTime`,
        message: `"${later.title}" overlaps "${earlier.title}": ${who} cannot be in both`,
      });
    });
  });
  return problems;
}

/** The sessions in the order they happen. */
export function inAgendaOrder<T extends Pick<TrialDaySession, "startTime">>(sessions: readonly T[]): T[] {
  return [...sessions].sort((a, b) => minutesOf(a.startTime) - minutesOf(b.startTime));
}
