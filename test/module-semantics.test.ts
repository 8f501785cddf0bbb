/**
 * JavaScript runs as `node file.js` runs it without a package.json: every built-in challenge's
 * JavaScript reference scores full marks as written (ES modules) and as CommonJS derived here by
 * a real transformation (esbuild, format cjs: `require("node:http")`, `module.exports`). Also the
 * candidate-facing diagnostics: a module exporting nothing usable gets one message naming the
 * export; a TypeScript error is reported at the candidate's own file and line; a crash on load
 * is said once; the candidate's console output comes back with the report. Real sandbox.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { transform } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission } from "../src/modules/grading-engine/engine.ts";
import { builtInChallengesDir, readSolutionDir } from "../src/modules/grading-engine/manifest.ts";
import { assertSandboxAvailable } from "../src/modules/sandbox/sandbox.ts";

const withJavaScriptReference = readdirSync(builtInChallengesDir)
  .filter((id) => existsSync(path.join(builtInChallengesDir, id, "reference", "javascript")))
  .sort();

/** The same module written as CommonJS: imports become require(), exports module.exports. */
async function toCommonJs(files: Record<string, string>): Promise<Record<string, string>> {
  const converted: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    converted[name] = name.endsWith(".js")
      ? (await transform(text, { loader: "js", format: "cjs", target: "es2024" })).code
      : text;
  }
  return converted;
}

function fullMarks(report: { score: number; maxScore: number; verdict: string; tests: unknown[] }) {
  return {
    score: report.score,
    verdict: report.verdict,
    failed: report.tests.filter((t) => !(t as { passed: boolean }).passed),
  };
}

describe("JavaScript module semantics as Node has them", () => {
  beforeAll(() => assertSandboxAvailable());

  it("finds a JavaScript reference in every kind that runs code", () => {
    expect(withJavaScriptReference.length).toBeGreaterThanOrEqual(9);
  });

  describe.each(withJavaScriptReference)("%s", (challengeId) => {
    const reference = readSolutionDir(
      path.join(builtInChallengesDir, challengeId, "reference", "javascript"),
    );

    it("scores full marks as an ES module and as CommonJS", { timeout: 300_000 }, async () => {
      const commonJs = await toCommonJs(reference);
      // The derived module really is CommonJS: no import/export statements left.
      for (const text of Object.values(commonJs)) {
        expect(text).not.toMatch(/^\s*(import|export)\s/m);
        expect(text).toMatch(/module\.exports|require\(/);
      }
      const asEsm = await gradeSubmission({ challengeId, language: "javascript", files: reference });
      expect(fullMarks(asEsm)).toEqual({ score: asEsm.maxScore, verdict: "passed", failed: [] });
      const asCjs = await gradeSubmission({ challengeId, language: "javascript", files: commonJs });
      expect(fullMarks(asCjs)).toEqual({ score: asCjs.maxScore, verdict: "passed", failed: [] });
    });
  });
});

describe("what the candidate is told", () => {
  beforeAll(() => assertSandboxAvailable());

  it("accepts hand-written CommonJS: module.exports = { Name }, exports.Name and module.exports = Name", {
    timeout: 120_000,
  }, async () => {
    const reference = readSolutionDir(
      path.join(builtInChallengesDir, "token-bucket-limiter", "reference", "javascript"),
    )["solution.js"] as string;
    const body = reference.replace(/^export class /m, "class ");
    for (const tail of [
      "module.exports = { RateLimiter };",
      "exports.RateLimiter = RateLimiter;",
      "module.exports = RateLimiter;",
    ]) {
      const report = await gradeSubmission({
        challengeId: "token-bucket-limiter",
        language: "javascript",
        files: { "solution.js": `"use strict";\n${body}\n${tail}\n` },
      });
      expect({ tail, score: report.score }).toEqual({ tail, score: report.maxScore });
    }
  });

  it("accepts TypeScript written with require and module.exports", { timeout: 120_000 }, async () => {
    const reference = readSolutionDir(
      path.join(builtInChallengesDir, "token-bucket-limiter", "reference", "typescript"),
    )["solution.ts"] as string;
    const body = reference.replace(/^export class /m, "class ");
    const report = await gradeSubmission({
      challengeId: "token-bucket-limiter",
      language: "typescript",
      files: { "solution.ts": `${body}\nmodule.exports = { RateLimiter };\n` },
    });
    expect(report.score).toBe(report.maxScore);
  });

  it("names the export the challenge expects when the module exports nothing usable, once", {
    timeout: 60_000,
  }, async () => {
    const report = await gradeSubmission({
      challengeId: "lru-ttl-cache",
      language: "javascript",
      files: { "solution.js": "class Cache {}\nmodule.exports = { Cache };\n" },
    });
    expect(report.score).toBe(0);
    expect(report.crash).toContain("a class named LRUCache");
    expect(report.crash).toContain("module.exports = { LRUCache }");
    expect(report.crash).toContain("it exports Cache");
  });

  it("reports a TypeScript error at the candidate's own file and line", { timeout: 60_000 }, async () => {
    const lines = [
      "type Entry = { value: unknown; expiresAt: number };", // 1
      "",
      "interface Options {",
      "  capacity: number;",
      "}",
      "",
      "export class LRUCache {",
      "  private readonly entries = new Map<string, Entry>();",
      "",
      "  constructor(capacity: number, clock?: () => number) {",
      "    const options: Options = { capacity };",
      '    throw new TypeError("no cache today: " + options.capacity + ", " + typeof clock);', // 12
      "  }",
      "}",
    ];
    const report = await gradeSubmission({
      challengeId: "lru-ttl-cache",
      language: "typescript",
      files: { "solution.ts": lines.join("\n") },
    });
    const message = report.tests[0]?.message ?? "";
    expect(message).toContain("no cache today");
    expect(message).toMatch(/solution\.ts:12:\d+/);
    expect(message).not.toContain("solution.js");
  });

  it("says a crash on load once, at the candidate's line, and returns their console output", {
    timeout: 60_000,
  }, async () => {
    const source = [
      'console.log("hello from the candidate");', // 1
      'console.error("a warning of theirs");',
      "",
      "export class LRUCache {}",
      "",
      "function broken(): never {",
      '  throw new Error("broken at load");', // 7
      "}",
      "broken();",
    ].join("\n");
    const report = await gradeSubmission({
      challengeId: "lru-ttl-cache",
      language: "typescript",
      files: { "solution.ts": source },
    });
    expect(report.crash).toContain("Error: broken at load");
    expect(report.crash).toMatch(/solution\.ts:7:\d+/);
    expect(report.console).toContain("hello from the candidate");
    expect(report.console).toContain("a warning of theirs");
    expect(report.console).not.toMatch(/\/work\//);
  });

  it("reports an api server's crash at start once, at its TypeScript line", { timeout: 60_000 }, async () => {
    const source = [
      'import http from "node:http";', // 1
      "",
      "const server = http.createServer((_request, response) => {",
      "  response.end();",
      "});",
      "",
      "function configuration(): { port: number } {",
      "  const port = Number(process.env.PORT);",
      "  if (port > 0) {",
      '    console.log("starting on", port);',
      "  }",
      '  throw new RangeError("no configuration");', // 12
      "}",
      "",
      "server.listen(configuration().port);",
    ].join("\n");
    const report = await gradeSubmission({
      challengeId: "idempotent-payments-api",
      language: "typescript",
      files: { "server.ts": source },
    });
    expect(report.score).toBe(0);
    expect(report.crash).toContain("RangeError: no configuration");
    expect(report.crash).toMatch(/server\.ts:12:\d+/);
    expect(report.crash).not.toContain("server.js");
    expect(report.console).toContain("starting on");
  });
});
