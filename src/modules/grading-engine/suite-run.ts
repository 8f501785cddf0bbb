/**
 * The suite loop every kind is graded by, and the pass-percentage rule, written once: check the
 * language, parse the kind's tests, prepare the submission, run each suite, then decide the verdict
 * from the suites' verdicts and the score. Also the sandbox run shared by the kinds whose suites
 * are one box each (function, api, scale): a per-run nonce and the plan go in on stdin, and only
 * the one result line `<nonce> <json>` counts, so a forged line without the nonce changes nothing.
 */
import { randomBytes } from "node:crypto";
import { AppError } from "../../platform/errors.ts";
import { runInSandbox, type SandboxResult, type SandboxRun } from "../sandbox/sandbox.ts";
import { type ChallengeKind, SubmissionCannotRun, type SuiteOutcome } from "./kind.ts";
import type { ChallengeLanguage, ChallengeManifest, LoadedChallenge } from "./manifest.ts";
import { sanitizeMessage } from "./messages.ts";
import {
  addResources,
  type Failure,
  failedTestReports,
  type GradeReport,
  joinConsole,
  noResources,
  type TestIdentity,
  type TestReport,
  type Verdict,
  worseVerdict,
} from "./report.ts";

/** Longest crash text a report carries (a stack trace of a few frames). */
const crashMax = 4000;

/** Grades a submission to a loaded challenge with the kind that owns it. */
export async function gradeWithKind<Test, Prepared>(
  kind: ChallengeKind<Test, Prepared>,
  challenge: LoadedChallenge,
  languageInput: string,
  submitted: Record<string, string>,
): Promise<GradeReport> {
  const { manifest } = challenge;
  const language = offeredLanguage(kind, manifest, languageInput);
  const suites = kind.parseSuites(challenge);
  const allTests = suites.flatMap((suite) => suite.tests.map((test) => kind.identify(test)));
  const maxScore = allTests.reduce((sum, test) => sum + test.points, 0);
  const report = (
    verdict: Verdict,
    tests: TestReport[],
    resources: GradeReport["resources"],
    extra: Pick<GradeReport, "console" | "crash"> = {},
  ): GradeReport => {
    const score = tests.reduce((sum, test) => sum + test.points, 0);
    return {
      challengeId: manifest.id,
      language,
      verdict: verdictAfterScoring(verdict, tests, score, maxScore, manifest.scoring.passPercent),
      score,
      maxScore,
      tests,
      resources,
      ...(extra.console !== undefined ? { console: extra.console } : {}),
      ...(extra.crash !== undefined ? { crash: sanitizeMessage(extra.crash, crashMax) } : {}),
    };
  };

  let prepared: Prepared;
  try {
    prepared = await kind.prepare(challenge, language, submitted);
  } catch (error) {
    if (!(error instanceof SubmissionCannotRun)) throw error;
    return report(
      error.verdict,
      failedTestReports(allTests, error.message),
      error.resources ?? noResources(),
      { crash: error.message },
    );
  }

  const tests: TestReport[] = [];
  const resources = noResources();
  const consoleParts: (string | undefined)[] = [];
  let crash: string | undefined;
  let verdict: Verdict = "passed";
  try {
    for (const suite of suites) {
      const outcome = await kind.runSuite(prepared, suite, challenge);
      tests.push(...outcome.tests);
      addResources(resources, outcome.resources);
      verdict = worseVerdict(verdict, outcome.verdict);
      consoleParts.push(outcome.console);
      crash ??= outcome.crash;
    }
  } finally {
    await kind.release?.(prepared);
  }
  return report(verdict, tests, resources, { console: joinConsole(consoleParts), crash });
}

/**
 * The pass-percentage rule: a submission whose suites all ran passes when it scores at least
 * passPercent of the points; at 100 % every test must pass (a test may be worth 0 points).
 */
export function verdictAfterScoring(
  verdict: Verdict,
  tests: TestReport[],
  score: number,
  maxScore: number,
  passPercent: number,
): Verdict {
  if (verdict !== "passed") return verdict;
  if (score * 100 < maxScore * passPercent) return "failed";
  if (passPercent === 100 && tests.some((test) => !test.passed)) return "failed";
  return "passed";
}

function offeredLanguage(
  kind: ChallengeKind<unknown, unknown>,
  manifest: ChallengeManifest,
  input: string,
): ChallengeLanguage {
  const offered = manifest.languages.filter((language) => kind.languages.includes(language));
  const language = offered.find((candidate) => candidate === input);
  if (language) return language;
  const choice = offered.length === 1 ? offered[0] : `one of ${offered.join(", ")}`;
  throw new AppError("bad_request", `Language ${JSON.stringify(input)} is not offered; choose ${choice}.`);
}

/** A suite none of whose tests could be judged: each fails with the failure's message. */
export function failedSuite(
  tests: TestIdentity[],
  failure: Failure,
  resources: GradeReport["resources"],
): SuiteOutcome {
  return { tests: failedTestReports(tests, failure.message), verdict: failure.verdict, resources };
}

/** A box's run, with either the reported output or why the suite's tests all fail. */
export type BoxedSuiteRun<Output> =
  | { run: SandboxResult; failure: Failure; output?: undefined; console: string }
  | { run: SandboxResult; failure?: undefined; output: Output; console: string };

/**
 * Runs one suite's box: the trusted program (a harness or a test driver) gets the nonce and the
 * plan on stdin and prints its result line. `hasResults` says whether a parsed line carries results.
 */
export async function runBoxedSuite<Output>(options: {
  sandbox: Omit<SandboxRun, "stdin">;
  plan: unknown;
  reporter: "program" | "test driver";
  hasResults: (output: Output) => boolean;
  /** Whether a reported output holds a test that ran out of time (then the suite runs again once). */
  timedOut?: (output: Output) => boolean;
}): Promise<BoxedSuiteRun<Output>> {
  const first = await runBoxedSuiteOnce(options);
  // A time-limit verdict is retried once before it stands: a moment of contention on the host
  // (another box, the database) must not cost a correct solution its marks. The second run's
  // result is the one reported, whatever it is.
  const ranOutOfTime =
    first.run.status === "time_limit" ||
    (first.output !== undefined && options.timedOut?.(first.output) === true);
  return ranOutOfTime ? runBoxedSuiteOnce(options) : first;
}

async function runBoxedSuiteOnce<Output>(options: {
  sandbox: Omit<SandboxRun, "stdin">;
  plan: unknown;
  reporter: "program" | "test driver";
  hasResults: (output: Output) => boolean;
}): Promise<BoxedSuiteRun<Output>> {
  const nonce = randomBytes(24).toString("hex");
  const run = await runInSandbox({
    ...options.sandbox,
    stdin: `${nonce}\n${JSON.stringify(options.plan)}\n`,
  });
  const parsed = parseResultLine<Output>(run.stdout, nonce);
  const reported =
    parsed === "tampered"
      ? "tampered"
      : parsed === undefined || !options.hasResults(parsed)
        ? "missing"
        : "results";
  const failure = suiteFailureOf(run, reported, options.reporter);
  const console = consoleOf(run, nonce);
  if (failure || parsed === undefined || parsed === "tampered") {
    return { run, failure: failure ?? { verdict: "error", message: "No results." }, console };
  }
  return { run, output: parsed, console };
}

/** What the box printed besides the result line: the candidate's own output, when the program runs their code. */
function consoleOf(run: SandboxResult, nonce: string): string {
  const stdout = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith(`${nonce} `))
    .join("\n")
    .trim();
  return [stdout, run.stderr.trim()].filter((text) => text !== "").join("\n");
}

function parseResultLine<Output>(stdout: string, nonce: string): Output | "tampered" | undefined {
  const prefix = `${nonce} `;
  const lines = stdout.split("\n").filter((line) => line.startsWith(prefix));
  if (lines.length === 0) return undefined;
  if (lines.length > 1) return "tampered";
  try {
    return JSON.parse((lines[0] as string).slice(prefix.length)) as Output;
  } catch {
    return "tampered";
  }
}

/**
 * Why a suite's tests all fail, or undefined when the run reported results. `reported` says what
 * the nonce-marked result line held: results, nothing, or a forgery (several lines, bad JSON).
 */
export function suiteFailureOf(
  run: SandboxResult,
  reported: "results" | "missing" | "tampered",
  reporter: "program" | "test driver",
): Failure | undefined {
  if (run.status === "time_limit") return { verdict: "time_limit", message: "Time limit exceeded." };
  if (run.status === "memory_limit") return { verdict: "memory_limit", message: "Memory limit exceeded." };
  if (run.status === "output_limit") return { verdict: "output_limit", message: "Output limit exceeded." };
  if (reported === "tampered") return { verdict: "error", message: "The result channel was tampered with." };
  if (reported === "missing") {
    const tail = run.stderr.trim().split("\n").slice(-5).join("\n");
    const how = `${run.status}${run.exitCode !== null ? `, exit ${run.exitCode}` : ""}${run.signal ? `, ${run.signal}` : ""}`;
    return {
      verdict: "error",
      message: `The ${reporter} ended without reporting results (${how})${tail ? `: ${tail}` : "."}`,
    };
  }
  return undefined;
}
