/**
 * An admin regrades a submission, one by one or all of a replaced package's Submits: real HTTP,
 * the real queue and grading worker, the real sandbox, on each database engine. The earlier
 * grade stays readable in the review; the latest counts; every regrade is audited.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInChallengesDir, readSolutionDir } from "../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";
import { auditEvents } from "../src/platform/db/schema.ts";
import {
  addChallengeTaker,
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

const SOURCE = path.join(builtInChallengesDir, "token-bucket-limiter");
const PACKAGE_ID = "regrade-limiter";
const wrongJs = readFileSync(path.join(SOURCE, "wrong/drains-on-failure/javascript/solution.js"), "utf8");

/**
 * The limiter as an organisation's package: JavaScript only, without the large workload suite;
 * `pointsFactor` scales every test's points (the replaced package grades out of more points).
 */
function packageZip(pointsFactor: number) {
  const files = readSolutionDir(SOURCE);
  const manifest = {
    ...JSON.parse(files["challenge.json"] ?? "{}"),
    id: PACKAGE_ID,
    languages: ["javascript"],
  };
  const packaged: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) {
    if (name.includes("/python/") || name.includes("/typescript/")) continue;
    if (name === "tests/3-scale.json") continue;
    let text = content;
    if (name === "challenge.json") text = JSON.stringify(manifest);
    else if (name.startsWith("tests/") && name.endsWith(".json")) {
      const suite = JSON.parse(content) as { tests: { points: number }[] };
      for (const test of suite.tests) test.points *= pointsFactor;
      text = JSON.stringify(suite);
    }
    packaged[`${PACKAGE_ID}/${name}`] = new TextEncoder().encode(text);
  }
  return zipSync(packaged);
}

describe.each(testEngines)("admin regrades on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;

  async function uploadAndValidate(zip: Uint8Array) {
    const response = await fetch(`${server.url}/api/v1/challenge-packages`, {
      method: "POST",
      headers: { authorization: `Bearer ${org.users.admin.token}`, "content-type": "application/zip" },
      body: zip,
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status, JSON.stringify(body)).toBe(202);
    for (let waited = 0; waited < 200_000; waited += 500) {
      const read = await call(server, "GET", `/api/v1/challenge-packages/${body.id}`, {
        token: org.users.admin.token,
      });
      if (read.body.status !== "validating") {
        expect(read.body.status, JSON.stringify(read.body.report)).toBe("valid");
        return String(body.id);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error("the package was not validated within 200 s");
  }

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer(engine, { withWorker: true });
    org = await seedOrganization(server.database, "Regrading");
    other = await seedOrganization(server.database, "Elsewhere");
  }, 180_000);
  afterAll(async () => server?.close());

  it("regrades one submission and a replaced package's Submits, keeping every earlier grade readable", {
    timeout: 600_000,
  }, async () => {
    await uploadAndValidate(packageZip(1));
    const role = await createChallengeRole(server, org, { challengeId: PACKAGE_ID });
    const taker = await addChallengeTaker(server, org, role, {
      fullName: "Rhea Quarrington",
      email: "rhea.quarrington@example.net",
    });
    const submitted = await sendCode(server, taker, "submit", "javascript", { "solution.js": wrongJs });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const submissionId = String(submitted.body.id);
    const first = await waitForGrading(server, taker, submissionId);
    expect(first.body.status).toBe("graded");
    const review = async () => {
      const response = await call(
        server,
        "GET",
        `/api/v1/applications/${taker.applicationId}/challenge-attempts`,
        {
          token: org.users.recruiter.token,
        },
      );
      expect(response.status).toBe(200);
      const attempts = response.body.attempts as {
        submissions: {
          id: string;
          status: string;
          score: number;
          maxScore: number;
          earlierGrades: unknown[];
        }[];
        final: { submission: { id: string; maxScore: number }; report: { maxScore: number } } | null;
      }[];
      const submission = attempts[0]?.submissions.find((each) => each.id === submissionId);
      if (!submission) throw new Error("the review lost the submission");
      return { submission, final: attempts[0]?.final ?? null };
    };
    const before = await review();
    expect(before.submission.earlierGrades).toEqual([]);
    const firstMax = before.submission.maxScore;
    expect(before.submission.score).toBeLessThan(firstMax);

    // Only admins regrade, only their own organisation's submissions; bad ids are refused.
    const path1 = `/api/v1/challenge-submissions/${submissionId}/regrade`;
    expect((await call(server, "POST", path1, { token: org.users.hiring_manager.token })).status).toBe(403);
    expect((await call(server, "POST", path1, { token: other.users.admin.token })).status).toBe(404);
    const badId = await call(server, "POST", "/api/v1/challenge-submissions/not-an-id/regrade", {
      token: org.users.admin.token,
    });
    expect(badId.status).toBe(400);
    expect(String(badId.body.detail)).toContain("submissionId");

    const regraded = await call(server, "POST", path1, { token: org.users.admin.token });
    expect(regraded.status, JSON.stringify(regraded.body)).toBe(202);
    expect(regraded.body).toEqual({ submissionId, status: "queued" });
    expect((await waitForGrading(server, taker, submissionId)).body.status).toBe("graded");
    const afterOne = await review();
    expect(afterOne.submission.earlierGrades).toHaveLength(1);
    expect(afterOne.submission.earlierGrades[0]).toMatchObject({
      status: "graded",
      score: before.submission.score,
      maxScore: firstMax,
      report: { maxScore: firstMax },
    });
    expect(afterOne.submission.score).toBe(before.submission.score);

    // The package is replaced (every test worth twice the points); the admin regrades its Submits.
    const replacedId = await uploadAndValidate(packageZip(2));
    const bulkPath = `/api/v1/challenge-packages/${replacedId}/regrade`;
    expect((await call(server, "POST", bulkPath, { token: org.users.recruiter.token })).status).toBe(403);
    expect((await call(server, "POST", bulkPath, { token: other.users.admin.token })).status).toBe(404);
    const bulk = await call(server, "POST", bulkPath, { token: org.users.admin.token });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(202);
    expect(bulk.body).toEqual({ packageId: replacedId, requeued: 1 });
    expect((await waitForGrading(server, taker, submissionId)).body.status).toBe("graded");
    const afterBulk = await review();
    expect(afterBulk.submission.earlierGrades).toHaveLength(2);
    // The latest grade counts: it is the replaced package's, out of twice the points.
    expect(afterBulk.submission.maxScore).toBe(firstMax * 2);
    expect(afterBulk.submission.score).toBe(before.submission.score * 2);
    expect(afterBulk.final?.submission.id).toBe(submissionId);
    expect(afterBulk.final?.report.maxScore).toBe(afterBulk.submission.maxScore);

    const audited = await server.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org.id), eq(auditEvents.objectId, submissionId)));
    expect(audited.map((event) => [event.action, event.actorUserId, event.detail])).toEqual([
      [
        "challenge_submission.regraded",
        org.users.admin.id,
        expect.objectContaining({ reason: "admin", previousScore: before.submission.score }),
      ],
      [
        "challenge_submission.regraded",
        org.users.admin.id,
        expect.objectContaining({ reason: "package_replaced" }),
      ],
    ]);
    const bulkAudit = await server.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "challenge_package.submissions_regraded"),
          eq(auditEvents.objectId, replacedId),
        ),
      );
    expect(bulkAudit).toHaveLength(1);
  });
});
