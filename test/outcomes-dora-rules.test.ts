import { describe, expect, it } from "vitest";
import {
  changeFailureRateBand,
  deploymentFrequencyBand,
  leadTimeBand,
  recoveryTimeBand,
  roundedRatioBasisPoints,
} from "../src/modules/outcomes/dora/bands.ts";
import { computeChangeLeadTimes } from "../src/modules/outcomes/dora/change-lead-time.ts";
import { prepareDoraDataset } from "../src/modules/outcomes/dora/dataset.ts";
import {
  calendarDays,
  computeDeploymentFrequency,
  mondayOf,
} from "../src/modules/outcomes/dora/deployment-frequency.ts";
import { computeDoraMetrics } from "../src/modules/outcomes/dora/dora.ts";
import { type OutcomeEventInput, parseOutcomeEvents } from "../src/modules/outcomes/dora/events.ts";
import { linkIncidentsToDeployments } from "../src/modules/outcomes/dora/incident-links.ts";
import { devlakeLowerMedian, devlakeUpperMedian } from "../src/modules/outcomes/dora/median.ts";
import { ceiledSpanMinutes, truncatedMinutesBetween } from "../src/modules/outcomes/dora/time-spans.ts";
import {
  dayNumberOfDate,
  doraQuerySchema,
  msPerDay,
  type ReportYear,
} from "../src/modules/outcomes/dora/window.ts";

/**
 * Hand-checked datasets, one or more per rule of ../shared/DORA.md; each test names its rule
 * (§ = section of DORA.md, D = Evident's decisions). Every expected number is worked out in the
 * comment above it, not taken from the code.
 */

/** "2024-03-04 10:00:00(.123)" → ISO UTC. */
const at = (time: string) => `${time.replace(" ", "T")}Z`;
const ms = (time: string) => Date.parse(at(time));
/** The time `minutes` after `time`, in the same "YYYY-MM-DD HH:MM:SS.sss" form. */
const shift = (time: string, minutes: number) =>
  new Date(ms(time) + minutes * 60_000).toISOString().replace("T", " ").replace("Z", "");

const change = (externalId: string, fields: Partial<Record<string, string | null>> = {}, service = "api") =>
  ({
    type: "change",
    service,
    externalId,
    author: "dev",
    firstCommitAt: null,
    openedAt: at("2024-03-04 09:00:00"),
    firstReviewAt: null,
    mergedAt: at("2024-03-04 10:00:00"),
    ...fields,
  }) as OutcomeEventInput;

const deployment = (
  externalId: string,
  finishedAt: string,
  changes: string[] = [],
  fields: Partial<Record<string, string>> = {},
  service = "api",
) =>
  ({
    type: "deployment",
    service,
    externalId,
    environment: "production",
    result: "success",
    startedAt: new Date(ms(finishedAt) - 5 * 60_000).toISOString(),
    finishedAt: at(finishedAt),
    changes,
    ...fields,
  }) as OutcomeEventInput;

const incident = (externalId: string, createdAt: string, resolvedAt: string | null, service = "api") =>
  ({
    type: "incident",
    service,
    externalId,
    createdAt: at(createdAt),
    resolvedAt: resolvedAt === null ? null : at(resolvedAt),
  }) as OutcomeEventInput;

/** Validated as ingestion validates them: in batches of at most 1000. */
function validated(events: OutcomeEventInput[]) {
  const batches = Array.from({ length: Math.ceil(events.length / 1000) }, (_, index) =>
    events.slice(index * 1000, (index + 1) * 1000),
  );
  return batches.flatMap((batch) => parseOutcomeEvents(batch));
}

function dora(events: OutcomeEventInput[], from: string, to: string, report: ReportYear = 2023) {
  return computeDoraMetrics(validated(events), { from, to, report });
}

function leadTimeRows(events: OutcomeEventInput[]) {
  const dataset = prepareDoraDataset(validated(events));
  return computeChangeLeadTimes(dataset.changes, dataset.deployments);
}

describe("§0 only successful production deployments count", () => {
  it("ignores failed and staging deployments in every metric; a failed deployment is no change failure", () => {
    const events = [
      change("c1"),
      deployment("staging-1", "2024-03-04 10:30:00", ["c1"], { environment: "staging" }),
      deployment("failed-1", "2024-03-04 10:40:00", ["c1"], { result: "failure" }),
      incident("i1", "2024-03-04 11:00:00", "2024-03-04 11:10:00"),
    ];
    expect(dora(events, "2024-03-04", "2024-03-04")).toEqual({
      deploymentFrequency: {
        deployments: 0,
        deploymentDays: 0,
        medianDeploymentDaysPerWeek: 0,
        medianDeploymentDaysPerMonth: 0,
        band: null,
      },
      leadTimeForChanges: { changes: 0, medianMinutes: null, band: null },
      changeFailureRate: { deployments: 0, failedDeployments: 0, rate: null, band: null },
      recoveryTime: { incidents: 0, medianMinutes: null, band: null },
    });
  });
});

describe("§1 the window", () => {
  it("includes from 00:00:00 and to 23:59:59.000, not to 23:59:59.500 (MySQL BETWEEN on whole seconds)", () => {
    const events = [
      deployment("before", "2024-03-03 23:59:59.999"),
      deployment("first", "2024-03-04 00:00:00"),
      deployment("last", "2024-03-05 23:59:59"),
      deployment("fraction", "2024-03-05 23:59:59.500"),
    ];
    const result = dora(events, "2024-03-04", "2024-03-05");
    // first and last are inside; fraction is outside the timestamp filter. Deployment days are
    // DATE(finishedAt) joined to the calendar, so 2024-03-05 counts as a day either way: 2 days.
    expect(result.changeFailureRate.deployments).toBe(2);
    expect(result.deploymentFrequency).toMatchObject({ deployments: 2, deploymentDays: 2 });
  });

  it("filters lead time on the deployment's finish, not on the merge", () => {
    const events = [
      change("c1", { openedAt: at("2024-02-28 09:00:00"), mergedAt: at("2024-02-28 10:00:00") }),
      deployment("d1", "2024-03-01 10:00:00", ["c1"]),
    ];
    expect(dora(events, "2024-02-01", "2024-02-29").leadTimeForChanges.changes).toBe(0);
    // opened→merged 60 + merged→deployed 2 days = 60 + 2880.
    expect(dora(events, "2024-03-01", "2024-03-31").leadTimeForChanges).toEqual({
      changes: 1,
      medianMinutes: 2940,
      band: "high",
    });
  });

  it("builds a calendar of at most the last 400 days of the window", () => {
    const days = calendarDays({ from: "2023-01-01", to: "2024-12-31" });
    expect(days).toHaveLength(400);
    // 2024-12-31 − 399 days: −365 → 2024-01-01 (2024 is a leap year), −34 → 2023-11-28.
    expect(days[0]).toBe(dayNumberOfDate("2023-11-28"));
    expect(days.at(-1)).toBe(dayNumberOfDate("2024-12-31"));
    expect(calendarDays({ from: "2024-03-04", to: "2024-03-04" })).toEqual([dayNumberOfDate("2024-03-04")]);
  });
});

describe("§2 DevLake's medians", () => {
  it("takes the lower median, the ⌈n/2⌉-th value, never the mean of the middle two", () => {
    expect(devlakeLowerMedian([40, 10, 30, 20])).toBe(20);
    expect(devlakeLowerMedian([5, 1, 4, 2, 3])).toBe(3);
    expect(devlakeLowerMedian([7])).toBe(7);
    expect(devlakeLowerMedian([])).toBeNull();
    // Ties share the lowest rank: 1,2,2,2,9 → ranks 1,2,2,2,5 → percent 0,.25,.25,.25,1 → max ≤ .5 = 2.
    expect(devlakeLowerMedian([2, 9, 2, 1, 2])).toBe(2);
    // 0,0,0,1 → ranks 1,1,1,4 → percent 0,0,0,1 → 0 (the 2nd value).
    expect(devlakeLowerMedian([1, 0, 0, 0])).toBe(0);
  });

  it("takes min where percent_rank ≥ .5 for the six-month figure: null for one row or all equal, jumps with ties", () => {
    expect(devlakeUpperMedian([3])).toBeNull();
    expect(devlakeUpperMedian([2, 2, 2])).toBeNull();
    expect(devlakeUpperMedian([1, 2, 2, 2, 9])).toBe(9);
    // 1,2,3,4 → percent 0,⅓,⅔,1 → min of 3,4 = 3.
    expect(devlakeUpperMedian([4, 3, 2, 1])).toBe(3);
    expect(devlakeUpperMedian([])).toBeNull();
  });
});

describe("§3 deployment frequency", () => {
  const frequency = (days: string[], from: string, to: string, report: ReportYear = 2023) =>
    computeDeploymentFrequency(
      days.map((day) => ms(`${day} 12:00:00`)),
      { from, to },
      report,
    );

  it("counts deployments and deployment days apart: two deployments on one day are one day", () => {
    const result = dora(
      [deployment("d1", "2024-03-04 09:00:00"), deployment("d2", "2024-03-04 17:00:00")],
      "2024-03-04",
      "2024-03-10",
    );
    expect(result.deploymentFrequency).toMatchObject({ deployments: 2, deploymentDays: 1 });
  });

  it("starts weeks on Monday: Sunday 3 March and Monday 4 March are two weeks", () => {
    expect(new Date(mondayOf(dayNumberOfDate("2024-03-10")) * msPerDay).toISOString()).toBe(
      "2024-03-04T00:00:00.000Z",
    );
    expect(mondayOf(dayNumberOfDate("2024-03-04"))).toBe(dayNumberOfDate("2024-03-04"));
    // Weeks [Feb 26 week: 1 day, Mar 4 week: 0 days] → lower median 0; the month (2 days of March)
    // has 1 deployment day → median 1 → medium. With Sunday weeks it would be one week of 1: high.
    const result = frequency(["2024-03-03"], "2024-03-03", "2024-03-04");
    expect(result).toMatchObject({
      medianDeploymentDaysPerWeek: 0,
      medianDeploymentDaysPerMonth: 1,
      band: "medium",
    });
  });

  it("takes the lower median over weeks (1,2,3,4 deployment days → 2) and counts partial months", () => {
    const days = [
      "2024-03-04",
      ...["2024-03-11", "2024-03-12"],
      ...["2024-03-18", "2024-03-19", "2024-03-20"],
      ...["2024-03-25", "2024-03-26", "2024-03-27", "2024-03-28"],
    ];
    const result = frequency(days, "2024-03-04", "2024-03-31");
    expect(result).toMatchObject({
      deployments: 10,
      deploymentDays: 10,
      medianDeploymentDaysPerWeek: 2,
      medianDeploymentDaysPerMonth: 10,
      band: "high",
    });
  });

  it("2023 elite needs a week median of 5 deployment days", () => {
    const weekdays = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"];
    expect(frequency([...weekdays, "2024-03-08"], "2024-03-04", "2024-03-10").band).toBe("elite");
    expect(frequency(weekdays, "2024-03-04", "2024-03-10").band).toBe("high");
  });

  it("2021 high is a month median ≥ 1 where 2023 says medium (one deployment a month)", () => {
    const monthly = ["2024-01-15", "2024-02-15", "2024-03-15"];
    // Weeks: 13 weeks, 3 with a deployment day → median 0. Months: 1,1,1 → 1.
    expect(frequency(monthly, "2024-01-01", "2024-03-31", 2023)).toMatchObject({
      medianDeploymentDaysPerWeek: 0,
      medianDeploymentDaysPerMonth: 1,
      band: "medium",
    });
    expect(frequency(monthly, "2024-01-01", "2024-03-31", 2021).band).toBe("high");
  });

  it("2023 low needs is_collected: two six-month rows with different values", () => {
    // 2024, one year-DIV-6 partition (2022–2027): rows kept are December (rn 1) and June (rn 7).
    // June row = Jan..Jun = 2 days (Jan 10, Jan 20), 1 month with deployments; December row =
    // Jul..Dec = 1 day. Values 2,1 → percent of 2 is 1 → six-month median 2, is_collected 1.
    // Month median: 0,…,0,1,2 (12 months) → 6th = 0 < 1 → low (2023), medium (2021: 2 ≥ 1).
    const days = ["2024-01-10", "2024-01-20", "2024-07-15"];
    expect(frequency(days, "2024-01-01", "2024-12-31", 2023)).toMatchObject({
      medianDeploymentDaysPerMonth: 0,
      medianDeploymentDaysPerSixMonths: 2,
      isCollected: 1,
      band: "low",
    });
    expect(frequency(days, "2024-01-01", "2024-12-31", 2021).band).toBe("medium");
  });

  it("gives band null, not low, when the six-month rows are equal, single, or there is no deployment (D5)", () => {
    // Equal rows: June row (Jan 15) = 1, December row (Jul 15) = 1 → nothing qualifies.
    expect(frequency(["2024-01-15", "2024-07-15"], "2024-01-01", "2024-12-31")).toMatchObject({
      medianDeploymentDaysPerMonth: 0,
      medianDeploymentDaysPerSixMonths: null,
      isCollected: null,
      band: null,
    });
    // A window of ≤ 6 months inside one partition has one six-month row.
    expect(frequency(["2024-01-15"], "2024-01-01", "2024-05-31").band).toBeNull();
    expect(frequency([], "2024-01-01", "2024-12-31", 2021).band).toBeNull();
  });

  it("2021 never reaches low: a qualifying six-month row is above the smallest, so ≥ 1 (DevLake literally)", () => {
    // Same data as the 2023 "low" case: the 2021 band is medium, and no data set can make it low.
    expect(frequency(["2024-01-10", "2024-01-20", "2024-07-15"], "2024-01-01", "2024-12-31", 2021).band).toBe(
      "medium",
    );
    expect(deploymentFrequencyBand({ perWeek: 0, perMonth: 0, perSixMonths: 0, isCollected: 2 }, 2021)).toBe(
      "low",
    );
  });

  it("partitions the six-month rows by year DIV 6, so the count restarts at 2021 → 2022 (D5)", () => {
    // Months Aug 2021 … Mar 2022, deployment days 1,1,0,0,1,0,0,1 (Aug 10, Sep 10, Dec 10, Mar 10).
    // Six-month sums: Aug 1, Sep 2, Oct 2, Nov 2, Dec 3, Jan 3, Feb 2, Mar 2.
    // Partition 336 (2016–2021) counts Dec as rn 1; partition 337 (2022–2027) counts Mar as rn 1.
    // Kept: Dec (3, 3 months) and Mar (2, 2 months) → six-month median 3, is_collected 3.
    // (One partition would keep Mar and Sep, 2 and 2: null.)
    const days = ["2021-08-10", "2021-09-10", "2021-12-10", "2022-03-10"];
    expect(frequency(days, "2021-08-01", "2022-03-31", 2021)).toMatchObject({
      medianDeploymentDaysPerWeek: 0,
      medianDeploymentDaysPerMonth: 0,
      medianDeploymentDaysPerSixMonths: 3,
      isCollected: 3,
      band: "medium",
    });
  });
});

describe("§4 lead time for changes", () => {
  it("ceils every part separately: 61 s + 61 s + 61 s = 6 minutes", () => {
    const events = [
      change("c1", {
        firstCommitAt: at("2024-03-04 10:00:00"),
        openedAt: at("2024-03-04 10:01:01"),
        mergedAt: at("2024-03-04 10:02:02"),
      }),
      deployment("d1", "2024-03-04 10:03:03", ["c1"]),
    ];
    expect(leadTimeRows(events)).toEqual([
      expect.objectContaining({ codingMinutes: 2, deployMinutes: 2, cycleMinutes: 6 }),
    ]);
    expect(dora(events, "2024-03-04", "2024-03-04").leadTimeForChanges).toEqual({
      changes: 1,
      medianMinutes: 6,
      band: "elite",
    });
  });

  it("adds created→merged ceiled once, not pickup + review", () => {
    // pickup 1 s → 1, review 1 s → 1, but created→merged 2 s → 1; deployed at the merge → 0.
    const [row] = leadTimeRows([
      change("c1", {
        openedAt: at("2024-03-04 10:00:00"),
        firstReviewAt: at("2024-03-04 10:00:01"),
        mergedAt: at("2024-03-04 10:00:02"),
      }),
      deployment("d1", "2024-03-04 10:00:02", ["c1"]),
    ]);
    expect(row).toMatchObject({ pickupMinutes: 1, reviewMinutes: 1, deployMinutes: 0, cycleMinutes: 1 });
  });

  it("makes a span between −60 s and 0 zero and a span of −60 s null (counted 0)", () => {
    const rows = leadTimeRows([
      change("c30", { firstCommitAt: at("2024-03-04 09:00:30"), openedAt: at("2024-03-04 09:00:00") }),
      change("c60", { firstCommitAt: at("2024-03-04 09:01:00"), openedAt: at("2024-03-04 09:00:00") }),
    ]);
    // opened 09:00 → merged 10:00 = 60; no deployment.
    expect(rows.map((row) => [row.externalId, row.codingMinutes, row.cycleMinutes])).toEqual([
      ["c30", 0, 60],
      ["c60", null, 60],
    ]);
    expect(ceiledSpanMinutes(ms("2024-03-04 09:00:30"), ms("2024-03-04 09:00:00"))).toBe(0);
    expect(Object.is(ceiledSpanMinutes(ms("2024-03-04 09:00:30"), ms("2024-03-04 09:00:00")), 0)).toBe(true);
  });

  it("measures spans on whole seconds: 10:00:00.100 → 10:01:00.900 is 1 minute, not 2 (D6)", () => {
    const [row] = leadTimeRows([
      change("c1", { openedAt: at("2024-03-04 10:00:00.100"), mergedAt: at("2024-03-04 10:01:00.900") }),
      deployment("d1", "2024-03-04 10:01:00.900", ["c1"]),
    ]);
    expect(row?.cycleMinutes).toBe(1);
  });

  it("counts a change once, with its first deployment by finishedAt (D3), only in that deployment's window", () => {
    const events = [
      change("c1", { openedAt: at("2024-03-04 09:00:00"), mergedAt: at("2024-03-04 10:00:00") }),
      // Started first but finished last: DevLake (ordered by start) would pick it, Evident does not.
      deployment("late", "2024-03-05 01:00:00", ["c1"], { startedAt: at("2024-03-04 10:10:00") }),
      deployment("early", "2024-03-04 23:00:00", ["c1"], { startedAt: at("2024-03-04 22:50:00") }),
    ];
    expect(leadTimeRows(events)).toEqual([
      expect.objectContaining({
        deploymentExternalId: "early",
        deployMinutes: 13 * 60,
        cycleMinutes: 60 + 780,
      }),
    ]);
    expect(dora(events, "2024-03-05", "2024-03-05").leadTimeForChanges.changes).toBe(0);
    expect(dora(events, "2024-03-04", "2024-03-04").leadTimeForChanges.changes).toBe(1);
  });

  it("breaks finishedAt ties by startedAt, then externalId (D3)", () => {
    const rows = leadTimeRows([
      change("c1"),
      change("c2"),
      deployment("b", "2024-03-04 11:00:00", ["c1", "c2"], { startedAt: at("2024-03-04 10:50:00") }),
      deployment("a", "2024-03-04 11:00:00", ["c1"], { startedAt: at("2024-03-04 10:55:00") }),
      deployment("c", "2024-03-04 11:00:00", ["c2"], { startedAt: at("2024-03-04 10:50:00") }),
    ]);
    expect(rows.map((row) => [row.externalId, row.deploymentExternalId])).toEqual([
      ["c1", "b"],
      ["c2", "b"],
    ]);
  });

  it("keeps a deployment that finished before the merge, with deploy = null", () => {
    const events = [
      change("c1", { openedAt: at("2024-03-04 09:00:00"), mergedAt: at("2024-03-04 12:00:00") }),
      deployment("d1", "2024-03-04 11:00:00", ["c1"]),
    ];
    expect(leadTimeRows(events)).toEqual([
      expect.objectContaining({ deploymentExternalId: "d1", deployMinutes: null, cycleMinutes: 180 }),
    ]);
    expect(dora(events, "2024-03-04", "2024-03-04").leadTimeForChanges).toMatchObject({
      changes: 1,
      medianMinutes: 180,
    });
  });

  it("never counts an unmerged change, even when a deployment lists it", () => {
    const events = [change("c1", { mergedAt: null }), deployment("d1", "2024-03-04 11:00:00", ["c1"])];
    expect(leadTimeRows(events)).toEqual([]);
    expect(dora(events, "2024-03-04", "2024-03-04").leadTimeForChanges.changes).toBe(0);
  });

  it("ships only changes of the deployment's own service and ignores unknown ids (D1, D2)", () => {
    const rows = leadTimeRows([
      change("c1"),
      change("c1", {}, "web"),
      deployment("web-1", "2024-03-04 11:00:00", ["c1", "no-such-change"], {}, "web"),
    ]);
    expect(rows.map((row) => [row.service, row.externalId, row.deploymentExternalId])).toEqual([
      ["api", "c1", null],
      ["web", "c1", "web-1"],
    ]);
  });

  it("counts a missing firstCommitAt as no coding time (D10)", () => {
    const [row] = leadTimeRows([
      change("c1", { firstCommitAt: null }),
      deployment("d1", "2024-03-04 10:30:00", ["c1"]),
    ]);
    expect(row).toMatchObject({ codingMinutes: null, deployMinutes: 30, cycleMinutes: 90 });
  });

  it("reports the lower median of cycle times: 10, 20, 30, 40 → 20", () => {
    const events = [10, 20, 30, 40].flatMap((minutes) => [
      change(`c${minutes}`, {
        openedAt: at("2024-03-04 09:00:00"),
        mergedAt: at(shift("2024-03-04 09:00:00", minutes)),
      }),
      deployment(`d${minutes}`, shift("2024-03-04 09:00:00", minutes), [`c${minutes}`]),
    ]);
    expect(dora(events, "2024-03-04", "2024-03-04").leadTimeForChanges).toEqual({
      changes: 4,
      medianMinutes: 20,
      band: "elite",
    });
    expect(dora(events, "2024-03-04", "2024-03-04", 2021).leadTimeForChanges.band).toBe("elite");
  });

  it("bands the median: 2023 < 1 day, < 1 week, < 30 days; 2021 < 1 hour, < 1 week, < 180 days", () => {
    expect(
      [1439, 1440, 10_079, 10_080, 43_199, 43_200].map((minutes) => leadTimeBand(minutes, 2023)),
    ).toEqual(["elite", "high", "high", "medium", "medium", "low"]);
    expect([59, 60, 10_079, 10_080, 259_199, 259_200].map((minutes) => leadTimeBand(minutes, 2021))).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
    expect(leadTimeBand(null, 2023)).toBeNull();
  });
});

describe("§5 change failure rate", () => {
  const links = (events: OutcomeEventInput[]) => {
    const dataset = prepareDoraDataset(validated(events));
    return Object.fromEntries(
      linkIncidentsToDeployments(dataset.incidents, dataset.deployments).map((link) => [
        link.incident.externalId,
        link.deployment?.externalId ?? null,
      ]),
    );
  };

  it("links an incident to the latest deployment finished strictly before it; at the same instant, the one before", () => {
    expect(
      links([
        deployment("d1", "2024-03-04 10:00:00"),
        deployment("d2", "2024-03-04 11:00:00"),
        incident("at-finish", "2024-03-04 11:00:00", null),
        incident("after", "2024-03-04 11:00:01", null),
        incident("before-any", "2024-03-04 09:00:00", null),
      ]),
    ).toEqual({ "at-finish": "d1", after: "d2", "before-any": null });
  });

  it("never links to failed or staging deployments, nor to another service's (§0, D2)", () => {
    expect(
      links([
        deployment("d1", "2024-03-04 10:00:00"),
        deployment("failed", "2024-03-04 10:30:00", [], { result: "failure" }),
        deployment("staging", "2024-03-04 10:40:00", [], { environment: "staging" }),
        deployment("web-1", "2024-03-04 10:45:00", [], {}, "web"),
        incident("i1", "2024-03-04 10:50:00", null),
      ]),
    ).toEqual({ i1: "d1" });
  });

  it("breaks finishedAt ties toward the one sorting last by startedAt, then externalId (D3)", () => {
    expect(
      links([
        deployment("a", "2024-03-04 10:00:00", [], { startedAt: at("2024-03-04 09:58:00") }),
        deployment("b", "2024-03-04 10:00:00", [], { startedAt: at("2024-03-04 09:50:00") }),
        incident("i1", "2024-03-04 10:30:00", null),
      ]),
    ).toEqual({ i1: "a" });
    expect(
      links([
        deployment("b", "2024-03-04 10:00:00"),
        deployment("a", "2024-03-04 10:00:00"),
        incident("i1", "2024-03-04 10:30:00", null),
      ]),
    ).toEqual({ i1: "b" });
  });

  it("counts a window deployment as failed for an incident after the window, and each deployment once (D11)", () => {
    const events = [
      deployment("d1", "2024-03-04 10:00:00"),
      deployment("d2", "2024-03-05 10:00:00"),
      deployment("d3", "2024-03-06 10:00:00"),
      incident("i1", "2024-03-04 12:00:00", "2024-03-04 13:00:00"),
      incident("i2", "2024-03-04 14:00:00", null),
      // Created after the window, still caused by d3 (finished in it).
      incident("i3", "2024-04-02 08:00:00", null),
    ];
    // d1 (2 incidents) and d3 failed: 2 of 3 → 0.6667 → low in both years.
    expect(dora(events, "2024-03-01", "2024-03-31").changeFailureRate).toEqual({
      deployments: 3,
      failedDeployments: 2,
      rate: 2 / 3,
      band: "low",
    });
    // d1, finished before this window, is not counted, whatever incidents it caused.
    expect(dora(events, "2024-03-05", "2024-03-31").changeFailureRate).toMatchObject({
      deployments: 2,
      failedDeployments: 1,
    });
  });

  it("has rate and band null without deployments in the window", () => {
    const events = [deployment("d1", "2024-03-04 10:00:00"), incident("i1", "2024-03-04 11:00:00", null)];
    expect(dora(events, "2024-04-01", "2024-04-30").changeFailureRate).toEqual({
      deployments: 0,
      failedDeployments: 0,
      rate: null,
      band: null,
    });
  });

  it("gives band null to a service without any incident event, with the rate still computed (D4)", () => {
    const deployments = [deployment("d1", "2024-03-04 10:00:00"), deployment("d2", "2024-03-05 10:00:00")];
    expect(dora(deployments, "2024-03-01", "2024-03-31").changeFailureRate).toEqual({
      deployments: 2,
      failedDeployments: 0,
      rate: 0,
      band: null,
    });
    // One incident before every deployment links to nothing, but shows incidents are collected.
    const withIncident = [...deployments, incident("i0", "2024-02-01 10:00:00", "2024-02-01 11:00:00")];
    expect(dora(withIncident, "2024-03-01", "2024-03-31").changeFailureRate.band).toBe("elite");
  });

  it("judges the band on the rate rounded half-up to 4 decimals, reporting the rate exact (D7)", () => {
    // 101 / 2019 = 0.050025 → 0.0500 → elite (2023), although the exact rate is above 5 %.
    const deployments = Array.from({ length: 2019 }, (_, index) =>
      deployment(`d${index}`, shift("2024-01-01 00:00:00", index * 180)),
    );
    const incidents = Array.from({ length: 101 }, (_, index) =>
      incident(`i${index}`, shift("2024-01-01 00:30:00", index * 180), null),
    );
    const result = dora([...deployments, ...incidents], "2024-01-01", "2024-12-31").changeFailureRate;
    expect(result).toEqual({ deployments: 2019, failedDeployments: 101, rate: 101 / 2019, band: "elite" });
    expect(roundedRatioBasisPoints(101, 2019)).toBe(500);
    expect(roundedRatioBasisPoints(102, 2019)).toBe(505);
    // 1/8 = .125 exactly; 1/6 = .16667 → 1667; 2/3 → 6667 (half-up of .66666…).
    expect([
      roundedRatioBasisPoints(1, 8),
      roundedRatioBasisPoints(1, 6),
      roundedRatioBasisPoints(2, 3),
    ]).toEqual([1250, 1667, 6667]);
  });

  it("bands both ends '≤': 2023 5 %, 10 %, 15 %; 2021 15 %, 20 %, 30 %", () => {
    const cases: Array<[number, number]> = [
      [1, 20],
      [1, 19],
      [1, 10],
      [3, 20],
      [4, 25],
      [1, 5],
      [3, 10],
      [31, 100],
    ];
    expect(cases.map(([failed, total]) => changeFailureRateBand(failed, total, true, 2023))).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "low",
      "low",
      "low",
      "low",
    ]);
    expect(cases.map(([failed, total]) => changeFailureRateBand(failed, total, true, 2021))).toEqual([
      "elite",
      "elite",
      "elite",
      "elite",
      "high",
      "high",
      "medium",
      "low",
    ]);
  });
});

describe("§6 recovery time", () => {
  const events = [
    deployment("d1", "2024-03-04 10:00:00"),
    // Linked to d1: 2023 measures from d1's finish (10:00 → 11:30:59 = 90 min, truncated);
    // 2021 from the incident's creation (11:00 → 11:30:59 = 30 min).
    incident("linked", "2024-03-04 11:00:00", "2024-03-04 11:30:59"),
    // Before any deployment: no link, so only in the 2021 sample (09:00 → 09:10 = 10 min).
    incident("unlinked", "2024-03-04 09:00:00", "2024-03-04 09:10:00"),
    incident("open", "2024-03-04 12:00:00", null),
  ];

  it("2023: from the linked deployment's finish to the resolution, truncated minutes", () => {
    expect(dora(events, "2024-03-04", "2024-03-04", 2023).recoveryTime).toEqual({
      incidents: 1,
      medianMinutes: 90,
      band: "high",
    });
  });

  it("2021: from the incident's creation, linked or not; the two years count different incidents (D9)", () => {
    // Samples 10 and 30 → lower median 10.
    expect(dora(events, "2024-03-04", "2024-03-04", 2021).recoveryTime).toEqual({
      incidents: 2,
      medianMinutes: 10,
      band: "elite",
    });
  });

  it("needs the resolution in the window (both years) and, in 2023, the deployment's finish too", () => {
    const spanning = [
      deployment("d0", "2024-02-29 23:00:00"),
      incident("i1", "2024-03-01 00:30:00", "2024-03-01 01:00:00"),
      incident("late", "2024-03-31 23:00:00", "2024-04-01 00:10:00"),
    ];
    expect(dora(spanning, "2024-03-01", "2024-03-31", 2023).recoveryTime.incidents).toBe(0);
    // i1 only: 30 minutes; "late" resolved after the window.
    expect(dora(spanning, "2024-03-01", "2024-03-31", 2021).recoveryTime).toMatchObject({
      incidents: 1,
      medianMinutes: 30,
    });
  });

  it("truncates to whole minutes on whole seconds", () => {
    expect(truncatedMinutesBetween(ms("2024-03-04 10:00:00.900"), ms("2024-03-04 10:01:00.100"))).toBe(1);
    expect(truncatedMinutesBetween(ms("2024-03-04 10:00:00"), ms("2024-03-04 10:00:59.999"))).toBe(0);
  });

  it("bands < 1 hour, < 1 day, < 1 week in both years", () => {
    expect([59, 60, 1439, 1440, 10_079, 10_080].map(recoveryTimeBand)).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
    expect(recoveryTimeBand(null)).toBeNull();
  });
});

describe("D6 the query", () => {
  it("accepts a window of 1 to 400 days and a report of 2021 or 2023 (default 2023)", () => {
    expect(doraQuerySchema.parse({ from: "2024-01-01", to: "2025-02-03" })).toEqual({
      from: "2024-01-01",
      to: "2025-02-03",
      report: 2023,
    });
    expect(doraQuerySchema.parse({ from: "2024-03-04", to: "2024-03-04", report: "2021" }).report).toBe(2021);
  });

  it("refuses from after to, more than 400 days, another report year and impossible dates", () => {
    const problems = (query: object) =>
      doraQuerySchema.safeParse(query).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(problems({ from: "2024-03-05", to: "2024-03-04" })).toEqual([
      ["to", "must not be before from (2024-03-05)"],
    ]);
    expect(problems({ from: "2024-01-01", to: "2025-02-04" })).toEqual([
      ["to", "makes a window of 401 days; at most 400 days can be reported at once"],
    ]);
    expect(problems({ from: "2024-01-01", to: "2024-01-31", report: "2022" })).toEqual([
      ["report", "must be 2021 or 2023"],
    ]);
    expect(problems({ from: "2023-02-29", to: "2023-03-01" })).toEqual([
      ["from", "must be a date written YYYY-MM-DD"],
    ]);
  });
});

describe("D8 idempotence and order", () => {
  const events = [
    change("c1"),
    change("c2", { openedAt: at("2024-03-05 09:00:00"), mergedAt: at("2024-03-05 09:30:00") }),
    deployment("d1", "2024-03-04 11:00:00", ["c1"]),
    deployment("d2", "2024-03-05 10:00:00", ["c2"]),
    incident("i1", "2024-03-05 10:30:00", "2024-03-05 11:00:00"),
    incident("i0", "2024-03-01 10:30:00", "2024-03-01 11:00:00"),
  ];

  it("answers the same for a replayed batch and for any arrival order", () => {
    const expected = dora(events, "2024-03-01", "2024-03-31");
    expect(dora([...events, ...events], "2024-03-01", "2024-03-31")).toEqual(expected);
    expect(dora([...events].reverse(), "2024-03-01", "2024-03-31")).toEqual(expected);
    const shuffled = [4, 2, 0, 5, 3, 1].map((index) => events[index]) as OutcomeEventInput[];
    expect(dora(shuffled, "2024-03-01", "2024-03-31")).toEqual(expected);
    // Cycle times: c1 60 (opened→merged) + 60 (merged→d1) = 120, c2 30 + 30 = 60 → lower median 60.
    // i1 → d2 (i0 precedes every deployment): 1 of 2 failed; 2023 recovery d2 10:00 → 11:00 = 60.
    expect(expected).toEqual({
      deploymentFrequency: {
        deployments: 2,
        deploymentDays: 2,
        medianDeploymentDaysPerWeek: 0,
        medianDeploymentDaysPerMonth: 2,
        band: "medium",
      },
      leadTimeForChanges: { changes: 2, medianMinutes: 60, band: "elite" },
      changeFailureRate: { deployments: 2, failedDeployments: 1, rate: 0.5, band: "low" },
      recoveryTime: { incidents: 1, medianMinutes: 60, band: "high" },
    });
  });

  it("lets a later event with the same (type, service, externalId) replace the earlier one", () => {
    const corrected = [...events, deployment("d2", "2024-03-05 10:00:00", ["c2"], { result: "failure" })];
    expect(dora(corrected, "2024-03-01", "2024-03-31").changeFailureRate).toMatchObject({
      deployments: 1,
      // i1 now links to d1, which finished before it.
      failedDeployments: 1,
    });
  });
});

describe("a team pools its services' events", () => {
  it("counts distinct deployment days across services, and links within each service (D2)", () => {
    const events = [
      deployment("api-1", "2024-03-04 10:00:00"),
      deployment("web-1", "2024-03-04 15:00:00", [], {}, "web"),
      deployment("web-2", "2024-03-05 15:00:00", [], {}, "web"),
      // After api-1 and web-1; links to api-1, its own service's latest.
      incident("i1", "2024-03-04 16:00:00", "2024-03-04 16:30:00"),
    ];
    const team = dora(events, "2024-03-04", "2024-03-10");
    expect(team.deploymentFrequency).toMatchObject({
      deployments: 3,
      deploymentDays: 2,
      medianDeploymentDaysPerWeek: 2,
    });
    // 2023 recovery from api-1's finish: 10:00 → 16:30 = 390 min.
    expect(team.changeFailureRate).toMatchObject({ deployments: 3, failedDeployments: 1 });
    expect(team.recoveryTime).toMatchObject({ incidents: 1, medianMinutes: 390 });
    // The web service alone has no incident event: its change-failure band is null (D4).
    const web = dora(
      events.filter((event) => event.service === "web"),
      "2024-03-04",
      "2024-03-10",
    );
    expect(web.changeFailureRate).toEqual({ deployments: 2, failedDeployments: 0, rate: 0, band: null });
  });
});
