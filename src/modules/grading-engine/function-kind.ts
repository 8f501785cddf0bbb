/**
 * The `function` challenge kind: the candidate writes a class (solution.ts, solution.js or
 * solution.py) and every tests/*.json file (test-files.ts) is one sandbox run of the per-language
 * harness (harness/), which reads a per-run nonce and the plan (steps WITHOUT expectations) from
 * stdin before importing the candidate's code, and prints one result line `<nonce> <json>`. Only
 * that line counts; the host compares observations with expectations by type and structure, so a
 * forged line without the nonce changes nothing and hidden expectations never enter the box.
 * TypeScript is transpiled on the host with esbuild's transform API (no code runs); type errors do
 * not matter, syntax errors are reported.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../../platform/errors.ts";
import type { ChallengeKind, SuiteOutcome } from "./kind.ts";
import { type ChallengeLanguage, type ChallengeManifest, solutionFile } from "./manifest.ts";
import { isSourceLanguage, prepareSubmission, sourceLanguages } from "./prepare.ts";
import { testReport } from "./report.ts";
import { failedSuite, runBoxedSuite } from "./suite-run.ts";
import { type ChallengeStep, type ChallengeTest, readTestSuites } from "./test-files.ts";

const harnessDir = path.join(import.meta.dirname, "harness");
const nodeHarness = readFileSync(path.join(harnessDir, "node-harness.mjs"), "utf8");
const pythonHarness = readFileSync(path.join(harnessDir, "python_harness.py"), "utf8");
const defaultTestTimeoutMs = 2000;

const pythonErrorNames: Record<string, string> = {
  RangeError: "ValueError",
  TypeError: "TypeError",
  Error: "Exception",
};

interface Observation {
  value?: unknown;
  /** `at` is the candidate's frame that threw (their file and line). */
  throws?: { names: string[]; message: string; at?: string };
  missing?: string;
}

interface HarnessTestResult {
  durationMs: number;
  timedOut: boolean;
  steps: Observation[];
}

interface HarnessResult {
  load: { ok?: true; error?: string };
  tests?: HarnessTestResult[];
}

/** Deep equality by type and structure; null ≡ absent; numbers within tolerance. */
export function valuesEqual(expected: unknown, actual: unknown, tolerance = 0): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (typeof expected === "number") {
    if (typeof actual !== "number") return false;
    return tolerance > 0 ? Math.abs(expected - actual) <= tolerance : expected === actual;
  }
  if (typeof expected !== "object") return typeof actual === typeof expected && actual === expected;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return expected.every((item, index) => valuesEqual(item, actual[index], tolerance));
  }
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
  const expectedKeys = Object.keys(expected).sort();
  const actualKeys = Object.keys(actual).sort();
  if (expectedKeys.join("\0") !== actualKeys.join("\0")) return false;
  return expectedKeys.every((key) =>
    valuesEqual(
      (expected as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      tolerance,
    ),
  );
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function describeStep(step: ChallengeStep): string {
  if ("new" in step) return `new(${step.new.map(show).join(", ")})`;
  if ("call" in step) return `${step.call}(${step.args.map(show).join(", ")})`;
  if ("get" in step) return step.get;
  if ("advanceClock" in step) return `advanceClock(${step.advanceClock})`;
  return `workload ${step.workload.kind} (${step.workload.operations} operations)`;
}

function describeObservation(observation: Observation | undefined): string {
  if (!observation) return "nothing (the test stopped)";
  if (observation.missing) return observation.missing;
  if (observation.throws) {
    const name = observation.throws.names[0] ?? "error";
    const where = observation.throws.at ? ` (at ${observation.throws.at})` : "";
    return `threw ${name}${observation.throws.message ? `: ${observation.throws.message}` : ""}${where}`;
  }
  return `returned ${show(observation.value)}`;
}

function checkStep(
  step: ChallengeStep,
  observation: Observation | undefined,
  language: ChallengeLanguage,
  testTolerance: number | undefined,
): string | undefined {
  const expectedThrow = "throws" in step ? step.throws : undefined;
  if (expectedThrow) {
    const wanted = language === "python" ? (pythonErrorNames[expectedThrow] ?? expectedThrow) : expectedThrow;
    if (observation?.throws?.names.includes(wanted)) return undefined;
    const got =
      "new" in step && observation && !observation.throws && !observation.missing
        ? "the constructor returned normally"
        : describeObservation(observation);
    return `expected ${wanted} to be thrown, ${got}`;
  }
  if (!observation || observation.missing || observation.throws) {
    return `unexpected: ${describeObservation(observation)}`;
  }
  if ("expect" in step && step.expect !== undefined) {
    const tolerance = ("tolerance" in step ? step.tolerance : undefined) ?? testTolerance ?? 0;
    if (!valuesEqual(step.expect, observation.value, tolerance)) {
      return `expected ${show(step.expect)}, ${describeObservation(observation)}`;
    }
  }
  return undefined;
}

/** A test's message: empty when every step matched its expectation. */
function checkTest(test: ChallengeTest, result: HarnessTestResult | undefined, language: ChallengeLanguage) {
  const timeoutMs = test.timeoutMs ?? defaultTestTimeoutMs;
  if (!result) return "No result was reported for this test.";
  if (result.timedOut || result.durationMs > timeoutMs)
    return `Exceeded the test's time limit of ${timeoutMs} ms.`;
  for (const [stepIndex, step] of test.steps.entries()) {
    const problem = checkStep(step, result.steps[stepIndex], language, test.tolerance);
    if (problem) return `step ${stepIndex + 1} ${describeStep(step)}: ${problem}`;
  }
  return "";
}

/** The methods the generated workloads call, renamed per language like the tests' own calls. */
export const workloadMethods = [
  "set",
  "get",
  "delete",
  "size",
  "tryAcquire",
  "available",
  "addNode",
  "removeNode",
  "nodeFor",
  "nodesFor",
  "add",
  "top",
  "count",
];

/** The plan sent into the box: expectations removed, names mapped to the language. */
function planFor(
  manifest: ChallengeManifest,
  language: ChallengeLanguage,
  tests: ChallengeTest[],
  entry: string,
) {
  const names = manifest.function?.names[language] ?? {};
  const rename = (name: string) => names[name] ?? name;
  const workloadNames: Record<string, string> = {};
  for (const name of workloadMethods) workloadNames[name] = rename(name);
  return {
    entry,
    export: manifest.function?.export ?? "",
    tests: tests.map((test) => ({
      clockStart: test.clockStart,
      timeoutMs: test.timeoutMs ?? defaultTestTimeoutMs,
      steps: test.steps.map((step) => {
        if ("new" in step) return { new: step.new, clock: step.clock ?? true };
        if ("call" in step) return { call: rename(step.call), args: step.args };
        if ("get" in step) return { get: rename(step.get) };
        if ("advanceClock" in step) return { advanceClock: step.advanceClock };
        return { workload: step.workload, names: workloadNames };
      }),
    })),
  };
}

interface PreparedClass {
  language: ChallengeLanguage;
  files: Record<string, string>;
  /** The solution module's path inside the box. */
  entry: string;
}

export const functionKind: ChallengeKind<ChallengeTest, PreparedClass> = {
  name: "function",
  languages: sourceLanguages,
  entryFile: (language) => solutionFile[language],
  loadSuites: readTestSuites,
  parseSuites: (challenge) => challenge.suites,
  identify: (test) => test,

  async prepare(_challenge, language, submitted) {
    if (!isSourceLanguage(language)) throw new AppError("bad_request", "SQL is graded by the sql kind.");
    const submission = await prepareSubmission(language, submitted, solutionFile[language]);
    return { language, files: submission.files, entry: `submission/${submission.entry}` };
  },

  async runSuite(prepared, suite, challenge): Promise<SuiteOutcome> {
    const { language } = prepared;
    const harnessFile = language === "python" ? "harness.py" : "harness.mjs";
    const { run, failure, output, console } = await runBoxedSuite<HarnessResult>({
      sandbox: {
        runtime: language === "python" ? "python" : "node",
        files: { ...prepared.files, [harnessFile]: language === "python" ? pythonHarness : nodeHarness },
        command:
          language === "python"
            ? ["python3", "-I", "-B", harnessFile]
            : ["node", "--enable-source-maps", harnessFile],
        limits: challenge.manifest.limits,
      },
      plan: planFor(challenge.manifest, language, suite.tests, prepared.entry),
      reporter: "program",
      hasResults: () => true,
      timedOut: (output) =>
        output.tests?.some(
          (test, index) =>
            test.timedOut || test.durationMs > (suite.tests[index]?.timeoutMs ?? defaultTestTimeoutMs),
        ) ?? false,
    });
    if (failure) return { ...failedSuite(suite.tests, failure, run), console };
    // The candidate's module did not load (it threw on import): no test could run.
    if (output.load.error !== undefined) {
      const crash = { verdict: "error" as const, message: output.load.error };
      return { ...failedSuite(suite.tests, crash, run), console, crash: output.load.error };
    }
    const tests = suite.tests.map((test, index) => {
      const result = output.tests?.[index];
      return testReport(test, checkTest(test, result, language), result?.durationMs ?? 0);
    });
    return { tests, verdict: "passed", resources: run, console };
  },
};
