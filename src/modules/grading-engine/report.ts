/**
 * The grade report every challenge kind produces, and the helpers that build it, so a report
 * means the same thing whichever kind graded it.
 */
import type { ChallengeLanguage } from "./manifest.ts";
import { sanitizeMessage } from "./messages.ts";
import type { ChallengeTest } from "./test-files.ts";

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

export interface Resources {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
}

export interface GradeReport {
  challengeId: string;
  language: ChallengeLanguage;
  verdict: Verdict;
  score: number;
  maxScore: number;
  tests: TestReport[];
  resources: Resources;
  /**
   * What the candidate's own code printed (stdout and stderr, box paths removed), at most
   * consoleMax characters; shown to the candidate for a Run only, since a Submit's output could
   * reveal hidden tests' inputs.
   */
  console?: string;
  /**
   * Why the code could not run at all (a syntax error, a throw while loading, a server that
   * exits before listening), said once; each test's message repeats it for reviewers and tools.
   */
  crash?: string;
}

/** Longest console text a report carries. */
export const consoleMax = 16_000;

/** Joins console parts (one per box or per test) and caps the whole. */
export function joinConsole(parts: (string | undefined)[]): string | undefined {
  const text = parts.filter((part): part is string => !!part && part.trim() !== "").join("\n");
  if (text === "") return undefined;
  return sanitizeMessage(text, consoleMax);
}

/** What a report needs of a test, whatever the kind's own steps look like. */
export type TestIdentity = Pick<ChallengeTest, "name" | "visibility" | "points">;

/** Why a whole suite (or submission) failed: the verdict and the message every test gets. */
export interface Failure {
  verdict: Verdict;
  message: string;
}

// Worst first: a submission's verdict is the worst of its suites' verdicts.
const verdictRank: Verdict[] = ["error", "time_limit", "memory_limit", "output_limit", "failed", "passed"];

export function worseVerdict(current: Verdict, next: Verdict): Verdict {
  return verdictRank.indexOf(next) < verdictRank.indexOf(current) ? next : current;
}

/**
 * One test's line of the report. A message alone means failed unless it is empty; a test judged
 * with figures (a load run) may pass and still say why.
 */
export function testReport(
  test: TestIdentity,
  judged: string | { passed: boolean; message: string },
  durationMs = 0,
): TestReport {
  const { passed, message } =
    typeof judged === "string" ? { passed: judged === "", message: judged } : judged;
  return {
    name: test.name,
    visibility: test.visibility,
    passed,
    points: passed ? test.points : 0,
    maxPoints: test.points,
    durationMs: Math.round(durationMs),
    message: sanitizeMessage(message),
  };
}

/** Every test failed with one message (a run that reported nothing, a submission that cannot run). */
export function failedTestReports(tests: TestIdentity[], message: string): TestReport[] {
  return tests.map((test) => testReport(test, { passed: false, message }));
}

export function noResources(): Resources {
  return { wallMs: 0, cpuMs: 0, maxRssKb: 0 };
}

/** Adds what one run used: times add up, memory is the peak. */
export function addResources(total: Resources, used: Resources): void {
  total.wallMs += used.wallMs;
  total.cpuMs += used.cpuMs;
  total.maxRssKb = Math.max(total.maxRssKb, used.maxRssKb);
}
