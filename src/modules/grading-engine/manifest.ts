/**
 * Challenge folders: `challenge.json` (the manifest), `prompt.md`, `starter/<language>/…`,
 * hidden `tests/*.json`, `reference/<language>/…` and `wrong/<name>/<language>/…`.
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
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError, type FieldError } from "../../platform/errors.ts";
import { maximumSandboxLimits } from "../sandbox/sandbox.ts";
import { loadSqlTests } from "./sql-kind.ts";

export const challengeLanguages = ["typescript", "javascript", "python", "sql"] as const;
export type ChallengeLanguage = (typeof challengeLanguages)[number];
export const challengeKinds = ["function", "api", "sql", "scale"] as const;

export const solutionFile: Record<ChallengeLanguage, string> = {
  typescript: "solution.ts",
  javascript: "solution.js",
  python: "solution.py",
  // An SQL submission is a folder with schema.sql and queries.sql; schema.sql must exist.
  sql: "schema.sql",
};

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a lowercase slug (a-z, 0-9, -)");
const testName = z.string().min(1).max(120);

const limitsSchema = z
  .object({
    cpuMs: z.number().int().positive().max(maximumSandboxLimits.cpuMs).optional(),
    wallMs: z.number().int().positive().max(maximumSandboxLimits.wallMs).optional(),
    memoryMb: z.number().int().positive().max(maximumSandboxLimits.memoryMb).optional(),
    outputBytes: z.number().int().positive().max(maximumSandboxLimits.outputBytes).optional(),
  })
  .strict();

export const manifestSchema = z
  .object({
    id: slug,
    title: z.string().min(1).max(200),
    kind: z.enum(challengeKinds),
    languages: z.array(z.enum(challengeLanguages)).min(1),
    limits: limitsSchema.default({}),
    scoring: z
      .object({
        /** Percentage of maxScore needed for the verdict "passed" (default 100). */
        passPercent: z.number().min(0).max(100).default(100),
      })
      .strict()
      .default({ passPercent: 100 }),
    function: z
      .object({
        export: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/),
        /** Per-language renames of methods and properties, e.g. python: { tryAcquire: "try_acquire" }. */
        names: z.partialRecord(z.enum(challengeLanguages), z.record(z.string(), z.string())).default({}),
      })
      .strict()
      .optional(),
    wrong: z
      .record(slug, z.object({ description: z.string().min(1), mustFail: z.array(testName).min(1) }).strict())
      .default({}),
  })
  .strict()
  .superRefine((manifest, context) => {
    if (manifest.kind === "function" && !manifest.function) {
      context.addIssue({ code: "custom", path: ["function"], message: "is required for kind function" });
    }
  });

export type ChallengeManifest = z.infer<typeof manifestSchema>;

const json: z.ZodType<unknown> = z.lazy(() =>
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

export interface LoadedChallenge {
  dir: string;
  manifest: ChallengeManifest;
  suites: TestSuite[];
}

export const builtInChallengesDir = path.resolve(import.meta.dirname, "../../../challenges");

function issuesToFieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}

function describe(fieldErrors: FieldError[]): string {
  return fieldErrors
    .slice(0, 5)
    .map((error) => `${error.path}: ${error.message}`)
    .join("; ");
}

function readJson(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new AppError("unprocessable", `${label} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export function parseManifest(value: unknown, label = "challenge.json"): ChallengeManifest {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const fieldErrors = issuesToFieldErrors(parsed.error.issues);
    throw new AppError("unprocessable", `${label} is invalid: ${describe(fieldErrors)}`, { fieldErrors });
  }
  return parsed.data;
}

export function parseTestFile(value: unknown, label: string): ChallengeTest[] {
  const parsed = testFileSchema.safeParse(value);
  if (!parsed.success) {
    const fieldErrors = issuesToFieldErrors(parsed.error.issues);
    throw new AppError("unprocessable", `${label} is invalid: ${describe(fieldErrors)}`, { fieldErrors });
  }
  return parsed.data.tests;
}

/** Resolves a challenge id (a built-in) or a directory path. */
export function resolveChallengeDir(idOrDir: string): string {
  if (/^[a-z0-9][a-z0-9-]{0,62}$/.test(idOrDir)) {
    const builtIn = path.join(builtInChallengesDir, idOrDir);
    if (existsSync(path.join(builtIn, "challenge.json"))) return builtIn;
  }
  const dir = path.resolve(idOrDir);
  if (existsSync(path.join(dir, "challenge.json"))) return dir;
  throw new AppError("not_found", `Challenge ${JSON.stringify(idOrDir)} was not found.`);
}

export function loadChallenge(dir: string): LoadedChallenge {
  const manifestFile = path.join(dir, "challenge.json");
  if (!existsSync(manifestFile)) throw new AppError("not_found", "challenge.json was not found.");
  const manifest = parseManifest(readJson(manifestFile, "challenge.json"));
  if (manifest.id !== path.basename(dir)) {
    const fieldErrors = [{ path: "id", message: `must match the folder name ${path.basename(dir)}` }];
    throw new AppError("unprocessable", `challenge.json is invalid: id: ${fieldErrors[0]?.message}`, {
      fieldErrors,
    });
  }
  const testsDir = path.join(dir, "tests");
  const suites: TestSuite[] = [];
  if (manifest.kind === "sql") {
    // SQL tests have their own step format (sql-kind.ts grades them); the shared fields are
    // enough here for names, points and the wrong solutions' mustFail lists.
    const tests = loadSqlTests(dir).map((test) => ({
      name: test.name,
      visibility: test.visibility,
      points: test.points,
      clockStart: 0,
      steps: [],
    }));
    suites.push({ file: "tests", tests });
  } else if (existsSync(testsDir)) {
    for (const file of readdirSync(testsDir).sort()) {
      if (!file.endsWith(".json")) continue;
      const label = `tests/${file}`;
      suites.push({ file: label, tests: parseTestFile(readJson(path.join(testsDir, file), label), label) });
    }
  }
  const names = new Set<string>();
  for (const suite of suites) {
    for (const test of suite.tests) {
      if (names.has(test.name)) {
        throw new AppError("unprocessable", `${suite.file} is invalid: duplicate test name ${test.name}`);
      }
      names.add(test.name);
    }
  }
  for (const [wrongName, wrong] of Object.entries(manifest.wrong)) {
    for (const name of wrong.mustFail) {
      if (!names.has(name)) {
        throw new AppError(
          "unprocessable",
          `challenge.json is invalid: wrong.${wrongName}.mustFail: unknown test ${JSON.stringify(name)}`,
          { fieldErrors: [{ path: `wrong.${wrongName}.mustFail`, message: `unknown test ${name}` }] },
        );
      }
    }
  }
  return { dir, manifest, suites };
}

/** Reads every file below dir as text, keyed by its relative path with forward slashes. */
export function readSolutionDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string, prefix: string) => {
    for (const entry of readdirSync(current).sort()) {
      const full = path.join(current, entry);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full, `${prefix}${entry}/`);
      else if (stat.isFile()) files[`${prefix}${entry}`] = readFileSync(full, "utf8");
    }
  };
  walk(dir, "");
  return files;
}
