/**
 * The `api` challenge kind: the candidate writes an HTTP server (entry server.ts, server.js or
 * server.py) and every tests/*.json file is ONE sandbox run of harness/api-driver.mjs, a
 * trusted Node driver that reads a per-run nonce and the plan (requests WITHOUT expectations)
 * from stdin, then for each test starts the candidate's server with env PORT (a free loopback
 * port) in a second box nested in its own (own user, PID, IPC and mount namespaces, sharing only
 * the network namespace, so the server cannot see, signal or read the driver), waits until it
 * accepts TCP connections (plan.startTimeoutMs), runs the steps and kills the server, so every
 * test starts from empty in-memory state. It prints one result line `<nonce> <json>`; the host
 * compares, so hidden expectations never enter the box. The box's network namespace has only a
 * loopback device.
 *
 * Test files use the manifest's test shape (so loadChallenge, mustFail names, listings and
 * scores work unchanged) with api steps expressed as `call` steps, checked by apiStepSchema:
 * - `{ "call": "POST /payments", "args": [{ "headers"?, "body"?, "raw"? }], "expect"?: Expect }`
 *   one request; `body` is sent as JSON, `raw` as-is (malformed JSON); args may be []; a path
 *   may contain `{N.body.id}`, replaced in the box by that value of step N's response;
 * - `{ "call": "concurrent", "args": [{ "method", "path", "headers"?, "body"?, "raw"?, "repeat"? }, …],
 *   "expect"?: Expect }` sends all requests at once (each `repeat` times) and checks every
 *   response against the same Expect.
 * Expect is `{ "status"?, "headers"?: { name: value | null (absent) }, "body"? }`; values are
 * compared by type and structure (objects must have exactly the expected keys, arrays the
 * same length and order) and may be matchers:
 * `{ "$type": "string" | "number" | "integer" | "boolean" | "array" | "object" | "null" }`,
 * `{ "$same": "N.body.id" }` (equal to that value of step N's response, 1-based; for a
 * concurrent step its first response, so inside step N itself it means "all the same"),
 * `{ "$notSame": "N.path" }`, `{ "$length": n }` (an array of that length),
 * `{ "$oneOf": [values…] }`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import { clampLimits, type SandboxLimits, systemDirArgs } from "../sandbox/sandbox.ts";
import type { ChallengeKind, ParsedSuite, SuiteOutcome } from "./kind.ts";
import {
  type ChallengeLanguage,
  type ChallengeManifest,
  type LoadedChallenge,
  solutionFile,
} from "./manifest.ts";
import { isSourceLanguage, prepareSubmission, type SourceLanguage, sourceLanguages } from "./prepare.ts";
import { type TestReport, testReport } from "./report.ts";
import { failedSuite, runBoxedSuite } from "./suite-run.ts";
import { type ChallengeTest, json, readTestSuites } from "./test-files.ts";

export const apiLanguages = sourceLanguages;
export type ApiLanguage = SourceLanguage;

export const apiEntryFile: Record<ApiLanguage, string> = {
  typescript: "server.ts",
  javascript: "server.js",
  python: "server.py",
};

const driverSource = readFileSync(path.join(import.meta.dirname, "harness", "api-driver.mjs"), "utf8");
const defaultTestTimeoutMs = 5000;
const startTimeoutMs = 3000;
const requestTimeoutMs = 2000;
export const httpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
export const requestPath = z.string().regex(/^\/[\x21-\x7e]*$/, "must start with / and contain no spaces");
export const headerName = z.string().regex(/^[A-Za-z0-9-]+$/);
const requestBase = {
  headers: z.record(headerName, z.string()).optional(),
  body: json.optional(),
  raw: z.string().optional(),
};
const requestSchema = z.object(requestBase).strict();
const concurrentRequestSchema = z
  .object({
    ...requestBase,
    method: httpMethod,
    path: requestPath,
    repeat: z.number().int().min(1).max(50).optional(),
  })
  .strict();
export const expectSchema = z
  .object({
    status: json.optional(),
    headers: z.record(headerName, json).optional(),
    body: json.optional(),
  })
  .strict();

/** An api step as written in a test file (the manifest's `call` step shape). */
export const apiStepSchema = z.union([
  z
    .object({
      call: z.literal("concurrent"),
      args: z.array(concurrentRequestSchema).min(1),
      expect: expectSchema.optional(),
    })
    .strict(),
  z
    .object({
      call: z
        .string()
        .regex(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[\x21-\x7e]*$/, "must be METHOD /path"),
      args: z.array(requestSchema).max(1),
      expect: expectSchema.optional(),
    })
    .strict(),
]);
export type ApiStep = z.infer<typeof apiStepSchema>;
type ConcurrentStep = Extract<ApiStep, { call: "concurrent" }>;
const isConcurrent = (step: ApiStep): step is ConcurrentStep => step.call === "concurrent";
export type Expect = z.infer<typeof expectSchema>;

interface ApiTest {
  test: ChallengeTest;
  steps: ApiStep[];
}

/** Checks every step of every suite against apiStepSchema; throws AppError("unprocessable"). */
export function parseApiSuites({ suites }: Pick<LoadedChallenge, "suites">): ParsedSuite<ApiTest>[] {
  return suites.map((suite) => ({
    file: suite.file,
    tests: suite.tests.map((test) => ({
      test,
      steps: test.steps.map((step, index) => {
        const { tolerance: _ignored, ...rest } = step as Record<string, unknown>;
        const parsed = apiStepSchema.safeParse(rest);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new AppError(
            "unprocessable",
            `${suite.file} is invalid: ${test.name}: step ${index + 1}: ${issue?.path.join(".") || "(step)"}: ${issue?.message ?? "invalid"}`,
          );
        }
        return parsed.data;
      }),
    })),
  }));
}

export interface ResponseObservation {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  error?: string;
  ms?: number;
}
type StepObservation = ResponseObservation | { responses: ResponseObservation[] };

export interface DriverTestResult {
  port: number;
  durationMs: number;
  timedOut?: boolean;
  start?: { exited?: string; timedOut?: number; output?: string };
  serverExit?: { exit: string; output: string };
  /** The last of what the server printed during the test. */
  output?: string;
  steps: StepObservation[];
}

/** The driver's result line: one result per test that runs a server. */
export interface DriverOutput {
  tests?: DriverTestResult[];
}

function splitCall(step: ApiStep): { method: string; path: string } {
  const space = step.call.indexOf(" ");
  return { method: step.call.slice(0, space), path: step.call.slice(space + 1) };
}

export function collectHeaderNames(tests: ApiTest[]): string[] {
  const names = new Set(["content-type"]);
  for (const { steps } of tests)
    for (const step of steps)
      for (const name of Object.keys(step.expect?.headers ?? {})) names.add(name.toLowerCase());
  return [...names].sort();
}

function planFor(tests: ApiTest[], language: ApiLanguage, entry: string, memoryMb: number) {
  return {
    runtime: language === "python" ? "python" : "node",
    cwd: "submission",
    entry,
    systemDirArgs: systemDirArgs(),
    heapMb: Math.max(16, Math.floor((memoryMb * 3) / 4)),
    startTimeoutMs,
    requestTimeoutMs,
    headers: collectHeaderNames(tests),
    tests: tests.map(({ test, steps }) => ({
      timeoutMs: test.timeoutMs ?? defaultTestTimeoutMs,
      steps: steps.map(planApiStep),
    })),
  };
}

/** An api step as the driver gets it: the request(s) only, never the expectation. */
export function planApiStep(step: ApiStep) {
  if (isConcurrent(step)) {
    return {
      concurrent: step.args.flatMap(({ repeat, ...request }) =>
        Array.from({ length: repeat ?? 1 }, () => request),
      ),
    };
  }
  return { request: { ...splitCall(step), ...(step.args[0] ?? {}) } };
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export type Resolver = (reference: string) => { found: boolean; value?: unknown };

function typeOf(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Compares actual with expected (which may contain matchers); returns a problem or undefined. */
export function matchValue(
  expected: unknown,
  actual: unknown,
  where: string,
  resolve: Resolver,
): string | undefined {
  const at = where ? ` at ${where}` : "";
  if (isPlainObject(expected)) {
    const keys = Object.keys(expected);
    const matcher = keys.length === 1 && keys[0]?.startsWith("$") ? keys[0] : undefined;
    if (matcher) {
      const argument = expected[matcher];
      if (matcher === "$type") {
        const ok = argument === "integer" ? Number.isInteger(actual) : typeOf(actual) === argument;
        return ok ? undefined : `expected type ${String(argument)}${at}, got ${show(actual)}`;
      }
      if (matcher === "$same" || matcher === "$notSame") {
        const target = resolve(String(argument));
        if (!target.found) return `expected the value of step ${String(argument)}${at}, which is missing`;
        const equal = matchValue(target.value, actual, where, resolve) === undefined;
        if (matcher === "$same" && !equal) {
          return `expected ${show(target.value)} (the same as step ${String(argument)})${at}, got ${show(actual)}`;
        }
        if (matcher === "$notSame" && equal) {
          return `expected a value different from step ${String(argument)}${at}, got the same ${show(actual)}`;
        }
        return undefined;
      }
      if (matcher === "$length") {
        if (!Array.isArray(actual) || actual.length !== argument) {
          return `expected an array of length ${String(argument)}${at}, got ${Array.isArray(actual) ? `length ${actual.length}` : show(actual)}`;
        }
        return undefined;
      }
      if (matcher === "$oneOf" && Array.isArray(argument)) {
        return argument.some((option) => matchValue(option, actual, where, resolve) === undefined)
          ? undefined
          : `expected one of ${show(argument)}${at}, got ${show(actual)}`;
      }
    }
    if (!isPlainObject(actual)) return `expected an object${at}, got ${show(actual)}`;
    for (const key of keys) {
      if (!(key in actual)) return `missing ${where ? `${where}.` : ""}${key}`;
      const problem = matchValue(expected[key], actual[key], where ? `${where}.${key}` : key, resolve);
      if (problem) return problem;
    }
    const extra = Object.keys(actual).filter((key) => !(key in expected));
    if (extra.length > 0) return `unexpected key ${where ? `${where}.` : ""}${extra[0]}`;
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `expected an array${at}, got ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `expected ${expected.length} items${at}, got ${actual.length}`;
    }
    for (const [index, item] of expected.entries()) {
      const problem = matchValue(item, actual[index], where ? `${where}.${index}` : String(index), resolve);
      if (problem) return problem;
    }
    return undefined;
  }
  if (expected === null)
    return actual === null || actual === undefined ? undefined : `expected null${at}, got ${show(actual)}`;
  if (typeof actual !== typeof expected || actual !== expected)
    return `expected ${show(expected)}${at}, got ${show(actual)}`;
  return undefined;
}

function describeResponse(observation: ResponseObservation): string {
  if (observation.error) return `the request failed (${observation.error})`;
  const body =
    observation.body !== undefined ? show(observation.body) : `non-JSON ${show(observation.bodyText ?? "")}`;
  return `status ${observation.status} with body ${body}`;
}

export function checkResponse(
  expect: Expect | undefined,
  observation: ResponseObservation | undefined,
  resolve: Resolver,
) {
  if (!observation) return "no response was recorded";
  if (observation.error) return describeResponse(observation);
  if (!expect) return undefined;
  if (expect.status !== undefined) {
    const problem = matchValue(expect.status, observation.status, "", resolve);
    if (problem) return `expected status ${show(expect.status)}, got ${describeResponse(observation)}`;
  }
  for (const [name, wanted] of Object.entries(expect.headers ?? {})) {
    const actual = observation.headers?.[name.toLowerCase()];
    if (wanted === null) {
      if (actual !== undefined) return `expected no ${name} header, got ${show(actual)}`;
      continue;
    }
    if (actual === undefined) return `expected header ${name}: ${show(wanted)}, it is missing`;
    const problem = matchValue(wanted, actual, `header ${name}`, resolve);
    if (problem) return problem;
  }
  if (expect.body !== undefined) {
    if (observation.body === undefined) return `expected a JSON body, got ${describeResponse(observation)}`;
    return matchValue(expect.body, observation.body, "body", resolve);
  }
  return undefined;
}

export function resolverFor(observations: StepObservation[]): Resolver {
  return (reference) => {
    const [stepPart, ...pathParts] = reference.split(".");
    const stepIndex = Number(stepPart) - 1;
    let current: unknown = observations[stepIndex];
    if (current && typeof current === "object" && "responses" in current) {
      current = (current as { responses: ResponseObservation[] }).responses[0];
    }
    if (current === undefined) return { found: false };
    for (const part of pathParts) {
      if (current === null || typeof current !== "object" || !(part in current)) return { found: false };
      current = (current as Record<string, unknown>)[part];
    }
    return { found: current !== undefined, value: current };
  };
}

export function describeStep(step: ApiStep): string {
  if (!isConcurrent(step)) return step.call;
  const count = step.args.reduce((sum, request) => sum + (request.repeat ?? 1), 0);
  return `${count} concurrent requests`;
}

/** Why the server never listened on $PORT, or undefined when it did. */
export function startProblem(result: DriverTestResult): string | undefined {
  if (!result.start) return undefined;
  const output = result.start.output ? `; its output: ${result.start.output}` : "";
  if (result.start.exited)
    return `The server ${result.start.exited} before listening on $PORT (${result.port})${output}`;
  return `The server did not start listening on $PORT (${result.port}) within ${result.start.timedOut ?? startTimeoutMs} ms${output}`;
}

/** A step as the response check sees it: what to call it, and what its responses must match. */
export interface CheckedStep {
  label: string;
  expect: Expect | undefined;
  /** False for steps that answer nothing (a pause): they only have to have happened. */
  hasResponses: boolean;
}

/**
 * The first step whose responses miss its expectation (every response of a concurrent step is
 * checked), or a step the driver never got to; undefined when all steps matched.
 */
export function checkSteps(
  steps: CheckedStep[],
  result: DriverTestResult,
  timeoutMs: number,
): string | undefined {
  const resolve = resolverFor(result.steps);
  const exit = result.serverExit ? `; the server ${result.serverExit.exit}: ${result.serverExit.output}` : "";
  for (const [index, step] of steps.entries()) {
    const observation = result.steps[index];
    if (observation === undefined) {
      if (result.timedOut) return `Exceeded the test's time limit of ${timeoutMs} ms.`;
      return `step ${index + 1} ${step.label}: no response was recorded`;
    }
    if (!step.hasResponses) continue;
    const responses = "responses" in observation ? observation.responses : [observation];
    for (const [responseIndex, response] of responses.entries()) {
      const problem = checkResponse(step.expect, response, resolve);
      if (problem) {
        const which =
          "responses" in observation ? ` (response ${responseIndex + 1} of ${responses.length})` : "";
        return `step ${index + 1} ${step.label}${which}: ${problem}${exit}`;
      }
    }
  }
  return undefined;
}

function checkTest(apiTest: ApiTest, result: DriverTestResult | undefined): string {
  const { test, steps } = apiTest;
  if (!result) return "No result was reported for this test.";
  const notStarted = startProblem(result);
  if (notStarted) return notStarted;
  const timeoutMs = test.timeoutMs ?? defaultTestTimeoutMs;
  const checked = steps.map((step) => ({
    label: describeStep(step),
    expect: step.expect,
    hasResponses: true,
  }));
  const problem = checkSteps(checked, result, timeoutMs);
  if (problem) return problem;
  if (result.timedOut || result.durationMs > timeoutMs)
    return `Exceeded the test's time limit of ${timeoutMs} ms.`;
  return "";
}

export function isApiLanguage(value: string): value is ApiLanguage {
  return isSourceLanguage(value);
}

/** The server's entry file; a language without a server (sql) keeps its solution file. */
export function serverEntryFile(language: ChallengeLanguage): string {
  return isSourceLanguage(language) ? apiEntryFile[language] : solutionFile[language];
}

export interface PreparedServer {
  language: ApiLanguage;
  files: Record<string, string>;
  /** The server's file inside submission/ (server.ts becomes server.js). */
  entry: string;
}

/** Makes a server submission runnable; shared with the scale kind. */
export async function prepareServer(
  language: ChallengeLanguage,
  submitted: Record<string, string>,
): Promise<PreparedServer> {
  if (!isApiLanguage(language))
    throw new AppError("bad_request", `A server cannot be written in ${language}.`);
  const submission = await prepareSubmission(language, submitted, apiEntryFile[language]);
  return { language, ...submission };
}

/** What an api-like kind (api, scale) adds to the shared server kind. */
export interface ServerKindParts<Test extends { test: ChallengeTest }> {
  name: "api" | "scale";
  parseSuites: (challenge: Pick<LoadedChallenge, "suites">) => ParsedSuite<Test>[];
  limits: (manifest: ChallengeManifest) => Partial<SandboxLimits>;
  driverSource: () => Promise<string>;
  /** The driver's plan: requests only, never expectations. */
  planFor: (tests: Test[], language: ApiLanguage, entry: string, memoryMb: number) => unknown;
  /** Every test's report line from the driver's results (one per test that starts a server). */
  judge: (tests: Test[], results: DriverTestResult[]) => TestReport[];
}

/**
 * A kind whose submission is an HTTP server: each suite is one box in which a trusted driver
 * starts the server per test and records the responses; the host judges them.
 */
export function serverKind<Test extends { test: ChallengeTest }>(
  parts: ServerKindParts<Test>,
): ChallengeKind<Test, PreparedServer> {
  return {
    name: parts.name,
    languages: apiLanguages,
    entryFile: serverEntryFile,
    loadSuites(dir) {
      const suites = readTestSuites(dir);
      parts.parseSuites({ suites }); // checked now, so a broken package fails when loaded
      return suites;
    },
    parseSuites: parts.parseSuites,
    identify: ({ test }) => test,
    prepare: (_challenge, language, submitted) => prepareServer(language, submitted),

    async runSuite(prepared, suite, challenge): Promise<SuiteOutcome> {
      const limits = parts.limits(challenge.manifest);
      const { run, failure, output, console } = await runBoxedSuite<DriverOutput>({
        sandbox: {
          runtime: "node",
          files: { ...prepared.files, "driver.mjs": await parts.driverSource() },
          command: ["node", "driver.mjs"],
          limits,
        },
        plan: parts.planFor(suite.tests, prepared.language, prepared.entry, clampLimits(limits).memoryMb),
        reporter: "test driver",
        hasResults: (reported) => reported.tests !== undefined,
      });
      if (failure)
        return {
          ...failedSuite(
            suite.tests.map(({ test }) => test),
            failure,
            run,
          ),
          console,
        };
      const results = output.tests ?? [];
      return {
        tests: parts.judge(suite.tests, results),
        verdict: "passed",
        resources: run,
        console: serverConsole(suite.tests, results),
        crash: serverCrash(results),
      };
    },
  };
}

/** The server's output per test, headed by the test's name (tests that share a run have none). */
function serverConsole(tests: { test: ChallengeTest }[], results: DriverTestResult[]): string | undefined {
  const parts = results.flatMap((result, index) => {
    const name = results.length === tests.length ? tests[index]?.test.name : undefined;
    return result.output ? [`── ${name ?? `run ${index + 1}`} ──\n${result.output.trimEnd()}`] : [];
  });
  return parts.length > 0 ? parts.join("\n") : undefined;
}

/** A server that exited before listening in every test crashed on start: said once. */
function serverCrash(results: DriverTestResult[]): string | undefined {
  const first = results[0]?.start;
  if (!first?.exited || !results.every((result) => result.start?.exited)) return undefined;
  return `The server ${first.exited} before listening on $PORT${first.output ? `:\n${first.output}` : "."}`;
}

/** Grades a submission to an `api` challenge; same report shape and verdicts as the function kind. */
export const apiKind = serverKind<ApiTest>({
  name: "api",
  parseSuites: parseApiSuites,
  limits: (manifest) => manifest.limits,
  driverSource: async () => driverSource,
  planFor,
  judge: (tests, results) =>
    tests.map((apiTest, index) => {
      const result = results[index];
      return testReport(apiTest.test, checkTest(apiTest, result), result?.durationMs ?? 0);
    }),
});
