/**
 * The `scale` challenge kind: an `api` (entry server.ts, server.js or server.py, listening on
 * 127.0.0.1:$PORT) graded for correctness AND under load. Same trust model as api-kind.ts: every
 * tests/*.json file is ONE sandbox run of harness/scale-driver.mjs, bundled on the host with
 * esbuild into a single file (no node_modules path enters the box); the driver gets the nonce and
 * the plan (requests WITHOUT expectations) on stdin and prints one `<nonce> <json>` line. The load
 * generator runs INSIDE the box (it has only loopback), in the trusted driver; the host compares
 * observations with expectations and thresholds and decides pass or fail.
 *
 * A scale test is a manifest test whose steps are api steps (api-kind.ts: requests, `concurrent`)
 * plus these `call` steps:
 * - `{ "call": "server", "args": [{ "env"?: { NAME: "value" }, "upstream"?: { "latencyMs", "items" } }] }`
 *   only as the first step: how the server starts. `upstream` makes the driver start a slow
 *   record store on another loopback port, given as env UPSTREAM_URL: GET /items/{id} (1..items)
 *   answers `{ id, name: "Item <id>", priceCents: 100 + (id × 37 mod 900), version: 1 }` or 404,
 *   PUT /items/{id} with `{ name?, priceCents? }` updates it (version + 1); every answer after
 *   latencyMs.
 * - `{ "call": "upstream", "args": [], "expect"?: Expect }` observes the upstream's counters as a
 *   response `{ status: 200, body: { gets, puts } }` (GET and PUT /items/… requests so far).
 * - `{ "call": "sleep", "args": [{ "ms": n }] }` waits (TTLs and the like).
 * - `{ "call": "load", "args": [Profile], "expect": Thresholds }` only as the last step: a load run
 *   against the server in the state the earlier steps left. Profile is `{ rate (req/s),
 *   durationMs, warmupMs? (sent at the same rate, not measured), connections? (16), timeoutMs?
 *   (2000, from the intended send time; a timeout is an error), sampleEvery? (20), seed?, requests:
 *   [{ weight? (1), method, path, headers?, body?, vars?: { name: [min, max] }, expect?: { status?,
 *   body? } }] }`: a weighted mix; each request draws integer vars, and "{name}" in its path,
 *   headers, body and expect is replaced by the value (a string that is exactly "{name}" becomes
 *   the number). Requests follow a constant-arrival-rate schedule (open model) and latency is
 *   measured from each request's INTENDED send time, so a stalled server cannot hide its stall by
 *   slowing the generator down: the coordinated-omission correction. Latencies go into an HDR
 *   histogram (harness/latency-recorder.mjs).
 *   Thresholds is `{ p50Ms?, p95Ms?, p99Ms?, maxErrorRate? (0..1), maxWrongSamples?,
 *   maxUpstreamGets? }`: each percentile must be ≤ its bound, errors (failed or timed-out requests
 *   and 5xx answers) / requests ≤ maxErrorRate, at most maxWrongSamples of the sampled responses
 *   (every sampleEvery-th request, checked on the host against its mix entry's expect) may be
 *   wrong, and the upstream may have served at most maxUpstreamGets reads since the test began
 *   (a check of caching that does not depend on the machine's speed). When most sampled responses
 *   are wrong, every threshold of the run fails: speed only counts for right answers.
 * - `{ "call": "load", "args": [{ "sameRunAs": "<test name>" }], "expect": Thresholds }` as a test's
 *   only step judges the load run of an EARLIER test in the same file with other thresholds, so one
 *   run can carry several tests with their own points (partial credit) without running again.
 * Every load test's message carries the figures, e.g. "p99 41.2 ms ≤ 50 ms at 300 req/s for 3.0 s
 * (900 requests, 16 connections), 0.0% errors, 1 of 45 sampled responses wrong: …".
 * Limits: the manifest's sandbox limits apply to each file's run; wall and CPU time default to the
 * sandbox's maximum. The generator shares the box's CPU with the server, so thresholds must leave
 * room for a busy machine (the message reports the generator's own send lag); wrong solutions
 * should miss them by an order of magnitude.
 */
import path from "node:path";
import { build } from "esbuild";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import { maximumSandboxLimits, systemDirArgs } from "../sandbox/sandbox.ts";
import {
  type ApiLanguage,
  type ApiStep,
  apiStepSchema,
  checkResponse,
  checkSteps,
  collectHeaderNames,
  type DriverTestResult,
  describeStep,
  type Expect,
  expectSchema,
  headerName,
  httpMethod,
  planApiStep,
  type Resolver,
  type ResponseObservation,
  requestPath,
  serverKind,
  startProblem,
} from "./api-kind.ts";
import type { ParsedSuite } from "./kind.ts";
import type { LoadedChallenge } from "./manifest.ts";
import { testReport } from "./report.ts";
import type { ChallengeTest } from "./test-files.ts";

const defaultTestTimeoutMs = 5000;
const startTimeoutMs = 3000;
const requestTimeoutMs = 2000;
const reservedEnv = new Set(["PATH", "HOME", "LANG", "PORT", "UPSTREAM_URL"]);
// A load file runs for seconds and keeps the driver and the server busy: unless the manifest
// says otherwise, a box gets the longest wall and CPU time the sandbox allows.
const scaleLimits = { wallMs: maximumSandboxLimits.wallMs, cpuMs: maximumSandboxLimits.cpuMs };

const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const serverStepSchema = z
  .object({
    call: z.literal("server"),
    args: z.tuple([
      z
        .object({
          env: z
            .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be an uppercase name"), z.string().max(1000))
            .refine(
              (env) => Object.keys(env).every((name) => !reservedEnv.has(name)),
              `cannot set ${[...reservedEnv].join(", ")} (the driver sets them)`,
            )
            .optional(),
          upstream: z
            .object({
              latencyMs: z.number().int().min(0).max(1000),
              items: z.number().int().min(1).max(1_000_000),
            })
            .strict()
            .optional(),
        })
        .strict(),
    ]),
  })
  .strict();
const upstreamStepSchema = z
  .object({ call: z.literal("upstream"), args: z.tuple([]), expect: expectSchema.optional() })
  .strict();
const sleepStepSchema = z
  .object({
    call: z.literal("sleep"),
    args: z.tuple([z.object({ ms: z.number().int().min(0).max(5000) }).strict()]),
  })
  .strict();

const mixEntrySchema = z
  .object({
    weight: z.number().positive().default(1),
    method: httpMethod,
    path: requestPath,
    headers: z.record(headerName, z.string()).optional(),
    body: z.unknown().optional(),
    vars: z
      .record(varName, z.tuple([z.number().int(), z.number().int()]))
      .refine((vars) => Object.values(vars).every(([low, high]) => low <= high), "min must be ≤ max")
      .optional(),
    expect: expectSchema.omit({ headers: true }).strict().optional(),
  })
  .strict();
const profileSchema = z
  .object({
    rate: z.number().positive().max(2000),
    durationMs: z.number().int().min(100).max(10_000),
    warmupMs: z.number().int().min(0).max(5000).default(0),
    connections: z.number().int().min(1).max(100).default(16),
    timeoutMs: z.number().int().min(10).max(5000).default(2000),
    sampleEvery: z.number().int().min(1).default(20),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    requests: z.array(mixEntrySchema).min(1).max(20),
  })
  .strict();
const thresholdsSchema = z
  .object({
    p50Ms: z.number().positive().optional(),
    p95Ms: z.number().positive().optional(),
    p99Ms: z.number().positive().optional(),
    maxErrorRate: z.number().min(0).max(1).optional(),
    maxWrongSamples: z.number().int().min(0).optional(),
    maxUpstreamGets: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((thresholds) => Object.keys(thresholds).length > 0, "needs at least one threshold");
const loadStepSchema = z
  .object({
    call: z.literal("load"),
    args: z.tuple([z.union([z.object({ sameRunAs: z.string().min(1) }).strict(), profileSchema])]),
    expect: thresholdsSchema,
  })
  .strict();

export type LoadProfile = z.infer<typeof profileSchema>;
export type LoadThresholds = z.infer<typeof thresholdsSchema>;
// A test's steps in file order (so "N.body" references count the server step too).
type ScaleStep =
  | { kind: "server" }
  | { kind: "api"; step: ApiStep }
  | { kind: "upstream"; expect?: Expect }
  | { kind: "sleep"; ms: number };
interface ServerSetup {
  env: Record<string, string>;
  upstream?: { latencyMs: number; items: number };
}
interface ScaleTest {
  test: ChallengeTest;
  server: ServerSetup;
  steps: ScaleStep[];
  load?: { profile: LoadProfile; thresholds: LoadThresholds };
  /** Set for a `sameRunAs` test: the index (in its file) of the test whose run it judges. */
  sameRunAs?: { index: number; thresholds: LoadThresholds };
}

/** What the driver reports for a load step. */
export interface LoadObservation {
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
  firstError?: string;
  latency: { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; meanMs: number };
  /** p99 of how late the generator sent requests (a starved box shows here). */
  sendLagP99Ms?: number;
  /** The upstream's counters after the run (tests with an upstream). */
  upstream?: { gets: number; puts: number };
  samples: {
    request: number;
    vars: Record<string, number>;
    status?: number;
    body?: unknown;
    bodyText?: string;
    error?: string;
  }[];
  elapsedMs: number;
}

function invalid(file: string, test: string, where: string, message: string): AppError {
  return new AppError("unprocessable", `${file} is invalid: ${test}: ${where}: ${message}`);
}

function parseStep<T>(schema: z.ZodType<T>, step: unknown, file: string, test: string, where: string): T {
  const parsed = schema.safeParse(step);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(file, test, `${where}: ${issue?.path.join(".") || "(step)"}`, issue?.message ?? "invalid");
}

/** Checks every test of every suite against the scale step format; throws AppError("unprocessable"). */
export function parseScaleSuites({ suites }: Pick<LoadedChallenge, "suites">): ParsedSuite<ScaleTest>[] {
  return suites.map((suite) => {
    const tests: ScaleTest[] = [];
    for (const test of suite.tests) {
      const scaleTest: ScaleTest = { test, server: { env: {} }, steps: [] };
      for (const [index, raw] of test.steps.entries()) {
        const { tolerance: _ignored, ...step } = raw as Record<string, unknown>;
        const where = `step ${index + 1}`;
        const isLast = index === test.steps.length - 1;
        if (step.call === "server") {
          if (index !== 0) throw invalid(suite.file, test.name, where, "server must be the first step");
          const [setup] = parseStep(serverStepSchema, step, suite.file, test.name, where).args;
          scaleTest.server = { env: setup.env ?? {}, upstream: setup.upstream };
          scaleTest.steps.push({ kind: "server" });
        } else if (step.call === "upstream") {
          const parsed = parseStep(upstreamStepSchema, step, suite.file, test.name, where);
          if (!scaleTest.server.upstream)
            throw invalid(suite.file, test.name, where, "needs a first step server with an upstream");
          scaleTest.steps.push({ kind: "upstream", expect: parsed.expect });
        } else if (step.call === "sleep") {
          const [{ ms }] = parseStep(sleepStepSchema, step, suite.file, test.name, where).args;
          scaleTest.steps.push({ kind: "sleep", ms });
        } else if (step.call === "load") {
          if (!isLast) throw invalid(suite.file, test.name, where, "load must be the last step");
          const parsed = parseStep(loadStepSchema, step, suite.file, test.name, where);
          const [argument] = parsed.args;
          if ("sameRunAs" in argument) {
            if (test.steps.length !== 1)
              throw invalid(suite.file, test.name, where, "a sameRunAs load must be the test's only step");
            const target = tests.findIndex((earlier) => earlier.test.name === argument.sameRunAs);
            if (target < 0 || !tests[target]?.load || tests[target]?.sameRunAs) {
              throw invalid(
                suite.file,
                test.name,
                where,
                `sameRunAs must name an earlier test of this file with its own load profile`,
              );
            }
            scaleTest.sameRunAs = { index: target, thresholds: parsed.expect };
          } else {
            scaleTest.load = { profile: argument, thresholds: parsed.expect };
          }
        } else {
          scaleTest.steps.push({
            kind: "api",
            step: parseStep(apiStepSchema, step, suite.file, test.name, where),
          });
        }
      }
      tests.push(scaleTest);
    }
    return { file: suite.file, tests };
  });
}

// The driver bundle is built once per process: the driver, the api driver's helpers, the latency
// recorder and hdr-histogram-js in one file (no node_modules path is bound into the box).
let driverBundle: Promise<string> | undefined;
function bundleDriver(): Promise<string> {
  driverBundle ??= build({
    entryPoints: [path.join(import.meta.dirname, "harness", "scale-driver.mjs")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    write: false,
    logLevel: "silent",
    // The api driver runs its own main only when it is the program; inside this bundle it is not.
    define: { "import.meta.main": "false" },
  }).then((result) => result.outputFiles[0]?.text ?? "");
  driverBundle.catch(() => {
    driverBundle = undefined;
  });
  return driverBundle;
}

function testTimeoutMs(scaleTest: ScaleTest): number {
  if (scaleTest.test.timeoutMs) return scaleTest.test.timeoutMs;
  const profile = scaleTest.load?.profile;
  if (!profile) return defaultTestTimeoutMs;
  return defaultTestTimeoutMs + profile.warmupMs + profile.durationMs + profile.timeoutMs;
}

function planFor(tests: ScaleTest[], language: ApiLanguage, entry: string, memoryMb: number) {
  const apiTests = tests.map(({ test, steps }) => ({
    test,
    steps: steps.flatMap((step) => (step.kind === "api" ? [step.step] : [])),
  }));
  return {
    runtime: language === "python" ? "python" : "node",
    cwd: "submission",
    entry,
    systemDirArgs: systemDirArgs(),
    // The driver, its upstream and the server share the box's memory limit.
    heapMb: Math.max(16, Math.floor(memoryMb / 2)),
    startTimeoutMs,
    requestTimeoutMs,
    headers: collectHeaderNames(apiTests),
    tests: tests
      .filter((scaleTest) => !scaleTest.sameRunAs)
      .map((scaleTest) => ({
        timeoutMs: testTimeoutMs(scaleTest),
        server: scaleTest.server,
        steps: [
          ...scaleTest.steps.map((step) => {
            if (step.kind === "server") return { server: true };
            if (step.kind === "upstream") return { upstream: true };
            if (step.kind === "sleep") return { sleep: step.ms };
            return planApiStep(step.step);
          }),
          ...(scaleTest.load ? [{ load: planProfile(scaleTest.load.profile) }] : []),
        ],
      })),
  };
}

/** The profile as the driver gets it: every mix entry without its expectation. */
function planProfile(profile: LoadProfile) {
  return { ...profile, requests: profile.requests.map(({ expect: _hidden, ...request }) => request) };
}

/** The driver's substitution rule for "{name}", applied to an expectation on the host. */
export function fillVars(value: unknown, vars: Record<string, number>): unknown {
  if (typeof value === "string") {
    const whole = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (whole?.[1] !== undefined && whole[1] in vars) return vars[whole[1]];
    return value.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (text, name: string) =>
      name in vars ? String(vars[name]) : text,
    );
  }
  if (Array.isArray(value)) return value.map((item) => fillVars(item, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillVars(item, vars)]));
  }
  return value;
}

const noResolve: Resolver = () => ({ found: false });
const formatMs = (ms: number) => `${ms.toFixed(1)} ms`;
const formatPercent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** Judges one load run against thresholds; the message always carries the figures. */
export function judgeLoad(
  profile: LoadProfile,
  thresholds: LoadThresholds,
  load: LoadObservation,
): { passed: boolean; message: string } {
  let passed = true;
  const parts: string[] = [];
  const percentiles = [
    ["p50", thresholds.p50Ms, load.latency.p50Ms],
    ["p95", thresholds.p95Ms, load.latency.p95Ms],
    ["p99", thresholds.p99Ms, load.latency.p99Ms],
  ] as const;
  for (const [label, bound, actual] of percentiles) {
    if (bound === undefined) continue;
    const ok = actual <= bound;
    passed &&= ok;
    parts.push(`${label} ${formatMs(actual)} ${ok ? "≤" : ">"} ${formatMs(bound)}`);
  }
  if (thresholds.maxUpstreamGets !== undefined) {
    const gets = load.upstream?.gets;
    const ok = gets !== undefined && gets <= thresholds.maxUpstreamGets;
    passed &&= ok;
    parts.push(
      gets === undefined
        ? "no upstream was running"
        : `${gets} upstream reads ${ok ? "≤" : ">"} ${thresholds.maxUpstreamGets}`,
    );
  }
  const seconds = (profile.durationMs / 1000).toFixed(1);
  const latencyPart = parts.length > 0 ? `${parts.join(", ")} at ` : "";
  const lag = (load.sendLagP99Ms ?? 0) >= 5 ? `, send lag p99 ${formatMs(load.sendLagP99Ms ?? 0)}` : "";
  const figures = [
    `${latencyPart}${profile.rate} req/s for ${seconds} s (${load.requests} requests, ${profile.connections} connections, max ${formatMs(load.latency.maxMs)}${lag})`,
  ];

  const errorRate = load.requests > 0 ? load.errors / load.requests : 1;
  let errorPart = `${formatPercent(errorRate)} errors`;
  if (thresholds.maxErrorRate !== undefined) {
    const ok = load.requests > 0 && errorRate <= thresholds.maxErrorRate;
    passed &&= ok;
    errorPart += ` ${ok ? "≤" : ">"} ${formatPercent(thresholds.maxErrorRate)}`;
  }
  if (load.errors > 0) {
    const kinds = Object.entries(load.errorKinds)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(", ");
    errorPart += ` (${kinds}; first: ${load.firstError ?? "?"})`;
  }
  if (load.requests === 0) errorPart = "no request completed";
  figures.push(errorPart);

  const wrong: string[] = [];
  let checked = 0;
  for (const sample of load.samples) {
    const entry = profile.requests[sample.request];
    if (!entry?.expect) continue;
    checked += 1;
    const observation: ResponseObservation = { ...sample, headers: {} };
    const problem = checkResponse(fillVars(entry.expect, sample.vars) as Expect, observation, noResolve);
    if (problem) wrong.push(`${entry.method} ${String(fillVars(entry.path, sample.vars))}: ${problem}`);
  }
  if (checked > 0) {
    let samplePart =
      wrong.length > 0
        ? `${wrong.length} of ${checked} sampled responses wrong: ${wrong[0]}`
        : `${checked} sampled responses correct`;
    if (thresholds.maxWrongSamples !== undefined) {
      const ok = wrong.length <= thresholds.maxWrongSamples;
      passed &&= ok;
      if (wrong.length > 0) samplePart = `${samplePart} (at most ${thresholds.maxWrongSamples} allowed)`;
    }
    figures.push(samplePart);
  } else if (thresholds.maxWrongSamples !== undefined) {
    passed = false;
    figures.push("no sampled response could be checked");
  }
  // Speed only counts for right answers: a server that quickly answers 404 must not pass.
  if (checked > 0 && wrong.length * 2 > checked) {
    return {
      passed: false,
      message: `Most sampled responses are wrong, so the figures do not count: ${figures.join(", ")}`,
    };
  }
  return { passed, message: figures.join(", ") };
}

function describeScaleStep(step: ScaleStep): string {
  if (step.kind === "server") return "server";
  if (step.kind === "upstream") return "upstream";
  if (step.kind === "sleep") return `sleep ${step.ms} ms`;
  return describeStep(step.step);
}

/** Checks a run's steps, then its load (with the given thresholds: a sameRunAs test's own). */
function checkRun(
  scaleTest: ScaleTest,
  result: DriverTestResult | undefined,
  thresholds = scaleTest.load?.thresholds,
): { passed: boolean; message: string } {
  if (!result) return { passed: false, message: "No result was reported for this test." };
  const notStarted = startProblem(result);
  if (notStarted) return { passed: false, message: notStarted };
  const timeoutMs = testTimeoutMs(scaleTest);
  const exit = result.serverExit ? `; the server ${result.serverExit.exit}: ${result.serverExit.output}` : "";
  const checked = scaleTest.steps.map((step) => ({
    label: describeScaleStep(step),
    expect: step.kind === "upstream" ? step.expect : step.kind === "api" ? step.step.expect : undefined,
    hasResponses: step.kind === "upstream" || step.kind === "api",
  }));
  const problem = checkSteps(checked, result, timeoutMs);
  if (problem) return { passed: false, message: problem };
  if (scaleTest.load && thresholds) {
    const observation = result.steps[scaleTest.steps.length] as unknown as
      | { load?: LoadObservation }
      | undefined;
    if (!observation?.load) {
      if (result.timedOut)
        return { passed: false, message: `Exceeded the test's time limit of ${timeoutMs} ms.` };
      return { passed: false, message: "The load run reported nothing." };
    }
    const judged = judgeLoad(scaleTest.load.profile, thresholds, observation.load);
    return { passed: judged.passed, message: `${judged.message}${exit}` };
  }
  if (result.timedOut || result.durationMs > timeoutMs)
    return { passed: false, message: `Exceeded the test's time limit of ${timeoutMs} ms.` };
  return { passed: true, message: "" };
}

/** Which driver run judges each test: its own, or for a sameRunAs test the run of the test it names. */
function judgeSuite(tests: ScaleTest[], runs: DriverTestResult[]) {
  // Runs are reported in order for the tests that have one (sameRunAs tests have none).
  const runOf: (DriverTestResult | undefined)[] = [];
  let next = 0;
  for (const scaleTest of tests) runOf.push(scaleTest.sameRunAs ? undefined : runs[next++]);
  return tests.map((scaleTest, index) => {
    if (scaleTest.sameRunAs) {
      const { index: targetIndex, thresholds } = scaleTest.sameRunAs;
      const result = runOf[targetIndex];
      const judged = checkRun(tests[targetIndex] as ScaleTest, result, thresholds);
      return testReport(scaleTest.test, judged, result?.durationMs ?? 0);
    }
    const result = runOf[index];
    const judged = checkRun(scaleTest, result);
    return testReport(scaleTest.test, judged, result?.durationMs ?? 0);
  });
}

/** Grades a submission to a `scale` challenge; same report shape and verdicts as the other kinds. */
export const scaleKind = serverKind<ScaleTest>({
  name: "scale",
  parseSuites: parseScaleSuites,
  limits: (manifest) => ({ ...scaleLimits, ...manifest.limits }),
  driverSource: bundleDriver,
  planFor,
  judge: judgeSuite,
});
