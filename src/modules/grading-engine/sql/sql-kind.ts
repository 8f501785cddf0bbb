/**
 * The `sql` challenge kind. A submission is `schema.sql` + `queries.sql`, run in a fresh database
 * (database.ts) after the grader's own setup; then every test (test-files.ts) runs inside BEGIN …
 * ROLLBACK, each step inside a SAVEPOINT, and its outcome is checked: statements by SQLSTATE
 * (here), queries by their typed rows (row-checks.ts), plans by the indexes they read (plan-checks.ts).
 * The manifest's limits.wallMs is the submission's budget: it starts once the database is up and
 * does not include tests/before.sql.
 * Only grader-authored SQL is ever combined with other text; the candidate's files run as given.
 */
import { AppError } from "../../../platform/errors.ts";
import { type ChallengeKind, SubmissionCannotRun, type SuiteOutcome } from "../kind.ts";
import { sanitizeMessage } from "../messages.ts";
import { checkSubmittedFiles } from "../prepare.ts";
import { type Resources, type TestReport, testReport, type Verdict } from "../report.ts";
import { type Outcome, PgliteBox } from "./database.ts";
import { indexDefinitionsQuery, planIndexNamesOn, planUsesIndexOn } from "./plan-checks.ts";
import { compareRows } from "./row-checks.ts";
import {
  loadSqlSetup,
  loadSqlTests,
  type SqlErrorKind,
  type SqlStep,
  type SqlTest,
  sqlErrorKinds,
} from "./test-files.ts";

const defaultTestTimeoutMs = 2000;
const setupTimeoutMs = 5000;
/** The grader's own setup files may load many rows. */
const graderSetupTimeoutMs = 30_000;
const startupTimeoutMs = 60_000;
/** The grader's session is deliberately not UTC, so "UTC months" must be computed explicitly. */
const sessionTimeZone = "Europe/Berlin";

function errorName(code: string): string {
  const entry = Object.entries(sqlErrorKinds).find(([, codes]) => codes.length === 1 && codes[0] === code);
  return `${entry ? `${entry[0]} ` : ""}(SQLSTATE ${code || "?"})`;
}

function errorMatches(kind: SqlErrorKind, code: string): boolean {
  const wanted: readonly string[] = sqlErrorKinds[kind];
  return wanted.length === 0 || wanted.some((prefix) => code.startsWith(prefix));
}

function lineOf(text: string, position: number | undefined): string {
  if (!position || position < 1) return "";
  return `:${text.slice(0, position - 1).split("\n").length}`;
}

function describeStep(step: SqlStep, visible: boolean): string {
  const text = "sql" in step ? step.sql : "query" in step ? step.query : step.explain;
  const label = "sql" in step ? "statement" : "query" in step ? "query" : "plan check";
  return visible ? `${label} ${JSON.stringify(sanitizeMessage(text.replace(/\s+/g, " "), 160))}` : label;
}

/** The database with the submission's schema and queries in place, and the clock of its budget. */
interface PreparedDatabase {
  box: PgliteBox;
  /** When the submission's time budget runs out (performance.now() milliseconds). */
  deadline: number;
  resources: () => Resources;
}

/** Starts the database and runs the grader's setup and the candidate's files around each other. */
async function prepareDatabase(
  box: PgliteBox,
  setup: { before?: string; after?: string },
  files: Record<string, string>,
  overallMs: number,
  started: number,
): Promise<{ deadline: number } | { verdict: Verdict; message: string }> {
  // Set once the database is up; on a busy machine starting PGlite alone can take many seconds.
  let deadline = started + overallMs;
  const budget = (ms: number) => Math.max(1, Math.min(ms, deadline - performance.now()));
  const ready = await box.ready;
  if (ready === "timeout" || ready.error)
    return { verdict: "error", message: "The database could not be started." };
  deadline = performance.now() + overallMs;

  const session = [
    "SET statement_timeout = '2s'",
    `SET TimeZone = '${sessionTimeZone}'`,
    "SET client_min_messages = warning",
  ];
  for (const sql of session) {
    const outcome = await box.run("exec", sql, setupTimeoutMs);
    if (outcome === "timeout" || outcome.error)
      return { verdict: "error", message: "The database could not be prepared." };
  }
  if (setup.before !== undefined) {
    const beforeStarted = performance.now();
    const outcome = await box.run("exec", setup.before, graderSetupTimeoutMs);
    if (outcome === "timeout" || outcome.error) {
      const reason = outcome === "timeout" ? "it exceeded the time limit" : outcome.error?.message;
      return { verdict: "error", message: `The grader's setup before your files failed: ${reason}` };
    }
    deadline += performance.now() - beforeStarted; // the grader's time, not the submission's
  }
  for (const file of ["schema.sql", "queries.sql"]) {
    const text = files[file] as string;
    const outcome = await box.run("exec", text, budget(setupTimeoutMs));
    if (outcome === "timeout") return { verdict: "time_limit", message: `${file} exceeded the time limit.` };
    if (box.memoryExceeded) return { verdict: "memory_limit", message: `${file}: ${outcome.error?.message}` };
    if (outcome.error) {
      const where = lineOf(text, outcome.error.position);
      return { verdict: "error", message: `${file}${where}: ${outcome.error.message}` };
    }
  }
  if (setup.after !== undefined) {
    // It can fail because of the candidate's files (a dropped table), so the message says so.
    const outcome = await box.run("exec", setup.after, budget(graderSetupTimeoutMs));
    if (outcome === "timeout")
      return { verdict: "time_limit", message: "The grader's setup after your files timed out." };
    if (outcome.error) {
      return {
        verdict: "error",
        message: `The grader's setup after your files failed: ${outcome.error.message}`,
      };
    }
  }
  return { deadline };
}

/** A step's problem given its outcome, or undefined; "timeout" when a follow-up query ran out of time. */
async function checkStep(
  step: SqlStep,
  outcome: Exclude<Outcome, "timeout">,
  runQuery: (sql: string) => Promise<Outcome>,
): Promise<string | undefined | "timeout"> {
  if ("sql" in step) {
    if (step.expect === "ok") {
      return outcome.error
        ? `expected success, got ${errorName(outcome.error.code)}: ${outcome.error.message}`
        : undefined;
    }
    if (!outcome.error) {
      return `expected ${step.expect.error === "any" ? "an error" : step.expect.error}, but the statement succeeded`;
    }
    if (!errorMatches(step.expect.error, outcome.error.code)) {
      return `expected ${step.expect.error}, got ${errorName(outcome.error.code)}: ${outcome.error.message}`;
    }
    return undefined;
  }
  if (outcome.error) return `failed with ${errorName(outcome.error.code)}: ${outcome.error.message}`;
  if ("query" in step) return compareRows(step, outcome.fields ?? [], outcome.rows ?? []);
  let plan: unknown;
  try {
    plan = JSON.parse(outcome.rows?.[0]?.[0] ?? "null");
  } catch {
    plan = null;
  }
  if (!planUsesIndexOn(plan, step.expectIndexScanOn)) {
    return `expected the plan to read ${step.expectIndexScanOn} through an index`;
  }
  if (step.indexDefinition === undefined) return undefined;
  const used = planIndexNamesOn(plan, step.expectIndexScanOn);
  const indexes = await runQuery(indexDefinitionsQuery);
  if (indexes === "timeout") return "timeout";
  const pattern = new RegExp(step.indexDefinition, "i");
  const matches = (indexes.rows ?? []).some(
    ([table, name, definition]) =>
      table === step.expectIndexScanOn &&
      typeof name === "string" &&
      used.includes(name) &&
      pattern.test(definition ?? ""),
  );
  return matches
    ? undefined
    : `expected the plan to read ${step.expectIndexScanOn} through an index matching /${step.indexDefinition}/, it used ${used.join(", ") || "none"}`;
}

/** Runs one test in its own transaction; its message ("" when it passed) and whether it ran out of time. */
async function runTest(
  database: PreparedDatabase,
  test: SqlTest,
  testStart: number,
): Promise<{ message: string; timedOut: boolean }> {
  const { box, deadline } = database;
  const timeoutMs = test.timeoutMs ?? defaultTestTimeoutMs;
  const testDeadline = testStart + timeoutMs;
  const left = () => Math.max(1, Math.min(testDeadline - performance.now(), deadline - performance.now()));
  const internal = async (sql: string): Promise<string | undefined> => {
    const outcome = await box.run("exec", sql, left());
    if (outcome === "timeout") return "timeout";
    return outcome.error ? outcome.error.message : undefined;
  };
  const runSteps = async (): Promise<string> => {
    const begin = await internal("BEGIN");
    if (begin === "timeout") return "timeout";
    if (begin) return "The test transaction could not be started.";
    for (const [stepIndex, step] of test.steps.entries()) {
      const label = `step ${stepIndex + 1} ${describeStep(step, test.visibility === "visible")}`;
      const saved = await internal("SAVEPOINT evident_step");
      if (saved === "timeout") return "timeout";
      if (saved) return `${label}: the transaction was aborted.`;
      const text =
        "sql" in step ? step.sql : "query" in step ? step.query : `EXPLAIN (FORMAT JSON) ${step.explain}`;
      const outcome = await box.run("query", text, left());
      if (outcome === "timeout") return "timeout";
      const problem = await checkStep(step, outcome, (sql) => box.run("query", sql, left()));
      if (problem === "timeout") return "timeout";
      const back = await internal(
        outcome.error ? "ROLLBACK TO SAVEPOINT evident_step" : "RELEASE SAVEPOINT evident_step",
      );
      if (back === "timeout") return "timeout";
      if (problem) return `${label}: ${problem}`;
      if (back) return `${label}: the transaction was aborted.`;
    }
    return "";
  };
  // "timeout" never collides with a message: every message starts with a capital or "step".
  const message = await runSteps();
  if (message !== "timeout" && (await internal("ROLLBACK")) !== "timeout")
    return { message, timedOut: false };
  return { message: `Exceeded the test's time limit of ${timeoutMs} ms.`, timedOut: true };
}

export const sqlKind: ChallengeKind<SqlTest, PreparedDatabase> = {
  name: "sql",
  languages: ["sql"],
  entryFile: () => "schema.sql",
  loadSuites: (dir) => {
    // The shared fields are enough for names, points and the wrong solutions' mustFail lists.
    const tests = loadSqlTests(dir).map((test) => ({
      name: test.name,
      visibility: test.visibility,
      points: test.points,
      clockStart: 0,
      steps: [],
    }));
    return [{ file: "tests", tests }];
  },
  parseSuites: (challenge) => [{ file: "tests", tests: loadSqlTests(challenge.dir) }],
  identify: (test) => test,

  async prepare(challenge, _language, files) {
    const setup = loadSqlSetup(challenge.dir);
    const started = performance.now();
    checkSubmittedFiles(files);
    for (const required of ["schema.sql", "queries.sql"]) {
      if (typeof files[required] !== "string") {
        throw new AppError("bad_request", `An sql submission needs the files schema.sql and queries.sql.`);
      }
    }
    const box = new PgliteBox(startupTimeoutMs);
    // The database process's own CPU time and peak memory since it started (database.ts samples them).
    const resources = () => ({ wallMs: Math.round(performance.now() - started), ...box.resources() });
    try {
      const prepared = await prepareDatabase(
        box,
        setup,
        files,
        challenge.manifest.limits.wallMs ?? 120_000,
        started,
      );
      if ("deadline" in prepared) return { box, deadline: prepared.deadline, resources };
      throw new SubmissionCannotRun(prepared.message, prepared.verdict, resources());
    } catch (error) {
      await box.close();
      throw error;
    }
  },

  async runSuite(database, suite): Promise<SuiteOutcome> {
    const tests: TestReport[] = [];
    let verdict: Verdict = "passed";
    // After a timeout or past the memory allowance the database is gone: the remaining tests are
    // reported, not run.
    let stopped: string | undefined;
    for (const test of suite.tests) {
      const testStart = performance.now();
      if (stopped) {
        tests.push(testReport(test, stopped, performance.now() - testStart));
        continue;
      }
      const { message, timedOut } = await runTest(database, test, testStart);
      if (database.box.memoryExceeded) {
        stopped = "Not run: the database was stopped after an earlier test used too much memory.";
        verdict = "memory_limit";
      } else if (timedOut) {
        stopped = "Not run: the database was stopped after an earlier test exceeded its time limit.";
        verdict = "time_limit";
      }
      tests.push(testReport(test, message, performance.now() - testStart));
    }
    return { tests, verdict, resources: database.resources() };
  },

  release: (database) => database.box.close(),
};
