import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { createCandidate } from "../src/modules/candidates/candidates.ts";
import { scheduleInterview } from "../src/modules/interviews/interviews.ts";
import { addMember } from "../src/modules/members/members.ts";
import { createPlanFromTemplate } from "../src/modules/plans/plans.ts";
import { createCandidateSession } from "../src/modules/portal/candidate-sessions.ts";
import { createRole, decideWorkModel } from "../src/modules/roles/roles.ts";
import { defaultWorkModelFactors } from "../src/modules/workmodel/factors.ts";
import { systemClock } from "../src/platform/clock.ts";
import type { MemberRole } from "../src/platform/db/schema.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "./support/server.ts";

const everyone: MemberRole[] = ["admin", "recruiter", "hiring_manager", "interviewer"];
const hiringTeam: MemberRole[] = ["admin", "recruiter", "hiring_manager"];
const adminOnly: MemberRole[] = ["admin"];

/**
 * Who may read what, for every GET route of the API. A route missing here fails the test, so a
 * new route cannot ship without deciding its audience.
 */
const readAccess: Record<string, MemberRole[]> = {
  "/api/v1/members": everyone,
  "/api/v1/tokens": everyone,
  "/api/v1/audit": adminOnly,
  "/api/v1/work-model/factors": everyone,
  "/api/v1/roles": everyone,
  "/api/v1/roles/{roleId}": everyone,
  "/api/v1/roles/{roleId}/plan": everyone,
  "/api/v1/kits": everyone,
  "/api/v1/kits/{slug}": everyone,
  "/api/v1/kit-versions/{kitVersionId}": everyone,
  "/api/v1/candidates": hiringTeam,
  "/api/v1/candidates/{candidateId}": hiringTeam,
  "/api/v1/candidates/{candidateId}/resume": hiringTeam,
  "/api/v1/candidates/{candidateId}/export": adminOnly,
  "/api/v1/candidates/{candidateId}/export/files/{fileId}": adminOnly,
  "/api/v1/applications": hiringTeam,
  "/api/v1/applications/{applicationId}": hiringTeam,
  // The interviewer takes part in the application's interview and has not filed: "submit yours first".
  "/api/v1/applications/{applicationId}/scorecards": hiringTeam,
  "/api/v1/applications/{applicationId}/decision": hiringTeam,
  "/api/v1/interviews": everyone,
  "/api/v1/interviews/{interviewId}": everyone,
  "/api/v1/interviews/{interviewId}/scorecards": hiringTeam,
  "/api/v1/scorecards/{scorecardId}": everyone,
  "/api/v1/outbox": adminOnly,
  "/api/v1/outbox/{emailId}": adminOnly,
  "/api/v1/settings/privacy": adminOnly,
  "/api/v1/challenges": everyone,
  "/api/v1/challenges/{challengeId}": everyone,
  "/api/v1/challenge-packages": hiringTeam,
  "/api/v1/challenge-packages/{packageId}": hiringTeam,
  // Interviewers see a challenge's results only as reviewers in its stage's pool; this one is in none.
  "/api/v1/applications/{applicationId}/challenge-attempts": hiringTeam,
  "/api/v1/applications/{applicationId}/challenge-attempts/{attemptId}/similarity": hiringTeam,
};

/** Routes with their own audience: sign-in, the session itself, and the candidate portal. */
const isOwnAudience = (path: string) =>
  path.startsWith("/api/v1/auth/") || path.startsWith("/api/v1/portal/") || path === "/api/v1/organizations";

describe.each(testEngines)("authorisation matrix on %s", (engine) => {
  let server: TestServer;
  let orgA: SeededOrganization;
  let orgB: SeededOrganization;
  let routes: { method: string; path: string }[];
  const ids: Record<string, string> = {};
  let candidateCookie = "";

  beforeAll(async () => {
    server = await startTestServer(engine);
    orgA = await seedOrganization(server.database, "Matrix");
    orgB = await seedOrganization(server.database, "Other");
    const deps = { db: server.database.db, clock: systemClock };
    const recruiter = { ...systemActor, type: "user" as const, userId: orgA.users.recruiter.id };
    const role = await createRole(deps, recruiter, orgA.id, {
      title: "Backend Engineer",
      team: "Core",
      seniority: "mid",
      techStack: [],
      officeLocations: [],
      timezone: { fromUtcOffset: 0, toUtcOffset: 2 },
      complianceNeeds: [],
      headcount: 1,
      status: "open",
      hireThreshold: 3,
    });
    await decideWorkModel(deps, recruiter, orgA.id, role.id, {
      factors: defaultWorkModelFactors,
      chosenModel: "remote",
      overrideReason: "Matrix test role.",
    });
    const plan = await createPlanFromTemplate(deps, recruiter, orgA.id, role.id, {});
    const candidate = await createCandidate(deps, recruiter, orgA.id, {
      fullName: "Matrix Candidate",
      email: "matrix.candidate@example.net",
      phone: null,
      location: null,
      links: [],
      source: null,
      roleId: role.id,
    });
    const application = candidate.applications[0];
    const interviewStage = plan.stages.find((stage) => stage.type === "system_design");
    const panelist = await addMember(deps, systemActor, orgA.id, {
      email: "panelist@matrix.test",
      name: "Panelist",
      role: "interviewer",
      password: TEST_PASSWORD,
    });
    const interview = await scheduleInterview(
      deps,
      recruiter,
      { userId: orgA.users.recruiter.id, role: "recruiter" },
      orgA.id,
      {
        applicationId: application?.id ?? "",
        stageId: interviewStage?.id ?? "",
        scheduledAt: new Date(Date.now() + 86_400_000),
        durationMinutes: 60,
        interviewerIds: [orgA.users.interviewer.id, panelist.userId],
        mode: "remote",
        videoLink: "https://meet.example.com/matrix",
      },
    );
    Object.assign(ids, {
      roleId: role.id,
      candidateId: candidate.id,
      applicationId: application?.id ?? "",
      interviewId: interview.id,
      kitVersionId: interview.kitVersion?.id ?? "",
      slug: interview.kitVersion?.slug ?? "",
    });
    const session = await createCandidateSession(server.database.db, systemClock, {
      organizationId: orgA.id,
      candidateId: candidate.id,
    });
    candidateCookie = `evident_candidate=${session.token}`;

    const document = await call(server, "GET", "/api/openapi.json");
    routes = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) =>
        Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(async () => server?.close());

  /** Real ids of organisation A's objects; ids of things that do not exist where none is needed. */
  const concrete = (path: string) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? "00000000-0000-4000-8000-000000000000");

  it("knows the audience of every GET route", () => {
    const gets = routes.filter(
      (route) => route.method === "GET" && route.path.startsWith("/api/v1/") && !isOwnAudience(route.path),
    );
    expect(gets.length).toBeGreaterThan(20);
    expect(gets.map((route) => route.path).filter((path) => !(path in readAccess))).toEqual([]);
  });

  it("answers 401 to anonymous callers and to candidates on every staff route, before reading any input", async () => {
    for (const route of routes.filter((r) => r.path.startsWith("/api/v1/") && !isOwnAudience(r.path))) {
      const url = concrete(route.path);
      const anonymous = await call(server, route.method, url, {
        body: route.method === "GET" ? undefined : {},
      });
      expect(anonymous.status, `${route.method} ${route.path} anonymous`).toBe(401);
      const candidate = await call(server, route.method, url, {
        headers: { cookie: candidateCookie },
        body: route.method === "GET" ? undefined : {},
      });
      expect(candidate.status, `${route.method} ${route.path} as a candidate`).toBe(401);
    }
  });

  it("gives every role exactly the reads its audience allows, and never a server error", async () => {
    for (const [path, allowed] of Object.entries(readAccess)) {
      for (const role of everyone) {
        const response = await call(server, "GET", concrete(path), { token: orgA.users[role].token });
        const where = `GET ${path} as ${role}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
        expect(response.status, where).toBeLessThan(500);
        if (allowed.includes(role)) expect([200, 404], where).toContain(response.status);
        else expect(response.status, where).toBe(403);
      }
    }
  });

  it("shows another organisation nothing of A: 404 for A's objects, A-free lists", async () => {
    const intruder = orgB.users.admin.token;
    const idsOfA = Object.values(ids).filter((value) => /^[0-9a-f-]{36}$/.test(value));
    for (const path of Object.keys(readAccess)) {
      const response = await call(server, "GET", concrete(path), { token: intruder });
      const where = `GET ${path} as another organisation: ${response.status}`;
      if (path.includes("{") && !path.includes("{slug}")) expect(response.status, where).toBe(404);
      else expect(response.status, where).toBe(200);
      // A problem's `instance` echoes the caller's own request URL; everything else must be A-free.
      const { instance: _echoedUrl, ...answer } = response.body;
      const text = JSON.stringify(answer);
      for (const id of idsOfA) expect(text, `${where} leaks ${id}`).not.toContain(id);
    }
  });
});
