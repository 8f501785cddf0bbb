/**
 * "Say when it cannot grade" (issue 11 item 5): `evident doctor`, the start warning, the health
 * check, and a submission made while bubblewrap is missing: marked as an infrastructure failure
 * (not the candidate's), then graded once the sandbox works again. A missing bubblewrap is
 * simulated with a bwrap path that does not exist (EVIDENT_BWRAP_PATH, configureSandboxHost).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regradeInfrastructureFailures } from "../src/modules/challenges/grading-job.ts";
import { challengeSubmissions } from "../src/modules/challenges/grading-table.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import {
  assertSandboxAvailable,
  configureSandboxHost,
  runInSandbox,
  SandboxUnavailable,
  sandboxHost,
} from "../src/modules/sandbox/sandbox.ts";
import { systemClock } from "../src/platform/clock.ts";
import { createEventBus } from "../src/platform/events.ts";
import { createLogger } from "../src/platform/logger.ts";
import { startJobQueue } from "../src/platform/queue.ts";
import {
  addChallengeTaker,
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

const cli = path.join(import.meta.dirname, "..", "bin", "evident.js");
const missingBwrap = "/nonexistent/evident-test/bwrap";
const realBwrap = sandboxHost.bwrapPath;
const CHALLENGE = "lru-ttl-cache";
const referenceJs = readFileSync(
  path.join(builtInChallengesDir, CHALLENGE, "reference/javascript/solution.js"),
  "utf8",
);

function doctor(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [cli, "doctor", ...(env.JSON ? ["--json"] : [])], {
    env: { ...process.env, EVIDENT_LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("evident doctor", { timeout: 180_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "evident-doctor-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints one line per check and exits 0 when grading works here", () => {
    const { code, stdout } = doctor({ EVIDENT_DATA_DIR: dataDir });
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    const names = [
      "bubblewrap",
      "python3",
      "user namespaces",
      "node runtime",
      "limits",
      "data directory",
      "database",
    ];
    expect(lines).toHaveLength(names.length);
    for (const [index, name] of names.entries())
      expect(lines[index]).toMatch(new RegExp(`^(ok|warn) +${name} `));
    // This machine has no writable cgroup v2 subtree: the doctor says the rlimits are in force.
    expect(stdout).toMatch(
      /^(ok {4}limits +cgroup v2 per box|warn {2}limits +per-process rlimits in force)/m,
    );
  });

  it("names a missing bubblewrap with its fix and exits 1", () => {
    const { code, stdout } = doctor({ EVIDENT_DATA_DIR: dataDir, EVIDENT_BWRAP_PATH: missingBwrap });
    expect(code).toBe(1);
    expect(stdout).toMatch(
      new RegExp(
        `^FAIL +bubblewrap +${missingBwrap} is missing: no submission can be graded — fix: install it: sudo apt-get install bubblewrap`,
        "m",
      ),
    );
    // The namespace probe needs bubblewrap, so it is not reported on its own.
    expect(stdout).not.toContain("user namespaces");
  });

  it("answers --json with every check", () => {
    const { code, stdout } = doctor({
      EVIDENT_DATA_DIR: dataDir,
      EVIDENT_BWRAP_PATH: missingBwrap,
      JSON: "1",
    });
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean; fix?: string }[];
    };
    expect(parsed.ok).toBe(false);
    expect(parsed.checks.find((check) => check.name === "bubblewrap")).toMatchObject({ ok: false });
    expect(parsed.checks.find((check) => check.name === "database")).toMatchObject({ ok: true });
  });

  it("evident start prints the warning when grading is unavailable", async () => {
    const child = spawn(process.execPath, [cli, "start"], {
      env: {
        ...process.env,
        EVIDENT_DATA_DIR: dataDir,
        EVIDENT_DEMO: "false",
        EVIDENT_LOG_LEVEL: "warn",
        PORT: "0",
        EVIDENT_BWRAP_PATH: missingBwrap,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    try {
      for (let waited = 0; waited < 120_000 && !stderr.includes("evident doctor"); waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    expect(stderr).toContain("WARNING: challenge grading is unavailable");
    expect(stderr).toContain(`${missingBwrap} is missing`);
  });
});

describe("a sandbox run without bubblewrap", () => {
  afterAll(() => configureSandboxHost({ bwrapPath: realBwrap }));

  it("throws SandboxUnavailable, not a candidate's verdict", async () => {
    configureSandboxHost({ bwrapPath: missingBwrap });
    expect(() => assertSandboxAvailable()).toThrow(SandboxUnavailable);
    await expect(
      runInSandbox({ runtime: "python", files: {}, command: ["python", "-c", "print(1)"] }),
    ).rejects.toBeInstanceOf(SandboxUnavailable);
  });
});

describe.each(testEngines)("a submission while grading is unavailable on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let taker: ChallengeTaker;

  beforeAll(async () => {
    configureSandboxHost({ bwrapPath: realBwrap });
    assertSandboxAvailable();
    server = await startTestServer(engine, { withWorker: true });
    org = await seedOrganization(server.database, "Unavailable");
    const role = await createChallengeRole(server, org, { challengeId: CHALLENGE });
    taker = await addChallengeTaker(server, org, role, {
      fullName: "Ina Fra",
      email: "ina@unavailable.test",
    });
  }, 180_000);
  afterAll(async () => {
    configureSandboxHost({ bwrapPath: realBwrap });
    await server?.close();
  });

  it("is marked an infrastructure failure, health says so, and it is graded once the sandbox works", async () => {
    configureSandboxHost({ bwrapPath: missingBwrap });
    const health = await call(server, "GET", "/api/health");
    expect(health.body).toMatchObject({ status: "ok", sandbox: "unavailable" });

    const sent = await sendCode(server, taker, "submit", "javascript", { "solution.js": referenceJs });
    expect(sent.status).toBe(202);
    const id = String(sent.body.id);
    expect((await waitForGrading(server, taker, id)).body.status).toBe("failed");
    const [failed] = await server.database.db
      .select()
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.id, id));
    expect(failed?.failureKind).toBe("infrastructure");
    expect(failed?.error).toContain(missingBwrap);
    expect(failed?.score).toBeNull();

    // The periodic job re-checks the sandbox: nothing happens while it is still missing.
    const queue = await startJobQueue(server.database, { logger: createLogger("silent") });
    const events = await createEventBus(server.database);
    const deps = { db: server.database.db, clock: systemClock, events, queue };
    try {
      expect(await regradeInfrastructureFailures(deps)).toEqual({
        requeued: 0,
        sandbox: "unavailable",
        lostRuns: 0,
      });

      configureSandboxHost({ bwrapPath: realBwrap });
      expect((await call(server, "GET", "/api/health")).body).toMatchObject({ sandbox: "ok" });
      expect(await regradeInfrastructureFailures(deps)).toEqual({ requeued: 1, sandbox: "ok", lostRuns: 0 });
      const regraded = await waitForGrading(server, taker, id);
      expect(regraded.body.status).toBe("graded");
      expect(regraded.body.verdict).toBe("passed");
      const [row] = await server.database.db
        .select()
        .from(challengeSubmissions)
        .where(eq(challengeSubmissions.id, id));
      expect(row?.failureKind).toBeNull();
      expect(row?.score).toBe(row?.maxScore);
    } finally {
      await queue.stop();
      await events.close();
    }
  }, 300_000);
});
