/**
 * Runs first (issue 11 item 2): a candidate's Run is graded ahead of Submits queued before it.
 * Real server, real worker (two grading slots plus the slot reserved for Runs), real sandbox.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challengeSubmissions } from "../src/modules/challenges/grading-table.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";
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
});
