import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateHistory } from "../src/modules/demo/analytics-history.ts";
import { demoUsers } from "../src/modules/demo/seed-demo.ts";
import { demoPanel } from "../src/modules/demo/seed-hiring-demo.ts";
import { createTestDatabase, type TestDatabase } from "./support/databases.ts";

const cli = path.join(import.meta.dirname, "..", "bin", "evident.js");

function evident(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, EVIDENT_LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the evident CLI on the embedded database", { timeout: 180_000 }, () => {
  let dataDir: string;
  const env = () => ({ EVIDENT_DATA_DIR: dataDir, EVIDENT_DEMO: "false" });

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "evident-cli-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints help for the whole CLI and for every command", () => {
    const help = evident(["--help"], env());
    expect(help.code).toBe(0);
    for (const command of [
      "start",
      "serve",
      "worker",
      "migrate",
      "seed",
      "orgs create",
      "users create",
      "tokens create",
      "analytics import",
    ]) {
      expect(help.stdout).toContain(command);
      const own = evident([...command.split(" "), "--help"], env());
      expect(own.code).toBe(0);
      expect(own.stdout).toMatch(/^Usage: evident /);
    }
  });

  it("migrates a fresh data directory", () => {
    const result = evident(["migrate"], env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Migrations applied (pglite)");
  });

  it("creates an organisation, a member and a token, printing JSON", () => {
    const org = evident(["orgs", "create", "--name", "Acme Backend", "--json"], env());
    expect(org.code).toBe(0);
    expect(JSON.parse(org.stdout)).toMatchObject({
      slug: "acme-backend",
      name: "Acme Backend",
      id: expect.any(String),
    });

    const user = evident(
      [
        "users",
        "create",
        "--org",
        "acme-backend",
        "--email",
        "lead@acme.test",
        "--password",
        "a-long-password",
        "--role",
        "admin",
        "--json",
      ],
      env(),
    );
    expect(user.code).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({
      email: "lead@acme.test",
      role: "admin",
      organization: "acme-backend",
    });

    const token = evident(
      ["tokens", "create", "--org", "acme-backend", "--user", "lead@acme.test", "--name", "ci", "--json"],
      env(),
    );
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout).token).toMatch(/^evd_/);
  });

  it("imports an organisation's hiring history from a directory, or reports bad rows and stores nothing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "evident-history-"));
    const files = generateHistory({ applications: 30, seed: 3 });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.csv`), text);
    const imported = evident(["analytics", "import", "--org", "acme-backend", "--dir", dir, "--json"], env());
    expect(imported.stderr).not.toContain("Error");
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      organization: "acme-backend",
      applications: 30,
      stages: files.stages.split("\n").length - 1,
      ratings: files.ratings.split("\n").length - 1,
    });
    writeFileSync(
      path.join(dir, "ratings.csv"),
      "application_ref,stage,interviewer_ref,rating\nA000001,Recruiter screen,x,9\n",
    );
    const refused = evident(["analytics", "import", "--org", "acme-backend", "--dir", dir], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ratings.csv row 2, rating: must be 1, 2, 3 or 4");
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers unusable input with one clear line and a non-zero exit", () => {
    const cases: [string[], RegExp][] = [
      [["orgs", "create", "--name", "Acme Backend", "--slug", "acme-backend"], /already exists/],
      [
        [
          "users",
          "create",
          "--org",
          "missing",
          "--email",
          "a@b.test",
          "--password",
          "a-long-password",
          "--role",
          "admin",
        ],
        /No organisation with the slug "missing"/,
      ],
      [
        [
          "users",
          "create",
          "--org",
          "acme-backend",
          "--email",
          "a@b.test",
          "--password",
          "short",
          "--role",
          "boss",
        ],
        /--password must be at least 12 characters; --role must be one of/,
      ],
      [
        ["tokens", "create", "--org", "acme-backend", "--user", "ghost@acme.test", "--name", "x"],
        /No user with the email ghost@acme.test/,
      ],
      [["orgs", "create", "--nmae", "typo"], /Unknown option '--nmae'/],
      [["seed"], /evident seed --demo/],
      [["frobnicate"], /unknown command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const result = evident(args, env());
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    const badEnv = evident(["migrate"], { ...env(), PORT: "not-a-port" });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('PORT="not-a-port": must be a whole number');
  });

  it("grades a submission, exiting 0 whatever the score, with the documented JSON report", () => {
    const wrong = path.join(
      import.meta.dirname,
      "..",
      "challenges",
      "token-bucket-limiter",
      "wrong",
      "whole-tokens",
      "python",
      "solution.py",
    );
    const graded = evident(["grade", "token-bucket-limiter", wrong, "--language", "python", "--json"], env());
    expect(graded.code).toBe(0);
    const report = JSON.parse(graded.stdout) as Record<string, unknown> & {
      tests: Record<string, unknown>[];
    };
    expect(Object.keys(report).sort()).toEqual(
      ["challengeId", "language", "maxScore", "resources", "score", "tests", "verdict"].sort(),
    );
    expect(report).toMatchObject({
      challengeId: "token-bucket-limiter",
      language: "python",
      verdict: "failed",
    });
    expect(report.score).toBeLessThan(report.maxScore as number);
    expect(Object.keys(report.tests[0] ?? {}).sort()).toEqual(
      ["durationMs", "maxPoints", "message", "name", "passed", "points", "visibility"].sort(),
    );

    const unknown = evident(["grade", "no-such-challenge", wrong, "--language", "python"], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    const badLanguage = evident(["grade", "token-bucket-limiter", wrong, "--language", "cobol"], env());
    expect(badLanguage.code).toBe(1);
    expect(badLanguage.stderr).toMatch(/typescript, javascript, python/);
  });

  it("reports shared code between submissions with `evident similarity`", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "evident-similarity-"));
    const original = [
      "export function median(values) {",
      "  const sorted = [...values].sort((a, b) => a - b);",
      "  const middle = Math.floor(sorted.length / 2);",
      "  if (sorted.length % 2 === 0) return (sorted[middle - 1] + sorted[middle]) / 2;",
      "  return sorted[middle];",
      "}",
    ].join("\n");
    for (const [name, source] of [
      ["alice", original],
      ["bob", original.replaceAll("sorted", "ordered").replaceAll("middle", "mid")],
      ["carol", "export const add = (left, right) => left + right;\n"],
    ] as const) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, "solution.js"), source);
    }
    const result = evident(["similarity", dir, "--json", "--threshold", "0"], env());
    rmSync(dir, { recursive: true, force: true });
    expect(result.code).toBe(0);
    const pairs = JSON.parse(result.stdout) as
      | { a: string; b: string; similarity: number }[]
      | { pairs: { a: string; b: string; similarity: number }[] };
    const list = Array.isArray(pairs) ? pairs : pairs.pairs;
    const top = list[0];
    expect([top?.a, top?.b].sort()).toEqual(["alice", "bob"]);
    expect(top?.similarity).toBeGreaterThan(0.8);
  });

  describe("while `evident start` runs on the same data directory", () => {
    let server: ChildProcess;
    let url: string;
    let stderr = "";

    beforeAll(async () => {
      server = spawn(process.execPath, [cli, "start"], {
        env: { ...process.env, ...env(), EVIDENT_DEMO: "true", PORT: "0", EVIDENT_LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      url = await new Promise<string>((resolve, reject) => {
        server.stderr?.on("data", (chunk) => {
          stderr += chunk;
          const match = /running at (http:\/\/\S+)/.exec(stderr);
          if (match?.[1]) resolve(match[1]);
        });
        server.on("exit", (code) => reject(new Error(`start exited with ${code}: ${stderr}`)));
      });
    });
    afterAll(async () => {
      if (server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((resolve) => server.once("exit", resolve));
      }
    });

    // Preparing the demo takes seconds on a quiet machine and minutes on a crowded CI runner.
    it("answers while the demo organisation is still being prepared, which then completes", {
      timeout: 300_000,
    }, async () => {
      // The first start listens before the demo's sample data exists; the login page says so.
      const early = await fetch(`${url}/api/demo/status`);
      expect(await early.json()).toMatchObject({ state: "preparing" });
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      const deadline = Date.now() + 280_000;
      let status = { state: "preparing", percent: 0 };
      while (status.state === "preparing" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        status = (await (await fetch(`${url}/api/demo/status`)).json()) as typeof status;
      }
      expect(status).toEqual({ state: "ready", percent: 100 });
      expect(stderr).toContain("The demo organisation is ready");
    });

    it("prints one line with the address to open, and the demo logins, once", () => {
      expect(stderr.match(/running at/g)).toHaveLength(1);
      expect(stderr).toContain(`running at ${url} `);
      for (const user of demoUsers) expect(stderr.split(user.email)).toHaveLength(2);
      // No progress bars or other lines beyond the start block and the demo's completion.
      const printed = stderr.split("\n").filter((line) => line.trim() !== "");
      expect(printed.length).toBeLessThanOrEqual(demoUsers.length + 4);
    });

    it("serves the demo organisation and the health check", async () => {
      const health = await fetch(`${url}/api/health`);
      expect(await health.json()).toEqual({ status: "ok", database: "pglite", queue: "ok", sandbox: "ok" });
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@example.com", password: "evident-demo" }),
      });
      expect(login.status).toBe(200);
    });

    it("runs admin commands through the running process; the token they print works at once", async () => {
      const org = evident(["orgs", "create", "--name", "While Running", "--json"], env());
      expect(org.stderr).toBe("");
      expect(JSON.parse(org.stdout)).toMatchObject({ slug: "while-running" });
      const token = evident(
        ["tokens", "create", "--org", "demo", "--user", "recruiter@example.com", "--name", "live", "--json"],
        env(),
      );
      expect(token.code).toBe(0);
      const secret = JSON.parse(token.stdout).token as string;
      const members = await fetch(`${url}/api/v1/members`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(members.status).toBe(200);
      // The four demo logins and the interview panel of the sample hiring data.
      expect(((await members.json()) as { items: unknown[] }).items).toHaveLength(
        demoUsers.length + demoPanel.length,
      );
      const failing = evident(
        ["orgs", "create", "--name", "While Running", "--slug", "while-running"],
        env(),
      );
      expect(failing.code).toBe(1);
      expect(failing.stderr).toMatch(/already exists/);
    });

    it("refuses a second process on the embedded database with a clear message", () => {
      for (const command of ["worker", "serve"]) {
        const second = evident([command], { ...env(), PORT: "0" });
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(/is already using the embedded database/);
      }
    });

    it("stops gracefully on SIGTERM and releases the data directory", async () => {
      server.kill("SIGTERM");
      const code = await new Promise((resolve) => server.once("exit", resolve));
      expect(code).toBe(0);
      const after = evident(["orgs", "create", "--name", "After Stop", "--json"], env());
      expect(after.code).toBe(0);
    });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("the evident CLI on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql", { migrate: false });
  });
  afterAll(async () => database?.drop());

  it("migrates, seeds the demo organisation idempotently and creates organisations", () => {
    const env = {
      DATABASE_URL: database.testUrl ?? "",
      EVIDENT_DATA_DIR: mkdtempSync(path.join(tmpdir(), "evident-pg-")),
    };
    expect(evident(["migrate"], env).stdout).toContain("Migrations applied (postgresql)");
    const seeded = evident(["seed", "--demo", "--json"], env);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ created: true, organization: "demo" });
    expect(JSON.parse(evident(["seed", "--demo", "--json"], env).stdout)).toMatchObject({ created: false });
    const org = evident(["orgs", "create", "--name", "Pg Org", "--json"], env);
    expect(JSON.parse(org.stdout)).toMatchObject({ slug: "pg-org" });
  });
});
