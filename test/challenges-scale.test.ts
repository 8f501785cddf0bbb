import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeLoaded } from "../src/modules/grading-engine/engine.ts";
import { createLatencyRecorder } from "../src/modules/grading-engine/harness/latency-recorder.mjs";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import type { LoadedChallenge } from "../src/modules/grading-engine/manifest.ts";
import {
  fillVars,
  judgeLoad,
  type LoadObservation,
  type LoadProfile,
  parseScaleSuites,
} from "../src/modules/grading-engine/scale-kind.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";

let scratch: string;
/** A small scale challenge written for these tests: one api test and one load run judged four ways. */
let squares: LoadedChallenge;

const loadName = "p99 at most 1000 ms under load";
const squaresTests = {
  tests: [
    {
      name: "squares a number and leaves the upstream alone",
      visibility: "visible",
      points: 1,
      steps: [
        { call: "server", args: [{ env: { GREETING: "hi" }, upstream: { latencyMs: 5, items: 10 } }] },
        { call: "GET /square/3", args: [], expect: { status: 200, body: { n: 3, square: 9 } } },
        { call: "upstream", args: [], expect: { body: { gets: 0, puts: 0 } } },
      ],
    },
    {
      name: loadName,
      visibility: "visible",
      points: 4,
      steps: [
        {
          call: "load",
          args: [
            {
              rate: 60,
              warmupMs: 300,
              durationMs: 2000,
              connections: 8,
              timeoutMs: 3000,
              sampleEvery: 4,
              requests: [
                {
                  method: "GET",
                  path: "/square/{n}",
                  vars: { n: [1, 1000] },
                  expect: { status: 200, body: { n: "{n}", square: { $type: "integer" } } },
                },
              ],
            },
          ],
          expect: { p99Ms: 1000 },
        },
      ],
    },
    {
      name: "at most 1% errors",
      visibility: "hidden",
      points: 2,
      steps: [{ call: "load", args: [{ sameRunAs: loadName }], expect: { maxErrorRate: 0.01 } }],
    },
    {
      name: "sampled responses are right",
      visibility: "hidden",
      points: 3,
      steps: [{ call: "load", args: [{ sameRunAs: loadName }], expect: { maxWrongSamples: 0 } }],
    },
  ],
};

/** A JavaScript server answering GET /square/{n}; `answer` is the body of an async handler. */
function squareServer(answer: string): Record<string, string> {
  return {
    "server.js": [
      'import http from "node:http";',
      "const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));",
      "let count = 0;",
      "let queue = Promise.resolve();",
      "async function respond(n) {",
      `  ${answer}`,
      "}",
      "http.createServer(async (req, res) => {",
      "  count += 1;",
      '  const n = Number(/^\\/square\\/(\\d+)$/.exec(req.url ?? "")?.[1]);',
      "  const [status, body] = await respond(n);",
      '  res.writeHead(status, { "content-type": "application/json" });',
      "  res.end(JSON.stringify(body));",
      '}).listen(Number(process.env.PORT), "127.0.0.1");',
      "",
    ].join("\n"),
  };
}

function writeChallenge(dir: string, tests: unknown): LoadedChallenge {
  mkdirSync(path.join(dir, "tests"), { recursive: true });
  writeFileSync(
    path.join(dir, "challenge.json"),
    JSON.stringify({
      id: path.basename(dir),
      title: "Squares",
      kind: "scale",
      languages: ["javascript", "python"],
      limits: { cpuMs: 15000, wallMs: 20000 },
    }),
  );
  writeFileSync(path.join(dir, "tests", "1.json"), JSON.stringify(tests));
  return loadChallenge(dir);
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "evident-scale-test-"));
  squares = writeChallenge(path.join(scratch, "squares"), squaresTests);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("latency recorder", () => {
  it("reports HDR percentiles within 0.1%", () => {
    const recorder = createLatencyRecorder();
    for (let ms = 1; ms <= 1000; ms++) recorder.record(0, ms);
    const summary = recorder.summary();
    expect(summary.count).toBe(1000);
    expect(summary.p50Ms).toBeCloseTo(500, -0.3);
    expect(summary.p95Ms).toBeCloseTo(950, -0.3);
    expect(summary.p99Ms).toBeCloseTo(990, -0.3);
    expect(summary.maxMs).toBeCloseTo(1000, -0.3);
    expect(createLatencyRecorder().summary()).toMatchObject({ count: 0, p99Ms: 0 });
  });

  it("counts a server stall against every request that was due during it (coordinated omission)", () => {
    // A simulated server: 1 ms per request, one at a time, frozen from t=1000 to t=1300 ms.
    // Requests are due every 10 ms for 2 s (open model). The stall delays the 30 requests due
    // during it; measured from the intended send time they show 1–300 ms of waiting.
    const corrected = createLatencyRecorder();
    const naive = createLatencyRecorder();
    let serverFreeAt = 0;
    for (let due = 0; due < 2000; due += 10) {
      let start = Math.max(due, serverFreeAt);
      if (start >= 1000 && start < 1300) start = 1300;
      const done = start + 1;
      serverFreeAt = done;
      corrected.record(due, done);
      naive.record(start, done);
    }
    // A closed-loop client that waits for each answer would have sent ONE request during the
    // stall; its samples show the stall once. The corrected ones put it in the tail.
    expect(naive.summary().p99Ms).toBeLessThan(2);
    expect(corrected.summary().count).toBe(200);
    expect(corrected.summary().p99Ms).toBeGreaterThan(250);
    expect(corrected.summary().maxMs).toBeGreaterThanOrEqual(300);
    expect(corrected.summary().p50Ms).toBeLessThan(2);
  });
});

describe("scale test format", () => {
  const challengeWith = (steps: unknown[], earlier: unknown[] = []): LoadedChallenge => ({
    dir: scratch,
    manifest: squares.manifest,
    suites: [
      {
        file: "tests/1.json",
        tests: [...earlier, { name: "t", visibility: "visible", points: 1, clockStart: 0, steps }] as never,
      },
    ],
  });
  const profile = { rate: 10, durationMs: 1000, requests: [{ method: "GET", path: "/" }] };
  const errorOf = (steps: unknown[], earlier: unknown[] = []) => {
    try {
      parseScaleSuites(challengeWith(steps, earlier));
      return "no error";
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("accepts the squares tests with defaults filled in", () => {
    const [suite] = parseScaleSuites(squares);
    expect(suite?.tests).toHaveLength(4);
    const profile = suite?.tests[1]?.load?.profile;
    expect(profile).toMatchObject({ connections: 8, timeoutMs: 3000, seed: 1 });
    expect(profile?.requests[0]?.weight).toBe(1);
    expect(suite?.tests[2]?.sameRunAs).toEqual({ index: 1, thresholds: { maxErrorRate: 0.01 } });
  });

  it("names the invalid step and field", () => {
    expect(
      errorOf([
        { call: "load", args: [profile], expect: { p99Ms: 5 } },
        { call: "GET /", args: [] },
      ]),
    ).toMatch(/tests\/1.json is invalid: t: step 1: load must be the last step/);
    expect(errorOf([{ call: "load", args: [profile], expect: {} }])).toMatch(
      /step 1: expect: needs at least one threshold/,
    );
    expect(errorOf([{ call: "load", args: [{ ...profile, rate: 0 }], expect: { p50Ms: 1 } }])).toMatch(
      /step 1: args/,
    );
    expect(
      errorOf([
        { call: "GET /", args: [] },
        { call: "server", args: [{}] },
      ]),
    ).toMatch(/step 2: server must be the first step/);
    expect(errorOf([{ call: "server", args: [{ env: { PORT: "1" } }] }])).toMatch(
      /args.0.env: cannot set PATH, HOME, LANG, PORT, UPSTREAM_URL/,
    );
    expect(errorOf([{ call: "upstream", args: [] }])).toMatch(/needs a first step server with an upstream/);
    expect(errorOf([{ call: "sleep", args: [{ ms: 60_000 }] }])).toMatch(/step 1: args.0.ms/);
    expect(errorOf([{ call: "load", args: [{ sameRunAs: "nope" }], expect: { p99Ms: 1 } }])).toMatch(
      /sameRunAs must name an earlier test/,
    );
    expect(errorOf([{ call: "GET nowhere", args: [] }])).toMatch(/step 1: call: must be METHOD \/path/);
  });
});

describe("load judging", () => {
  const profile = {
    rate: 300,
    durationMs: 3000,
    warmupMs: 0,
    connections: 16,
    timeoutMs: 2000,
    sampleEvery: 20,
    seed: 1,
    requests: [
      {
        weight: 1,
        method: "GET",
        path: "/square/{n}",
        expect: { status: 200, body: { n: "{n}", square: { $type: "integer" } } },
      },
    ],
  } as LoadProfile;
  const load: LoadObservation = {
    requests: 900,
    errors: 0,
    errorKinds: {},
    latency: { count: 900, p50Ms: 3.1, p95Ms: 20.5, p99Ms: 41.2, maxMs: 60, meanMs: 5 },
    samples: [
      { request: 0, vars: { n: 4 }, status: 200, body: { n: 4, square: 16 } },
      { request: 0, vars: { n: 7 }, status: 200, body: { n: 8, square: 64 } },
      { request: 0, vars: { n: 9 }, status: 200, body: { n: 9, square: 81 } },
    ],
    elapsedMs: 3001,
  };

  it("substitutes request variables into expectations", () => {
    expect(fillVars({ n: "{n}", name: "Item {n}", other: "{m}" }, { n: 7 })).toEqual({
      n: 7,
      name: "Item 7",
      other: "{m}",
    });
  });

  it("puts the figures in the message, passed or not", () => {
    const fast = judgeLoad(profile, { p99Ms: 50 }, load);
    expect(fast.passed).toBe(true);
    expect(fast.message).toMatch(
      /^p99 41.2 ms ≤ 50.0 ms at 300 req\/s for 3.0 s \(900 requests, 16 connections/,
    );
    expect(fast.message).toMatch(
      /0.0% errors, 1 of 3 sampled responses wrong: GET \/square\/7: expected 7 at body.n, got 8/,
    );

    expect(judgeLoad(profile, { p99Ms: 40 }, load).message).toMatch(/^p99 41.2 ms > 40.0 ms/);
    expect(judgeLoad(profile, { p99Ms: 40 }, load).passed).toBe(false);
    expect(judgeLoad(profile, { maxWrongSamples: 0 }, load).passed).toBe(false);
    expect(judgeLoad(profile, { maxWrongSamples: 1 }, load).passed).toBe(true);
    const mostlyWrong = { ...load, samples: load.samples.map((sample) => ({ ...sample, status: 404 })) };
    expect(judgeLoad(profile, { p99Ms: 50 }, mostlyWrong)).toMatchObject({
      passed: false,
      message: expect.stringMatching(
        /^Most sampled responses are wrong, so the figures do not count: p99 41.2 ms ≤ 50.0 ms .*3 of 3 sampled/,
      ),
    });
    const cached = judgeLoad(profile, { maxUpstreamGets: 10 }, { ...load, upstream: { gets: 25, puts: 1 } });
    expect(cached).toMatchObject({
      passed: false,
      message: expect.stringMatching(/^25 upstream reads > 10 at 300 req\/s/),
    });
    expect(judgeLoad(profile, { maxUpstreamGets: 10 }, load).message).toMatch(/^no upstream was running/);
    const erroring = {
      ...load,
      errors: 90,
      errorKinds: { "status 500": 90 },
      firstError: "GET /square/3: status 500",
    };
    const judged = judgeLoad(profile, { maxErrorRate: 0.01 }, erroring);
    expect(judged.passed).toBe(false);
    expect(judged.message).toMatch(
      /10.0% errors > 1.0% \(90 status 500; first: GET \/square\/3: status 500\)/,
    );
  });
});

describe("scale kind in the sandbox", () => {
  beforeAll(() => {
    assertSandboxAvailable();
  });

  it("a fast correct server passes with the standard report shape and figures", async () => {
    const report = await gradeLoaded(
      squares,
      "javascript",
      squareServer("return [200, { n, square: n * n }];"),
    );
    expect(Object.keys(report).sort()).toEqual(
      ["challengeId", "language", "maxScore", "resources", "score", "tests", "verdict"].sort(),
    );
    expect(Object.keys(report.tests[0] ?? {}).sort()).toEqual(
      ["durationMs", "maxPoints", "message", "name", "passed", "points", "visibility"].sort(),
    );
    expect(report.tests.filter((test) => !test.passed)).toEqual([]);
    expect(report).toMatchObject({
      challengeId: "squares",
      language: "javascript",
      verdict: "passed",
      score: 10,
    });
    expect(report.tests[1]?.message).toMatch(
      /^p99 [\d.]+ ms ≤ 1000.0 ms at 60 req\/s for 2.0 s \(120 requests, 8 connections/,
    );
    expect(report.tests[3]?.message).toMatch(/30 sampled responses correct/);
    expect(report.resources.wallMs).toBeGreaterThan(0);
  }, 60_000);

  it("a server behind a global lock fails p99 (and times out)", async () => {
    // 50 ms per request, one at a time: 20 req/s against 60 due per second, whatever the machine.
    const report = await gradeLoaded(
      squares,
      "javascript",
      squareServer(
        "const turn = queue.then(() => sleep(50)); queue = turn; await turn; return [200, { n, square: n * n }];",
      ),
    );
    expect(report.verdict).toBe("failed");
    const p99 = report.tests.find((test) => test.name === loadName);
    expect(p99?.passed).toBe(false);
    expect(p99?.message).toMatch(/^p99 [\d.]+ ms > 1000.0 ms/);
    expect(report.tests[0]?.passed).toBe(true);
  }, 60_000);

  it("an erroring server fails the error-rate threshold", async () => {
    const report = await gradeLoaded(
      squares,
      "javascript",
      squareServer(
        "if (count % 3 === 0) return [500, { error: 'boom' }]; return [200, { n, square: n * n }];",
      ),
    );
    const errors = report.tests.find((test) => test.name === "at most 1% errors");
    expect(errors?.passed).toBe(false);
    expect(errors?.message).toMatch(/% errors > 1.0% \(\d+ status 500; first: GET \/square\/\d+: status 500/);
    expect(report.tests.find((test) => test.name === loadName)?.passed).toBe(true);
  }, 60_000);

  it("a fast server with wrong answers fails the sampled-correctness test", async () => {
    const report = await gradeLoaded(squares, "python", {
      "server.py": [
        "import json, os, re",
        "from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer",
        "class H(BaseHTTPRequestHandler):",
        '    protocol_version = "HTTP/1.1"',
        "    disable_nagle_algorithm = True",
        "    def log_message(self, *args): pass",
        "    def do_GET(self):",
        '        n = int(re.fullmatch(r"/square/(\\d+)", self.path).group(1))',
        '        data = json.dumps({"n": n + 1 if n > 800 else n, "square": n * n}).encode()',
        "        self.send_response(200)",
        '        self.send_header("Content-Length", str(len(data)))',
        "        self.end_headers()",
        "        self.wfile.write(data)",
        'ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()',
        "",
      ].join("\n"),
    });
    const sampled = report.tests.find((test) => test.name === "sampled responses are right");
    expect(sampled?.passed).toBe(false);
    expect(sampled?.message).toMatch(
      /\d+ of 30 sampled responses wrong: GET \/square\/\d+: expected \d+ at body.n, got \d+/,
    );
    expect(report.tests.find((test) => test.name === "at most 1% errors")?.passed).toBe(true);
  }, 60_000);

  it("a server that never listens fails every test with the readiness message", async () => {
    const report = await gradeLoaded(squares, "javascript", {
      "server.js": "setInterval(() => {}, 1000);\n",
    });
    expect(report.verdict).toBe("failed");
    expect(report.score).toBe(0);
    for (const test of report.tests) {
      expect(test.message).toMatch(/^The server did not start listening on \$PORT \(\d+\) within 3000 ms/);
    }
  }, 60_000);

  it("a syntax error is an error verdict", async () => {
    const report = await gradeLoaded(squares, "javascript", { "server.js": "const = ;\n" });
    expect(report.verdict).toBe("error");
    expect(report.tests[0]?.message).toMatch(/^SyntaxError: server.js:1/);
  });
});
