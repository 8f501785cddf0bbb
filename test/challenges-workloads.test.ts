import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workloadMethods } from "../src/modules/grading-engine/function-kind.ts";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";

/**
 * The performance workloads are generated inside the box by the Node.js and the Python harness.
 * Both must produce the same operations, or a correct Python solution would miss the expected
 * digest written for the JavaScript one. Each workload of the built-in packages runs here
 * (shortened) outside the sandbox on that package's JavaScript and Python references.
 */
const harnessDir = path.resolve(import.meta.dirname, "../src/modules/grading-engine/harness");

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "evident-workloads-test-"));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface WorkloadCase {
  challenge: string;
  newArgs: unknown[];
  clock: boolean;
  workload: { kind: string; operations: number } & Record<string, unknown>;
  names: { javascript: Record<string, string>; python: Record<string, string> };
}

/** The first workload step of each test of the built-in function challenges, with the construction before it. */
function workloadCases(): WorkloadCase[] {
  const cases: WorkloadCase[] = [];
  for (const id of readdirSync(builtInChallengesDir)) {
    if (!existsSync(path.join(builtInChallengesDir, id, "challenge.json"))) continue;
    const { manifest, suites } = loadChallenge(path.join(builtInChallengesDir, id));
    if (manifest.kind !== "function") continue;
    if (!manifest.languages.includes("javascript") || !manifest.languages.includes("python")) continue;
    for (const test of suites.flatMap((suite) => suite.tests)) {
      const index = test.steps.findIndex((step) => "workload" in step);
      const construct = test.steps[index - 1];
      const step = test.steps[index];
      if (!step || !("workload" in step) || !construct || !("new" in construct)) continue;
      const rename = (language: "javascript" | "python") =>
        Object.fromEntries(
          [...workloadMethods].map((name) => [name, manifest.function?.names[language]?.[name] ?? name]),
        );
      cases.push({
        challenge: id,
        newArgs: construct.new,
        clock: construct.clock ?? true,
        // Shortened: the parity of the sequences shows within the first 20,000 operations.
        workload: { ...step.workload, operations: Math.min(step.workload.operations, 20_000) },
        names: { javascript: rename("javascript"), python: rename("python") },
      });
    }
  }
  return cases;
}

function runHarness(language: "javascript" | "python", testCase: WorkloadCase): unknown {
  const dir = path.join(scratch, `${testCase.challenge}-${language}`);
  mkdirSync(path.join(dir, "submission"), { recursive: true });
  const file = language === "python" ? "solution.py" : "solution.js";
  cpSync(
    path.join(builtInChallengesDir, testCase.challenge, "reference", language, file),
    path.join(dir, "submission", file),
  );
  const harness = language === "python" ? "harness.py" : "harness.mjs";
  cpSync(
    path.join(harnessDir, language === "python" ? "python_harness.py" : "node-harness.mjs"),
    path.join(dir, harness),
  );
  // No package.json, as in the box: Node's syntax detection makes the ES-module reference one.
  const { manifest } = loadChallenge(path.join(builtInChallengesDir, testCase.challenge));
  const plan = {
    entry: `submission/${file}`,
    export: manifest.function?.export,
    tests: [
      {
        clockStart: 1_000_000,
        timeoutMs: 60_000,
        steps: [
          { new: testCase.newArgs, clock: testCase.clock },
          { workload: testCase.workload, names: testCase.names[language] },
        ],
      },
    ],
  };
  const result = spawnSync(language === "python" ? "python3" : process.execPath, [harness], {
    cwd: dir,
    input: `nonce\n${JSON.stringify(plan)}\n`,
    encoding: "utf8",
    timeout: 60_000,
  });
  const line = result.stdout.split("\n").find((text) => text.startsWith("nonce "));
  if (!line) throw new Error(`${language} harness printed no result: ${result.stderr}`);
  const parsed = JSON.parse(line.slice("nonce ".length)) as { tests: { steps: { value?: unknown }[] }[] };
  return parsed.tests[0]?.steps[1]?.value;
}

describe("performance workloads", () => {
  const cases = workloadCases();

  it("covers every workload kind", () => {
    expect([...new Set(cases.map((testCase) => testCase.workload.kind))].sort()).toEqual([
      "limiter-mixed",
      "lru-mixed",
      "ring-mixed",
      "topk-mixed",
    ]);
  });

  for (const [index, testCase] of cases.entries()) {
    it(`${testCase.challenge} #${index + 1} (${testCase.workload.kind}): the Node.js and Python harnesses run the same operations`, {
      timeout: 120_000,
    }, () => {
      const javascript = runHarness("javascript", testCase);
      const python = runHarness("python", testCase);
      expect(javascript).toMatchObject({ invalid: 0 });
      expect(python).toEqual(javascript);
    });
  }
});
