import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoOrganization } from "../src/modules/demo/seed-demo.ts";
import { demoTeams, generateServiceEvents } from "../src/modules/demo/seed-outcomes-demo.ts";
import { computeDoraMetrics } from "../src/modules/outcomes/dora/dora.ts";
import { listHires } from "../src/modules/outcomes/hires.ts";
import { getCohorts, getDoraMetrics } from "../src/modules/outcomes/metrics.ts";
import { listTeams } from "../src/modules/outcomes/teams.ts";
import { availabilityOf } from "../src/modules/outcomes/uptime/uptime.ts";
import type { Clock } from "../src/platform/clock.ts";
import { createTestDatabase, type TestDatabase } from "./support/databases.ts";

/** The demo organisation's teams, services and year of delivery events. */
const clock: Clock = { now: () => new Date("2026-12-01T12:00:00Z") };

describe("the outcomes demo data", () => {
  let database: TestDatabase;
  let organizationId: string;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    organizationId = (await seedDemoOrganization({ db: database.db, clock }, { withHiringData: true }))
      .organizationId;
  }, 300_000);
  afterAll(() => database?.drop());

  it("is generated deterministically from its seed", () => {
    const [team] = demoTeams;
    if (!team) throw new Error("no demo team");
    const end = clock.now().getTime();
    const first = generateServiceEvents(team, "payments-api", end, 7);
    expect(generateServiceEvents(team, "payments-api", end, 7)).toEqual(first);
    expect(generateServiceEvents(team, "payments-api", end, 8)).not.toEqual(first);
    // Twelve months: the earliest event is about a year before the end, none after it.
    const instants = first.map((event) =>
      Date.parse(
        event.type === "change"
          ? event.openedAt
          : event.type === "deployment"
            ? event.finishedAt
            : event.createdAt,
      ),
    );
    expect(Math.max(...instants)).toBeLessThanOrEqual(end);
    expect((end - Math.min(...instants)) / 86_400_000).toBeGreaterThan(360);
  });

  it("gives three teams, one per work model, with two services each and a year of DORA data", async () => {
    const teams = await listTeams(database.db, organizationId);
    expect(teams.map((team) => [team.name, team.workModel, team.services.length])).toEqual([
      ["Catalogue", "hybrid", 2],
      ["Observability", "remote", 2],
      ["Payments Security", "onsite", 2],
    ]);
    const window = { from: "2025-12-02", to: "2026-12-01", report: 2023 as const };
    for (const team of teams) {
      const metrics = await getDoraMetrics(
        { db: database.db, clock },
        organizationId,
        { team: team.id },
        window,
      );
      expect(metrics.deploymentFrequency.deployments, team.name).toBeGreaterThan(100);
      expect(metrics.leadTimeForChanges.changes, team.name).toBeGreaterThan(100);
      expect(metrics.changeFailureRate.failedDeployments, team.name).toBeGreaterThan(0);
      expect(metrics.recoveryTime.medianMinutes, team.name).not.toBeNull();
      for (const part of Object.values(metrics)) expect(part.band, team.name).not.toBeNull();
    }
    // The remote team was generated to deploy most often and recover fastest.
    const byName = Object.fromEntries(
      await Promise.all(
        teams.map(async (team) => [
          team.name,
          await getDoraMetrics({ db: database.db, clock }, organizationId, { team: team.id }, window),
        ]),
      ),
    );
    expect(byName.Observability.deploymentFrequency.deployments).toBeGreaterThan(
      byName["Payments Security"].deploymentFrequency.deployments,
    );
    expect(computeDoraMetrics([], window).deploymentFrequency.deployments).toBe(0);
  });

  it("gives every service a year of hourly uptime checks against a 99.9 % SLO, bad while incidents are open", async () => {
    const teams = await listTeams(database.db, organizationId);
    const serviceIds = teams.flatMap((team) => team.services.map((service) => service.id));
    expect(serviceIds).toHaveLength(6);
    const year = { from: "2025-12-02", to: "2026-12-01" };
    for (const serviceId of serviceIds) {
      const { slo, summary } = await availabilityOf(
        { db: database.db, clock },
        organizationId,
        serviceId,
        year,
      );
      expect(slo.targetPercent).toBe(99.9);
      // One check an hour over the 365 days of the window.
      expect(summary.validChecks).toBeGreaterThan(364 * 24);
      expect(summary.validChecks).toBeLessThanOrEqual(366 * 24);
      // Incidents took checks down, so availability is below 100 % but far from 0.
      expect(summary.goodChecks).toBeLessThan(summary.validChecks);
      expect(summary.availability).toBeGreaterThan(0.95);
    }
  });

  it("joins the demo's hires to the teams their roles name, with start dates, and keeps cohorts below five too few", async () => {
    const hires = await listHires(database.db, organizationId);
    expect(hires.length).toBeGreaterThan(0);
    for (const hire of hires) {
      expect(hire.team).not.toBeNull();
      expect(hire.startDate).not.toBeNull();
    }
    const cohorts = await getCohorts({ db: database.db, clock }, organizationId, { by: "work_model" });
    expect(cohorts.groups.map((group) => group.status)).toEqual(["too_few", "too_few", "too_few"]);
  });
});
