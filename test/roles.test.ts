import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultWorkModelFactors } from "../src/modules/workmodel/factors.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const backendRole = {
  title: "Senior Backend Engineer, Payments",
  team: "Payments",
  seniority: "senior",
  techStack: ["TypeScript", "PostgreSQL"],
  officeLocations: ["Lisbon"],
  timezone: { fromUtcOffset: -1, toUtcOffset: 3 },
  complianceNeeds: ["PCI DSS"],
  headcount: 2,
};

/** Roles and their work-model decisions through the API, on every engine. */
describe.each(testEngines)("roles and the work-model advisor on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Gamma");
    other = await seedOrganization(server.database, "Delta");
  });
  afterAll(async () => server?.close());

  async function openRole(token = org.users.recruiter.token) {
    const created = await call(server, "POST", "/api/v1/roles", { token, body: backendRole });
    expect(created.status).toBe(201);
    return created.body as { id: string } & Record<string, unknown>;
  }

  it("opens a role as a draft with the given details; interviewers may read but not create", async () => {
    const role = await openRole();
    expect(role).toMatchObject({
      ...backendRole,
      status: "draft",
      workModel: null,
      onsiteDaysPerWeek: null,
      hireThreshold: 3,
    });
    const denied = await call(server, "POST", "/api/v1/roles", {
      token: org.users.interviewer.token,
      body: backendRole,
    });
    expect(denied.status).toBe(403);
    const read = await call(server, "GET", `/api/v1/roles/${role.id}`, {
      token: org.users.interviewer.token,
    });
    expect(read.status).toBe(200);
    expect(read.body.workModelDecisions).toEqual([]);
  });

  it("rejects bad role input with the offending fields", async () => {
    const response = await call(server, "POST", "/api/v1/roles", {
      token: org.users.recruiter.token,
      body: {
        ...backendRole,
        seniority: "principal",
        headcount: 0,
        timezone: { fromUtcOffset: 5, toUtcOffset: 1 },
      },
    });
    expect(response.status).toBe(400);
    const paths = (response.body.errors as { path: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(["body.headcount", "body.seniority"]);
    const inverted = await call(server, "POST", "/api/v1/roles", {
      token: org.users.recruiter.token,
      body: { ...backendRole, timezone: { fromUtcOffset: 5, toUtcOffset: 1 } },
    });
    expect(inverted.status).toBe(400);
    expect(inverted.body.errors).toEqual([{ path: "timezone", message: "from must be ≤ to" }]);
  });

  it("advises from the factors and names hard constraints", async () => {
    const role = await openRole();
    const remoteLeaning = await call(server, "POST", `/api/v1/roles/${role.id}/advice`, {
      token: org.users.hiring_manager.token,
      body: {
        ...defaultWorkModelFactors,
        talentPoolBreadth: 4,
        asyncMaturity: 4,
        deepFocusNeed: 4,
        coDesignNeed: 0,
        juniorMentorshipNeed: 0,
      },
    });
    expect(remoteLeaning.status).toBe(200);
    expect(remoteLeaning.body.recommendation).toBe("remote");
    expect((remoteLeaning.body.contributions as unknown[]).length).toBeGreaterThanOrEqual(8);

    const onPrem = await call(server, "POST", `/api/v1/roles/${role.id}/advice`, {
      token: org.users.hiring_manager.token,
      body: { ...defaultWorkModelFactors, talentPoolBreadth: 4, onPremAccessRequired: true },
    });
    expect(onPrem.body.recommendation).toBe("onsite");
    expect(onPrem.body.hardConstraints).toEqual([
      expect.objectContaining({ excludes: expect.arrayContaining(["remote"]) }),
    ]);

    const impossible = await call(server, "POST", `/api/v1/roles/${role.id}/advice`, {
      token: org.users.hiring_manager.token,
      body: { ...defaultWorkModelFactors, onPremAccessRequired: true, officeAvailable: false },
    });
    expect(impossible.status).toBe(422);

    const badFactor = await call(server, "POST", `/api/v1/roles/${role.id}/advice`, {
      token: org.users.hiring_manager.token,
      body: { ...defaultWorkModelFactors, deepFocusNeed: 9 },
    });
    expect(badFactor.status).toBe(400);
    expect((badFactor.body.errors as { path: string }[])[0]?.path).toBe("body.deepFocusNeed");
  });

  it("records an accepted decision on the role", async () => {
    const role = await openRole();
    const factors = { ...defaultWorkModelFactors, onPremAccessRequired: true };
    const decided = await call(server, "POST", `/api/v1/roles/${role.id}/work-model-decision`, {
      token: org.users.hiring_manager.token,
      body: { factors, chosenModel: "onsite" },
    });
    expect(decided.status).toBe(201);
    expect(decided.body.role).toMatchObject({ workModel: "onsite", onsiteDaysPerWeek: null });
    expect(decided.body.decision).toMatchObject({
      recommendedModel: "onsite",
      chosenModel: "onsite",
      overrideReason: null,
      decidedBy: { email: org.users.hiring_manager.email },
    });
    const read = await call(server, "GET", `/api/v1/roles/${role.id}`, {
      token: org.users.interviewer.token,
    });
    expect(read.body.workModel).toBe("onsite");
    expect(read.body.workModelDecisions).toHaveLength(1);
  });

  it("requires a reason to override the advice and refuses what a hard constraint excludes", async () => {
    const role = await openRole();
    const factors = {
      ...defaultWorkModelFactors,
      talentPoolBreadth: 4,
      asyncMaturity: 4,
      deepFocusNeed: 4,
      coDesignNeed: 0,
      juniorMentorshipNeed: 0,
    };
    const advice = await call(server, "POST", `/api/v1/roles/${role.id}/advice`, {
      token: org.users.recruiter.token,
      body: factors,
    });
    expect(advice.body.recommendation).toBe("remote");

    const noReason = await call(server, "POST", `/api/v1/roles/${role.id}/work-model-decision`, {
      token: org.users.recruiter.token,
      body: { factors, chosenModel: "hybrid" },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([
      { path: "overrideReason", message: "required when the choice departs from the advice" },
    ]);

    const overridden = await call(server, "POST", `/api/v1/roles/${role.id}/work-model-decision`, {
      token: org.users.recruiter.token,
      body: {
        factors,
        chosenModel: "hybrid",
        onsiteDaysPerWeek: 2,
        overrideReason: "Quarterly planning needs the team together.",
      },
    });
    expect(overridden.status).toBe(201);
    expect(overridden.body.role).toMatchObject({ workModel: "hybrid", onsiteDaysPerWeek: 2 });

    const excluded = await call(server, "POST", `/api/v1/roles/${role.id}/work-model-decision`, {
      token: org.users.recruiter.token,
      body: {
        factors: { ...factors, officeAvailable: false },
        chosenModel: "onsite",
        overrideReason: "We like offices.",
      },
    });
    expect(excluded.status).toBe(422);
    const read = await call(server, "GET", `/api/v1/roles/${role.id}`, { token: org.users.recruiter.token });
    expect(read.body.workModel).toBe("hybrid");
    expect(read.body.workModelDecisions).toHaveLength(1);

    const audit = await call(server, "GET", "/api/v1/audit?limit=5", { token: org.users.admin.token });
    expect((audit.body.items as { action: string }[]).map((event) => event.action)).toContain(
      "role.work_model_overridden",
    );
  });

  it("updates and filters roles; other organisations' roles are not found", async () => {
    const role = await openRole();
    const updated = await call(server, "PATCH", `/api/v1/roles/${role.id}`, {
      token: org.users.hiring_manager.token,
      body: { status: "open", headcount: 3 },
    });
    // Fields the PATCH does not name keep their values.
    expect(updated.body).toMatchObject({ ...backendRole, status: "open", headcount: 3 });
    expect(
      (await call(server, "PATCH", `/api/v1/roles/${role.id}`, { token: org.users.admin.token, body: {} }))
        .status,
    ).toBe(400);

    const open = await call(server, "GET", "/api/v1/roles?status=open", {
      token: org.users.interviewer.token,
    });
    expect((open.body.items as { id: string }[]).map((item) => item.id)).toEqual([role.id]);

    const intruder = other.users.admin.token;
    expect((await call(server, "GET", `/api/v1/roles/${role.id}`, { token: intruder })).status).toBe(404);
    expect(
      (
        await call(server, "PATCH", `/api/v1/roles/${role.id}`, {
          token: intruder,
          body: { status: "closed" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(server, "POST", `/api/v1/roles/${role.id}/work-model-decision`, {
          token: intruder,
          body: { factors: defaultWorkModelFactors, chosenModel: "remote", overrideReason: "x" },
        })
      ).status,
    ).toBe(404);
    expect((await call(server, "GET", "/api/v1/roles", { token: intruder })).body.items).toEqual([]);
    const unchanged = await call(server, "GET", `/api/v1/roles/${role.id}`, { token: org.users.admin.token });
    expect(unchanged.body).toMatchObject({ status: "open", workModel: null });
  });
});
