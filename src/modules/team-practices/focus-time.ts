import ical from "node-ical";
import { instantOfWallClock } from "../../platform/zoned-time.ts";

/**
 * Focus time, pure: a calendar (ICS) reduced to busy intervals, and the uninterrupted blocks of
 * at least FOCUS_BLOCK_HOURS without meetings inside the team's working hours, per member-week.
 * Results leave this file only as a team distribution (summariseFocusWeeks), never per person.
 */

/** A focus block is this long at least: about what deep work needs to get going and go somewhere. */
export const FOCUS_BLOCK_HOURS = 2;
/** Fewer members than this in a week and the week is "too few to show": a distribution of two is two people. */
export const MIN_GROUP_SIZE = 3;
/** Expanding recurrences stops here, so a hostile RRULE cannot make an import run for ever. */
export const MAX_CALENDAR_INSTANCES = 20_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface BusyInterval {
  startsAt: Date;
  endsAt: Date;
  /** An all-day event: the member is away (holiday, conference), so the day counts neither way. */
  isAllDay: boolean;
}

export interface WorkingHours {
  timeZone: string;
  startHour: number;
  endHour: number;
}

/** The instant a local wall-clock hour of a date (YYYY-MM-DD) happens in a zone. */
export function zonedInstant(localDate: string, hour: number, timeZone: string): Date {
  const wall = Date.parse(`${localDate}T00:00:00Z`) + hour * HOUR_MS;
  return instantOfWallClock(wall, timeZone);
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** A date (YYYY-MM-DD) plus whole days. */
export function addDays(localDate: string, days: number): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday (YYYY-MM-DD) of the week holding this instant, in the zone. */
export function weekStartOf(at: Date, timeZone: string): string {
  const local = localDateOf(at, timeZone);
  const weekday = new Date(`${local}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(local, -((weekday + 6) % 7));
}

/** The Mondays of the `count` weeks up to and including the one holding `at`, oldest first. */
export function recentWeekStarts(at: Date, timeZone: string, count: number): string[] {
  const current = weekStartOf(at, timeZone);
  return Array.from({ length: count }, (_, index) => addDays(current, -7 * (count - 1 - index)));
}

/** Whether the text is an iCalendar file at all (uploads are checked by content, not by name). */
export function looksLikeCalendar(content: string): boolean {
  return /^\s*BEGIN:VCALENDAR\r?\n/i.test(content) && /END:VCALENDAR\s*$/i.test(content);
}

/**
 * The busy intervals of an ICS calendar between `from` and `to`, recurring events expanded (with
 * their exceptions and moved instances). Cancelled events and events marked free (TRANSPARENT)
 * are not meetings. Nothing but the times is kept: titles, attendees and places stay behind.
 */
export function busyIntervalsFromCalendar(content: string, window: { from: Date; to: Date }): BusyInterval[] {
  const parsed = ical.sync.parseICS(content);
  const busy: BusyInterval[] = [];
  for (const component of Object.values(parsed)) {
    if (component?.type !== "VEVENT") continue;
    const event = component as ical.VEvent;
    if (!event.start) continue;
    const instances = ical.expandRecurringEvent(event, {
      from: window.from,
      to: window.to,
      expandOngoing: true,
    });
    for (const instance of instances) {
      const source = instance.event;
      if (source.status === "CANCELLED" || source.transparency === "TRANSPARENT") continue;
      const startsAt = new Date(instance.start);
      const endsAt = new Date(instance.end ?? instance.start);
      if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) continue;
      if (endsAt <= startsAt && !instance.isFullDay) continue;
      busy.push({
        startsAt,
        endsAt: instance.isFullDay && endsAt <= startsAt ? new Date(startsAt.getTime() + DAY_MS) : endsAt,
        isAllDay: instance.isFullDay,
      });
      if (busy.length > MAX_CALENDAR_INSTANCES) {
        throw new RangeError(`The calendar holds more than ${MAX_CALENDAR_INSTANCES} events in the window.`);
      }
    }
  }
  return busy.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * All-day events carry dates, not instants: node-ical gives them as midnight UTC of the date (or
 * of the zone's date). The local date they name is read in UTC, so "2026-03-04" stays the 4th in
 * every team zone.
 */
function allDayDates(interval: BusyInterval): string[] {
  const first = interval.startsAt.toISOString().slice(0, 10);
  const days = Math.max(1, Math.round((interval.endsAt.getTime() - interval.startsAt.getTime()) / DAY_MS));
  return Array.from({ length: days }, (_, index) => addDays(first, index));
}

export interface MemberWeekFocus {
  /** Uninterrupted stretches of at least FOCUS_BLOCK_HOURS inside working hours. */
  blocks: number;
  /** Their total length in hours. */
  focusHours: number;
  /** Working days counted (Monday to Friday, less days away). */
  workingDays: number;
}

/** One member's focus in one week (Monday `weekStart`) of the team's working hours. */
export function computeMemberWeekFocus(
  busy: readonly BusyInterval[],
  weekStart: string,
  hours: WorkingHours,
): MemberWeekFocus {
  const daysAway = new Set(busy.filter((interval) => interval.isAllDay).flatMap(allDayDates));
  const meetings = busy.filter((interval) => !interval.isAllDay);
  let blocks = 0;
  let focusMs = 0;
  let workingDays = 0;
  for (let offset = 0; offset < 5; offset += 1) {
    const day = addDays(weekStart, offset);
    if (daysAway.has(day)) continue;
    workingDays += 1;
    const dayStart = zonedInstant(day, hours.startHour, hours.timeZone).getTime();
    const dayEnd = zonedInstant(day, hours.endHour, hours.timeZone).getTime();
    const inDay = meetings
      .filter((meeting) => meeting.endsAt.getTime() > dayStart && meeting.startsAt.getTime() < dayEnd)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    let freeFrom = dayStart;
    const closeGap = (until: number) => {
      const gap = until - freeFrom;
      if (gap >= FOCUS_BLOCK_HOURS * HOUR_MS) {
        blocks += 1;
        focusMs += gap;
      }
    };
    for (const meeting of inDay) {
      const start = Math.max(meeting.startsAt.getTime(), dayStart);
      if (start > freeFrom) closeGap(start);
      freeFrom = Math.max(freeFrom, Math.min(meeting.endsAt.getTime(), dayEnd));
    }
    if (dayEnd > freeFrom) closeGap(dayEnd);
  }
  return { blocks, focusHours: Math.round((focusMs / HOUR_MS) * 10) / 10, workingDays };
}

/** The shape a member-week's focus is grouped into: how many blocks the week held. */
export const focusBuckets = [
  { key: "none", label: "No focus block", min: 0, max: 0 },
  { key: "few", label: "1–3 blocks", min: 1, max: 3 },
  { key: "some", label: "4–6 blocks", min: 4, max: 6 },
  { key: "many", label: "7 or more blocks", min: 7, max: Number.POSITIVE_INFINITY },
] as const;

export interface FocusWeekSummary {
  weekStart: string;
  memberCount: number;
  /** False when fewer than MIN_GROUP_SIZE members had a calendar: nothing else is given then. */
  isShown: boolean;
  medianFocusHours: number | null;
  medianBlocks: number | null;
  buckets: { key: string; label: string; memberWeeks: number }[] | null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round((value ?? 0) * 10) / 10;
}

/** The team's week: a distribution over its members, or nothing when the group is too small. */
export function summariseFocusWeek(
  weekStart: string,
  memberWeeks: readonly MemberWeekFocus[],
): FocusWeekSummary {
  if (memberWeeks.length < MIN_GROUP_SIZE) {
    return {
      weekStart,
      memberCount: memberWeeks.length,
      isShown: false,
      medianFocusHours: null,
      medianBlocks: null,
      buckets: null,
    };
  }
  return {
    weekStart,
    memberCount: memberWeeks.length,
    isShown: true,
    medianFocusHours: median(memberWeeks.map((week) => week.focusHours)),
    medianBlocks: median(memberWeeks.map((week) => week.blocks)),
    buckets: focusBuckets.map((bucket) => ({
      key: bucket.key,
      label: bucket.label,
      memberWeeks: memberWeeks.filter((week) => week.blocks >= bucket.min && week.blocks <= bucket.max)
        .length,
    })),
  };
}
