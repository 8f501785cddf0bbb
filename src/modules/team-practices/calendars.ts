import { and, eq, gte, inArray, lt } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { MemberContext } from "../auth/access.ts";
import { type CalendarFetchOptions, fetchCalendar } from "./calendar-fetch.ts";
import {
  addDays,
  type BusyInterval,
  busyIntervalsFromCalendar,
  computeMemberWeekFocus,
  FOCUS_BLOCK_HOURS,
  looksLikeCalendar,
  MIN_GROUP_SIZE,
  recentWeekStarts,
  summariseFocusWeek,
  zonedInstant,
} from "./focus-time.ts";
import type { MyCalendar, TeamFocusTime } from "./schemas.ts";
import { readTeamSettings, requireTeamAccess } from "./team-access.ts";
import { calendarBusyTimes, calendarImports, teamMembers } from "./team-practices-table.ts";

/**
 * Members' imported calendars (per organisation member, not per team: one calendar serves every
 * team they are in), kept only as busy intervals within a window around today, and the team's
 * focus time computed from them on each read.
 */

/** The weeks kept and shown: twelve back, and four ahead for what is already booked. */
export const CALENDAR_WEEKS_BACK = 12;
export const CALENDAR_WEEKS_AHEAD = 4;
const DAY_MS = 86_400_000;

function importWindow(now: Date) {
  return {
    from: new Date(now.getTime() - (CALENDAR_WEEKS_BACK * 7 + 1) * DAY_MS),
    to: new Date(now.getTime() + (CALENDAR_WEEKS_AHEAD * 7 + 1) * DAY_MS),
  };
}

/** Replaces the caller's busy times with those of this calendar text. */
export async function importCalendar(
  deps: { db: Db; clock: Clock },
  member: MemberContext,
  content: string,
  source: "file" | "url",
): Promise<MyCalendar> {
  if (!looksLikeCalendar(content)) {
    throw new AppError(
      "bad_request",
      "That is not an iCalendar (.ics) file: it should start with BEGIN:VCALENDAR.",
      {
        fieldErrors: [{ path: source === "file" ? "content" : "url", message: "is not an iCalendar file" }],
      },
    );
  }
  let busy: BusyInterval[];
  try {
    busy = busyIntervalsFromCalendar(content, importWindow(deps.clock.now()));
  } catch (error) {
    const reason =
      error instanceof RangeError ? error.message : "The calendar could not be read as iCalendar.";
    throw new AppError("bad_request", reason, {
      fieldErrors: [{ path: source === "file" ? "content" : "url", message: "could not be read" }],
    });
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .delete(calendarBusyTimes)
      .where(
        and(
          eq(calendarBusyTimes.organizationId, member.organizationId),
          eq(calendarBusyTimes.userId, member.userId),
        ),
      );
    // In slices: a year of meetings is a few thousand rows, more than one statement should bind.
    for (let start = 0; start < busy.length; start += 1000) {
      await tx.insert(calendarBusyTimes).values(
        busy.slice(start, start + 1000).map((interval) => ({
          id: newId(),
          organizationId: member.organizationId,
          userId: member.userId,
          startsAt: interval.startsAt,
          endsAt: interval.endsAt,
          isAllDay: interval.isAllDay,
        })),
      );
    }
    await tx
      .insert(calendarImports)
      .values({
        organizationId: member.organizationId,
        userId: member.userId,
        source,
        eventCount: busy.length,
        importedAt: now,
      })
      .onConflictDoUpdate({
        target: [calendarImports.organizationId, calendarImports.userId],
        set: { source, eventCount: busy.length, importedAt: now },
      });
  });
  return getMyCalendar(deps.db, member);
}

export async function importCalendarFromUrl(
  deps: { db: Db; clock: Clock; fetchOptions?: CalendarFetchOptions },
  member: MemberContext,
  url: string,
): Promise<MyCalendar> {
  const content = await fetchCalendar(url, deps.fetchOptions);
  return importCalendar(deps, member, content, "url");
}

export async function getMyCalendar(db: Db, member: MemberContext): Promise<MyCalendar> {
  const [row] = await db
    .select()
    .from(calendarImports)
    .where(
      and(
        eq(calendarImports.organizationId, member.organizationId),
        eq(calendarImports.userId, member.userId),
      ),
    );
  return row
    ? {
        isImported: true,
        source: row.source,
        eventCount: row.eventCount,
        importedAt: row.importedAt.toISOString(),
      }
    : { isImported: false, source: null, eventCount: 0, importedAt: null };
}

export async function removeMyCalendar(db: Db, member: MemberContext): Promise<void> {
  await db.transaction(async (tx) => {
    const scope = (table: typeof calendarBusyTimes | typeof calendarImports) =>
      and(eq(table.organizationId, member.organizationId), eq(table.userId, member.userId));
    await tx.delete(calendarBusyTimes).where(scope(calendarBusyTimes));
    await tx.delete(calendarImports).where(scope(calendarImports));
  });
}

/**
 * The team's focus time: per week, the distribution of focus blocks over the members who
 * imported a calendar; a week with fewer than MIN_GROUP_SIZE of them shows nothing. Per person
 * figures are computed here and never leave this function.
 */
export async function getTeamFocusTime(
  deps: { db: Db; clock: Clock },
  member: MemberContext,
  teamId: string,
  weeks: number,
): Promise<TeamFocusTime> {
  const access = await requireTeamAccess(deps.db, member, teamId);
  if (access.team.workModel === "remote") {
    throw new AppError(
      "conflict",
      "Focus time is measured for onsite and hybrid teams; this team works remotely.",
    );
  }
  const settings = await readTeamSettings(deps.db, teamId);
  const hours = {
    timeZone: settings.timeZone,
    startHour: settings.workdayStartHour,
    endHour: settings.workdayEndHour,
  };
  const weekStarts = recentWeekStarts(deps.clock.now(), settings.timeZone, weeks);
  const memberIds = (
    await deps.db
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId))
  ).map((row) => row.userId);
  const imported =
    memberIds.length === 0
      ? []
      : await deps.db
          .select({ userId: calendarImports.userId })
          .from(calendarImports)
          .where(
            and(
              eq(calendarImports.organizationId, member.organizationId),
              inArray(calendarImports.userId, memberIds),
            ),
          );
  const importedIds = imported.map((row) => row.userId);
  const from = zonedInstant(weekStarts[0] ?? "2000-01-03", 0, settings.timeZone);
  const to = zonedInstant(addDays(weekStarts.at(-1) ?? "2000-01-03", 7), 0, settings.timeZone);
  const busyRows =
    importedIds.length === 0
      ? []
      : await deps.db
          .select({
            userId: calendarBusyTimes.userId,
            startsAt: calendarBusyTimes.startsAt,
            endsAt: calendarBusyTimes.endsAt,
            isAllDay: calendarBusyTimes.isAllDay,
          })
          .from(calendarBusyTimes)
          .where(
            and(
              eq(calendarBusyTimes.organizationId, member.organizationId),
              inArray(calendarBusyTimes.userId, importedIds),
              lt(calendarBusyTimes.startsAt, to),
              gte(calendarBusyTimes.endsAt, new Date(from.getTime() - DAY_MS)),
            ),
          );
  const busyByMember = new Map<string, BusyInterval[]>(importedIds.map((id) => [id, []]));
  for (const row of busyRows) busyByMember.get(row.userId)?.push(row);
  return {
    memberCount: memberIds.length,
    importedCount: importedIds.length,
    minGroupSize: MIN_GROUP_SIZE,
    focusBlockHours: FOCUS_BLOCK_HOURS,
    workingHours: hours,
    weeks: weekStarts.map((weekStart) =>
      summariseFocusWeek(
        weekStart,
        [...busyByMember.values()].map((busy) => computeMemberWeekFocus(busy, weekStart, hours)),
      ),
    ),
  };
}
