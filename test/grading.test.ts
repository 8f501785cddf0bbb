/**
 * A candidate takes a challenge in the portal and reviewers judge it: real HTTP, the real
 * pg-boss queue and grading worker, the real sandbox, on each database engine.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeStoredSubmission } from "../src/modules/challenges/grading-job.ts";
import { challengeAttempts, challengeSubmissions } from "../src/modules/challenges/grading-table.ts";
import { builtInChallengesDir, readSolutionDir } from "../src/modules/grading-engine/manifest.ts";
import { listPlanStages } from "../src/modules/plans/plans.ts";
import { planStages } from "../src/modules/plans/plans-table.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";
import { systemClock } from "../src/platform/clock.ts";
import { newId } from "../src/platform/ids.ts";
import {
  addChallengeTaker,
  type ChallengeRole,
  type ChallengeTaker,
  createChallengeRole,
  sendCode,
  waitForGrading,
} from "./support/challenge-takers.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const CHALLENGE = "token-bucket-limiter";
const challengeDir = path.join(builtInChallengesDir, CHALLENGE);
const referenceJs = readFileSync(path.join(challengeDir, "reference/javascript/solution.js"), "utf8");
const wrongJs = readFileSync(
  path.join(challengeDir, "wrong/drains-on-failure/javascript/solution.js"),
  "utf8",
);
const hiddenTestNames = (() => {
  const names: string[] = [];
  for (const file of ["1-basic.json", "2-edge.json", "3-scale.json"]) {
    const suite = JSON.parse(readFileSync(path.join(challengeDir, "tests", file), "utf8")) as {
      tests: { name: string; visibility: string }[];
    };
    for (const test of suite.tests) if (test.visibility === "hidden") names.push(test.name);
  }
  return names;
})();

type Taker = ChallengeTaker;

describe.each(testEngines)("challenges in the hiring process on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let role: ChallengeRole;
  let roleId: string;
  let challengeStageId: string;

  const addTaker = (fullName: string, email: string) =>
    addChallengeTaker(server, org, role, { fullName, email });
  const asCandidate = (taker: Taker) => ({ cookie: taker.cookie, "x-csrf-token": taker.csrf });
  const send = (taker: Taker, mode: "runs" | "submissions", code: string) =>
    sendCode(server, taker, mode === "runs" ? "run" : "submit", "javascript", { "solution.js": code });
  const waitForResult = (taker: Taker, submissionId: string) => waitForGrading(server, taker, submissionId);

  async function waitForValidation(packageId: string) {
    for (let waited = 0; waited < 200_000; waited += 500) {
      const read = await call(server, "GET", `/api/v1/challenge-packages/${packageId}`, {
        token: org.users.recruiter.token,
      });
      if (read.body.status !== "validating")
        return { status: String(read.body.status), report: read.body.report };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`package ${packageId} was not validated within 200 s`);
  }

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer(engine, { withWorker: true });
    org = await seedOrganization(server.database, "Grading");
    other = await seedOrganization(server.database, "Elsewhere");
    role = await createChallengeRole(server, org);
    roleId = role.roleId;
    challengeStageId = role.stageId;
  }, 180_000);
  afterAll(async () => server?.close());

  it("lets the hiring team put a built-in challenge on the stage, and refuses unknown ones", async () => {
    const plan = await call(server, "GET", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.recruiter.token,
    });
    const stages = (plan.body.stages as Record<string, unknown>[]).map((stage) => ({
      id: stage.id,
      name: stage.name,
      type: stage.type,
      mode: stage.mode,
      kitVersionId: stage.kitVersionId ?? undefined,
      interviewerPool: stage.interviewerPool,
      requiredRaters: stage.requiredRaters,
      weight: stage.weight,
      isBlind: stage.isBlind,
      challengeId: stage.challengeId,
      deadlineDays: stage.deadlineDays,
    }));
    const index = stages.findIndex((stage) => stage.id === challengeStageId);
    expect(stages[index]?.challengeId).toBe("idempotent-payments-api");

    const unknown = structuredClone(stages);
    (unknown[index] as Record<string, unknown>).challengeId = "no-such-challenge";
    const refused = await call(server, "PUT", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.recruiter.token,
      body: { stages: unknown },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain(`stages.${index}.challengeId`);

    (stages[index] as Record<string, unknown>).challengeId = CHALLENGE;
    const saved = await call(server, "PUT", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.recruiter.token,
      body: { stages },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const stored = await listPlanStages(server.database.db, org.id, roleId);
    expect(stored.find((stage) => stage.id === challengeStageId)?.challengeId).toBe(CHALLENGE);
  });

  let ada: Taker;

  it("shows the candidate the prompt, the starters and a deadline counted from entering the stage", async () => {
    ada = await addTaker("Ada Quillfeather", "ada.quillfeather@example.net");
    const response = await call(server, "GET", `/api/v1/portal/applications/${ada.applicationId}/challenge`, {
      headers: { cookie: ada.cookie },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.challenge).toMatchObject({ id: CHALLENGE, kind: "function" });
    expect(String(response.body.prompt)).toContain("token bucket");
    const starters = response.body.starters as Record<string, Record<string, string>>;
    expect(Object.keys(starters).sort()).toEqual(["javascript", "python", "typescript"]);
    expect(starters.javascript?.["solution.js"]).toContain("RateLimiter");
    const dueAt = Date.parse(String(response.body.dueAt));
    const openedAt = Date.parse(String(response.body.openedAt));
    // The remote template gives the challenge 7 days from entering the stage (moments ago).
    expect(dueAt - openedAt).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(dueAt - openedAt).toBeLessThanOrEqual(7 * 86_400_000);
    expect(response.body.isClosed).toBe(false);
  });

  it("Run grades only the visible tests and reports them in full", { timeout: 120_000 }, async () => {
    const queued = await send(ada, "runs", referenceJs);
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(queued.body.status).toBe("queued");
    const result = await waitForResult(ada, String(queued.body.id));
    expect(result.body.status).toBe("graded");
    expect(result.body.verdict).toBe("passed");
    const visible = result.body.visibleTests as { passed: boolean }[];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((test) => test.passed)).toBe(true);
    expect(result.body.hiddenTests).toBeNull();
    const [row] = await server.database.db
      .select()
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.id, String(queued.body.id)));
    const report = row?.result as { tests: { visibility: string }[] };
    expect(report.tests.every((test) => test.visibility === "visible")).toBe(true);
  });

  let wrongSubmissionId: string;

  it("Submit grades every test; the candidate sees hidden tests only as counts", {
    timeout: 120_000,
  }, async () => {
    const queued = await send(ada, "submissions", `// Ada Quillfeather's solution\n${wrongJs}`);
    expect(queued.status).toBe(202);
    wrongSubmissionId = String(queued.body.id);
    const result = await waitForResult(ada, wrongSubmissionId);
    expect(result.body.status).toBe("graded");
    expect(result.body.verdict).toBe("failed");
    const hidden = result.body.hiddenTests as { passed: number; total: number };
    expect(hidden.total).toBe(hiddenTestNames.length);
    expect(hidden.passed).toBeLessThan(hidden.total);
    const text = JSON.stringify(result.body);
    for (const name of hiddenTestNames) expect(text).not.toContain(name);
    expect(text).not.toContain('"score"');
  });

  it("runs one visible test alone and returns the candidate's console output; an unknown test is refused", {
    timeout: 120_000,
  }, async () => {
    const grace = await addTaker("Grace Underfoot", "grace.underfoot@example.net");
    const opened = await call(server, "GET", `/api/v1/portal/applications/${grace.applicationId}/challenge`, {
      headers: { cookie: grace.cookie },
    });
    expect(opened.body.submits).toEqual({ used: 0, max: 3 });
    const firstRun = await send(grace, "runs", referenceJs);
    const all = await waitForResult(grace, String(firstRun.body.id));
    const visibleNames = (all.body.visibleTests as { name: string }[]).map((test) => test.name);
    expect(visibleNames.length).toBeGreaterThan(1);
    const chosen = visibleNames[1] as string;

    const code = `console.log("grace was here");\nconsole.error("and warned");\n${referenceJs}`;
    const one = await call(
      server,
      "POST",
      `/api/v1/portal/applications/${grace.applicationId}/challenge/runs`,
      {
        headers: asCandidate(grace),
        body: { language: "javascript", files: { "solution.js": code }, testName: chosen },
      },
    );
    expect(one.status, JSON.stringify(one.body)).toBe(202);
    expect(one.body.testName).toBe(chosen);
    const result = await waitForResult(grace, String(one.body.id));
    expect((result.body.visibleTests as { name: string }[]).map((test) => test.name)).toEqual([chosen]);
    expect(result.body.verdict).toBe("passed");
    expect(result.body.console).toContain("grace was here");
    expect(result.body.console).toContain("and warned");
    expect(result.body.crash).toBeNull();

    const unknown = await call(
      server,
      "POST",
      `/api/v1/portal/applications/${grace.applicationId}/challenge/runs`,
      {
        headers: asCandidate(grace),
        body: { language: "javascript", files: { "solution.js": code }, testName: hiddenTestNames[0] },
      },
    );
    expect(unknown.status).toBe(400);
    expect(String(unknown.body.detail)).toContain("no visible test named");
  });

  it("allows the stage's number of Submits, refuses the next clearly, and shows reviewers every one", {
    timeout: 240_000,
  }, async () => {
    const hal = await addTaker("Hal Brightwater", "hal.brightwater@example.net");
    const readSubmits = async () =>
      (
        await call(server, "GET", `/api/v1/portal/applications/${hal.applicationId}/challenge`, {
          headers: { cookie: hal.cookie },
        })
      ).body.submits;
    for (let count = 1; count <= 3; count++) {
      const queued = await send(hal, "submissions", `${referenceJs}\n// Submit ${count}\n`);
      expect(queued.status, JSON.stringify(queued.body)).toBe(202);
      expect((await waitForResult(hal, String(queued.body.id))).body.status).toBe("graded");
      expect(await readSubmits()).toEqual({ used: count, max: 3 });
    }
    const refused = await send(hal, "submissions", referenceJs);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(String(refused.body.detail)).toContain("all 3 Submits");
    // Runs stay open after the last Submit.
    expect((await send(hal, "runs", referenceJs)).status).toBe(202);

    // The hiring team raises the stage's limit: one more Submit is accepted.
    const plan = await call(server, "GET", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.recruiter.token,
    });
    const stages = (plan.body.stages as Record<string, unknown>[]).map((stage) => ({
      id: stage.id,
      name: stage.name,
      type: stage.type,
      mode: stage.mode,
      kitVersionId: stage.kitVersionId ?? undefined,
      interviewerPool: stage.interviewerPool,
      requiredRaters: stage.requiredRaters,
      weight: stage.weight,
      isBlind: stage.isBlind,
      challengeId: stage.challengeId,
      deadlineDays: stage.deadlineDays,
      ...(stage.id === challengeStageId ? { maxSubmits: 4 } : {}),
    }));
    const saved = await call(server, "PUT", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.recruiter.token,
      body: { stages },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const savedStage = (saved.body.stages as { id: string; maxSubmits: number }[]).find(
      (stage) => stage.id === challengeStageId,
    );
    expect(savedStage?.maxSubmits).toBe(4);
    expect(await readSubmits()).toEqual({ used: 3, max: 4 });
    const fourth = await send(hal, "submissions", referenceJs);
    expect(fourth.status, JSON.stringify(fourth.body)).toBe(202);
    await waitForResult(hal, String(fourth.body.id));
    expect((await send(hal, "submissions", referenceJs)).status).toBe(409);

    const review = await call(server, "GET", `/api/v1/applications/${hal.applicationId}/challenge-attempts`, {
      token: org.users.recruiter.token,
    });
    expect(review.status).toBe(200);
    const attempts = review.body.attempts as { submissions: { mode: string }[] }[];
    expect(attempts[0]?.submissions.filter((submission) => submission.mode === "submit")).toHaveLength(4);
  });

  it("stores one result even when the job runs again", async () => {
    const [before] = await server.database.db
      .select()
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.id, wrongSubmissionId));
    const again = await gradeStoredSubmission(
      { db: server.database.db, clock: systemClock, events: server.events },
      wrongSubmissionId,
      {
        retryCount: 1,
      },
    );
    expect(again.status).toBe("graded");
    const [after] = await server.database.db
      .select()
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.id, wrongSubmissionId));
    expect(after?.gradedAt?.toISOString()).toBe(before?.gradedAt?.toISOString());
    expect(after?.score).toBe(before?.score);
  });

  it("refuses bad input with a clear problem and keeps what was stored", async () => {
    const wrongLanguage = await call(
      server,
      "POST",
      `/api/v1/portal/applications/${ada.applicationId}/challenge/runs`,
      { headers: asCandidate(ada), body: { language: "sql", files: { "schema.sql": "select 1" } } },
    );
    expect(wrongLanguage.status).toBe(400);
    expect(String(wrongLanguage.body.detail)).toContain("typescript, javascript, python");
    const missingEntry = await call(
      server,
      "POST",
      `/api/v1/portal/applications/${ada.applicationId}/challenge/runs`,
      { headers: asCandidate(ada), body: { language: "javascript", files: { "helper.js": "export {}" } } },
    );
    expect(missingEntry.status).toBe(400);
    expect(String(missingEntry.body.detail)).toContain("solution.js");
    const badPath = await call(
      server,
      "POST",
      `/api/v1/portal/applications/${ada.applicationId}/challenge/runs`,
      {
        headers: asCandidate(ada),
        body: { language: "javascript", files: { "../../etc/passwd": "x", "solution.js": referenceJs } },
      },
    );
    expect(badPath.status).toBe(400);
    const noCsrf = await call(
      server,
      "POST",
      `/api/v1/portal/applications/${ada.applicationId}/challenge/runs`,
      {
        headers: { cookie: ada.cookie },
        body: { language: "javascript", files: { "solution.js": referenceJs } },
      },
    );
    expect(noCsrf.status).toBe(403);
    const staff = await call(server, "GET", `/api/v1/portal/applications/${ada.applicationId}/challenge`, {
      token: org.users.admin.token,
    });
    expect(staff.status).toBe(401);
    const rows = await server.database.db
      .select({ id: challengeSubmissions.id })
      .from(challengeSubmissions)
      .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
      .where(eq(challengeAttempts.applicationId, ada.applicationId));
    expect(rows).toHaveLength(2);
  });

  it("keeps candidates to their own challenge and submissions", async () => {
    const bea = await addTaker("Bea Marlowe", "bea.marlowe@example.net");
    const foreignChallenge = await call(
      server,
      "GET",
      `/api/v1/portal/applications/${ada.applicationId}/challenge`,
      {
        headers: { cookie: bea.cookie },
      },
    );
    expect(foreignChallenge.status).toBe(404);
    const foreignSubmission = await call(
      server,
      "GET",
      `/api/v1/portal/challenge-submissions/${wrongSubmissionId}`,
      {
        headers: { cookie: bea.cookie },
      },
    );
    expect(foreignSubmission.status).toBe(404);
    const foreignRun = await send({ ...bea, applicationId: ada.applicationId }, "runs", referenceJs);
    expect(foreignRun.status).toBe(404);
  });

  it("limits queued submissions per attempt and closes the challenge at the deadline", async () => {
    const cy = await addTaker("Cy Ortolan", "cy.ortolan@example.net");
    const opened = await call(server, "GET", `/api/v1/portal/applications/${cy.applicationId}/challenge`, {
      headers: { cookie: cy.cookie },
    });
    const attemptId = String(opened.body.attemptId);
    // Two submissions still waiting for a grader (inserted directly, so no worker picks them up).
    for (let index = 0; index < 2; index += 1) {
      await server.database.db.insert(challengeSubmissions).values({
        id: newId(),
        organizationId: org.id,
        attemptId,
        mode: "run",
        language: "javascript",
        files: { "solution.js": referenceJs },
      });
    }
    const third = await send(cy, "runs", referenceJs);
    expect(third.status).toBe(429);
    expect(String(third.body.detail)).toContain("still being graded");

    await server.database.db
      .update(challengeAttempts)
      .set({ dueAt: new Date(Date.now() - 60_000) })
      .where(eq(challengeAttempts.id, attemptId));
    const late = await send(cy, "submissions", referenceJs);
    expect(late.status).toBe(409);
    expect(String(late.body.detail)).toContain("deadline");
    const view = await call(server, "GET", `/api/v1/portal/applications/${cy.applicationId}/challenge`, {
      headers: { cookie: cy.cookie },
    });
    expect(view.body.isClosed).toBe(true);
  });

  it("shows reviewers every test, the code, attempts and time spent; not other organisations or outsiders", async () => {
    const review = await call(server, "GET", `/api/v1/applications/${ada.applicationId}/challenge-attempts`, {
      token: org.users.hiring_manager.token,
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const [attempt] = review.body.attempts as Record<string, unknown>[];
    expect(attempt).toMatchObject({ runs: 1, submits: 1, challenge: { id: CHALLENGE } });
    expect(Number(attempt?.timeSpentMs)).toBeGreaterThanOrEqual(0);
    const final = attempt?.final as {
      report: { tests: { name: string }[]; score: number; maxScore: number };
      files: Record<string, string>;
    };
    const names = final.report.tests.map((test) => test.name);
    for (const name of hiddenTestNames) expect(names).toContain(name);
    expect(final.files["solution.js"]).toContain("tryAcquire");
    // The template's challenge stage is blind: a pseudonym, and the name scrubbed from the code.
    const candidate = review.body.candidate as {
      name: string | null;
      pseudonym: string;
      isRedacted: boolean;
    };
    expect(candidate).toMatchObject({ isRedacted: true, name: null });
    expect(final.files["solution.js"]).toContain(`// ${candidate.pseudonym}'s solution`);
    expect(JSON.stringify(review.body)).not.toContain("Quillfeather");
    await server.database.db
      .update(planStages)
      .set({ isBlind: false })
      .where(eq(planStages.id, challengeStageId));
    const named = await call(server, "GET", `/api/v1/applications/${ada.applicationId}/challenge-attempts`, {
      token: org.users.hiring_manager.token,
    });
    expect((named.body.candidate as { name: string }).name).toBe("Ada Quillfeather");

    // The graded Submit is the challenge stage's score in the decision formula: one rater, 1–4.
    const decision = await call(server, "GET", `/api/v1/applications/${ada.applicationId}/decision`, {
      token: org.users.hiring_manager.token,
    });
    const component = (decision.body.components as Record<string, unknown>[]).find(
      (entry) => entry.stageId === challengeStageId,
    );
    const submitted = final.report;
    expect(component).toMatchObject({ raters: 1 });
    expect(Number(component?.score)).toBeCloseTo(1 + (3 * submitted.score) / submitted.maxScore, 2);

    const interviewer = await call(
      server,
      "GET",
      `/api/v1/applications/${ada.applicationId}/challenge-attempts`,
      {
        token: org.users.interviewer.token,
      },
    );
    expect(interviewer.status).toBe(403);
    const outsider = await call(
      server,
      "GET",
      `/api/v1/applications/${ada.applicationId}/challenge-attempts`,
      {
        token: other.users.admin.token,
      },
    );
    expect(outsider.status).toBe(404);
  });

  it("flags near-identical submissions side by side, and scrubs names in blind review", {
    timeout: 180_000,
  }, async () => {
    const dee = await addTaker("Dee Kowalczyk", "dee.kowalczyk@example.net");
    // Dee hands in Ada's code with the names changed: the flag must still fire.
    const copied = `// Dee Kowalczyk's solution\n${wrongJs.replaceAll("bucket", "pail").replaceAll("tokens", "coins")}`;
    const queued = await send(dee, "submissions", copied);
    await waitForResult(dee, String(queued.body.id));
    await server.database.db
      .update(planStages)
      .set({ isBlind: true })
      .where(eq(planStages.id, challengeStageId));

    const review = await call(server, "GET", `/api/v1/applications/${dee.applicationId}/challenge-attempts`, {
      token: org.users.hiring_manager.token,
    });
    const attemptId = String((review.body.attempts as { id: string }[])[0]?.id);
    expect((review.body.candidate as { name: unknown; isRedacted: boolean }).isRedacted).toBe(true);
    expect(JSON.stringify(review.body)).not.toContain("Kowalczyk");

    const similarity = await call(
      server,
      "GET",
      `/api/v1/applications/${dee.applicationId}/challenge-attempts/${attemptId}/similarity`,
      { token: org.users.hiring_manager.token },
    );
    expect(similarity.status, JSON.stringify(similarity.body)).toBe(200);
    const flags = similarity.body.flags as {
      other: { applicationId: string; pseudonym: string };
      similarity: number;
      fragments: unknown[];
      files: { mine: Record<string, string>; theirs: Record<string, string> };
    }[];
    const flag = flags.find((candidate) => candidate.other.applicationId === ada.applicationId);
    expect(flag, JSON.stringify(flags.map((f) => [f.other, f.similarity]))).toBeDefined();
    expect(flag?.similarity).toBeGreaterThanOrEqual(0.5);
    expect(flag?.fragments.length).toBeGreaterThan(0);
    const text = JSON.stringify(similarity.body);
    expect(text).not.toContain("Quillfeather");
    expect(text).not.toContain("Kowalczyk");
    expect(flag?.files.theirs["solution.js"]).toContain(flag?.other.pseudonym);
  });

  it("uploads an organisation's package, validates it in the background and lets plans use it", {
    timeout: 240_000,
  }, async () => {
    const files = readSolutionDir(challengeDir);
    const manifest = JSON.parse(files["challenge.json"] ?? "{}");
    manifest.id = "team-limiter";
    // Keep the upload's validation quick: JavaScript only, without the large workload suite.
    manifest.languages = ["javascript"];
    const packaged: Record<string, Uint8Array> = {};
    for (const [name, content] of Object.entries(files)) {
      if (name.includes("/python/") || name.includes("/typescript/") || name === "tests/3-scale.json")
        continue;
      packaged[`team-limiter/${name}`] = new TextEncoder().encode(
        name === "challenge.json" ? JSON.stringify(manifest) : content,
      );
    }
    const upload = (zip: Uint8Array, token = org.users.hiring_manager.token) =>
      fetch(`${server.url}/api/v1/challenge-packages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/zip" },
        body: zip,
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));

    expect((await upload(zipSync(packaged), org.users.recruiter.token)).status).toBe(403);
    const notZip = await upload(new TextEncoder().encode("not a zip at all"));
    expect(notZip.status).toBe(422);
    expect(String(notZip.body.detail)).toContain("zip");
    const traversal = await upload(
      zipSync({ ...packaged, "team-limiter/../evil.txt": new Uint8Array([65]) }),
    );
    expect(traversal.status).toBe(422);
    const builtInId = { ...packaged };
    builtInId["team-limiter/challenge.json"] = new TextEncoder().encode(
      JSON.stringify({ ...manifest, id: CHALLENGE }),
    );
    const renamed = Object.fromEntries(
      Object.entries(builtInId).map(([name, content]) => [
        name.replace("team-limiter/", `${CHALLENGE}/`),
        content,
      ]),
    );
    expect((await upload(zipSync(renamed))).status).toBe(409);

    const accepted = await upload(zipSync(packaged));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body.status).toBe("validating");
    const settled = await waitForValidation(String(accepted.body.id));
    expect(settled.status, JSON.stringify(settled.report)).toBe("valid");
    const catalog = await call(server, "GET", "/api/v1/challenges", { token: org.users.interviewer.token });
    expect(
      (catalog.body.items as { id: string; source: string }[]).find((item) => item.id === "team-limiter"),
    ).toMatchObject({
      source: "organization",
    });
    const elsewhere = await call(server, "GET", "/api/v1/challenges/team-limiter", {
      token: other.users.admin.token,
    });
    expect(elsewhere.status).toBe(404);

    // A package whose reference is wrong is stored, found invalid, and refused by plans.
    const broken: Record<string, Uint8Array> = {};
    for (const [name, content] of Object.entries(packaged)) {
      const renamedPath = name.replace("team-limiter/", "broken-limiter/");
      broken[renamedPath] = name.endsWith("reference/javascript/solution.js")
        ? new TextEncoder().encode(wrongJs)
        : name.endsWith("challenge.json")
          ? new TextEncoder().encode(JSON.stringify({ ...manifest, id: "broken-limiter" }))
          : content;
    }
    const brokenUpload = await upload(zipSync(broken));
    expect(brokenUpload.status).toBe(202);
    const brokenResult = await waitForValidation(String(brokenUpload.body.id));
    expect(brokenResult.status).toBe("invalid");
    expect(JSON.stringify(brokenResult.report)).toContain("reference");
    const plan = await listPlanStages(server.database.db, org.id, roleId);
    const refused = await call(server, "PUT", `/api/v1/roles/${roleId}/plan`, {
      token: org.users.recruiter.token,
      body: {
        stages: plan.map((stage) => ({
          id: stage.id,
          name: stage.name,
          type: stage.type,
          mode: stage.mode,
          kitVersionId: stage.kitVersionId ?? undefined,
          interviewerPool: stage.interviewerPool,
          requiredRaters: stage.requiredRaters,
          weight: stage.weight,
          isBlind: stage.isBlind,
          challengeId: stage.id === challengeStageId ? "broken-limiter" : stage.challengeId,
          deadlineDays: stage.deadlineDays,
        })),
      },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain("invalid");
    const removed = await call(server, "DELETE", `/api/v1/challenge-packages/${brokenUpload.body.id}`, {
      token: org.users.admin.token,
    });
    expect(removed.status).toBe(204);
  });
});
