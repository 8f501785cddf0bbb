/**
 * The sql kind's test files and the grader's own SQL files of a package.
 *
 * Test files (`tests/*.json`) are `{ "tests": [Test, …] }`, a Test `{ name, visibility, points,
 * timeoutMs?, steps }`; each test runs inside BEGIN … ROLLBACK and each step inside a SAVEPOINT,
 * so tests are independent. A step is one of
 * - `{ "sql": "…", "expect"?: "ok" | { "error": ErrorKind } }` (default "ok"), matched by SQLSTATE;
 * - `{ "query": "…", "columns"?: { name: DeclaredType }, "expectRows": [{…}], "ordered"?: true }`
 *   compared as typed values (numbers as numbers, booleans, dates/timestamps as ISO strings);
 * - `{ "explain": "…", "expectIndexScanOn": "table", "indexDefinition"?: "regex" }` checks the
 *   plan reads table through an index; with indexDefinition, through an index whose
 *   pg_get_indexdef() text matches the regex (case-insensitive), e.g. `\\(lower\\(email\\)\\)` or
 *   ` WHERE .*pending` for a partial index.
 * Optional grader files run outside the test transactions, so all tests share their effects:
 * `tests/before.sql` before the candidate's files (e.g. creates the given tables and loads rows)
 * and `tests/after.sql` after them (e.g. ANALYZE, so plans are judged on real statistics).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import { parseFile, readJson } from "../package-files.ts";
import { json } from "../test-files.ts";

/** Error kinds matched by SQLSTATE code or class prefix ([] = any error). */
export const sqlErrorKinds = {
  unique_violation: ["23505"],
  check_violation: ["23514"],
  /** A missing referenced row, or a delete of a referenced row (NO ACTION 23503 or RESTRICT 23001). */
  foreign_key_violation: ["23503", "23001"],
  restrict_violation: ["23001"],
  not_null_violation: ["23502"],
  /** Any integrity constraint violation (SQLSTATE class 23). */
  integrity_violation: ["23"],
  /** Any error at all. */
  any: [],
} as const satisfies Record<string, readonly string[]>;
export type SqlErrorKind = keyof typeof sqlErrorKinds;

/** Declared column types: checked against the column's PostgreSQL type, and they fix how values compare. */
export const declaredTypes = [
  "smallint",
  "integer",
  "bigint",
  "numeric",
  "number",
  "any-integer",
  "text",
  "boolean",
  "date",
  "timestamptz",
] as const;
export type DeclaredType = (typeof declaredTypes)[number];

const statement = z.string().min(1).max(20_000);

const sqlStepSchema = z.union([
  z
    .object({
      sql: statement,
      expect: z
        .union([
          z.literal("ok"),
          z
            .object({ error: z.enum(Object.keys(sqlErrorKinds) as [SqlErrorKind, ...SqlErrorKind[]]) })
            .strict(),
        ])
        .default("ok"),
    })
    .strict(),
  z
    .object({
      query: statement,
      columns: z.record(z.string(), z.enum(declaredTypes)).optional(),
      expectRows: z.array(z.record(z.string(), json)),
      ordered: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      explain: statement,
      expectIndexScanOn: z.string().min(1),
      indexDefinition: z
        .string()
        .min(1)
        .max(500)
        .refine(isValidRegex, "must be a valid regular expression")
        .optional(),
    })
    .strict(),
]);

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}

export const sqlTestSchema = z
  .object({
    name: z.string().min(1).max(120),
    visibility: z.enum(["visible", "hidden"]),
    points: z.number().int().min(0),
    timeoutMs: z.number().int().positive().max(30_000).optional(),
    steps: z.array(sqlStepSchema).min(1),
  })
  .strict();
export const sqlTestFileSchema = z.object({ tests: z.array(sqlTestSchema).min(1) }).strict();
export type SqlTest = z.infer<typeof sqlTestSchema>;
export type SqlStep = SqlTest["steps"][number];

/** Reads and validates tests/*.json of an sql challenge (sorted by file name). */
export function loadSqlTests(dir: string): SqlTest[] {
  const testsDir = path.join(dir, "tests");
  const tests: SqlTest[] = [];
  for (const file of readdirSync(testsDir).sort()) {
    if (!file.endsWith(".json")) continue;
    const label = `tests/${file}`;
    tests.push(...parseFile(sqlTestFileSchema, readJson(path.join(testsDir, file), label), label).tests);
  }
  const names = new Set<string>();
  for (const test of tests) {
    if (names.has(test.name)) throw new AppError("unprocessable", `duplicate test name ${test.name}`);
    names.add(test.name);
  }
  return tests;
}

/** The grader's own SQL around the candidate's files: tests/before.sql and tests/after.sql, if present. */
export interface SqlSetup {
  before?: string;
  after?: string;
}

export function loadSqlSetup(dir: string): SqlSetup {
  const read = (file: string) => {
    const full = path.join(dir, "tests", file);
    return existsSync(full) ? readFileSync(full, "utf8") : undefined;
  };
  return { before: read("before.sql"), after: read("after.sql") };
}
