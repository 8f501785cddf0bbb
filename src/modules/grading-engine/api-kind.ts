/**
 * The `api` challenge kind: the candidate writes an HTTP server (entry server.ts, server.js or
 * server.py) and every tests/*.json file is ONE sandbox run of harness/api-driver.mjs, a
 * trusted Node driver that reads a per-run nonce and the plan (requests WITHOUT expectations)
 * from stdin, then for each test starts the candidate's server as its child with env PORT (a
 * free loopback port), waits until it accepts TCP connections (plan.startTimeoutMs), runs the
 * steps and kills the server, so every test starts from empty in-memory state. It prints one
 * result line `<nonce> <json>`; the host compares, so hidden expectations never enter the box.
 * The box's network namespace has only a loopback device.
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
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import { clampLimits, runInSandbox, type SandboxResult } from "../sandbox/sandbox.ts";
import type { GradeReport, TestReport, Verdict } from "./engine.ts";
import type { ChallengeTest, LoadedChallenge } from "./manifest.ts";
import { sanitizeMessage } from "./messages.ts";
import { prepareSubmission, SubmissionLoadError } from "./prepare.ts";
import { addResources, suiteFailureOf } from "./suite-run.ts";

export const apiLanguages = ["typescript", "javascript", "python"] as const;
export type ApiLanguage = (typeof apiLanguages)[number];

export const apiEntryFile: Record<ApiLanguage, string> = {
  typescript: "server.ts",
  javascript: "server.js",
  python: "server.py",
};

const driverSource = readFileSync(path.join(import.meta.dirname, "harness", "api-driver.mjs"), "utf8");
const defaultTestTimeoutMs = 5000;
const startTimeoutMs = 3000;
const requestTimeoutMs = 2000;
const verdictRank: Verdict[] = ["error", "time_limit", "memory_limit", "output_limit", "failed", "passed"];

const json: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);
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
export function parseApiSuites(challenge: LoadedChallenge): { file: string; tests: ApiTest[] }[] {
  return challenge.suites.map((suite) => ({
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
  steps: StepObservation[];
}

export function parseDriverOutput(
  stdout: string,
  nonce: string,
): { tests?: DriverTestResult[] } | "tampered" | undefined {
  const prefix = `${nonce} `;
  const lines = stdout.split("\n").filter((line) => line.startsWith(prefix));
  if (lines.length === 0) return undefined;
  if (lines.length > 1) return "tampered";
  try {
    return JSON.parse((lines[0] as string).slice(prefix.length)) as { tests?: DriverTestResult[] };
  } catch {
    return "tampered";
  }
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

function checkTest(apiTest: ApiTest, result: DriverTestResult | undefined): string {
  const { test, steps } = apiTest;
  if (!result) return "No result was reported for this test.";
  if (result.start) {
    const output = result.start.output ? `; its output: ${result.start.output}` : "";
    if (result.start.exited)
      return `The server ${result.start.exited} before listening on $PORT (${result.port})${output}`;
    return `The server did not start listening on $PORT (${result.port}) within ${result.start.timedOut ?? startTimeoutMs} ms${output}`;
  }
  const timeoutMs = test.timeoutMs ?? defaultTestTimeoutMs;
  const resolve = resolverFor(result.steps);
  for (const [index, step] of steps.entries()) {
    const observation = result.steps[index];
    if (observation === undefined) {
      if (result.timedOut) return `Exceeded the test's time limit of ${timeoutMs} ms.`;
      return `step ${index + 1} ${describeStep(step)}: no response was recorded`;
    }
    const responses = "responses" in observation ? observation.responses : [observation];
    for (const [responseIndex, response] of responses.entries()) {
      const problem = checkResponse(step.expect, response, resolve);
      if (problem) {
        const which =
          "responses" in observation ? ` (response ${responseIndex + 1} of ${responses.length})` : "";
        const exit = result.serverExit
          ? `; the server ${result.serverExit.exit}: ${result.serverExit.output}`
          : "";
        return `step ${index + 1} ${describeStep(step)}${which}: ${problem}${exit}`;
      }
    }
  }
  if (result.timedOut || result.durationMs > timeoutMs)
    return `Exceeded the test's time limit of ${timeoutMs} ms.`;
  return "";
}

export function isApiLanguage(value: string): value is ApiLanguage {
  return (apiLanguages as readonly string[]).includes(value);
}

/** Grades a submission to an `api` challenge; same report shape and verdicts as the function kind. */
export async function gradeApiChallenge(
  challenge: LoadedChallenge,
  languageInput: string,
  submitted: Record<string, string>,
): Promise<GradeReport> {
  const { manifest } = challenge;
  if (manifest.kind !== "api") throw new AppError("unprocessable", `${manifest.id} is not an api challenge.`);
  if (!isApiLanguage(languageInput) || !manifest.languages.includes(languageInput)) {
    throw new AppError(
      "bad_request",
      `Language ${JSON.stringify(languageInput)} is not offered; choose one of ${manifest.languages.join(", ")}.`,
    );
  }
  const language = languageInput;
  const suites = parseApiSuites(challenge);
  const allTests = suites.flatMap((suite) => suite.tests.map(({ test }) => test));
  const maxScore = allTests.reduce((sum, test) => sum + test.points, 0);
  const resources = { wallMs: 0, cpuMs: 0, maxRssKb: 0 };
  const failed = (test: ChallengeTest, message: string): TestReport => ({
    name: test.name,
    visibility: test.visibility,
    passed: false,
    points: 0,
    maxPoints: test.points,
    durationMs: 0,
    message: sanitizeMessage(message),
  });

  let prepared: { files: Record<string, string>; entry: string };
  try {
    prepared = await prepareSubmission(language, submitted, apiEntryFile[language]);
  } catch (error) {
    if (!(error instanceof SubmissionLoadError)) throw error;
    const message = error.message;
    return {
      challengeId: manifest.id,
      language,
      verdict: "error",
      score: 0,
      maxScore,
      tests: allTests.map((test) => failed(test, message)),
      resources,
    };
  }

  const tests: TestReport[] = [];
  let verdict: Verdict = "passed";
  const worsen = (next: Verdict) => {
    if (verdictRank.indexOf(next) < verdictRank.indexOf(verdict)) verdict = next;
  };
  const memoryMb = clampLimits(manifest.limits).memoryMb;

  for (const suite of suites) {
    const nonce = randomBytes(24).toString("hex");
    const plan = planFor(suite.tests, language, prepared.entry, memoryMb);
    const run: SandboxResult = await runInSandbox({
      runtime: "node",
      files: { ...prepared.files, "driver.mjs": driverSource },
      command: ["node", "driver.mjs"],
      stdin: `${nonce}\n${JSON.stringify(plan)}\n`,
      limits: manifest.limits,
    });
    addResources(resources, run);
    const parsed = parseDriverOutput(run.stdout, nonce);
    const suiteFailure = suiteFailureOf(
      run,
      parsed === "tampered" ? "tampered" : !parsed?.tests ? "missing" : "results",
      "test driver",
    );
    if (suiteFailure || !parsed || parsed === "tampered" || !parsed.tests) {
      const failure = suiteFailure ?? { verdict: "error" as Verdict, message: "No results." };
      worsen(failure.verdict);
      for (const { test } of suite.tests) tests.push(failed(test, failure.message));
      continue;
    }
    const results = parsed.tests;
    suite.tests.forEach((apiTest, index) => {
      const result = results[index];
      const message = checkTest(apiTest, result);
      const passed = message === "";
      tests.push({
        name: apiTest.test.name,
        visibility: apiTest.test.visibility,
        passed,
        points: passed ? apiTest.test.points : 0,
        maxPoints: apiTest.test.points,
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
