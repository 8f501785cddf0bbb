import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeAdverseImpact } from "../src/modules/analytics/statistics/adverse-impact.ts";
import { computeLeniency, computeReliability } from "../src/modules/analytics/statistics/calibration.ts";
import { computeStageValidity } from "../src/modules/analytics/statistics/correlation.ts";
import { sampleStandardDeviation } from "../src/modules/analytics/statistics/descriptive.ts";
import { computeFunnel } from "../src/modules/analytics/statistics/funnel.ts";
import {
  compareWorkModelOutcomes,
  compareWorkModelRetention,
  type WorkModel,
} from "../src/modules/analytics/statistics/work-models.ts";
import { generateHistory, LENIENT_INTERVIEWER } from "../src/modules/demo/analytics-history.ts";
import { uploadHistory } from "./support/analytics.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/** The generated files read back plainly (they have no quoted fields), for the expected values. */
function rowsOf(text: string): Record<string, string>[] {
  const [header, ...lines] = text.split("\n");
  const columns = (header as string).split(",");
  return lines.map((line) =>
    Object.fromEntries(line.split(",").map((value, index) => [columns[index], value])),
  );
}

/** Expects every number of `actual` to equal `expected`'s to 1e-9 relative (1e-12 absolute near 0). */
function expectClose(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const tolerance = Math.max(1e-12, 1e-9 * Math.abs(expected));
    if (Math.abs(actual - expected) > tolerance) expect.fail(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    for (const [index, item] of expected.entries()) {
      expectClose((actual as unknown[])[index], item, `${path}[${index}]`);
    }
    return;
  }
  if (expected !== null && typeof expected === "object") {
    for (const [key, value] of Object.entries(expected)) {
      expectClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

const files = generateHistory({ applications: 400, seed: 7 });
const applications = rowsOf(files.applications);
const stages = rowsOf(files.stages);
const ratings = rowsOf(files.ratings);
const byRef = new Map(applications.map((row) => [row.application_ref as string, row]));

describe.each(testEngines)("evidence analytics endpoints on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Analytics");
    other = await seedOrganization(server.database, "Elsewhere");
    const imported = await uploadHistory(server, org.users.admin.token, files);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      applications: applications.length,
      stages: stages.length,
      ratings: ratings.length,
      errorCount: 0,
    });
  }, 60_000);
  afterAll(async () => server?.close());

  const get = (path: string, token = org.users.admin.token) => call(server, "GET", path, { token });

  it("stage validity equals the pure function over the same hires", async () => {
    const response = await get("/api/v1/analytics/validity?source=history&outcome=outcome_6m");
    expect(response.status).toBe(200);
    const stageNames = [...new Set(ratings.map((row) => row.stage as string))].sort();
    const expected = stageNames.map((stage) => {
      const sums = new Map<string, { total: number; count: number }>();
      for (const row of ratings.filter((rating) => rating.stage === stage)) {
        const sum = sums.get(row.application_ref as string) ?? { total: 0, count: 0 };
        sum.total += Number(row.rating);
        sum.count += 1;
        sums.set(row.application_ref as string, sum);
      }
      const applicantXs = [...sums.values()].map((sum) => sum.total / sum.count);
      const hires = [...sums.entries()].flatMap(([ref, sum]) => {
        const application = byRef.get(ref);
        return application?.hired === "true" && application.outcome_6m !== ""
          ? [{ x: sum.total / sum.count, y: Number(application.outcome_6m) }]
          : [];
      });
      return computeStageValidity({ stage, hires, applicantXs });
    });
    // The pure function and SQL pick hires in different orders; r does not depend on order.
    expectClose(response.body.stages, expected);
    const byName = new Map((response.body.stages as { stage: string; r: number }[]).map((s) => [s.stage, s]));
    // The generated effects: system design predicts, the recruiter screen does not.
    expect(byName.get("System design")?.r).toBeGreaterThan(0.3);
    expect(Math.abs(byName.get("Recruiter screen")?.r ?? 1)).toBeLessThan(0.25);
    expect(sampleStandardDeviation([1, 2])).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("adverse impact at the hire decision and at a stage equals the pure function", async () => {
    for (const category of ["gender", "race_ethnicity"] as const) {
      const decided = applications.filter((row) => row.hired !== "");
      const groups = new Map<string, { reached: number; selected: number }>();
      for (const row of decided) {
        const group = row[category] === "" ? "not_disclosed" : (row[category] as string);
        const counts = groups.get(group) ?? { reached: 0, selected: 0 };
        counts.reached += 1;
        if (row.hired === "true") counts.selected += 1;
        groups.set(group, counts);
      }
      const expected = computeAdverseImpact(
        [...groups.entries()].map(([group, counts]) => ({ group, ...counts })),
        { minGroupSize: 10 },
      );
      const response = await get(`/api/v1/analytics/adverse-impact?source=history&category=${category}`);
      expect(response.status).toBe(200);
      expectClose(response.body, expected);
    }
    const stage = "System design";
    const groups = new Map<string, { reached: number; selected: number }>();
    for (const row of stages.filter((visit) => visit.stage === stage)) {
      const gender = (byRef.get(row.application_ref as string)?.gender ?? "") || "not_disclosed";
      const counts = groups.get(gender) ?? { reached: 0, selected: 0 };
      counts.reached += 1;
      if (row.passed === "true") counts.selected += 1;
      groups.set(gender, counts);
    }
    const response = await get(
      `/api/v1/analytics/adverse-impact?source=history&category=gender&stage=${encodeURIComponent(stage)}&minGroupSize=20`,
    );
    expectClose(
      response.body,
      computeAdverseImpact(
        [...groups.entries()].map(([group, counts]) => ({ group, ...counts })),
        { minGroupSize: 20 },
      ),
    );
    // A group under the minimum keeps its counts and rate, with null comparisons.
    const small = (
      response.body.groups as { group: string; reason: string | null; rate: number | null }[]
    ).find((group) => group.group === "non_binary");
    expect(small?.reason).toBe("too_few");
    expect(small?.rate).not.toBeNull();
  });

  it("calibration equals the pure functions and finds the lenient interviewer", async () => {
    const stage = "Technical screen";
    const stageRatings = ratings
      .filter((row) => row.stage === stage)
      .map((row) => ({
        application: row.application_ref as string,
        interviewer: row.interviewer_ref as string,
        rating: Number(row.rating),
      }));
    const response = await get(
      `/api/v1/analytics/calibration?source=history&stage=${encodeURIComponent(stage)}`,
    );
    expect(response.status).toBe(200);
    expectClose(response.body, {
      interviewers: computeLeniency(stageRatings),
      reliability: computeReliability(stageRatings),
    });
    const lenient = (response.body.interviewers as { interviewer: string; ciLow: number }[]).find(
      (row) => row.interviewer === LENIENT_INTERVIEWER,
    );
    expect(lenient?.ciLow).toBeGreaterThan(0);
  });

  it("work models equal the pure functions for the outcome and for retention", async () => {
    const hires = applications.filter((row) => row.hired === "true" && row.hire_work_model !== "");
    const outcomes: Record<WorkModel, number[]> = { onsite: [], remote: [], hybrid: [] };
    const retention: Record<WorkModel, { n: number; retained: number }> = {
      onsite: { n: 0, retained: 0 },
      remote: { n: 0, retained: 0 },
      hybrid: { n: 0, retained: 0 },
    };
    for (const row of hires) {
      const model = row.hire_work_model as WorkModel;
      if (row.outcome_6m !== "") outcomes[model].push(Number(row.outcome_6m));
      if (row.retained_12m !== "") {
        retention[model].n += 1;
        if (row.retained_12m === "true") retention[model].retained += 1;
      }
    }
    const outcome = await get("/api/v1/analytics/work-models?source=history&outcome=outcome_6m");
    expect(outcome.status).toBe(200);
    // Welch's test is symmetric in the order of values only up to rounding of the sums.
    expectClose(outcome.body, compareWorkModelOutcomes(outcomes));
    const retained = await get("/api/v1/analytics/work-models?source=history&outcome=retained_12m");
    expectClose(retained.body, compareWorkModelRetention(retention));
  });

  it("the funnel computed in SQL equals computeFunnel", async () => {
    const response = await get("/api/v1/analytics/funnel?source=history");
    expect(response.status).toBe(200);
    const expected = computeFunnel(
      stages.map((row) => ({
        application: row.application_ref as string,
        stage: row.stage as string,
        stageOrder: Number(row.stage_order),
        passed: row.passed === "true",
        enteredAt: row.entered_at === "" ? null : (row.entered_at as string),
      })),
    );
    expectClose(response.body.stages, expected);
    const byRole = await get(
      `/api/v1/analytics/funnel?source=history&role=${encodeURIComponent("Data Engineer")}`,
    );
    const dataEngineers = applications.filter((row) => row.role === "Data Engineer").length;
    expect((byRole.body.stages as { reached: number }[])[0]?.reached).toBe(dataEngineers);
  });

  it("answers too_few below the minimums, with n shown", async () => {
    const validity = await get("/api/v1/analytics/validity?source=history&minN=100000");
    for (const stage of validity.body.stages as { n: number; r: number | null; reason: string }[]) {
      expect(stage.r).toBeNull();
      expect(stage.reason).toBe("too_few");
      expect(stage.n).toBeGreaterThan(0);
    }
    const impact = await get(
      "/api/v1/analytics/adverse-impact?source=history&category=gender&minGroupSize=100000",
    );
    expect(impact.body).toMatchObject({ reference: null, reason: "too_few" });
    const calibration = await get("/api/v1/analytics/calibration?source=history&stage=Nowhere");
    expect(calibration.body).toMatchObject({
      interviewers: [],
      reliability: { applications: 0, ratings: 0, icc1: null, reason: "too_few" },
    });
    const models = await get("/api/v1/analytics/work-models?source=history&minGroupSize=100000");
    for (const group of models.body.groups as { n: number; mean: number | null; reason: string }[]) {
      expect(group.mean).toBeNull();
      expect(group.reason).toBe("too_few");
    }
  });

  it("keeps organisations apart and sources apart", async () => {
    const elsewhere = await call(server, "GET", "/api/v1/analytics/funnel?source=all", {
      token: other.users.admin.token,
    });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.stages).toEqual([]);
    const live = await get("/api/v1/analytics/funnel?source=live");
    expect(live.body.stages).toEqual([]);
    const all = await get("/api/v1/analytics/funnel?source=all");
    const history = await get("/api/v1/analytics/funnel?source=history");
    expect(all.body).toEqual(history.body);
  });

  it("puts the organisation's own work-model comparison beside the advisor's priors, unchanged", async () => {
    const adviceFor = async (organization: SeededOrganization) => {
      const token = organization.users.admin.token;
      const role = await call(server, "POST", "/api/v1/roles", {
        token,
        body: {
          title: "Backend Engineer",
          team: "Core",
          seniority: "mid",
          timezone: { fromUtcOffset: 0, toUtcOffset: 2 },
          headcount: 1,
        },
      });
      const factors = await call(server, "GET", "/api/v1/work-model/factors", { token });
      const advice = await call(server, "POST", `/api/v1/roles/${role.body.id}/advice`, {
        token,
        body: factors.body.defaults,
      });
      expect(advice.status).toBe(200);
      return advice.body;
    };
    const withData = await adviceFor(org);
    const without = await adviceFor(other);
    expect(without.organizationEvidence).toBeNull();
    // The same factors give the same recommendation whatever the organisation's own data says.
    expect(withData.recommendation).toBe(without.recommendation);
    expect(withData.scores).toEqual(without.scores);
    const evidence = withData.organizationEvidence as Record<string, unknown>;
    expect(evidence).toMatchObject({ source: "all", minGroupSize: 5 });
    const expected = await get("/api/v1/analytics/work-models?source=all&outcome=outcome_6m");
    expect(evidence.outcome6m).toEqual(expected.body);
    expect((evidence.outcome6m as { groups: { n: number }[] }).groups.every((group) => group.n > 0)).toBe(
      true,
    );
  });

  it("lets admins and hiring managers read, recruiters only the funnel, interviewers nothing", async () => {
    const paths = [
      "/api/v1/analytics/validity",
      "/api/v1/analytics/adverse-impact?category=gender",
      "/api/v1/analytics/calibration?stage=System%20design",
      "/api/v1/analytics/work-models",
      "/api/v1/analytics/funnel",
    ];
    for (const path of paths) {
      expect((await get(path, org.users.hiring_manager.token)).status, path).toBe(200);
      expect((await get(path, org.users.interviewer.token)).status, path).toBe(403);
      const recruiter = (await get(path, org.users.recruiter.token)).status;
      expect(recruiter, path).toBe(path.endsWith("/funnel") ? 200 : 403);
    }
    const byRecruiter = await uploadHistory(server, org.users.hiring_manager.token, files);
    expect(byRecruiter.status).toBe(403);
  });
});

describe.each(testEngines)("history import on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Importer");
  });
  afterAll(async () => server?.close());

  const funnelReached = async () => {
    const response = await call(server, "GET", "/api/v1/analytics/funnel?source=history", {
      token: org.users.admin.token,
    });
    return (response.body.stages as { stage: string; reached: number }[]).map((s) => [s.stage, s.reached]);
  };

  it("replaces the organisation's history on each import", async () => {
    expect(
      (await uploadHistory(server, org.users.admin.token, generateHistory({ applications: 50 }))).status,
    ).toBe(200);
    const small = {
      applications:
        "application_ref,role,work_model,hired,hire_work_model,gender,race_ethnicity,outcome_6m,retained_12m\nX1,Backend,remote,true,remote,woman,,3,true\nX2,Backend,,,,, asian ,,",
      stages:
        "application_ref,stage,stage_order,passed,entered_at\nX1,Screen,1,true,2025-01-02\nX2,Screen,1,false,",
      ratings: "application_ref,stage,interviewer_ref,rating\nX1,Screen,i1,4\nX2,Screen,i1,2\nX2,Screen,i2,1",
    };
    const replaced = await uploadHistory(server, org.users.admin.token, small);
    expect(replaced).toMatchObject({ status: 200, body: { applications: 2, stages: 2, ratings: 3 } });
    expect(await funnelReached()).toEqual([["Screen", 2]]);
  });

  it("reports bad rows by file, row and column and stores nothing", async () => {
    const before = await funnelReached();
    const bad = {
      applications: [
        "application_ref,role,work_model,hired,hire_work_model,gender,race_ethnicity,outcome_6m,retained_12m",
        "B1,Backend,remote,true,remote,,,3,true",
        "B2,Backend,office,maybe,,,,5,",
        "B1,Backend,,,,,,,",
      ].join("\n"),
      stages:
        "application_ref,stage,stage_order,passed,entered_at\nB1,Screen,1,true,2025-02-30\nB9,Screen,x,true,",
      ratings: "application_ref,stage,interviewer_ref,rating\nB1,Screen,i1,7\nB1,Onsite,i1,3",
    };
    const response = await uploadHistory(server, org.users.admin.token, bad);
    expect(response.status).toBe(422);
    const report = response.body.historyReport as { errors: unknown[]; errorCount: number };
    expect(report.errors).toEqual(
      expect.arrayContaining([
        {
          file: "applications",
          row: 3,
          column: "work_model",
          message: "must be onsite, remote, hybrid or empty",
        },
        { file: "applications", row: 3, column: "hired", message: "must be true, false or empty" },
        { file: "applications", row: 3, column: "outcome_6m", message: "must be 1, 2, 3, 4 or empty" },
        {
          file: "applications",
          row: 4,
          column: "application_ref",
          message: "repeats the application_ref of row 2",
        },
        {
          file: "stages",
          row: 2,
          column: "entered_at",
          message: "must be an ISO date (YYYY-MM-DD) or empty",
        },
        { file: "stages", row: 3, column: "application_ref", message: "is not in applications.csv" },
        { file: "stages", row: 3, column: "stage_order", message: "must be a whole number" },
        { file: "ratings", row: 2, column: "rating", message: "must be 1, 2, 3 or 4" },
        {
          file: "ratings",
          row: 3,
          column: "stage",
          message: "has no row in stages.csv for this application",
        },
      ]),
    );
    expect(report.errorCount).toBe(report.errors.length);
    expect(String(response.body.detail)).toMatch(/^Nothing was imported/);
    expect(await funnelReached()).toEqual(before);

    const missingHeader = await uploadHistory(server, org.users.admin.token, {
      ...bad,
      stages: "ref,stage\nB1,Screen",
    });
    expect(missingHeader.status).toBe(422);
    const missingFile = await uploadHistory(server, org.users.admin.token, {
      applications: bad.applications,
    });
    expect(missingFile.status).toBe(400);
    expect(String(missingFile.body.detail)).toContain("stages, ratings");
  });
});
