/**
 * Grades a submission against a challenge: every tests/*.json file is one sandbox run of the
 * per-language harness (harness/), which reads a per-run nonce and the plan (steps WITHOUT
 * expectations) from stdin before importing the candidate's code, and prints one result line
 * `<nonce> <json>`. Only that line counts; the host compares observations with expectations
 * by type and structure, so a forged line without the nonce changes nothing and hidden
 * expectations never enter the box. TypeScript is transpiled on the host with esbuild's
 * transform API (no code runs); type errors do not matter, syntax errors are reported.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../../platform/errors.ts";
import { runInSandbox, type SandboxResult } from "../sandbox/sandbox.ts";
import { type ApiLanguage, apiEntryFile, gradeApiChallenge } from "./api-kind.ts";
import {
  builtInChallengesDir,
  type ChallengeLanguage,
  type ChallengeManifest,
  type ChallengeStep,
  type ChallengeTest,
  challengeLanguages,
  type LoadedChallenge,
  loadChallenge,
  readSolutionDir,
  resolveChallengeDir,
  solutionFile,
} from "./manifest.ts";
import { sanitizeMessage } from "./messages.ts";
import { prepareSubmission, SubmissionLoadError } from "./prepare.ts";
import { gradeScaleChallenge } from "./scale-kind.ts";
import { gradeSqlChallenge } from "./sql-kind.ts";
import { addResources, suiteFailureOf } from "./suite-run.ts";

export type Verdict = "passed" | "failed" | "error" | "time_limit" | "memory_limit" | "output_limit";

export interface TestReport {
  name: string;
  visibility: "visible" | "hidden";
  passed: boolean;
  points: number;
  maxPoints: number;
  durationMs: number;
  message: string;
}

export interface GradeReport {
  challengeId: string;
  language: ChallengeLanguage;
  verdict: Verdict;
  score: number;
  maxScore: number;
  tests: TestReport[];
  resources: { wallMs: number; cpuMs: number; maxRssKb: number };
}

export interface GradeInput {
  challengeDir?: string;
  challengeId?: string;
  language: string;
  files: Record<string, string>;
}

const harnessDir = path.join(import.meta.dirname, "harness");
const nodeHarness = readFileSync(path.join(harnessDir, "node-harness.mjs"), "utf8");
const pythonHarness = readFileSync(path.join(harnessDir, "python_harness.py"), "utf8");
const defaultTestTimeoutMs = 2000;

const pythonErrorNames: Record<string, string> = {
  RangeError: "ValueError",
  TypeError: "TypeError",
  Error: "Exception",
};

function isLanguage(value: string): value is ChallengeLanguage {
  return (challengeLanguages as readonly string[]).includes(value);
}

interface Observation {
  value?: unknown;
  throws?: { names: string[]; message: string };
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
    return `threw ${name}${observation.throws.message ? `: ${observation.throws.message}` : ""}`;
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
  for (const name of [
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
  ])
    workloadNames[name] = rename(name);
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

function parseHarnessOutput(stdout: string, nonce: string): HarnessResult | "tampered" | undefined {
  const prefix = `${nonce} `;
  const lines = stdout.split("\n").filter((line) => line.startsWith(prefix));
  if (lines.length === 0) return undefined;
  if (lines.length > 1) return "tampered";
  try {
    return JSON.parse((lines[0] as string).slice(prefix.length)) as HarnessResult;
  } catch {
    return "tampered";
  }
}

const verdictRank: Verdict[] = ["error", "time_limit", "memory_limit", "output_limit", "failed", "passed"];

export async function gradeSubmission(input: GradeInput): Promise<GradeReport> {
  const dir = input.challengeDir
    ? resolveChallengeDir(input.challengeDir)
    : resolveChallengeDir(input.challengeId ?? "");
  const challenge = loadChallenge(dir);
  return gradeLoaded(challenge, input.language, input.files);
}

export async function gradeLoaded(
  challenge: LoadedChallenge,
  languageInput: string,
  submitted: Record<string, string>,
): Promise<GradeReport> {
  const { manifest } = challenge;
  if (manifest.kind === "api") return gradeApiChallenge(challenge, languageInput, submitted);
  if (manifest.kind === "scale") return gradeScaleChallenge(challenge, languageInput, submitted);
  if (manifest.kind === "sql") {
    if (languageInput !== "sql") {
      throw new AppError(
        "bad_request",
        `Language ${JSON.stringify(languageInput)} is not offered; choose sql.`,
      );
    }
    return gradeSqlChallenge(challenge, submitted);
  }
  if (manifest.kind !== "function") {
    throw new AppError("unprocessable", `Challenges of kind ${manifest.kind} are not supported yet.`);
  }
  if (!isLanguage(languageInput) || !manifest.languages.includes(languageInput)) {
    throw new AppError(
      "bad_request",
      `Language ${JSON.stringify(languageInput)} is not offered; choose one of ${manifest.languages.join(", ")}.`,
    );
  }
  const language = languageInput;
  const allTests = challenge.suites.flatMap((suite) => suite.tests);
  const maxScore = allTests.reduce((sum, test) => sum + test.points, 0);
  const resources = { wallMs: 0, cpuMs: 0, maxRssKb: 0 };
  const failAll = (verdict: Verdict, message: string): GradeReport => ({
    challengeId: manifest.id,
    language,
    verdict,
    score: 0,
    maxScore,
    tests: allTests.map((test) => ({
      name: test.name,
      visibility: test.visibility,
      passed: false,
      points: 0,
      maxPoints: test.points,
      durationMs: 0,
      message: sanitizeMessage(message),
    })),
    resources,
  });

  let prepared: { files: Record<string, string>; entry: string };
  try {
    if (language === "sql") throw new AppError("bad_request", "SQL is graded by the sql kind.");
    const submission = await prepareSubmission(language, submitted, solutionFile[language]);
    prepared = { files: submission.files, entry: `submission/${submission.entry}` };
  } catch (error) {
    if (error instanceof SubmissionLoadError) return failAll("error", error.message);
    throw error;
  }

  const tests: TestReport[] = [];
  let verdict: Verdict = "passed";
  const worsen = (next: Verdict) => {
    if (verdictRank.indexOf(next) < verdictRank.indexOf(verdict)) verdict = next;
  };

  for (const suite of challenge.suites) {
    const nonce = randomBytes(24).toString("hex");
    const plan = planFor(manifest, language, suite.tests, prepared.entry);
    const harnessFile = language === "python" ? "harness.py" : "harness.mjs";
    const run: SandboxResult = await runInSandbox({
      runtime: language === "python" ? "python" : "node",
      files: { ...prepared.files, [harnessFile]: language === "python" ? pythonHarness : nodeHarness },
      command: language === "python" ? ["python3", "-I", "-B", harnessFile] : ["node", harnessFile],
      stdin: `${nonce}\n${JSON.stringify(plan)}\n`,
      limits: manifest.limits,
    });
    addResources(resources, run);
    const parsed = parseHarnessOutput(run.stdout, nonce);
    let suiteFailure = suiteFailureOf(
      run,
      parsed === "tampered" ? "tampered" : !parsed ? "missing" : "results",
      "program",
    );
    if (!suiteFailure && parsed && parsed !== "tampered" && parsed.load.error !== undefined) {
      suiteFailure = { verdict: "error", message: parsed.load.error };
    }
    if (suiteFailure || !parsed || parsed === "tampered") {
      const failure = suiteFailure ?? { verdict: "error" as Verdict, message: "No results." };
      worsen(failure.verdict);
      for (const test of suite.tests) {
        tests.push({
          name: test.name,
          visibility: test.visibility,
          passed: false,
          points: 0,
          maxPoints: test.points,
          durationMs: 0,
          message: sanitizeMessage(failure.message),
        });
      }
      continue;
    }

    suite.tests.forEach((test, index) => {
      const result = parsed.tests?.[index];
      let message = "";
      const timeoutMs = test.timeoutMs ?? defaultTestTimeoutMs;
      if (!result) message = "No result was reported for this test.";
      else if (result.timedOut || result.durationMs > timeoutMs) {
        message = `Exceeded the test's time limit of ${timeoutMs} ms.`;
      } else {
        for (const [stepIndex, step] of test.steps.entries()) {
          const problem = checkStep(step, result.steps[stepIndex], language, test.tolerance);
          if (problem) {
            message = `step ${stepIndex + 1} ${describeStep(step)}: ${problem}`;
            break;
          }
        }
      }
      const passed = message === "";
      tests.push({
        name: test.name,
        visibility: test.visibility,
        passed,
        points: passed ? test.points : 0,
        maxPoints: test.points,
        durationMs: Math.round(result?.durationMs ?? 0),
        message: sanitizeMessage(message),
      });
    });
  }

  const score = tests.reduce((sum, test) => sum + test.points, 0);
  const passPercent = manifest.scoring.passPercent;
  if (verdict === "passed" && score * 100 < maxScore * passPercent) verdict = "failed";
  if (verdict === "passed" && tests.some((test) => !test.passed) && passPercent === 100) verdict = "failed";
  return { challengeId: manifest.id, language, verdict, score, maxScore, tests, resources };
}

export interface ValidationEntry {
  solution: string;
  language: ChallengeLanguage;
  ok: boolean;
  score: number;
  maxScore: number;
  verdict: Verdict;
  problems: string[];
}

export interface ValidationReport {
  challengeId: string;
  ok: boolean;
  entries: ValidationEntry[];
}

/** Reference solutions must score full marks; each wrong one must fail its named tests and lose marks. */
export async function validateChallenge(dirOrId: string): Promise<ValidationReport> {
  const dir = resolveChallengeDir(dirOrId);
  const challenge = loadChallenge(dir);
  const { manifest } = challenge;
  const entries: ValidationEntry[] = [];
  const problems: string[] = [];
  for (const required of ["prompt.md"]) {
    if (!existsSync(path.join(dir, required))) problems.push(`${required} is missing`);
  }
  if (challenge.suites.length === 0) problems.push("tests/ has no test files");
  for (const language of manifest.languages) {
    const entryFile =
      manifest.kind === "api" || manifest.kind === "scale"
        ? apiEntryFile[language as ApiLanguage]
        : solutionFile[language];
    if (!existsSync(path.join(dir, "starter", language, entryFile))) {
      problems.push(`starter/${language}/${entryFile} is missing`);
    }
  }
  if (problems.length > 0) {
    return {
      challengeId: manifest.id,
      ok: false,
      entries: [
        {
          solution: "(layout)",
          language: manifest.languages[0] ?? "javascript",
          ok: false,
          score: 0,
          maxScore: 0,
          verdict: "error",
          problems,
        },
      ],
    };
  }
  const solutions: { name: string; base: string; mustFail: string[] }[] = [
    { name: "reference", base: path.join(dir, "reference"), mustFail: [] },
    ...Object.entries(manifest.wrong).map(([name, wrong]) => ({
      name: `wrong/${name}`,
      base: path.join(dir, "wrong", name),
      mustFail: wrong.mustFail,
    })),
  ];
  for (const solution of solutions) {
    for (const language of manifest.languages) {
      const folder = path.join(solution.base, language);
      if (!existsSync(folder)) {
        entries.push({
          solution: solution.name,
          language,
          ok: false,
          score: 0,
          maxScore: 0,
          verdict: "error",
          problems: [`${solution.name}/${language} is missing`],
        });
        continue;
      }
      const report = await gradeLoaded(challenge, language, readSolutionDir(folder));
      const entryProblems: string[] = [];
      if (solution.name === "reference") {
        if (report.score !== report.maxScore || report.verdict !== "passed") {
          for (const test of report.tests.filter((t) => !t.passed))
            entryProblems.push(`${test.name}: ${test.message}`);
          if (entryProblems.length === 0) entryProblems.push(`verdict ${report.verdict}`);
        }
      } else {
        for (const name of solution.mustFail) {
          const test = report.tests.find((t) => t.name === name);
          if (!test || test.passed) entryProblems.push(`should fail ${name} but passed it`);
        }
        if (report.score >= report.maxScore) entryProblems.push("scored full marks");
      }
      entries.push({
        solution: solution.name,
        language,
        ok: entryProblems.length === 0,
        score: report.score,
        maxScore: report.maxScore,
        verdict: report.verdict,
        problems: entryProblems,
      });
    }
  }
  return { challengeId: manifest.id, ok: entries.every((entry) => entry.ok), entries };
}

export interface ChallengeSummary {
  id: string;
  title: string;
  kind: string;
  languages: ChallengeLanguage[];
  tests: number;
  maxScore: number;
}

export function listChallenges(root = builtInChallengesDir): ChallengeSummary[] {
  if (!existsSync(root)) return [];
  const result: ChallengeSummary[] = [];
  for (const entry of readdirSync(root).sort()) {
    if (!existsSync(path.join(root, entry, "challenge.json"))) continue;
    const challenge = loadChallenge(path.join(root, entry));
    const tests = challenge.suites.flatMap((suite) => suite.tests);
    result.push({
      id: challenge.manifest.id,
      title: challenge.manifest.title,
      kind: challenge.manifest.kind,
      languages: challenge.manifest.languages,
      tests: tests.length,
      maxScore: tests.reduce((sum, test) => sum + test.points, 0),
    });
  }
  return result;
}

export { sanitizeMessage } from "./messages.ts";
