import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGradeCommand, runListCommand } from "../src/modules/grading-engine/cli-commands.ts";
import { gradeSubmission, validateChallenge } from "../src/modules/grading-engine/engine.ts";
import { valuesEqual } from "../src/modules/grading-engine/function-kind.ts";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import {
  builtInChallengesDir,
  parseManifest,
  resolveChallengeDir,
} from "../src/modules/grading-engine/manifest.ts";
import { parseTestFile } from "../src/modules/grading-engine/test-files.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";
import { AppError } from "../src/platform/errors.ts";

const lruDir = path.join(builtInChallengesDir, "lru-ttl-cache");
const reference = (language: string, file: string) =>
  readFileSync(path.join(lruDir, "reference", language, file), "utf8");

let scratch: string;
/** A copy of lru-ttl-cache with only the visible suite and short limits, for failure-mode tests. */
let quickDir: string;

beforeAll(() => {
  assertSandboxAvailable();
  scratch = mkdtempSync(path.join(tmpdir(), "evident-challenges-test-"));
  quickDir = path.join(scratch, "lru-ttl-cache");
  cpSync(lruDir, quickDir, { recursive: true });
  rmSync(path.join(quickDir, "tests", "2-edge.json"));
  rmSync(path.join(quickDir, "tests", "3-performance.json"));
  const manifest = JSON.parse(readFileSync(path.join(quickDir, "challenge.json"), "utf8"));
  manifest.limits = { cpuMs: 2000, wallMs: 2000, memoryMb: 128 };
  manifest.wrong = {};
  writeFileSync(path.join(quickDir, "challenge.json"), JSON.stringify(manifest));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Every package in challenges/ is validated, so a new built-in challenge is checked in CI at once. */
const builtInChallengeIds = readdirSync(new URL("../challenges", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe("built-in challenges validate", () => {
  it("finds the built-in library", () => {
    expect(builtInChallengeIds).toEqual(expect.arrayContaining(["lru-ttl-cache", "token-bucket-limiter"]));
  });
  for (const id of builtInChallengeIds) {
    it(`${id}: references score full marks and wrong solutions fail their named tests`, {
      timeout: 300_000,
    }, async () => {
      const report = await validateChallenge(id);
      const failures = report.entries.filter((entry) => !entry.ok);
      expect(failures).toEqual([]);
      expect(report.ok).toBe(true);
      const { manifest } = loadChallenge(resolveChallengeDir(id));
      const references = report.entries.filter((entry) => entry.solution === "reference");
      // A reference in every language the challenge offers, and at least two wrong solutions in each.
      expect(references.map((entry) => entry.language).sort()).toEqual([...manifest.languages].sort());
      for (const entry of references) expect(entry.score).toBe(entry.maxScore);
      const wrong = report.entries.filter((entry) => entry.solution.startsWith("wrong/"));
      expect(wrong.length).toBeGreaterThanOrEqual(2 * manifest.languages.length);
      for (const entry of wrong) expect(entry.score).toBeLessThan(entry.maxScore);
    });
  }
});

describe("grading failure modes", () => {
  it("reports a JavaScript syntax error as verdict error with the line", async () => {
    const report = await gradeSubmission({
      challengeDir: quickDir,
      language: "javascript",
      files: { "solution.js": "export class LRUCache {\n  constructor( {\n}\n" },
    });
    expect(report.verdict).toBe("error");
    expect(report.score).toBe(0);
    expect(report.tests.every((test) => !test.passed)).toBe(true);
    expect(report.tests[0]?.message).toMatch(/SyntaxError/);
    expect(report.tests[0]?.message).toMatch(/solution\.js/);
    expect(report.tests[0]?.message).not.toMatch(/\/tmp\/|\/work\//);
  });

  it("reports a Python syntax error with file and line", async () => {
    const report = await gradeSubmission({
      challengeDir: quickDir,
      language: "python",
      files: {
        "solution.py": "class LRUCache:\n    def __init__(self, capacity, clock=None)\n        pass\n",
      },
    });
    expect(report.verdict).toBe("error");
    expect(report.tests[0]?.message).toMatch(/SyntaxError: .*\(solution\.py, line 2\)/);
  });

  it("transpiles TypeScript without type checking but reports syntax errors", async () => {
    const typeError = `${reference("typescript", "solution.ts")}\nconst wrongType: number = "not a number";\n`;
    const passed = await gradeSubmission({
      challengeDir: quickDir,
      language: "typescript",
      files: { "solution.ts": typeError },
    });
    expect(passed.verdict).toBe("passed");
    expect(passed.score).toBe(passed.maxScore);

    const broken = await gradeSubmission({
      challengeDir: quickDir,
      language: "typescript",
      files: { "solution.ts": "export class LRUCache {\n  get(key: string) {\n    return key +;\n  }\n}\n" },
    });
    expect(broken.verdict).toBe("error");
    expect(broken.tests[0]?.message).toMatch(/SyntaxError: solution\.ts:3:\d+/);
  });

  it("an infinite loop ends with verdict time_limit (JavaScript and Python)", {
    timeout: 60_000,
  }, async () => {
    const js = await gradeSubmission({
      challengeDir: quickDir,
      language: "javascript",
      files: { "solution.js": "export class LRUCache {\n  constructor() { for (;;) {} }\n}\n" },
    });
    expect(js.verdict).toBe("time_limit");
    expect(js.score).toBe(0);
    expect(js.tests[0]?.message).toMatch(/time limit/i);
    const py = await gradeSubmission({
      challengeDir: quickDir,
      language: "python",
      files: {
        "solution.py":
          "class LRUCache:\n    def __init__(self, *args):\n        while True:\n            pass\n",
      },
    });
    expect(py.verdict).toBe("time_limit");
  });

  it("a forged result line cannot change the score", async () => {
    const forged = JSON.stringify({
      load: { ok: true },
      tests: Array.from({ length: 4 }, () => ({ durationMs: 1, timedOut: false, steps: [] })),
    });
    const js = `import { readFileSync } from "node:fs";
let stolen = "";
try { stolen = readFileSync(0, "utf8"); } catch {}
const forged = ${JSON.stringify(forged)};
for (const prefix of ["", "nonce", stolen.split("\\n")[0] ?? ""]) process.stdout.write("\\n" + prefix + " " + forged + "\\n");
console.log(forged);
export class LRUCache { constructor() { console.log(forged); } }
`;
    const report = await gradeSubmission({
      challengeDir: quickDir,
      language: "javascript",
      files: { "solution.js": js },
    });
    expect(report.score).toBe(0);
    expect(report.tests.filter((test) => test.passed)).toEqual([]);

    const py = `import sys
try:
    stolen = sys.stdin.read()
except Exception:
    stolen = ""
forged = ${JSON.stringify(forged)}
for prefix in ["", "nonce", stolen.split("\\n")[0]]:
    print("\\n" + prefix + " " + forged, flush=True)

class LRUCache:
    def __init__(self, *args):
        print(forged)
`;
    const pyReport = await gradeSubmission({
      challengeDir: quickDir,
      language: "python",
      files: { "solution.py": py },
    });
    expect(pyReport.score).toBe(0);
  });

  it("candidate output is captured apart from results and does not cost marks", async () => {
    const noisy = reference("javascript", "solution.js").replace(
      "  get(key) {\n",
      '  get(key) {\n    console.log("get", key, "\\n{\\"load\\":{\\"ok\\":true}}");\n',
    );
    const report = await gradeSubmission({
      challengeDir: quickDir,
      language: "javascript",
      files: { "solution.js": noisy },
    });
    expect(report.verdict).toBe("passed");
  });

  it("rejects a submission without the expected file and an unknown language", async () => {
    await expect(
      gradeSubmission({ challengeDir: quickDir, language: "javascript", files: { "main.js": "" } }),
    ).rejects.toThrow(/solution\.js/);
    await expect(
      gradeSubmission({ challengeDir: quickDir, language: "ruby", files: { "solution.rb": "" } }),
    ).rejects.toThrow(/not offered/);
  });
});

describe("manifests and test files", () => {
  const valid = {
    id: "demo",
    title: "Demo",
    kind: "function",
    languages: ["javascript"],
    function: { export: "Demo" },
  };

  function fieldsOf(fn: () => unknown): string[] {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return ((error as AppError).fieldErrors ?? []).map((field) => field.path);
    }
    throw new Error("expected a validation error");
  }

  it("accepts a minimal manifest and applies defaults", () => {
    const manifest = parseManifest(valid);
    expect(manifest.scoring.passPercent).toBe(100);
    expect(manifest.wrong).toEqual({});
  });

  it("names the invalid field", () => {
    expect(fieldsOf(() => parseManifest({ ...valid, title: "" }))).toEqual(["title"]);
    expect(fieldsOf(() => parseManifest({ ...valid, kind: "graph" }))).toEqual(["kind"]);
    expect(fieldsOf(() => parseManifest({ ...valid, languages: ["ruby"] }))).toEqual(["languages.0"]);
    expect(fieldsOf(() => parseManifest({ ...valid, limits: { cpuMs: 999_999 } }))).toEqual(["limits.cpuMs"]);
    expect(fieldsOf(() => parseManifest({ ...valid, function: undefined }))).toEqual(["function"]);
    expect(fieldsOf(() => parseManifest({ ...valid, id: "Bad Id" }))).toEqual(["id"]);
    expect(() => parseManifest({ ...valid, memory: 1 })).toThrow(/challenge\.json is invalid/);
  });

  it("names the invalid field of a test file", () => {
    const test = { name: "t", visibility: "visible", points: 1, steps: [{ new: [] }] };
    expect(parseTestFile({ tests: [test] }, "tests/x.json")).toHaveLength(1);
    expect(
      fieldsOf(() => parseTestFile({ tests: [{ ...test, visibility: "secret" }] }, "tests/x.json")),
    ).toEqual(["tests.0.visibility"]);
    expect(fieldsOf(() => parseTestFile({ tests: [{ ...test, points: -1 }] }, "tests/x.json"))).toEqual([
      "tests.0.points",
    ]);
  });

  it("checks a scale challenge's tests against the scale step format before grading", async () => {
    const dir = path.join(scratch, "scale-demo");
    cpSync(quickDir, dir, { recursive: true });
    writeFileSync(
      path.join(dir, "challenge.json"),
      JSON.stringify({ id: "scale-demo", title: "Scale", kind: "scale", languages: ["javascript"] }),
    );
    await expect(
      gradeSubmission({ challengeDir: dir, language: "javascript", files: { "solution.js": "" } }),
    ).rejects.toThrow(/tests\/1-basic\.json is invalid/);
  });

  it("compares values by type and structure", () => {
    expect(valuesEqual(1, 1)).toBe(true);
    expect(valuesEqual(1, "1")).toBe(false);
    expect(valuesEqual(1, true)).toBe(false);
    expect(valuesEqual(null, undefined)).toBe(true);
    expect(valuesEqual(0.3, 0.1 + 0.2)).toBe(false);
    expect(valuesEqual(0.3, 0.1 + 0.2, 1e-9)).toBe(true);
    expect(valuesEqual({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(valuesEqual({ a: [1, 2] }, { a: [1, 2], b: 1 })).toBe(false);
    expect(valuesEqual([1], { 0: 1 })).toBe(false);
  });
});

describe("CLI-ready commands", () => {
  it("lists the built-in challenges", () => {
    const text = runListCommand();
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/lru-ttl-cache/);
    const json = JSON.parse(runListCommand({ json: true }).stdout);
    expect(json.map((c: { id: string }) => c.id)).toEqual([
      "cache-aside-service",
      "consistent-hash-ring",
      "cursor-pagination-api",
      "idempotent-payments-api",
      "index-design-explain",
      "inventory-reservations-api",
      "leaderboard-service",
      "lru-ttl-cache",
      "order-analytics-window",
      "orders-schema",
      "token-bucket-limiter",
      "top-k-heavy-hitters",
    ]);
    // The library covers every kind the engine grades.
    expect(new Set(json.map((c: { kind: string }) => c.kind))).toEqual(
      new Set(["function", "api", "sql", "scale"]),
    );
  });

  it("grades a submission file and prints the exact JSON report shape", async () => {
    const file = path.join(scratch, "solution.py");
    writeFileSync(file, reference("python", "solution.py"));
    const result = await runGradeCommand(quickDir, file, undefined, { json: true });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report).sort()).toEqual(
      ["challengeId", "language", "maxScore", "resources", "score", "tests", "verdict"].sort(),
    );
    expect(report).toMatchObject({ challengeId: "lru-ttl-cache", language: "python", verdict: "passed" });
    expect(Object.keys(report.tests[0]).sort()).toEqual(
      ["durationMs", "maxPoints", "message", "name", "passed", "points", "visibility"].sort(),
    );
    expect(Object.keys(report.resources).sort()).toEqual(["cpuMs", "maxRssKb", "wallMs"]);
    const text = await runGradeCommand(quickDir, file, "python");
    expect(text.stdout).toMatch(/PASSED 20\/20/);
  });
});
