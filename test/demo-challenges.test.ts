/**
 * The demo organisation's challenge results are real: its candidates' submissions are queued at
 * seeding and graded by the worker in the sandbox, and a reviewer sees scores and a similarity
 * flag for the candidate who handed in a renamed copy.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { challengeAttempts, challengeSubmissions } from "../src/modules/challenges/grading-table.ts";
import { seedDemoOrganization } from "../src/modules/demo/seed-demo.ts";
import { findUserByEmail } from "../src/modules/members/members.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";
import { systemClock } from "../src/platform/clock.ts";
import { call, startTestServer, type TestServer } from "./support/server.ts";

describe("the demo organisation's challenge results", () => {
  let server: TestServer;
  let managerToken = "";
  let organizationId = "";

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer("pglite", { withWorker: true });
    const deps = { db: server.database.db, clock: systemClock };
    const queue = server.queue;
    if (!queue) throw new Error("the test server was started without its worker");
    ({ organizationId } = await seedDemoOrganization(deps, { withHiringData: true, queue }));
    const manager = await findUserByEmail(server.database.db, "manager@example.com");
    managerToken = (
      await createApiToken(deps, systemActor, {
        organizationId,
        userId: manager?.id ?? "",
        name: "demo challenge test",
      })
    ).secret;
  }, 240_000);
  afterAll(async () => server?.close());

  it("grades every queued demo submission in the sandbox", { timeout: 300_000 }, async () => {
    let rows = await server.database.db
      .select()
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.organizationId, organizationId));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (
      let waited = 0;
      rows.some((row) => ["queued", "grading"].includes(row.status)) && waited < 280_000;
      waited += 1000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      rows = await server.database.db
        .select()
        .from(challengeSubmissions)
        .where(eq(challengeSubmissions.organizationId, organizationId));
    }
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => "graded"));
    const submits = rows.filter((row) => row.mode === "submit");
    // References score full marks, the planted mistakes lose some: the demo shows both.
    expect(submits.some((row) => row.score === row.maxScore)).toBe(true);
    expect(submits.some((row) => (row.score ?? 0) < (row.maxScore ?? 0))).toBe(true);
  });

  it("shows a reviewer the scores and flags the renamed copy", async () => {
    const attempts = await server.database.db
      .select()
      .from(challengeAttempts)
      .where(eq(challengeAttempts.organizationId, organizationId));
    let flagged = 0;
    for (const attempt of attempts) {
      const review = await call(
        server,
        "GET",
        `/api/v1/applications/${attempt.applicationId}/challenge-attempts`,
        {
          token: managerToken,
        },
      );
      expect(review.status).toBe(200);
      const similarity = await call(
        server,
        "GET",
        `/api/v1/applications/${attempt.applicationId}/challenge-attempts/${attempt.id}/similarity`,
        { token: managerToken },
      );
      expect(similarity.status).toBe(200);
      flagged += (similarity.body.flags as unknown[]).length;
    }
    expect(flagged).toBeGreaterThan(0);
  });

  it("puts the graded result of a candidate still at the challenge stage in the hiring team's work queue", async () => {
    const queue = await call(server, "GET", "/api/v1/work-queue", { token: managerToken });
    expect(queue.status).toBe(200);
    const results = (queue.body.items as { kind: string; detail: string | null }[]).filter(
      (item) => item.kind === "challenge_result",
    );
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]?.detail).toMatch(/scored \d+ of \d+/);
  });
});
