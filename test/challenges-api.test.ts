import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEntryFile, apiLanguages, matchValue } from "../src/modules/grading-engine/api-kind.ts";
import { gradeLoaded } from "../src/modules/grading-engine/engine.ts";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import {
  builtInChallengesDir,
  type LoadedChallenge,
  readSolutionDir,
} from "../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";

const paymentsDir = path.join(builtInChallengesDir, "idempotent-payments-api");
let payments: LoadedChallenge;
let scratch: string;
/** The visible suite only, for the failure-mode tests. */
let quick: LoadedChallenge;

beforeAll(() => {
  assertSandboxAvailable();
  payments = loadChallenge(paymentsDir);
  scratch = mkdtempSync(path.join(tmpdir(), "evident-api-test-"));
  const quickDir = path.join(scratch, "idempotent-payments-api");
  cpSync(paymentsDir, quickDir, { recursive: true });
  rmSync(path.join(quickDir, "tests", "2-hidden.json"));
  const manifest = JSON.parse(readFileSync(path.join(quickDir, "challenge.json"), "utf8"));
  manifest.wrong = {};
  writeFileSync(path.join(quickDir, "challenge.json"), JSON.stringify(manifest));
  quick = loadChallenge(quickDir);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("idempotent-payments-api package", () => {
  it("has a prompt and a starter in every language", () => {
    expect(payments.manifest.kind).toBe("api");
    expect(existsSync(path.join(paymentsDir, "prompt.md"))).toBe(true);
    for (const language of apiLanguages) {
      expect(payments.manifest.languages).toContain(language);
      expect(existsSync(path.join(paymentsDir, "starter", language, apiEntryFile[language]))).toBe(true);
    }
  });

  for (const language of apiLanguages) {
    it(`the ${language} reference scores full marks`, async () => {
      const report = await gradeLoaded(
        payments,
        language,
        readSolutionDir(path.join(paymentsDir, "reference", language)),
      );
      expect(report.tests.filter((test) => !test.passed)).toEqual([]);
      expect(report.verdict).toBe("passed");
      expect(report.score).toBe(report.maxScore);
      expect(report.tests.some((test) => test.visibility === "hidden")).toBe(true);
    }, 60_000);

    it(`each ${language} wrong solution fails the tests it names`, async () => {
      for (const [name, wrong] of Object.entries(payments.manifest.wrong)) {
        const report = await gradeLoaded(
          payments,
          language,
          readSolutionDir(path.join(paymentsDir, "wrong", name, language)),
        );
        expect(report.verdict, name).toBe("failed");
        expect(report.score, name).toBeLessThan(report.maxScore);
        for (const testName of wrong.mustFail) {
          const test = report.tests.find((t) => t.name === testName);
          expect(test?.passed, `${name}: ${testName}`).toBe(false);
        }
      }
    }, 120_000);
  }

  it("the starter loads and fails with messages, not a host error", async () => {
    const report = await gradeLoaded(
      quick,
      "python",
      readSolutionDir(path.join(paymentsDir, "starter", "python")),
    );
    expect(report.verdict).toBe("failed");
    const creating = report.tests.find((test) => test.name.startsWith("creating a payment"));
    expect(creating?.message).toMatch(/step 1 POST \/payments: expected status 201, got status 404/);
    expect(report.tests.find((test) => test.name.startsWith("unknown payments"))?.passed).toBe(true);
  }, 60_000);
});

describe("api kind failure modes", () => {
  it("a server that never listens fails with the readiness message", async () => {
    const report = await gradeLoaded(quick, "javascript", {
      "server.js": "setInterval(() => {}, 1000);\n",
    });
    expect(report.verdict).toBe("failed");
    expect(report.score).toBe(0);
    for (const test of report.tests) {
      expect(test.message).toMatch(/^The server did not start listening on \$PORT \(\d+\) within 3000 ms/);
    }
  }, 60_000);

  it("a server that crashes fails its tests instead of erroring the host", async () => {
    const atStart = await gradeLoaded(quick, "python", { "server.py": "raise SystemExit('boom')\n" });
    expect(atStart.verdict).toBe("failed");
    expect(atStart.tests[0]?.message).toMatch(
      /The server exited with code 1 before listening on \$PORT.*boom/s,
    );

    const onRequest = await gradeLoaded(quick, "typescript", {
      "server.ts": [
        'import http from "node:http";',
        "http.createServer(() => { throw new Error('crash on request'); })",
        '  .listen(Number(process.env.PORT), "127.0.0.1");',
        "",
      ].join("\n"),
    });
    expect(onRequest.verdict).toBe("failed");
    expect(onRequest.tests[0]?.message).toMatch(
      /the request failed \(ECONNRESET\).*exited with code 1.*crash on request/s,
    );
  }, 60_000);

  it("a syntax error is an error verdict", async () => {
    const report = await gradeLoaded(quick, "typescript", { "server.ts": "const = ;\n" });
    expect(report.verdict).toBe("error");
    expect(report.tests[0]?.message).toMatch(/^SyntaxError: server.ts:1/);
  });

  it("the box cannot reach a listener on the host's loopback", async () => {
    const listener: Server = createServer((socket) => socket.end("HTTP/1.1 200 OK\r\n\r\n"));
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as { port: number }).port;
    try {
      // The "server" only probes the host's port and listens if the probe fails as it must.
      const report = await gradeLoaded(quick, "javascript", {
        "server.js": [
          'import net from "node:net";',
          `const probe = net.connect({ host: "127.0.0.1", port: ${port} });`,
          'probe.on("connect", () => process.exit(7));',
          'probe.on("error", () => { net.createServer((s) => s.destroy()).listen(Number(process.env.PORT), "127.0.0.1"); });',
          "",
        ].join("\n"),
      });
      const unknown = report.tests.find((test) => test.name.startsWith("unknown payments"));
      // Listening (after a refused probe), then a destroyed connection: not "exited with code 7".
      expect(unknown?.message).toMatch(/the request failed/);
      expect(unknown?.message).not.toMatch(/code 7/);
    } finally {
      listener.close();
    }
  }, 60_000);

  it("runs the candidate's server in a box of its own: it cannot see, signal or read the driver", async () => {
    // The server looks around, then signals every process it can (kill(-1) spares only itself and
    // its namespace's init). Sharing the driver's box, it would kill the driver and the suite would
    // end without results; in its own box it kills nothing and the tests run against it.
    const report = await gradeLoaded(quick, "javascript", {
      "server.js": [
        'import { existsSync, readdirSync, readFileSync } from "node:fs";',
        'import http from "node:http";',
        "const pids = readdirSync('/proc').filter((entry) => /^\\d+$/.test(entry)).map(Number);",
        "const commands = pids.map((pid) => { try { return readFileSync('/proc/' + pid + '/cmdline', 'utf8').replaceAll('\\0', ' ').trim(); } catch { return '?'; } });",
        "const facts = { uid: process.getuid(), pids, commands, driverFile: existsSync('/work/driver.mjs'), work: existsSync('/work') ? readdirSync('/work') : [] };",
        "console.log('FACTS ' + JSON.stringify(facts));",
        "try { process.kill(-1, 'SIGKILL'); } catch {}",
        "http.createServer((req, res) => { res.writeHead(404, { 'content-type': 'application/json' }); res.end('{}'); })",
        '  .listen(Number(process.env.PORT), "127.0.0.1");',
        "",
      ].join("\n"),
    });
    expect(report.verdict).toBe("failed"); // graded: the suite ran, the answers are wrong
    expect(report.tests.length).toBeGreaterThan(1);
    for (const test of report.tests) expect(test.message ?? "").not.toMatch(/driver|infrastructure/i);
    const line = report.console?.split("\n").find((text) => text.startsWith("FACTS "));
    const facts = JSON.parse(line?.slice("FACTS ".length) ?? "null") as {
      uid: number;
      pids: number[];
      commands: string[];
      driverFile: boolean;
      work: string[];
    };
    expect(facts.uid).not.toBe(65534); // the driver's uid in its box
    expect(facts.driverFile).toBe(false);
    expect(facts.work).toEqual(["submission"]);
    // Only the box's init (bubblewrap) and the server itself: no driver, no supervisor.
    expect(facts.pids.length).toBeLessThanOrEqual(2);
    expect(facts.commands.join(" | ")).not.toMatch(/driver\.mjs|python/);
  }, 60_000);

  it("matchers compare by type and structure", () => {
    const resolve = (reference: string) =>
      reference === "1.body.id" ? { found: true, value: "p1" } : { found: false };
    expect(matchValue({ id: { $same: "1.body.id" } }, { id: "p1" }, "body", resolve)).toBeUndefined();
    expect(matchValue({ id: { $same: "1.body.id" } }, { id: "p2" }, "body", resolve)).toMatch(/same as step/);
    expect(matchValue({ a: 1 }, { a: 1, b: 2 }, "body", resolve)).toMatch(/unexpected key body.b/);
    expect(matchValue({ $length: 2 }, [1], "items", resolve)).toMatch(/length 2/);
    expect(matchValue({ $type: "integer" }, 1.5, "x", resolve)).toMatch(/expected type integer/);
    expect(matchValue(1, "1", "x", resolve)).toMatch(/expected 1/);
  });
});
