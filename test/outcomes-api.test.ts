import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDoraMetrics } from "../src/modules/outcomes/dora/dora.ts";
import { type OutcomeEventInput, parseOutcomeEvents } from "../src/modules/outcomes/dora/events.ts";
import { hires } from "../src/modules/outcomes/outcomes-table.ts";
import { queryRows } from "../src/platform/db/client.ts";
import { newId } from "../src/platform/ids.ts";
import { testEngines } from "./support/databases.ts";
import { openRole, seedApplication, seedStages } from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/**
 * The outcomes API over HTTP on every engine: ingestion, DORA from stored events, teams and
 * services, cohorts, CSV import, hires from decisions and their erasure, access and isolation.
 */

const at = (time: string) => `${time.replace(" ", "T")}Z`;

/**
 * A hand-checked dataset for service "checkout", March 2024, 2023 report:
 * - pr-1: first commit 08:00, opened 09:00, merged 10:00 on 03-04, deployed by dep-1 (03-04 11:10):
 *   coding 60 + opened→merged 60 + deploy 70 = 190 minutes.
 * - pr-2: opened 03-05 09:00, merged 09:30, deployed by dep-2 (03-06 09:30): 0 + 30 + 1440 = 1470.
 * - dep-3 (03-12 12:00) ships nothing; a failed deployment and a staging one count nowhere.
 * - inc-1 created 03-06 10:00 links to dep-2 (the last finished before it), resolved 12:00:
 *   recovery 150 minutes from dep-2's finish.
 * Deployment days 03-04, 03-06, 03-12. Monday weeks of March: Feb 26 (0), Mar 4 (2), Mar 11 (1),
 * Mar 18 (0), Mar 25 (0) → lower median of [0,0,0,1,2] = 0; month [3] → 3: band medium.
 * Lead time lower median of [190, 1470] = 190 < 1440: elite. Failure rate 1/3 > 0.15: low.
 * Recovery 150: < 1 day: high.
 */
const checkout: OutcomeEventInput[] = [
  {
    type: "change",
    service: "checkout",
    externalId: "pr-1",
    author: "ada",
    firstCommitAt: at("2024-03-04 08:00:00"),
    openedAt: at("2024-03-04 09:00:00"),
    mergedAt: at("2024-03-04 10:00:00"),
  },
  {
    type: "change",
    service: "checkout",
    externalId: "pr-2",
    author: "bo",
    openedAt: at("2024-03-05 09:00:00"),
    firstReviewAt: at("2024-03-05 09:10:00"),
    mergedAt: at("2024-03-05 09:30:00"),
  },
  deployment("checkout", "dep-1", "2024-03-04 11:10:00", ["pr-1"]),
  deployment("checkout", "dep-2", "2024-03-06 09:30:00", ["pr-2"]),
  deployment("checkout", "dep-3", "2024-03-12 12:00:00", []),
  { ...deployment("checkout", "dep-f", "2024-03-13 12:00:00", []), result: "failure" },
  { ...deployment("checkout", "dep-s", "2024-03-14 12:00:00", []), environment: "staging" },
  {
    type: "incident",
    service: "checkout",
    externalId: "inc-1",
    createdAt: at("2024-03-06 10:00:00"),
    resolvedAt: at("2024-03-06 12:00:00"),
  },
];

/** "search": one deployment on 03-20 with a change merged 03-20 09:00 (lead time 60), no incident. */
const search: OutcomeEventInput[] = [
  {
    type: "change",
    service: "search",
    externalId: "pr-1",
    author: "cy",
    openedAt: at("2024-03-20 08:00:00"),
    mergedAt: at("2024-03-20 09:00:00"),
  },
  deployment("search", "dep-1", "2024-03-20 09:30:00", ["pr-1"]),
];

function deployment(
  service: string,
  externalId: string,
  finishedAt: string,
  changes: string[],
): Extract<OutcomeEventInput, { type: "deployment" }> {
  return {
    type: "deployment",
    service,
    externalId,
    environment: "production",
    result: "success",
    startedAt: new Date(Date.parse(at(finishedAt)) - 10 * 60_000).toISOString(),
    finishedAt: at(finishedAt),
    changes,
  };
}

const march = "from=2024-03-01&to=2024-03-31&report=2023";

describe.each(testEngines)("outcomes API on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Outcomes");
    other = await seedOrganization(server.database, "Elsewhere");
    admin = org.users.admin.token;
  }, 120_000);
  afterAll(async () => server?.close());

  const post = (path: string, body: unknown, token = admin, headers: Record<string, string> = {}) =>
    call(server, "POST", path, { token, body, headers });
  const get = (path: string, token = admin) => call(server, "GET", path, { token });

  it("ingests events, creates their services in no team, and a replay changes nothing", async () => {
    const first = await post("/api/v1/outcomes/events", { events: [...checkout, ...search] }, admin, {
      "x-delivery-id": "delivery-1",
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ stored: 10, unchanged: 0, servicesCreated: ["checkout", "search"] });
    const replay = await post("/api/v1/outcomes/events", { events: [...checkout, ...search] });
    expect(replay.body).toEqual({ stored: 0, unchanged: 10, servicesCreated: [] });
    const rows = await queryRows<{ n: number }>(
      server.database.db,
      sql`select (select count(*) from outcome_changes) + (select count(*) from outcome_deployments) + (select count(*) from outcome_incidents) as n`,
    );
    expect(Number(rows[0]?.n)).toBe(10);
    const unassigned = await get("/api/v1/outcomes/services?unassigned=true");
    expect((unassigned.body.items as { name: string }[]).map((service) => service.name)).toEqual([
      "checkout",
      "search",
    ]);
    const deliveries = await get("/api/v1/outcomes/deliveries");
    expect((deliveries.body.items as { deliveryId: string; status: string }[]).at(-1)).toMatchObject({
      deliveryId: "delivery-1",
      status: "accepted",
      eventCount: 10,
    });
  });

  it("refuses a batch with invalid events, listing index and field, and stores nothing", async () => {
    const response = await post("/api/v1/outcomes/events", {
      events: [
        { ...checkout[7], externalId: "inc-new" },
        { ...checkout[0], openedAt: "2024-03-04 09:00" },
        {
          type: "incident",
          service: "checkout",
          externalId: "inc-x",
          createdAt: at("2024-03-06 10:00:00"),
          colour: 1,
        },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body.errors).toEqual([
      {
        path: "events[1].openedAt",
        message: "must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z",
      },
      { path: "events[2].colour", message: "is not a field of this event type" },
    ]);
    const stored = await queryRows<{ n: number }>(
      server.database.db,
      sql`select count(*)::int as n from outcome_incidents where external_id = 'inc-new'`,
    );
    expect(stored[0]?.n).toBe(0);
    const tooMany = await post("/api/v1/outcomes/events", {
      events: Array.from({ length: 1001 }, () => checkout[7]),
    });
    expect(tooMany.status).toBe(400);
    expect(String(tooMany.body.detail)).toContain("at most 1000");
    const huge = await call(server, "POST", "/api/v1/outcomes/events", {
      token: admin,
      rawBody: JSON.stringify({ events: [], padding: "x".repeat(6 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });

  it("answers DORA for a service exactly as computeDoraMetrics does, with the hand-checked values", async () => {
    const response = await get(`/api/v1/outcomes/dora?service=checkout&${march}`);
    expect(response.status).toBe(200);
    const expected = {
      deploymentFrequency: {
        deployments: 3,
        deploymentDays: 3,
        medianDeploymentDaysPerWeek: 0,
        medianDeploymentDaysPerMonth: 3,
        band: "medium",
      },
      leadTimeForChanges: { changes: 2, medianMinutes: 190, band: "elite" },
      changeFailureRate: { deployments: 3, failedDeployments: 1, rate: 1 / 3, band: "low" },
      recoveryTime: { incidents: 1, medianMinutes: 150, band: "high" },
    };
    expect(response.body).toEqual(expected);
    const engineAnswer = computeDoraMetrics(parseOutcomeEvents(checkout), {
      from: "2024-03-01",
      to: "2024-03-31",
      report: 2023,
    });
    expect(response.body).toEqual(engineAnswer);
    const unknown = await get(`/api/v1/outcomes/dora?service=nothing&${march}`);
    expect(unknown.status).toBe(404);
    const badWindow = await get("/api/v1/outcomes/dora?service=checkout&from=2024-03-31&to=2024-03-01");
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.errors).toEqual([
      { path: "querystring.to", message: "must not be before from (2024-03-31)" },
    ]);
  });

  it("pools a team's services, and gives weekly points equal to the engine's weeks", async () => {
    const team = await post("/api/v1/outcomes/teams", {
      name: "Payments",
      workModel: "remote",
      location: "UTC±2",
    });
    expect(team.status).toBe(201);
    const teamId = String(team.body.id);
    // A PATCH naming no field (or only unknown ones) changes nothing and answers the team as it is.
    const unchanged = await call(server, "PATCH", `/api/v1/outcomes/teams/${teamId}`, {
      token: admin,
      body: { unknown: 1 },
    });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({ id: teamId, name: "Payments", workModel: "remote" });
    const services = (await get("/api/v1/outcomes/services")).body.items as { id: string; name: string }[];
    const [firstService] = services;
    const serviceUnchanged = await call(server, "PATCH", `/api/v1/outcomes/services/${firstService?.id}`, {
      token: admin,
      body: {},
    });
    expect(serviceUnchanged.status).toBe(200);
    expect(serviceUnchanged.body).toMatchObject({ id: firstService?.id, name: firstService?.name });
    for (const service of services) {
      const assigned = await call(server, "PATCH", `/api/v1/outcomes/services/${service.id}`, {
        token: admin,
        body: { teamId },
      });
      expect(assigned.status).toBe(200);
      expect(assigned.body.team).toEqual({ id: teamId, name: "Payments" });
    }
    const pooled = await get(`/api/v1/outcomes/dora?team=${teamId}&${march}`);
    // checkout's events and search's together: 4 deployment days, lead times [60, 190, 1470] → 190.
    expect(pooled.body).toEqual(
      computeDoraMetrics(parseOutcomeEvents([...checkout, ...search]), {
        from: "2024-03-01",
        to: "2024-03-31",
        report: 2023,
      }),
    );
    expect(pooled.body.deploymentFrequency).toMatchObject({ deployments: 4, deploymentDays: 4 });
    expect(pooled.body.leadTimeForChanges).toEqual({ changes: 3, medianMinutes: 190, band: "elite" });

    const weekly = await get(`/api/v1/outcomes/dora/weekly?team=${teamId}&${march}`);
    expect(weekly.status).toBe(200);
    const weeks = weekly.body.weeks as { week: string; from: string; to: string; deployments: number }[];
    expect(weeks.map((week) => [week.week, week.from, week.to, week.deployments])).toEqual([
      ["2024-02-26", "2024-03-01", "2024-03-03", 0],
      ["2024-03-04", "2024-03-04", "2024-03-10", 2],
      ["2024-03-11", "2024-03-11", "2024-03-17", 1],
      ["2024-03-18", "2024-03-18", "2024-03-24", 1],
      ["2024-03-25", "2024-03-25", "2024-03-31", 0],
    ]);
    expect(weeks[1]).toMatchObject({ changes: 2, leadTimeMedianMinutes: 190, failedDeployments: 1 });

    const incidents = await get(`/api/v1/outcomes/incidents?team=${teamId}&${march}`);
    expect(incidents.body.items).toEqual([
      {
        externalId: "inc-1",
        service: "checkout",
        source: "api",
        createdAt: "2024-03-06T10:00:00.000Z",
        resolvedAt: "2024-03-06T12:00:00.000Z",
        minutesToResolve: 120,
      },
    ]);
  });

  it("shows cohorts only for groups of at least the minimum size", async () => {
    // Six onsite teams of one service each (one deployment day per week in March), two hybrid.
    const events: OutcomeEventInput[] = [];
    for (let index = 0; index < 8; index += 1) {
      const workModel = index < 6 ? "onsite" : "hybrid";
      const team = await post("/api/v1/outcomes/teams", { name: `Cohort ${index}`, workModel });
      const service = await post("/api/v1/outcomes/services", {
        name: `cohort-${index}`,
        teamId: team.body.id,
      });
      expect(service.status).toBe(201);
      for (const day of ["04", "11", "18", "25"]) {
        events.push(deployment(`cohort-${index}`, `d-${day}`, `2024-03-${day} 12:00:00`, []));
      }
    }
    expect((await post("/api/v1/outcomes/events", { events })).status).toBe(200);
    const cohorts = await get(
      `/api/v1/outcomes/cohorts?by=work_model&${march}`,
      org.users.hiring_manager.token,
    );
    expect(cohorts.status).toBe(200);
    expect(cohorts.body).toMatchObject({ by: "work_model", unit: "teams", minGroupSize: 5 });
    // Onsite: 6 teams, each with weeks [0,1,1,1,1] → lower median 1. Remote: 1 team; hybrid: 2.
    expect(cohorts.body.groups).toEqual([
      {
        key: "onsite",
        status: "ok",
        size: 6,
        metrics: {
          medianDeploymentDaysPerWeek: 1,
          leadTimeMedianMinutes: null,
          changeFailureRate: 0,
          recoveryMedianMinutes: null,
        },
      },
      { key: "remote", status: "too_few", size: null, metrics: null },
      { key: "hybrid", status: "too_few", size: null, metrics: null },
    ]);
    const strict = await get(`/api/v1/outcomes/cohorts?by=work_model&minGroupSize=7&${march}`);
    expect((strict.body.groups as { status: string }[]).map((group) => group.status)).toEqual([
      "too_few",
      "too_few",
      "too_few",
    ]);
    const tooSmall = await get("/api/v1/outcomes/cohorts?by=work_model&minGroupSize=2");
    expect(tooSmall.status).toBe(400);
  });

  it("imports CSV with a row-numbered report, storing nothing when a row is bad", async () => {
    const bad = [
      "service,external_id,created_at,resolved_at,notes",
      "checkout,inc-csv-1,2024-03-20T10:00:00Z,2024-03-20T11:00:00Z,ok",
      "checkout,inc-csv-2,yesterday,,",
      ",inc-csv-3,2024-03-21T10:00:00Z,2024-03-21T09:00:00Z,",
    ].join("\n");
    const refused = await post("/api/v1/outcomes/import?kind=incidents", { csv: bad });
    expect(refused.status).toBe(422);
    expect(refused.body.outcomeImport).toMatchObject({ kind: "incidents", ignoredColumns: ["notes"] });
    expect((refused.body.outcomeImport as { errors: unknown[] }).errors).toEqual([
      {
        row: 3,
        column: "createdAt",
        message: "must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z",
      },
      { row: 4, column: "service", message: "must not be empty" },
      { row: 4, column: "resolvedAt", message: "is before createdAt (2024-03-21T10:00:00Z)" },
    ]);
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          server.database.db,
          sql`select count(*)::int as n from outcome_incidents where external_id like 'inc-csv-%'`,
        )
      )[0]?.n;
    expect(await count()).toBe(0);
    const good = [
      "Service,External Id,Created At,Resolved At",
      "checkout,inc-csv-1,2024-03-20T10:00:00Z,2024-03-20T11:00:00Z",
      "checkout,inc-csv-2,2024-03-21T10:00:00Z,",
    ].join("\r\n");
    const imported = await post("/api/v1/outcomes/import?kind=incidents", { csv: good });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: 2, stored: 2, unchanged: 0, errors: [] });
    const again = await post("/api/v1/outcomes/import?kind=incidents", { csv: good });
    expect(again.body).toMatchObject({ rows: 2, stored: 0, unchanged: 2 });
    expect(await count()).toBe(2);
    const deployments = await post("/api/v1/outcomes/import?kind=deployments", {
      csv: "service,externalId,environment,result,startedAt,finishedAt,changes\ncheckout,dep-csv,production,success,2024-03-22T10:00:00Z,2024-03-22T10:05:00Z,pr-1;pr-2\n",
    });
    expect(deployments.body).toMatchObject({ stored: 1 });
    const links = await queryRows<{ change_external_ids: string[] }>(
      server.database.db,
      sql`select change_external_ids from outcome_deployments where external_id = 'dep-csv'`,
    );
    expect(links[0]?.change_external_ids).toEqual(["pr-1", "pr-2"]);
  });

  it("refuses unknown services when auto-creation is off, naming them", async () => {
    const off = await call(server, "PUT", "/api/v1/outcomes/settings", {
      token: admin,
      body: { autoCreateServices: false },
    });
    expect(off.body).toEqual({ autoCreateServices: false });
    const response = await post("/api/v1/outcomes/events", {
      events: [checkout[7], { ...checkout[7], service: "ledger" }],
    });
    expect(response.status).toBe(422);
    expect(String(response.body.detail)).toContain('"ledger"');
    expect(response.body.errors).toEqual([
      { path: "events[1].service", message: 'names the unknown service "ledger"' },
    ]);
    await call(server, "PUT", "/api/v1/outcomes/settings", {
      token: admin,
      body: { autoCreateServices: true },
    });
  });

  it("lets hiring managers read team views but not hires or ingestion; interviewers and recruiters see nothing", async () => {
    const manager = org.users.hiring_manager.token;
    expect((await get(`/api/v1/outcomes/dora?service=checkout&${march}`, manager)).status).toBe(200);
    expect((await get("/api/v1/outcomes/teams", manager)).status).toBe(200);
    expect((await get("/api/v1/outcomes/hires", manager)).status).toBe(403);
    expect((await post("/api/v1/outcomes/events", { events: [] }, manager)).status).toBe(403);
    for (const role of ["interviewer", "recruiter"] as const) {
      const token = org.users[role].token;
      for (const path of [
        `/api/v1/outcomes/dora?service=checkout&${march}`,
        "/api/v1/outcomes/cohorts?by=work_model",
        "/api/v1/outcomes/incidents",
        "/api/v1/outcomes/teams",
      ]) {
        const response = await get(path, token);
        expect(response.status, `${role} ${path}`).toBe(403);
      }
    }
  });

  it("keeps organisations apart: another organisation's team and service are 404, its events invisible", async () => {
    const intruder = other.users.admin.token;
    const teams = (await get("/api/v1/outcomes/teams")).body.items as { id: string }[];
    const services = (await get("/api/v1/outcomes/services")).body.items as { id: string }[];
    expect((await get(`/api/v1/outcomes/teams/${teams[0]?.id}`, intruder)).status).toBe(404);
    expect((await get(`/api/v1/outcomes/services/${services[0]?.id}`, intruder)).status).toBe(404);
    expect((await get(`/api/v1/outcomes/dora?team=${teams[0]?.id}&${march}`, intruder)).status).toBe(404);
    expect((await get(`/api/v1/outcomes/dora?service=checkout&${march}`, intruder)).status).toBe(404);
    const patched = await call(server, "PATCH", `/api/v1/outcomes/services/${services[0]?.id}`, {
      token: intruder,
      body: { teamId: null },
    });
    expect(patched.status).toBe(404);
    // The same service name in another organisation is a different service with its own events.
    await post("/api/v1/outcomes/events", { events: [checkout[2]] }, intruder);
    const theirs = await get(`/api/v1/outcomes/dora?service=checkout&${march}`, intruder);
    expect(theirs.body.deploymentFrequency).toMatchObject({ deployments: 1 });
    expect((await get("/api/v1/outcomes/incidents", intruder)).body.items).toEqual([]);
  });

  it("groups hires by start quarter, measuring their team over the next quarter, five at least", async () => {
    const roleId = await openRole(server, org.users.recruiter.token, { team: "Payments" });
    const teamId = String(
      ((await get("/api/v1/outcomes/teams")).body.items as { id: string; name: string }[]).find(
        (team) => team.name === "Payments",
      )?.id,
    );
    // Five hires started in 2023-Q4 (measured over 2024-Q1), two in 2024-Q1: too few.
    const starts = [
      "2023-10-02",
      "2023-10-16",
      "2023-11-06",
      "2023-12-01",
      "2023-12-29",
      "2024-01-08",
      "2024-02-05",
    ];
    for (const [index, startDate] of starts.entries()) {
      const { applicationId, candidateId } = await seedApplication(server.database, org.id, roleId, {
        fullName: `Cohort Hire ${index}`,
        email: `cohort.${index}.${engine}@candidates.test`,
      });
      await server.database.db.insert(hires).values({
        id: newId(),
        organizationId: org.id,
        applicationId,
        candidateId,
        teamId,
        workModel: "remote",
        startDate,
      });
    }
    const cohorts = await get("/api/v1/outcomes/cohorts?by=hire_quarter", org.users.hiring_manager.token);
    expect(cohorts.status).toBe(200);
    const team = (await get(`/api/v1/outcomes/dora?team=${teamId}&from=2024-01-01&to=2024-03-31`)).body as {
      deploymentFrequency: { medianDeploymentDaysPerWeek: number };
      leadTimeForChanges: { medianMinutes: number | null };
      changeFailureRate: { rate: number | null };
      recoveryTime: { medianMinutes: number | null };
    };
    expect(cohorts.body).toMatchObject({ by: "hire_quarter", unit: "hires", minGroupSize: 5 });
    expect(cohorts.body.groups).toEqual([
      {
        key: "2023-Q4",
        status: "ok",
        size: 5,
        metrics: {
          medianDeploymentDaysPerWeek: team.deploymentFrequency.medianDeploymentDaysPerWeek,
          leadTimeMedianMinutes: team.leadTimeForChanges.medianMinutes,
          changeFailureRate: team.changeFailureRate.rate,
          recoveryMedianMinutes: team.recoveryTime.medianMinutes,
        },
      },
      { key: "2024-Q1", status: "too_few", size: null, metrics: null },
    ]);
    expect(team.leadTimeForChanges.medianMinutes).toBe(190);
  });

  it("creates a hire when the final decision is hire, and erasure removes it", async () => {
    const roleId = await openRole(server, org.users.recruiter.token, {
      team: "payments",
      seniority: "senior",
    });
    await seedStages(server.database, org.id, roleId, [
      { name: "Application review", type: "application_review" },
      { name: "Decision", type: "decision" },
    ]);
    const { applicationId, candidateId } = await seedApplication(server.database, org.id, roleId, {
      fullName: "Hira Hire",
      email: `hira.${engine}@candidates.test`,
    });
    const decided = await post(`/api/v1/applications/${applicationId}/decision`, {
      outcome: "hire",
      overrideReason: "No weighted stage in this test plan.",
    });
    expect(decided.status).toBe(201);
    const hires = (await get("/api/v1/outcomes/hires")).body.items as Record<string, unknown>[];
    const hire = hires.find((row) => row.applicationId === applicationId);
    // The role's team "payments" matches the team "Payments" (any case); its work model follows.
    expect(hire).toMatchObject({
      candidateId,
      team: { name: "Payments" },
      workModel: "remote",
      level: "senior",
      startDate: null,
    });
    const updated = await call(server, "PATCH", `/api/v1/outcomes/hires/${hire?.id}`, {
      token: admin,
      body: { startDate: "2024-01-15", level: "staff" },
    });
    expect(updated.body).toMatchObject({ startDate: "2024-01-15", level: "staff" });

    const exported = await get(`/api/v1/candidates/${candidateId}/export`);
    expect(exported.status).toBe(200);
    const [application] = exported.body.applications as { hires: unknown[] }[];
    expect(application?.hires).toEqual([
      expect.objectContaining({ id: hire?.id, startDate: "2024-01-15", level: "staff", team: hire?.team }),
    ]);

    const erased = await post(`/api/v1/candidates/${candidateId}/erase`, { confirm: candidateId });
    expect(erased.status).toBe(200);
    expect((erased.body.removed as { hires: number }).hires).toBe(1);
    expect((await get(`/api/v1/outcomes/hires/${hire?.id}`)).status).toBe(404);
  });

  it("links a role to a team: its name follows the team, its hires join it, another organisation's team is refused", async () => {
    const team = await post("/api/v1/outcomes/teams", { name: "Reliability", workModel: "hybrid" });
    expect(team.status).toBe(201);
    const teamId = String(team.body.id);
    // Role editors (a recruiter here) get the teams to choose from, without their outcomes.
    const choices = await get("/api/v1/teams", org.users.recruiter.token);
    expect(choices.status).toBe(200);
    expect(choices.body.items).toContainEqual({ id: teamId, name: "Reliability", workModel: "hybrid" });
    expect((await get("/api/v1/teams", org.users.interviewer.token)).status).toBe(403);

    // The name sent with the link is replaced by the team's own.
    const roleId = await openRole(server, org.users.recruiter.token, { team: "Whatever", teamId });
    const role = await get(`/api/v1/roles/${roleId}`, org.users.recruiter.token);
    expect(role.body).toMatchObject({ team: "Reliability", teamId });

    const foreign = await post(
      "/api/v1/outcomes/teams",
      { name: "Theirs", workModel: "onsite" },
      other.users.admin.token,
    );
    const refused = await call(server, "PATCH", `/api/v1/roles/${roleId}`, {
      token: org.users.recruiter.token,
      body: { teamId: foreign.body.id },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: "teamId" })]);
    expect((await get(`/api/v1/roles/${roleId}`, org.users.recruiter.token)).body.teamId).toBe(teamId);

    const renamed = await call(server, "PATCH", `/api/v1/outcomes/teams/${teamId}`, {
      token: admin,
      body: { name: "Site Reliability" },
    });
    expect(renamed.status).toBe(200);
    expect((await get(`/api/v1/roles/${roleId}`, org.users.recruiter.token)).body.team).toBe(
      "Site Reliability",
    );

    // The hire joins the linked team although no team is named like the role's old text.
    await seedStages(server.database, org.id, roleId, [
      { name: "Application review", type: "application_review" },
      { name: "Decision", type: "decision" },
    ]);
    const { applicationId } = await seedApplication(server.database, org.id, roleId, {
      fullName: "Tia Team",
      email: `tia.${engine}@candidates.test`,
    });
    const decided = await post(`/api/v1/applications/${applicationId}/decision`, {
      outcome: "hire",
      overrideReason: "No weighted stage in this test plan.",
    });
    expect(decided.status).toBe(201);
    const hire = ((await get("/api/v1/outcomes/hires")).body.items as Record<string, unknown>[]).find(
      (row) => row.applicationId === applicationId,
    );
    expect(hire).toMatchObject({ team: { id: teamId, name: "Site Reliability" }, workModel: "hybrid" });
  });
});
