/**
 * What a challenge kind (function, api, scale, sql) provides to the engine. The engine owns the
 * order of things (suite-run.ts `gradeWithKind`): check the language, parse the tests, prepare the
 * submission once, run each suite, add up the verdict and score. A kind owns what is particular to
 * it: its test format, how a submission becomes runnable and how a suite's results are judged.
 * Kinds never import the engine; the registry (kinds.ts) is the only place that knows them all.
 */
import type { ChallengeLanguage, ChallengeManifest, LoadedChallenge } from "./manifest.ts";
import type { Resources, TestIdentity, TestReport, Verdict } from "./report.ts";
import type { TestSuite } from "./test-files.ts";

export type ChallengeKindName = ChallengeManifest["kind"];

/** One tests/*.json file (or the sql kind's single set of tests) in the kind's own form. */
export interface ParsedSuite<Test> {
  file: string;
  tests: Test[];
}

/** What running one suite gave: a report line for each of its tests, in order. */
export interface SuiteOutcome {
  tests: TestReport[];
  /** The worst verdict the suite caused ("passed" when only scores decide). */
  verdict: Verdict;
  resources: Resources;
  /** What the candidate's code printed in this suite (report.ts GradeReport.console). */
  console?: string;
  /** Set when the code could not run at all (report.ts GradeReport.crash). */
  crash?: string;
}

/**
 * The submission cannot be graded at all (a syntax error, a schema.sql that fails): every test
 * fails with this message and the report gets this verdict. Not a host error.
 */
export class SubmissionCannotRun extends Error {
  readonly verdict: Verdict;
  /** What was spent before it failed, when the kind measures it. */
  readonly resources: Resources | undefined;

  constructor(message: string, verdict: Verdict = "error", resources?: Resources) {
    super(message);
    this.verdict = verdict;
    this.resources = resources;
  }
}

export interface ChallengeKind<Test = unknown, Prepared = unknown> {
  readonly name: ChallengeKindName;
  /** The languages a package of this kind may offer. */
  readonly languages: readonly ChallengeLanguage[];
  /** The file a submission in this language must contain (a single submitted file stands for it). */
  entryFile(language: ChallengeLanguage): string;
  /**
   * Reads and checks the package's tests (tests/ under dir), giving the fields every kind shares
   * (names, points, visibility) in suites; throws AppError("unprocessable") naming what is wrong.
   */
  loadSuites(dir: string): TestSuite[];
  /** A loaded challenge's suites in the kind's own form; throws AppError("unprocessable"). */
  parseSuites(challenge: LoadedChallenge): ParsedSuite<Test>[];
  /** The shared fields of one of the kind's tests, for the report. */
  identify(test: Test): TestIdentity;
  /** Makes the submitted files runnable; throws SubmissionCannotRun, or AppError for a bad request. */
  prepare(
    challenge: LoadedChallenge,
    language: ChallengeLanguage,
    files: Record<string, string>,
  ): Promise<Prepared>;
  runSuite(prepared: Prepared, suite: ParsedSuite<Test>, challenge: LoadedChallenge): Promise<SuiteOutcome>;
  /** Frees what prepare holds (the sql kind's database); called once all suites ran. */
  release?(prepared: Prepared): Promise<void>;
}
