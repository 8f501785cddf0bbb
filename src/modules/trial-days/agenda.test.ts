import { describe, expect, it } from "vitest";
import { behavioursOfSession, findAgendaProblems, instantOf, isCalendarDate } from "./agenda.ts";
import type { TrialDaySession } from "./trial-days-table.ts";

const session = (overrides: Partial<TrialDaySession>): TrialDaySession => ({
  id: "s",
  kind: "pairing",
  title: "Pairing",
  startTime: "10:00",
  endTime: "11:00",
  room: null,
  hostIds: [],
  observerIds: ["o1"],
  behaviourIds: [],
  ...overrides,
});

describe("trial-day agenda", () => {
  it("reads clock times in the candidate's zone, across daylight-saving changes", () => {
    expect(instantOf("2026-12-15", "09:30", "Europe/Berlin").toISOString()).toBe("2026-12-15T08:30:00.000Z");
    expect(instantOf("2026-07-15", "09:30", "Europe/Berlin").toISOString()).toBe("2026-07-15T07:30:00.000Z");
    // 29 March 2026: Berlin moves from UTC+1 to UTC+2 at 02:00; 10:00 is already summer time.
    expect(instantOf("2026-03-29", "10:00", "Europe/Berlin").toISOString()).toBe("2026-03-29T08:00:00.000Z");
    expect(instantOf("2026-12-15", "09:00", "America/New_York").toISOString()).toBe(
      "2026-12-15T14:00:00.000Z",
    );
  });

  it("knows real dates", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
  });

  it("rates a session's chosen behaviours, else its kind's, else the whole rubric; lunch none", () => {
    const rubric = ["clarifying-and-status", "working-with-the-team", "handling-disagreement"];
    expect(behavioursOfSession({ kind: "pairing", behaviourIds: [] }, rubric)).toEqual([
      "clarifying-and-status",
      "working-with-the-team",
    ]);
    expect(behavioursOfSession({ kind: "other", behaviourIds: [] }, rubric)).toEqual(rubric);
    expect(behavioursOfSession({ kind: "pairing", behaviourIds: ["handling-disagreement"] }, rubric)).toEqual(
      ["handling-disagreement"],
    );
    expect(behavioursOfSession({ kind: "lunch", behaviourIds: [] }, rubric)).toEqual([]);
  });

  it("names the candidate when sessions overlap with nobody else in both", () => {
    const problems = findAgendaProblems(
      {
        date: "2026-12-15",
        candidateTimeZone: "Europe/Lisbon",
        dayStart: "09:00",
        dayEnd: "17:00",
        sessions: [
          session({ id: "a", title: "A", observerIds: ["o1"] }),
          session({ id: "b", title: "B", startTime: "10:30", endTime: "11:30", observerIds: ["o2"] }),
          session({ id: "c", title: "C", startTime: "12:00", endTime: "12:00", observerIds: ["o2"] }),
        ],
      },
      new Set(["o1", "o2"]),
      (id) => id,
      [],
    );
    expect(problems).toEqual([
      { path: "sessions.2.endTime", message: '"C" must end after it starts' },
      { path: "sessions.1.startTime", message: '"B" overlaps "A": the candidate cannot be in both' },
    ]);
  });
});
