/**
 * The shared test file format: `tests/*.json` of the function, api and scale kinds (the sql kind
 * has its own, sql/test-files.ts). The api and scale kinds write their steps as `call` steps and
 * check them again against their own step formats (api-kind.ts, scale-kind.ts).
 *
 * Test files of the `function` kind are language-neutral. A file is
 * `{ "tests": [Test, …] }` and is run as ONE sandbox run (a suite), so a slow performance
 * suite cannot take the other suites down with it. A Test is
 * `{ name, visibility: "visible" | "hidden", points, timeoutMs?, clockStart?, tolerance?, steps }`
 * and each step one of
 * - `{ "new": [args…], "clock"?: boolean, "throws"?: ErrorName }` constructs the exported class;
 *   the harness appends its fake clock (a function returning milliseconds) unless clock is false;
 * - `{ "call": method, "args": [...], "expect"?: Json, "throws"?: ErrorName, "tolerance"?: number }`;
 * - `{ "get": property, "expect"?: Json, "tolerance"?: number }` (a getter in JS/TS; for Python
 *   the manifest maps it, `__len__` meaning `len(obj)`);
 * - `{ "advanceClock": ms }` moves the fake clock forward;
 * - `{ "workload": { "kind": "lru-mixed" | "limiter-mixed" | "ring-mixed" | "topk-mixed", … },
 *   "expect": Json }` a generated workload executed by the harness (see harness/node-harness.mjs
 *   for the exact definitions; python_harness.py produces the same sequence).
 * The box never sees `expect`: the harness reports what each step returned or threw and the
 * host compares by type and structure (JSON null ≡ undefined/None; numbers equal within the
 * step's or test's tolerance, default exact; booleans are not numbers). A step without expect
 * or throws must simply not throw. Error names are language-neutral JavaScript names mapped
 * per language (RangeError ↔ ValueError, TypeError ↔ TypeError).
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseFile, readJson } from "./package-files.ts";

export const testName = z.string().min(1).max(120);

/** Any JSON value (an expectation, an argument). */
export const json: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);
const errorName = z.enum(["RangeError", "TypeError", "Error"]);
const tolerance = z.number().min(0).optional();

const workloadSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("lru-mixed"),
      seed: z.number().int().min(0).max(0xffffffff),
      operations: z.number().int().positive().max(5_000_000),
      keySpace: z.number().int().positive(),
      ttlEvery: z.number().int().min(0),
      maxTtlMs: z.number().int().positive(),
      maxAdvanceMs: z.number().int().positive(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("limiter-mixed"),
      seed: z.number().int().min(0).max(0xffffffff),
      operations: z.number().int().positive().max(5_000_000),
      keySpace: z.number().int().positive(),
      maxTokens: z.number().int().positive(),
      advanceStepMs: z.number().int().positive(),
      maxAdvanceSteps: z.number().int().positive(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("ring-mixed"),
      seed: z.number().int().min(0).max(0xffffffff),
      operations: z.number().int().positive().max(5_000_000),
      initialNodes: z.number().int().min(1).max(10_000),
      keySpace: z.number().int().positive(),
      /** Joins and removals per 10,000 operations; the rest are lookups. */
      membershipPer10k: z.number().int().min(0).max(9000),
      maxReplicas: z.number().int().positive(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("topk-mixed"),
      seed: z.number().int().min(0).max(0xffffffff),
      operations: z.number().int().positive().max(5_000_000),
      keySpace: z.number().int().positive().max(1_000_000),
      /** A quarter of the operations use only the first hotKeys keys. */
      hotKeys: z.number().int().positive(),
      maxCount: z.number().int().positive(),
      maxK: z.number().int().positive(),
    })
    .strict(),
]);

const stepSchema = z.union([
  z.object({ new: z.array(json), clock: z.boolean().optional(), throws: errorName.optional() }).strict(),
  z
    .object({
      call: z.string().min(1),
      args: z.array(json).default([]),
      expect: json.optional(),
      throws: errorName.optional(),
      tolerance,
    })
    .strict(),
  z.object({ get: z.string().min(1), expect: json.optional(), tolerance }).strict(),
  z.object({ advanceClock: z.number().int().min(0) }).strict(),
  z.object({ workload: workloadSchema, expect: json }).strict(),
]);

export const testSchema = z
  .object({
    name: testName,
    visibility: z.enum(["visible", "hidden"]),
    points: z.number().int().min(0),
    timeoutMs: z.number().int().positive().optional(),
    clockStart: z.number().int().min(0).default(1_000_000),
    tolerance,
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export const testFileSchema = z.object({ tests: z.array(testSchema).min(1) }).strict();

export type ChallengeTest = z.infer<typeof testSchema>;
export type ChallengeStep = ChallengeTest["steps"][number];

export interface TestSuite {
  file: string;
  tests: ChallengeTest[];
}

export function parseTestFile(value: unknown, label: string): ChallengeTest[] {
  return parseFile(testFileSchema, value, label).tests;
}

/** Reads tests/*.json of a package in the shared format, one suite a file, sorted by name. */
export function readTestSuites(dir: string): TestSuite[] {
  const testsDir = path.join(dir, "tests");
  const suites: TestSuite[] = [];
  if (!existsSync(testsDir)) return suites;
  for (const file of readdirSync(testsDir).sort()) {
    if (!file.endsWith(".json")) continue;
    const label = `tests/${file}`;
    suites.push({ file: label, tests: parseTestFile(readJson(path.join(testsDir, file), label), label) });
  }
  return suites;
}
