/**
 * Challenge folders: `challenge.json` (the manifest), `prompt.md`, `starter/<language>/…`,
 * hidden `tests/*.json` (each kind reads its own: test-files.ts for function, api and scale,
 * sql/test-files.ts for sql), `reference/<language>/…` and `wrong/<name>/<language>/…`.
 * Loading a whole package is load-challenge.ts; this file is the manifest and the folder paths.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import { maximumSandboxLimits } from "../sandbox/sandbox.ts";
import { parseFile } from "./package-files.ts";
import { type TestSuite, testName } from "./test-files.ts";

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

export interface LoadedChallenge {
  dir: string;
  manifest: ChallengeManifest;
  /** Every test's shared fields (names, points, visibility), one suite a test file. */
  suites: TestSuite[];
}

export const builtInChallengesDir = path.resolve(import.meta.dirname, "../../../challenges");

export function parseManifest(value: unknown, label = "challenge.json"): ChallengeManifest {
  return parseFile(manifestSchema, value, label);
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
