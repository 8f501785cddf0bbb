import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearDevlakeTables,
  createDevlakeTables,
  loadDevlakeTables,
  queryDevlakeDora,
  refreshDevlakeMetrics,
} from "../src/modules/outcomes/dora/devlake-sql.ts";
import { computeDoraMetrics } from "../src/modules/outcomes/dora/dora.ts";
import {
  type OutcomeEvent,
  type OutcomeEventInput,
  parseOutcomeEvents,
} from "../src/modules/outcomes/dora/events.ts";
import type { DoraQuery, ReportYear } from "../src/modules/outcomes/dora/window.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "./support/databases.ts";

/**
 * The second check: a port of DevLake's DORA computation to PostgreSQL (its Go enrichment steps
 * and the DORA.json dashboard panels, src/modules/outcomes/dora/devlake-sql.ts) runs over the
 * same events as the TypeScript engine, on PGlite and on PostgreSQL, and must give the same
 * answer for every service, for the team of all services, and for both report years.
 */

const services = ["api", "web"] as const;
const minute = 60_000;
const day = 24 * 60 * minute;
/** Data spans late 2021 to mid 2022, so windows cross the 2021 → 2022 six-month partition boundary. */
const dataStart = Date.parse("2021-10-01T00:00:00Z");
const dataDays = 240;

const iso = (ms: number) => new Date(ms).toISOString();
const isoDay = (ms: number) => iso(ms).slice(0, 10);

/**
 * Instants: on a quarter-hour grid with second and millisecond offsets that exercise the ceiling
 * and the truncation; on a six-hour grid so that finishes tie; and right at a day's edge
 * (23:59:59.000, 23:59:59.500, 00:00:00.000), where the window's BETWEEN decides.
 */
const instant = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: dataDays * 24 * 4 }),
        fc.constantFrom(0, 0, 1, 30, 59, 61),
        fc.constantFrom(0, 0, 0, 500, 999),
      )
      .map(
        ([quarterHours, seconds, millis]) => dataStart + quarterHours * 15 * minute + seconds * 1000 + millis,
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 0, max: dataDays * 4 })
      .map((quarterDays) => dataStart + quarterDays * 6 * 60 * minute),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: dataDays }), fc.constantFrom(-1000, -500, 0))
      .map(([days, offset]) => dataStart + days * day + offset),
  },
);

/** Minutes (with a seconds part) that may be negative, to reach DevLake's null spans. */
const offsetMs = (minMinutes: number, maxMinutes: number) =>
  fc
    .tuple(fc.integer({ min: minMinutes, max: maxMinutes }), fc.constantFrom(0, 0, 1, 29, 31, 59))
    .map(([minutes, seconds]) => minutes * minute + seconds * 1000);

const changeFor = (service: string, index: number) =>
  fc
    .record({
      opened: instant,
      firstCommit: fc.option(offsetMs(-5, 5000), { nil: null }),
      firstReview: fc.option(offsetMs(-3, 3000), { nil: null }),
      merged: fc.option(offsetMs(-2, 8000), { freq: 5, nil: null }),
    })
    .map(
      ({ opened, firstCommit, firstReview, merged }): OutcomeEventInput => ({
        type: "change",
        service,
        externalId: `${service}-c${index}`,
        author: "dev",
        firstCommitAt: firstCommit === null ? null : iso(opened - firstCommit),
        openedAt: iso(opened),
        firstReviewAt: firstReview === null ? null : iso(opened + firstReview),
        mergedAt: merged === null ? null : iso(opened + merged),
      }),
    );

const deploymentFor = (service: string, index: number, changeIds: string[]) =>
  fc
    .record({
      finished: instant,
      duration: fc.constantFrom(0, 0, 5, 30),
      environment: fc.constantFrom("production", "production", "production", "production", "staging"),
      result: fc.constantFrom("success", "success", "success", "success", "failure"),
      // Its own changes (a small pool, so that two deployments list the same one), another
      // service's ids (D2) and an unknown id.
      changes: fc.subarray([...changeIds.slice(0, 12), "web-c0", "api-c1", "no-such-change"], {
        maxLength: Math.min(6, Math.min(changeIds.length, 12) + 3),
      }),
    })
    .map(
      ({ finished, duration, environment, result, changes }): OutcomeEventInput => ({
        type: "deployment",
        service,
        externalId: `${service}-d${index}`,
        environment,
        result: result as "success" | "failure",
        startedAt: iso(finished - duration * minute),
        finishedAt: iso(finished),
        changes,
      }),
    );

/** Incidents, some created exactly at a deployment's finish (or 1 ms / 1 s after): the strict link. */
const incidentFor = (service: string, index: number, finishes: number[]) =>
  fc
    .record({
      created:
        finishes.length === 0
          ? instant
          : fc.oneof(
              { weight: 3, arbitrary: instant },
              {
                weight: 1,
                arbitrary: fc
                  .tuple(fc.constantFrom(...finishes), fc.constantFrom(0, 1, 1000))
                  .map(([finish, after]) => finish + after),
              },
            ),
      resolvedAfter: fc.option(offsetMs(0, 12_000), { freq: 5, nil: null }),
    })
    .map(
      ({ created, resolvedAfter }): OutcomeEventInput => ({
        type: "incident",
        service,
        externalId: `${service}-i${index}`,
        createdAt: iso(created),
        resolvedAt: resolvedAfter === null ? null : iso(created + resolvedAfter),
      }),
    );

const tuple = <T>(count: number, item: (index: number) => fc.Arbitrary<T>) =>
  fc.tuple(...Array.from({ length: count }, (_, index) => item(index)));

const serviceEvents = (service: string) =>
  fc
    .record({
      changes: fc.integer({ min: 0, max: 50 }),
      deployments: fc.integer({ min: 0, max: 60 }),
      incidents: fc.integer({ min: 0, max: 25 }),
    })
    .chain((counts) => {
      const changeIds = Array.from({ length: counts.changes }, (_, index) => `${service}-c${index}`);
      return fc.tuple(
        tuple(counts.changes, (index) => changeFor(service, index)),
        tuple(counts.deployments, (index) => deploymentFor(service, index, changeIds)),
        fc.constant(counts.incidents),
      );
    })
    .chain(([changes, deployments, incidentCount]) => {
      const finishes = deployments.flatMap((event) =>
        event.type === "deployment" ? [Date.parse(event.finishedAt)] : [],
      );
      return tuple(incidentCount, (index) => incidentFor(service, index, finishes)).map((incidents) => [
        ...changes,
        ...deployments,
        ...incidents,
      ]);
    });

/** The instants the window filters on: deployments' finishes and incidents' resolutions. */
function filteredInstantsOf(event: OutcomeEventInput): number[] {
  if (event.type === "deployment") return [Date.parse(event.finishedAt)];
  if (event.type === "incident" && event.resolvedAt) return [Date.parse(event.resolvedAt)];
  return [];
}

/**
 * Events in a random arrival order, and a window: random, or ending on a day with a filtered
 * instant in its last second (23:59:59.000 inside the window, 23:59:59.500 outside), or
 * starting on a day with one at 00:00:00.
 */
const dataset = fc
  .tuple(...services.map(serviceEvents))
  .map((perService) => perService.flat())
  .chain((events) => {
    const instants = events.flatMap(filteredInstantsOf);
    const daysOf = (matching: (msOfDay: number) => boolean) =>
      instants.filter((ms) => matching(ms % day)).map((ms) => Math.floor(ms / day));
    const fractionDays = daysOf((msOfDay) => msOfDay > day - 1000);
    const lastSecondDays = daysOf((msOfDay) => msOfDay === day - 1000);
    const midnightDays = daysOf((msOfDay) => msOfDay === 0);
    const dataDay = fc.integer({ min: dataStart / day - 30, max: dataStart / day + dataDays });
    const length = fc.oneof(fc.integer({ min: 1, max: 45 }), fc.integer({ min: 46, max: 400 }));
    const endingOn = (days: number[]) =>
      days.length === 0
        ? []
        : [
            fc
              .tuple(fc.constantFrom(...days), length)
              .map(([last, count]) => [last - count + 1, last] as const),
          ];
    const window = fc.oneof(
      fc.tuple(dataDay, length).map(([first, count]) => [first, first + count - 1] as const),
      ...endingOn(fractionDays),
      ...endingOn(lastSecondDays),
      ...(midnightDays.length === 0
        ? []
        : [
            fc
              .tuple(fc.constantFrom(...midnightDays), length)
              .map(([first, count]) => [first, first + count - 1] as const),
          ]),
    );
    return fc.record({
      events: fc.shuffledSubarray(events, { minLength: events.length }),
      window: window.map(([first, last]) => ({ from: isoDay(first * day), to: isoDay(last * day) })),
    });
  });

/** Batches of at most 1000, as ingestion validates them. */
function validated(events: OutcomeEventInput[]): OutcomeEvent[] {
  const batches = Array.from({ length: Math.ceil(events.length / 1000) }, (_, index) =>
    events.slice(index * 1000, (index + 1) * 1000),
  );
  return batches.flatMap((batch) => parseOutcomeEvents(batch));
}

describe.each(testEngines)("the TypeScript engine agrees with DevLake's SQL ported to %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrate: false });
    await createDevlakeTables(database.db);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Loads the events into the DevLake tables and compares every selection and report year. */
  async function compareOn(events: OutcomeEvent[], window: Omit<DoraQuery, "report">) {
    await clearDevlakeTables(database.db);
    await loadDevlakeTables(database.db, events);
    await refreshDevlakeMetrics(database.db);
    const selections: string[][] = [[...services], ...services.map((service) => [service])];
    for (const selected of selections) {
      for (const report of [2021, 2023] as ReportYear[]) {
        const query = { ...window, report };
        const fromSql = await queryDevlakeDora(database.db, selected, query);
        const fromEngine = computeDoraMetrics(
          events.filter((event) => selected.includes(event.service)),
          query,
        );
        expect({ selected, query, metrics: fromEngine }).toEqual({ selected, query, metrics: fromSql });
      }
    }
  }

  it("on a hand-made dataset with the edge cases of DORA.md", async () => {
    const events = validated([
      {
        type: "change",
        service: "api",
        externalId: "c1",
        author: "a",
        firstCommitAt: "2022-01-03T08:00:30Z",
        openedAt: "2022-01-03T08:00:00Z",
        firstReviewAt: "2022-01-03T08:00:01Z",
        mergedAt: "2022-01-03T08:00:02Z",
      },
      {
        type: "change",
        service: "api",
        externalId: "c2",
        author: "a",
        firstCommitAt: null,
        openedAt: "2022-01-03T09:00:00.100Z",
        firstReviewAt: null,
        mergedAt: "2022-01-03T09:01:00.900Z",
      },
      {
        type: "change",
        service: "web",
        externalId: "c1",
        author: "b",
        firstCommitAt: "2021-12-20T00:00:00Z",
        openedAt: "2021-12-31T23:00:00Z",
        firstReviewAt: null,
        mergedAt: "2022-01-04T10:00:00Z",
      },
      {
        type: "deployment",
        service: "api",
        externalId: "d1",
        environment: "production",
        result: "success",
        startedAt: "2022-01-03T09:00:00Z",
        finishedAt: "2022-01-03T10:00:00Z",
        changes: ["c1", "c2"],
      },
      {
        type: "deployment",
        service: "api",
        externalId: "d0",
        environment: "production",
        result: "success",
        startedAt: "2022-01-03T09:30:00Z",
        finishedAt: "2022-01-03T10:00:00Z",
        changes: ["c1"],
      },
      {
        type: "deployment",
        service: "web",
        externalId: "w1",
        environment: "production",
        result: "success",
        startedAt: "2022-01-04T09:00:00Z",
        finishedAt: "2022-01-04T09:30:00Z",
        changes: ["c1"],
      },
      {
        type: "deployment",
        service: "web",
        externalId: "w2",
        environment: "production",
        result: "success",
        startedAt: "2022-01-31T23:00:00Z",
        finishedAt: "2022-01-31T23:59:59.500Z",
        changes: [],
      },
      {
        type: "deployment",
        service: "web",
        externalId: "w3",
        environment: "staging",
        result: "success",
        startedAt: "2022-01-05T09:00:00Z",
        finishedAt: "2022-01-05T09:30:00Z",
        changes: [],
      },
      {
        type: "incident",
        service: "api",
        externalId: "i1",
        createdAt: "2022-01-03T10:00:00Z",
        resolvedAt: "2022-01-03T10:30:59Z",
      },
      {
        type: "incident",
        service: "api",
        externalId: "i2",
        createdAt: "2022-02-02T10:00:00Z",
        resolvedAt: null,
      },
      {
        type: "incident",
        service: "web",
        externalId: "i1",
        createdAt: "2021-12-01T10:00:00Z",
        resolvedAt: "2022-01-04T10:00:00Z",
      },
    ]);
    await compareOn(events, { from: "2021-12-31", to: "2022-01-31" });
    await compareOn(events, { from: "2021-07-01", to: "2022-02-28" });
  });

  it("on generated datasets of a few hundred events", async () => {
    await fc.assert(
      fc.asyncProperty(dataset, async ({ events, window }) => {
        await compareOn(validated(events), window);
      }),
      // Each run loads a database: shrinking a failure would take many minutes, so report the
      // first counterexample (fast-check prints its seed and path to replay it).
      { numRuns: 20, endOnFailure: true },
    );
  });
});
