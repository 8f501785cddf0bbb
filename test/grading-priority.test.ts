/**
 * Runs first (issue 11 item 2): a candidate's Run is graded ahead of Submits queued before it.
 * Real server, real worker (two grading slots plus the slot reserved for Runs), real sandbox.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  gradeSubmissionJob,
  regradeInfrastructureFailures,
  staleRunMinutes,
} from "../src/modules/challenges/grading-job.ts";
import { challengeSubmissions } from "../src/modules/challenges/grading-table.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";
import { systemClock } from "../src/platform/clock.ts";
import { newId } from "../src/platform/ids.ts";
import {
  addChallengeTaker,
  type ChallengeTaker,
  createChallengeRole,
  sendCode,
  waitForGrading,
} from "./support/challenge-takers.ts";
import { testEngines } from "./support/databases.ts";
import {
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

const CHALLENGE = "lru-ttl-cache";
const referenceJs = readFileSync(
  path.join(builtInChallengesDir, CHALLENGE, "reference/javascript/solution.js"),
  "utf8",
);
const SUBMITTERS = 6;

describe.each(testEngines)("Runs before Submits on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  const submitters: ChallengeTaker[] = [];
  let runner: ChallengeTaker;

  beforeAll(async () => {
    assertSandboxAvailable();
    server = await startTestServer(engine, { withWorker: true });
    org = await seedOrganization(server.database, "Priorities");
    const role = await createChallengeRole(server, org, { challengeId: CHALLENGE });
    for (let n = 0; n < SUBMITTERS; n += 1) {
      submitters.push(
        await addChallengeTaker(server, org, role, { fullName: `Sub Mitter ${n}`, email: `s${n}@prio.test` }),
      );
    }
    runner = await addChallengeTaker(server, org, role, { fullName: "Run Ner", email: "run@prio.test" });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it("grades a Run sent after a queue of Submits before most of them", async () => {
    const submitIds: string[] = [];
    for (const taker of submitters) {
      for (let n = 0; n < 2; n += 1) {
        const sent = await sendCode(server, taker, "submit", "javascript", { "solution.js": referenceJs });
        expect(sent.status).toBe(202);
        submitIds.push(String(sent.body.id));
      }
    }
    const run = await sendCode(server, runner, "run", "javascript", { "solution.js": referenceJs });
    expect(run.status).toBe(202);
    const graded = await waitForGrading(server, runner, String(run.body.id));
    expect(graded.body.status).toBe("graded");

    // When the Run's result is stored, most Submits queued before it are still waiting: the
    // Run waited only for gradings already in progress, not for the queue.
    const submits = await server.database.db
      .select({ status: challengeSubmissions.status })
      .from(challengeSubmissions)
      .where(inArray(challengeSubmissions.id, submitIds));
    const unfinished = submits.filter((row) => row.status === "queued" || row.status === "grading");
    expect(unfinished.length).toBeGreaterThanOrEqual(SUBMITTERS);

    for (const [index, id] of submitIds.entries()) {
      const taker = submitters[Math.floor(index / 2)] as ChallengeTaker;
      expect((await waitForGrading(server, taker, id)).body.status).toBe("graded");
    }
  }, 300_000);

  it("grades a Run in the process that stored it, with no job in the database queue", async () => {
    const run = await sendCode(server, runner, "run", "javascript", { "solution.js": referenceJs });
    const graded = await waitForGrading(server, runner, String(run.body.id));
    expect(graded.body.status).toBe("graded");
    expect(graded.body.score).toBe(graded.body.maxScore);
    expect(
      await server.queue?.boss.findJobs(gradeSubmissionJob.queue, { data: { submissionId: run.body.id } }),
    ).toEqual([]);
  }, 120_000);

  it("queues a Run again once its process has stopped without grading it (a lost Run)", async () => {
    const queue = server.queue;
    if (!queue) throw new Error("the test server runs a worker");
    const run = await sendCode(server, runner, "run", "javascript", { "solution.js": referenceJs });
    await waitForGrading(server, runner, String(run.body.id));
    const [graded] = await server.database.db
      .select()
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.id, String(run.body.id)));
    if (!graded) throw new Error("the Run is stored");
    // Two Runs left unfinished by a process that stopped: one stored long ago, one just now (which
    // may still be in another process's lane, so it is left alone).
    const stored = (minutesAgo: number, status: "queued" | "grading") => ({
      ...graded,
      id: newId(),
      status,
      result: null,
      score: null,
      maxScore: null,
      verdict: null,
      gradedAt: null,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    });
    const lost = stored(staleRunMinutes + 1, "grading");
    const recent = stored(0, "queued");
    await server.database.db.insert(challengeSubmissions).values([lost, recent]);

    const deps = { db: server.database.db, clock: systemClock, events: server.events, queue };
    expect(await regradeInfrastructureFailures(deps, () => true)).toEqual({
      requeued: 0,
      sandbox: "ok",
      lostRuns: 1,
    });
    const regraded = await waitForGrading(server, runner, lost.id);
    expect(regraded.body.status).toBe("graded");
    expect(regraded.body.score).toBe(regraded.body.maxScore);
    // Graded, or already queued again: a second pass finds nothing lost.
    expect((await regradeInfrastructureFailures(deps, () => true)).lostRuns).toBe(0);
    const [untouched] = await server.database.db
      .select({ status: challengeSubmissions.status })
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.id, recent.id));
    expect(untouched?.status).toBe("queued");
    await server.database.db.delete(challengeSubmissions).where(eq(challengeSubmissions.id, recent.id));
  }, 120_000);
});
