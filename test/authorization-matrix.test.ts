import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { type DeclaredRoute, describeAllowedRoles, type RouteAccess } from "../src/modules/auth/access.ts";
import { createCandidate } from "../src/modules/candidates/candidates.ts";
import { scheduleInterview } from "../src/modules/interviews/interviews.ts";
import { addMember } from "../src/modules/members/members.ts";
import { createTeam } from "../src/modules/outcomes/teams.ts";
import { openPadForStaff } from "../src/modules/pads/pads.ts";
import { createPlanFromTemplate } from "../src/modules/plans/plans.ts";
import { createCandidateSession } from "../src/modules/portal/candidate-sessions.ts";
import { createRole, decideWorkModel } from "../src/modules/roles/roles.ts";
import { createRetroBoard } from "../src/modules/team-practices/retros.ts";
import { setTeamMembers } from "../src/modules/team-practices/team-access.ts";
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

const staffRoles: MemberRole[] = ["admin", "recruiter", "hiring_manager", "interviewer"];

/** A body no route accepts: every JSON body schema is an object. */
const INVALID_BODY = JSON.stringify("not an object");
const MISSING = "00000000-0000-4000-8000-000000000000";

/** A role as the API spells it, standing alone as a word ("an admin", "you are hiring_manager"). */
const ROLE_IDENTIFIER = /\b(admin|recruiter|hiring_manager|interviewer)\b/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Why a refusal's detail is not fit for a person to read, or null when it is. */
function unplainRefusal(detail: string): string | null {
  const identifier = ROLE_IDENTIFIER.exec(detail);
  if (identifier) return `names the role identifier "${identifier[0]}"`;
  if (UUID.test(detail)) return "contains a raw id";
  return null;
}

type Principal =
  | { name: "anonymous" }
  | { name: string; kind: "token" | "session"; role: MemberRole }
  | { name: "candidate"; kind: "candidate" };

/**
 * What the route's declaration promises this caller: refused with a status, or let through
 * (after which the route answers whatever its input and data call for).
 */
function expectedRefusal(access: RouteAccess, principal: Principal): 401 | 403 | null {
  if (access.audience === "public") return null;
  if (!("kind" in principal)) return 401;
  if (access.audience === "candidate") return principal.kind === "candidate" ? null : 401;
  if (principal.kind === "candidate") return 401;
  if (principal.kind === "token" && !access.tokens) return 403;
  if (access.audience === "staff" && !access.roles.includes(principal.role)) return 403;
  return null;
}

describe.each(testEngines)("authorisation matrix on %s", (engine) => {
  let server: TestServer;
  let orgA: SeededOrganization;
  let orgB: SeededOrganization;
  /** The API's routes as registered, each with the access it declared. */
  let routes: DeclaredRoute[];
  /** "POST /api/v1/roles" for every operation whose OpenAPI entry takes a JSON body. */
  const takesJsonBody = new Set<string>();
  const ids: Record<string, string> = {};
  let candidateCookie = "";
  /** The headers each principal sends: credentials, plus CSRF on unsafe methods for cookies. */
  const credentials = new Map<string, { headers: Record<string, string>; csrf: Record<string, string> }>();
  const principals: Principal[] = [{ name: "anonymous" }];

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
    // The interview's live pad, so its playback is read with a real id.
    const pad = await openPadForStaff(
      deps,
      { organizationId: orgA.id, userId: orgA.users.recruiter.id, role: "recruiter" },
      interview.id,
    );
    // A team with its interviewer as a member and a retro board, so team-practice reads use real ids.
    const team = await createTeam(server.database.db, recruiter, orgA.id, {
      name: "Matrix team",
      workModel: "hybrid",
    });
    const teamManager = {
      organizationId: orgA.id,
      userId: orgA.users.admin.id,
      role: "admin" as const,
      actor: systemActor,
    };
    await setTeamMembers(deps, teamManager, team.id, [orgA.users.interviewer.id]);
    const board = await createRetroBoard(
      { ...deps, events: server.events },
      { ...teamManager, userId: orgA.users.interviewer.id, role: "interviewer" },
      team.id,
      "Matrix sprint",
    );
    Object.assign(ids, {
      teamId: team.id,
      boardId: board.id,
      padId: pad.id,
      roleId: role.id,
      candidateId: candidate.id,
      applicationId: application?.id ?? "",
      interviewId: interview.id,
      kitVersionId: interview.kitVersion?.id ?? "",
      slug: interview.kitVersion?.slug ?? "",
      // A candidate email every organisation words for itself (mail/template-wording.ts).
      template: "rejection",
    });
    const session = await createCandidateSession(server.database.db, systemClock, {
      organizationId: orgA.id,
      candidateId: candidate.id,
    });
    candidateCookie = `evident_candidate=${session.token}`;

    credentials.set("anonymous", { headers: {}, csrf: {} });
    for (const role of staffRoles) {
      principals.push({ name: `${role} by token`, kind: "token", role });
      credentials.set(`${role} by token`, {
        headers: { authorization: `Bearer ${orgA.users[role].token}` },
        csrf: {},
      });
      const login = await call(server, "POST", "/api/v1/auth/login", {
        body: { email: orgA.users[role].email, password: TEST_PASSWORD },
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      principals.push({ name: `${role} by session`, kind: "session", role });
      credentials.set(`${role} by session`, {
        headers: { cookie },
        csrf: { "x-csrf-token": String(login.body.csrfToken) },
      });
    }
    const portal = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie: candidateCookie } });
    expect(portal.status).toBe(200);
    principals.push({ name: "candidate", kind: "candidate" });
    credentials.set("candidate", {
      headers: { cookie: candidateCookie },
      csrf: { "x-csrf-token": String(portal.body.csrfToken) },
    });

    routes = server.app.declaredRoutes.filter(
      (route) => route.method !== "HEAD" && route.url.startsWith("/api/v1/"),
    );
    const document = await call(server, "GET", "/api/openapi.json");
    for (const [path, operations] of Object.entries(
      document.body.paths as Record<string, Record<string, { requestBody?: { content?: object } }>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.requestBody?.content && "application/json" in operation.requestBody.content) {
          takesJsonBody.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
        }
      }
    }
  });
  afterAll(async () => server?.close());

  /** Reads whose query has a required parameter: a valid one, so the read itself is what is tested. */
  const requiredQuery: Record<string, string> = {
    "/api/v1/analytics/adverse-impact": "?category=gender",
    "/api/v1/analytics/calibration": "?stage=Onsite",
  };

  /** Real ids of organisation A's objects for reads; ids of nothing for writes, so no write lands. */
  const concrete = (url: string, method: string) =>
    url.replace(/:(\w+)/g, (_, name: string) => (method === "GET" ? (ids[name] ?? MISSING) : MISSING)) +
    (method === "GET" ? (requiredQuery[url] ?? "") : "");

  it("collects a declared access for every method of the API from the route table", () => {
    const methods = new Set(routes.map((route) => route.method));
    for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) expect(methods).toContain(method);
    expect(routes.length).toBeGreaterThan(60);
    const audiences = new Set(routes.map((route) => route.access.audience));
    expect([...audiences].sort()).toEqual(["candidate", "public", "signed-in", "staff"]);
  });

  it("refuses exactly the callers each route's declaration refuses, before reading any input", async () => {
    // Signing out ends the session the later requests need, so those routes go last.
    const ordered = [...routes].sort(
      (a, b) => Number(a.url.endsWith("/logout")) - Number(b.url.endsWith("/logout")),
    );
    const failures: string[] = [];
    for (const route of ordered) {
      const takesBody = takesJsonBody.has(`${route.method} ${route.url}`);
      for (const principal of principals) {
        const { headers, csrf } = credentials.get(principal.name) ?? { headers: {}, csrf: {} };
        const unsafe = route.method !== "GET";
        const response = await call(server, route.method, concrete(route.url, route.method), {
          headers: {
            ...headers,
            ...(unsafe ? csrf : {}),
            ...(unsafe ? { "content-type": "application/json" } : {}),
          },
          rawBody: unsafe ? INVALID_BODY : undefined,
        });
        const refusal = expectedRefusal(route.access, principal);
        const where = `${route.method} ${route.url} as ${principal.name}: ${response.status} ${String(response.body?.detail ?? "").slice(0, 120)}`;
        if (response.status >= 500) failures.push(`server error: ${where}`);
        // Refusals are read by people: plain words, no role identifiers, no raw ids.
        if (response.status === 403 || response.status === 404) {
          const reason = unplainRefusal(String(response.body?.detail ?? ""));
          if (reason) failures.push(`${response.status} ${reason}: ${where}`);
        } else if (refusal !== null) {
          // Never a 400 naming fields: the caller learns nothing of the route's input.
          if (response.status !== refusal) failures.push(`expected ${refusal}: ${where}`);
          if (
            refusal === 403 &&
            route.access.audience === "staff" &&
            !("kind" in principal && principal.kind === "token" && !route.access.tokens)
          ) {
            const needed = describeAllowedRoles(route.access.roles);
            if (!String(response.body?.detail).includes(needed))
              failures.push(`403 without "${needed}": ${where}`);
          }
        } else {
          if (response.status === 401) failures.push(`let through, yet 401: ${where}`);
          if (/^Only .* can do this|needs a signed-in session/.test(String(response.body?.detail))) {
            failures.push(`let through, yet refused by role: ${where}`);
          }
          // The invalid body proves the refusals above came before validation.
          if (takesBody && response.status !== 400)
            failures.push(`expected 400 for the invalid body: ${where}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Some 1,500 requests, one after another: about 30 s on a quiet machine, more on a busy one.
  }, 240_000);

  it("words a refusal by role plainly: who may, and the caller's own role, never the API's identifiers", async () => {
    // The check itself catches what it is for.
    expect(
      unplainRefusal("This needs the role admin or hiring_manager; you are interviewer in Acme."),
    ).toMatch(/role identifier/);
    expect(unplainRefusal(`Application ${MISSING} was not found.`)).toBe("contains a raw id");
    expect(describeAllowedRoles(["admin", "recruiter", "hiring_manager"])).toBe(
      "Only admins, recruiters and hiring managers can do this",
    );
    const refused = await call(server, "POST", "/api/v1/roles", {
      token: orgA.users.interviewer.token,
      body: {},
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(
      /^Only admins, recruiters and hiring managers can do this; your role in Matrix .+ is Interviewer\. One of its admins can change your role if you need this\.$/,
    );
    expect(unplainRefusal(String(refused.body.detail))).toBeNull();
  });

  it("shows another organisation nothing of A: 404 for A's objects, A-free lists", async () => {
    const intruder = orgB.users.admin.token;
    const idsOfA = Object.values(ids).filter((value) => /^[0-9a-f-]{36}$/.test(value));
    const staffReads = routes.filter(
      (route) => route.method === "GET" && route.access.audience === "staff" && route.access.tokens,
    );
    expect(staffReads.length).toBeGreaterThan(20);
    for (const { url } of staffReads) {
      const response = await call(server, "GET", concrete(url, "GET"), { token: intruder });
      const where = `GET ${url} as another organisation: ${response.status}`;
      // A kit slug or an email template names the same thing in every organisation: B reads its own.
      const isSharedName = url.includes(":slug") || url.includes(":template");
      if (url.includes(":") && !isSharedName) expect(response.status, where).toBe(404);
      else expect(response.status, where).toBe(200);
      // A problem's `instance` echoes the caller's own request URL; everything else must be A-free.
      const { instance: _echoedUrl, ...answer } = response.body;
      const text = JSON.stringify(answer);
      for (const id of idsOfA) expect(text, `${where} leaks ${id}`).not.toContain(id);
    }
  });
});
