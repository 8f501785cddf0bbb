import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { DEMO_HISTORY_APPLICATIONS, LENIENT_INTERVIEWER } from "../src/modules/demo/analytics-history.ts";
import { DEMO_ORGANIZATION, seedDemoOrganization } from "../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../src/modules/members/members.ts";
import { systemClock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import { call, seedOrganization, startTestServer, type TestServer } from "./support/server.ts";

/** The demo organisation's analytics show the effects its history was generated with. */
describe.each(testEngines)("demo analytics on %s", (engine) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const deps = { db: server.database.db, clock: systemClock };
    const { organizationId } = await seedDemoOrganization(deps, { withHiringData: true });
    const admin = await findUserByEmail(server.database.db, "admin@example.com");
    ({ secret: token } = await createApiToken(deps, systemActor, {
      organizationId,
      userId: admin?.id ?? "",
      name: "demo analytics",
    }));
    await seedOrganization(server.database, "Unrelated");
  }, 120_000);
  afterAll(async () => server?.close());

  const get = async (url: string) => {
    const response = await call(server, "GET", url, { token });
    expect(response.status, url).toBe(200);
    return response.body;
  };

  it("imports the generated history into the demo organisation", async () => {
    const funnel = await get("/api/v1/analytics/funnel?source=history");
    expect((funnel.stages as { reached: number }[])[0]?.reached).toBe(DEMO_HISTORY_APPLICATIONS);
    expect(DEMO_ORGANIZATION.slug).toBe("demo");
  });

  it("shows one stage predictive and one not, and the lenient interviewer", async () => {
    const validity = await get("/api/v1/analytics/validity?source=all");
    const byStage = new Map(
      (validity.stages as { stage: string; r: number; ciLow: number }[]).map((s) => [s.stage, s]),
    );
    expect(byStage.get("System design")?.ciLow).toBeGreaterThan(0);
    expect(Math.abs(byStage.get("Recruiter screen")?.r ?? 1)).toBeLessThan(0.2);
    const calibration = await get("/api/v1/analytics/calibration?source=history&stage=Technical%20screen");
    const lenient = (calibration.interviewers as { interviewer: string; ciLow: number | null }[]).find(
      (row) => row.interviewer === LENIENT_INTERVIEWER,
    );
    expect(lenient?.ciLow).toBeGreaterThan(0);
    expect((calibration.reliability as { icc1: unknown }).icc1).not.toBeNull();
  });

  it("reads the demo's live hiring data too: stage history, scorecards and decisions", async () => {
    const funnel = await get("/api/v1/analytics/funnel?source=live");
    const stages = funnel.stages as { stage: string; reached: number; passed: number }[];
    expect(stages.length).toBeGreaterThan(1);
    expect(stages[0]?.reached).toBeGreaterThan(0);
    const validity = await get("/api/v1/analytics/validity?source=live&minN=4");
    const rated = validity.stages as { stage: string; applicants: number }[];
    expect(rated.length).toBeGreaterThan(0);
    expect(rated.every((stage) => stage.applicants > 0)).toBe(true);
    const calibration = await get(
      `/api/v1/analytics/calibration?source=live&minN=2&stage=${encodeURIComponent(rated[0]?.stage ?? "")}`,
    );
    expect((calibration.interviewers as unknown[]).length).toBeGreaterThan(0);
    const all = await get("/api/v1/analytics/funnel?source=all");
    const history = await get("/api/v1/analytics/funnel?source=history");
    const reachedOf = (body: Record<string, unknown>) =>
      (body.stages as { reached: number }[]).reduce((total, stage) => total + stage.reached, 0);
    expect(reachedOf(all)).toBe(
      reachedOf(history) + stages.reduce((total, stage) => total + stage.reached, 0),
    );
  });

  it("has enough data for the work-model comparison and adverse impact", async () => {
    const models = await get("/api/v1/analytics/work-models?source=all&outcome=outcome_6m");
    for (const group of models.groups as { mean: number | null }[]) expect(group.mean).not.toBeNull();
    const impact = await get("/api/v1/analytics/adverse-impact?source=all&category=gender");
    expect(impact.reference).not.toBeNull();
  });
});
