import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  busyIntervalsFromCalendar,
  computeMemberWeekFocus,
  looksLikeCalendar,
  MIN_GROUP_SIZE,
  recentWeekStarts,
  summariseFocusWeek,
  weekStartOf,
  zonedInstant,
} from "./focus-time.ts";

const fixture = readFileSync(new URL("../../../test/fixtures/team-calendar.ics", import.meta.url), "utf8");
const window = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-15T00:00:00Z") };

describe("focus time", () => {
  it("expands recurring events with their exceptions and drops free, cancelled and out-of-window events", () => {
    const busy = busyIntervalsFromCalendar(fixture, window);
    const standUps = busy.filter(
      (interval) =>
        !interval.isAllDay && interval.endsAt.getTime() - interval.startsAt.getTime() === 15 * 60_000,
    );
    // Ten weekdays in the window, less the excluded Wednesday 4 March.
    expect(standUps.map((interval) => interval.startsAt.toISOString().slice(0, 10))).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-05",
      "2026-03-06",
      "2026-03-09",
      "2026-03-10",
      "2026-03-11",
      "2026-03-12",
      "2026-03-13",
    ]);
    expect(busy.filter((interval) => interval.isAllDay)).toHaveLength(1);
    // The free lunch and the cancelled review are not meetings.
    expect(busy.some((interval) => interval.startsAt.toISOString() === "2026-03-05T12:00:00.000Z")).toBe(
      false,
    );
    expect(busy.some((interval) => interval.startsAt.toISOString() === "2026-03-05T14:00:00.000Z")).toBe(
      false,
    );
  });

  it("counts blocks of two hours or more inside working hours, and skips days away", () => {
    const busy = busyIntervalsFromCalendar(fixture, window);
    // Mon: 09:45–17:00; Tue: 09:45–13:00 and 15:00–17:00; Wed (stand-up excluded): 09:00–17:00;
    // Thu: 09:45–17:00 (free lunch, cancelled review); Fri: the holiday, not a working day.
    expect(
      computeMemberWeekFocus(busy, "2026-03-02", { timeZone: "UTC", startHour: 9, endHour: 17 }),
    ).toEqual({
      blocks: 5,
      focusHours: 27.8,
      workingDays: 4,
    });
    // In Berlin (UTC+1) the day runs 08:00–16:00 UTC: Tuesday's planning leaves 09:45–13:00 only.
    const berlin = computeMemberWeekFocus(busy, "2026-03-02", {
      timeZone: "Europe/Berlin",
      startHour: 9,
      endHour: 17,
    });
    expect(berlin.blocks).toBe(4);
    // A day full of short meetings an hour apart has no block at all.
    const choppy = [10, 12, 14, 16].map((hour) => ({
      startsAt: new Date(`2026-03-09T${String(hour).padStart(2, "0")}:00:00Z`),
      endsAt: new Date(`2026-03-09T${String(hour).padStart(2, "0")}:30:00Z`),
      isAllDay: false,
    }));
    const week = computeMemberWeekFocus(choppy, "2026-03-09", { timeZone: "UTC", startHour: 9, endHour: 17 });
    expect(week.blocks).toBe(4); // Tuesday to Friday, whole days
  });

  it("shows a week only for at least three members, and then only as a distribution", () => {
    const memberWeek = (blocks: number) => ({ blocks, focusHours: blocks * 2.5, workingDays: 5 });
    const tooFew = summariseFocusWeek("2026-03-02", [memberWeek(3), memberWeek(5)]);
    expect(tooFew).toMatchObject({ isShown: false, memberCount: 2, medianBlocks: null, buckets: null });
    const shown = summariseFocusWeek("2026-03-02", [memberWeek(0), memberWeek(3), memberWeek(8)]);
    expect(MIN_GROUP_SIZE).toBe(3);
    expect(shown.isShown).toBe(true);
    expect(shown.medianBlocks).toBe(3);
    expect(shown.buckets?.map((bucket) => bucket.memberWeeks)).toEqual([1, 1, 0, 1]);
  });

  it("reads weeks and local hours in the team's zone", () => {
    expect(weekStartOf(new Date("2026-03-08T23:30:00Z"), "UTC")).toBe("2026-03-02");
    expect(weekStartOf(new Date("2026-03-08T23:30:00Z"), "Europe/Berlin")).toBe("2026-03-09");
    expect(zonedInstant("2026-07-01", 9, "Europe/Lisbon").toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(zonedInstant("2026-03-29", 12, "Europe/Berlin").toISOString()).toBe("2026-03-29T10:00:00.000Z");
    expect(recentWeekStarts(new Date("2026-03-11T12:00:00Z"), "UTC", 3)).toEqual([
      "2026-02-23",
      "2026-03-02",
      "2026-03-09",
    ]);
    expect(looksLikeCalendar(fixture)).toBe(true);
    expect(looksLikeCalendar("%PDF-1.7")).toBe(false);
  });
});
