/**
 * The `sql` challenge kind. A submission is `schema.sql` + `queries.sql`, run in a fresh
 * PGlite (PostgreSQL compiled to WASM: no network, no host files) inside a worker thread.
 * PGlite runs queries synchronously and ignores statement_timeout (it is still set), so the
 * host enforces every time limit by terminating the worker.
 *
 * Test files (`tests/*.json`, parsed here, not by manifest.ts) are `{ "tests": [Test, …] }`,
 * a Test `{ name, visibility, points, timeoutMs?, steps }`; each test runs inside BEGIN …
 * ROLLBACK and each step inside a SAVEPOINT, so tests are independent. A step is one of
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
 * The manifest's limits.wallMs is the submission's budget: it starts once the database is up and
 * does not include tests/before.sql.
 * Only grader-authored SQL is ever combined with other text; the candidate's files run as given.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import type { GradeReport, TestReport, Verdict } from "./engine.ts";
import type { ChallengeLanguage, LoadedChallenge } from "./manifest.ts";

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
type SqlErrorKind = keyof typeof sqlErrorKinds;

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
type DeclaredType = (typeof declaredTypes)[number];

const json: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);
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
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path.join(testsDir, file), "utf8"));
    } catch (error) {
      throw new AppError("unprocessable", `tests/${file} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = sqlTestFileSchema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError(
        "unprocessable",
        `tests/${file} is invalid: ${first?.path.map(String).join(".") || "(root)"}: ${first?.message}`,
      );
    }
    tests.push(...parsed.data.tests);
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

// ---------------------------------------------------------------------------------------------
// The worker: one PGlite per submission. Every value comes back as PostgreSQL's text form.

const textOids = [16, 17, 20, 21, 23, 26, 114, 700, 701, 1082, 1083, 1114, 1184, 1186, 1700, 3802];
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const identity = (x) => x;
  const parsers = {};
  for (const oid of workerData.oids) parsers[oid] = identity;
  let db;
  try {
    const { PGlite } = await import(workerData.pgliteUrl);
    db = await PGlite.create("memory://", { parsers });
  } catch (e) {
    parentPort.postMessage({ id: 0, error: { code: "", message: String((e && e.message) || e) } });
    return;
  }
  parentPort.on("message", async (m) => {
    try {
      if (m.op === "exec") {
        await db.exec(m.sql);
        parentPort.postMessage({ id: m.id, ok: true });
      } else {
        const r = await db.query(m.sql, [], { rowMode: "array", parsers });
        parentPort.postMessage({
          id: m.id,
          ok: true,
          rows: r.rows,
          fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        });
      }
    } catch (e) {
      parentPort.postMessage({
        id: m.id,
        error: {
          code: String((e && e.code) || ""),
          message: String((e && e.message) || e),
          position: e && e.position ? Number(e.position) : undefined,
        },
      });
    }
  });
  parentPort.postMessage({ id: 0, ok: true });
})();
`;

interface SqlError {
  code: string;
  message: string;
  position?: number;
}
interface Field {
  name: string;
  dataTypeID: number;
}
interface WorkerReply {
  id: number;
  ok?: true;
  rows?: (string | null)[][];
  fields?: Field[];
  error?: SqlError;
}
type Outcome = WorkerReply | "timeout";

class PgliteBox {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, (reply: Outcome) => void>();
  private dead = false;
  ready: Promise<Outcome>;

  constructor(startupMs: number) {
    const pgliteUrl = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
    this.worker = new Worker(workerSource, {
      eval: true,
      workerData: { pgliteUrl, oids: textOids },
      env: {},
      stdout: true,
      stderr: true,
    });
    this.ready = this.wait(0, startupMs);
    this.worker.on("message", (reply: WorkerReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
    const fail = (message: string) => {
      this.dead = true;
      for (const [id, resolve] of this.pending) resolve({ id, error: { code: "", message } });
      this.pending.clear();
    };
    this.worker.on("error", (error) => fail(`The database stopped: ${error.message}`));
    this.worker.on("exit", () => fail("The database stopped."));
  }

  private wait(id: number, timeoutMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        void this.close();
        resolve("timeout");
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  run(op: "exec" | "query", sql: string, timeoutMs: number): Promise<Outcome> {
    if (this.dead) return Promise.resolve({ id: -1, error: { code: "", message: "The database stopped." } });
    const id = this.nextId++;
    const outcome = this.wait(id, timeoutMs);
    this.worker.postMessage({ id, op, sql });
    return outcome;
  }

  async close(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

// ---------------------------------------------------------------------------------------------
// Typed values.

const oidNames: Record<number, string> = {
  16: "boolean",
  20: "bigint",
  21: "smallint",
  23: "integer",
  25: "text",
  700: "real",
  701: "double precision",
  1043: "varchar",
  1082: "date",
  1114: "timestamp",
  1184: "timestamptz",
  1700: "numeric",
};
const integerOids = new Set([20, 21, 23]);
const numberOids = new Set([20, 21, 23, 700, 701, 1700]);
const textLikeOids = new Set([25, 1043, 1042, 19]);

const declaredOids: Record<DeclaredType, Set<number>> = {
  smallint: new Set([21]),
  integer: new Set([23]),
  bigint: new Set([20]),
  numeric: new Set([1700]),
  number: numberOids,
  "any-integer": integerOids,
  text: textLikeOids,
  boolean: new Set([16]),
  date: new Set([1082]),
  timestamptz: new Set([1184]),
};

/** "-009.500" → "-9.5"; "1e3" is not produced by PostgreSQL's numeric output. */
export function normalizeDecimal(text: string): string | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const int = (match[2] ?? "").replace(/^0+/, "") || "0";
  const frac = (match[3] ?? "").replace(/0+$/, "");
  const sign = match[1] === "-" && (int !== "0" || frac !== "") ? "-" : "";
  return `${sign}${int}${frac ? `.${frac}` : ""}`;
}

function numberToDecimal(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value)) return Number.isSafeInteger(value) ? BigInt(value).toString() : undefined;
  const text = String(value);
  return /e/i.test(text) ? undefined : normalizeDecimal(text);
}

/** A cell as a typed value: exact numbers stay exact decimal strings tagged as numbers. */
type Cell =
  | { kind: "null" }
  | { kind: "number"; decimal: string; float?: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "other"; value: string };

function toIsoTimestamp(text: string): string {
  // PostgreSQL: 2026-01-31 23:30:00+00, 2026-02-01 00:30:00.5+01, 2026-02-01 00:30:00+05:30
  const match =
    /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?(?::\d{2})?$/.exec(text);
  if (!match) return text;
  const date = new Date(`${match[1]}T${match[2]}${match[3]}:${match[4] ?? "00"}`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function toCell(text: string | null, oid: number): Cell {
  if (text === null) return { kind: "null" };
  if (numberOids.has(oid)) {
    if (oid === 700 || oid === 701) {
      const float = Number(text);
      return { kind: "number", decimal: numberToDecimal(float) ?? text, float };
    }
    const decimal = normalizeDecimal(text);
    return decimal === undefined ? { kind: "other", value: text } : { kind: "number", decimal };
  }
  if (oid === 16) return { kind: "boolean", value: text === "t" || text === "true" };
  if (oid === 1184) return { kind: "string", value: toIsoTimestamp(text) };
  if (oid === 1114) return { kind: "string", value: text.replace(" ", "T") };
  return { kind: "string", value: text };
}

function cellMatches(expected: unknown, cell: Cell): boolean {
  if (expected === null) return cell.kind === "null";
  if (typeof expected === "number") {
    if (cell.kind !== "number") return false;
    if (cell.float !== undefined) return cell.float === expected;
    return numberToDecimal(expected) === cell.decimal;
  }
  if (typeof expected === "boolean") return cell.kind === "boolean" && cell.value === expected;
  if (typeof expected === "string") {
    // An exact decimal too large for a JSON number may be written as a string in the test.
    if (cell.kind === "number")
      return normalizeDecimal(expected) === cell.decimal && /^[+-]?\d/.test(expected);
    return (cell.kind === "string" || cell.kind === "other") && cell.value === expected;
  }
  return cell.kind !== "null" && "value" in cell && JSON.stringify(expected) === cell.value;
}

function showCell(cell: Cell): string {
  switch (cell.kind) {
    case "null":
      return "null";
    case "number":
      return cell.decimal;
    case "boolean":
      return String(cell.value);
    default:
      return JSON.stringify(cell.value);
  }
}

function typeName(oid: number): string {
  return oidNames[oid] ?? `type ${oid}`;
}

/** Compares rows; returns a problem or undefined. */
export function compareRows(
  step: { columns?: Record<string, DeclaredType>; expectRows: Record<string, unknown>[]; ordered: boolean },
  fields: Field[],
  rows: (string | null)[][],
): string | undefined {
  const index = new Map<string, number>();
  fields.forEach((field, i) => {
    if (!index.has(field.name)) index.set(field.name, i);
  });
  for (const [name, declared] of Object.entries(step.columns ?? {})) {
    const i = index.get(name);
    if (i === undefined) return `column ${name} is missing`;
    const oid = fields[i]?.dataTypeID ?? 0;
    if (!declaredOids[declared].has(oid))
      return `column ${name} has type ${typeName(oid)}, expected ${declared}`;
  }
  const wanted = new Set<string>();
  for (const row of step.expectRows) for (const name of Object.keys(row)) wanted.add(name);
  for (const name of wanted) if (!index.has(name)) return `column ${name} is missing`;
  const typed = rows.map((row) => {
    const out: Record<string, Cell> = {};
    for (const name of wanted) {
      const i = index.get(name) as number;
      out[name] = toCell(row[i] ?? null, fields[i]?.dataTypeID ?? 0);
    }
    return out;
  });
  const showRow = (row: Record<string, Cell>) =>
    `{${Object.entries(row)
      .map(([k, v]) => `${k}: ${showCell(v)}`)
      .join(", ")}}`;
  if (typed.length !== step.expectRows.length) {
    const got = typed.slice(0, 5).map(showRow).join(", ");
    return `expected ${step.expectRows.length} row(s), got ${typed.length}${typed.length ? `: ${got}${typed.length > 5 ? ", …" : ""}` : ""}`;
  }
  const rowMatches = (expected: Record<string, unknown>, actual: Record<string, Cell>) =>
    Object.entries(expected).every(([name, value]) => cellMatches(value, actual[name] as Cell));
  if (step.ordered) {
    for (const [i, expected] of step.expectRows.entries()) {
      const actual = typed[i] as Record<string, Cell>;
      if (!rowMatches(expected, actual)) {
        return `row ${i + 1}: expected ${JSON.stringify(expected)}, got ${showRow(actual)}`;
      }
    }
    return undefined;
  }
  const remaining = [...typed];
  for (const expected of step.expectRows) {
    const at = remaining.findIndex((actual) => rowMatches(expected, actual));
    if (at < 0) return `no row matches ${JSON.stringify(expected)}`;
    remaining.splice(at, 1);
  }
  return undefined;
}

/** Whether an EXPLAIN (FORMAT JSON) plan reads `table` through an index. */
export function planUsesIndexOn(plan: unknown, table: string): boolean {
  const visit = (node: unknown): boolean => {
    if (!node || typeof node !== "object") return false;
    const record = node as Record<string, unknown>;
    const type = record["Node Type"];
    if (
      (type === "Index Scan" || type === "Index Only Scan" || type === "Bitmap Heap Scan") &&
      record["Relation Name"] === table
    ) {
      return true;
    }
    return Object.values(record).some((value) =>
      Array.isArray(value) ? value.some(visit) : typeof value === "object" && visit(value),
    );
  };
  return Array.isArray(plan) ? plan.some(visit) : visit(plan);
}

/** The names of the indexes through which an EXPLAIN (FORMAT JSON) plan reads `table`. */
export function planIndexNamesOn(plan: unknown, table: string): string[] {
  const names = new Set<string>();
  const children = (record: Record<string, unknown>): unknown[] =>
    Object.values(record).flatMap((value) =>
      Array.isArray(value) ? value : value && typeof value === "object" ? [value] : [],
    );
  // Under a Bitmap Heap Scan the index names sit on Bitmap Index Scans (maybe below BitmapAnd/Or).
  const collectBitmapIndexes = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record["Node Type"] === "Bitmap Index Scan" && typeof record["Index Name"] === "string") {
      names.add(record["Index Name"]);
    }
    for (const child of children(record)) collectBitmapIndexes(child);
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    const type = record["Node Type"];
    if (record["Relation Name"] === table) {
      if ((type === "Index Scan" || type === "Index Only Scan") && typeof record["Index Name"] === "string") {
        names.add(record["Index Name"]);
      }
      if (type === "Bitmap Heap Scan") for (const child of children(record)) collectBitmapIndexes(child);
    }
    for (const child of children(record)) visit(child);
  };
  visit(plan);
  return [...names];
}

/** Every index of a user table with its definition; grader-authored, nothing interpolated. */
const indexDefinitionsQuery = `select t.relname as table_name, c.relname as index_name,
  pg_get_indexdef(c.oid) as definition
from pg_index i
join pg_class c on c.oid = i.indexrelid
join pg_class t on t.oid = i.indrelid
join pg_namespace n on n.oid = t.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`;

// ---------------------------------------------------------------------------------------------
// Grading.

const messageMax = 500;
const defaultTestTimeoutMs = 2000;
const setupTimeoutMs = 5000;
/** The grader's own setup files may load many rows. */
const graderSetupTimeoutMs = 30_000;
const startupTimeoutMs = 60_000;
const maxSubmissionBytes = 512 * 1024;
/** The grader's session is deliberately not UTC, so "UTC months" must be computed explicitly. */
const sessionTimeZone = "Europe/Berlin";

function truncate(text: string, max = messageMax): string {
  const result = text
    .replace(/(?:file:\/\/)?\/(?:tmp|home|root|usr|opt|work|var)\/[^\s:)'"]*/g, "<path>")
    .replace(/\s+$/g, "");
  return result.length > max ? `${result.slice(0, max)}…` : result;
}

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
  return visible ? `${label} ${JSON.stringify(truncate(text.replace(/\s+/g, " "), 160))}` : label;
}

// manifest.ts does not list "sql" among challengeLanguages yet (see the report); this is the one
// place that states the language of an sql grade.
const sqlLanguage = "sql" satisfies ChallengeLanguage;

/** The parts of a loaded challenge this kind reads (a LoadedChallenge fits). */
export type SqlLoadedChallenge = Pick<LoadedChallenge, "dir"> & {
  manifest: Pick<LoadedChallenge["manifest"], "id" | "kind" | "limits" | "scoring">;
};

export async function gradeSqlChallenge(
  loaded: SqlLoadedChallenge,
  files: Record<string, string>,
): Promise<GradeReport> {
  const { manifest } = loaded;
  if (manifest.kind !== "sql")
    throw new AppError("unprocessable", `Challenge ${manifest.id} is not of kind sql.`);
  const tests = loadSqlTests(loaded.dir);
  const graderSetup = loadSqlSetup(loaded.dir);
  const maxScore = tests.reduce((sum, test) => sum + test.points, 0);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const resources = () => {
    const cpu = process.cpuUsage(cpuStart);
    return {
      wallMs: Math.round(performance.now() - started),
      // Process-wide CPU time while grading (the worker and the host thread).
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      // The worker shares the host process; its own peak memory is not measurable separately.
      maxRssKb: 0,
    };
  };
  const failAll = (verdict: Verdict, message: string): GradeReport => ({
    challengeId: manifest.id,
    language: sqlLanguage,
    verdict,
    score: 0,
    maxScore,
    tests: tests.map((test) => ({
      name: test.name,
      visibility: test.visibility,
      passed: false,
      points: 0,
      maxPoints: test.points,
      durationMs: 0,
      message: truncate(message),
    })),
    resources: resources(),
  });

  let total = 0;
  for (const [name, content] of Object.entries(files)) {
    if (typeof content !== "string")
      throw new AppError("bad_request", `Submission file ${name} must be text.`);
    total += Buffer.byteLength(content);
  }
  if (total > maxSubmissionBytes)
    throw new AppError("payload_too_large", "The submission is larger than 512 KiB.");
  for (const required of ["schema.sql", "queries.sql"]) {
    if (typeof files[required] !== "string") {
      throw new AppError("bad_request", `An sql submission needs the files schema.sql and queries.sql.`);
    }
  }

  const overallMs = manifest.limits.wallMs ?? 120_000;
  const box = new PgliteBox(startupTimeoutMs);
  // Set once the database is up; on a busy machine starting PGlite alone can take many seconds.
  let deadline = started + overallMs;
  const budget = (ms: number) => Math.max(1, Math.min(ms, deadline - performance.now()));
  try {
    const ready = await box.ready;
    if (ready === "timeout" || ready.error) return failAll("error", "The database could not be started.");
    deadline = performance.now() + overallMs;

    const setup = [
      "SET statement_timeout = '2s'",
      `SET TimeZone = '${sessionTimeZone}'`,
      "SET client_min_messages = warning",
    ];
    for (const sql of setup) {
      const outcome = await box.run("exec", sql, setupTimeoutMs);
      if (outcome === "timeout" || outcome.error)
        return failAll("error", "The database could not be prepared.");
    }
    if (graderSetup.before !== undefined) {
      const beforeStarted = performance.now();
      const outcome = await box.run("exec", graderSetup.before, graderSetupTimeoutMs);
      if (outcome === "timeout" || outcome.error) {
        const reason = outcome === "timeout" ? "it exceeded the time limit" : outcome.error?.message;
        return failAll("error", `The grader's setup before your files failed: ${reason}`);
      }
      deadline += performance.now() - beforeStarted; // the grader's time, not the submission's
    }
    for (const file of ["schema.sql", "queries.sql"]) {
      const text = files[file] as string;
      const outcome = await box.run("exec", text, budget(setupTimeoutMs));
      if (outcome === "timeout") return failAll("time_limit", `${file} exceeded the time limit.`);
      if (outcome.error) {
        const where = lineOf(text, outcome.error.position);
        return failAll("error", `${file}${where}: ${outcome.error.message}`);
      }
    }
    if (graderSetup.after !== undefined) {
      // It can fail because of the candidate's files (a dropped table), so the message says so.
      const outcome = await box.run("exec", graderSetup.after, budget(graderSetupTimeoutMs));
      if (outcome === "timeout")
        return failAll("time_limit", "The grader's setup after your files timed out.");
      if (outcome.error) {
        return failAll("error", `The grader's setup after your files failed: ${outcome.error.message}`);
      }
    }

    const reports: TestReport[] = [];
    let verdict: Verdict = "passed";
    let stopped: string | undefined;
    for (const test of tests) {
      const testStart = performance.now();
      const report = (message: string): TestReport => ({
        name: test.name,
        visibility: test.visibility,
        passed: message === "",
        points: message === "" ? test.points : 0,
        maxPoints: test.points,
        durationMs: Math.round(performance.now() - testStart),
        message: truncate(message),
      });
      if (stopped) {
        reports.push(report(stopped));
        continue;
      }
      const timeoutMs = test.timeoutMs ?? defaultTestTimeoutMs;
      const testDeadline = testStart + timeoutMs;
      const left = () =>
        Math.max(1, Math.min(testDeadline - performance.now(), deadline - performance.now()));
      const internal = async (sql: string): Promise<string | undefined> => {
        const outcome = await box.run("exec", sql, left());
        if (outcome === "timeout") return "timeout";
        return outcome.error ? outcome.error.message : undefined;
      };
      let message = "";
      let timedOut = false;
      const begin = await internal("BEGIN");
      if (begin === "timeout") timedOut = true;
      else if (begin) message = "The test transaction could not be started.";
      for (const [stepIndex, step] of test.steps.entries()) {
        if (timedOut || message) break;
        const label = `step ${stepIndex + 1} ${describeStep(step, test.visibility === "visible")}`;
        const saved = await internal("SAVEPOINT evident_step");
        if (saved === "timeout") {
          timedOut = true;
          break;
        }
        if (saved) {
          message = `${label}: the transaction was aborted.`;
          break;
        }
        const isExplain = "explain" in step;
        const text =
          "sql" in step ? step.sql : "query" in step ? step.query : `EXPLAIN (FORMAT JSON) ${step.explain}`;
        const outcome = await box.run("query", text, left());
        if (outcome === "timeout") {
          timedOut = true;
          break;
        }
        let problem: string | undefined;
        if ("sql" in step) {
          if (step.expect === "ok") {
            if (outcome.error) {
              problem = `expected success, got ${errorName(outcome.error.code)}: ${outcome.error.message}`;
            }
          } else if (!outcome.error) {
            problem = `expected ${step.expect.error === "any" ? "an error" : step.expect.error}, but the statement succeeded`;
          } else if (!errorMatches(step.expect.error, outcome.error.code)) {
            problem = `expected ${step.expect.error}, got ${errorName(outcome.error.code)}: ${outcome.error.message}`;
          }
        } else if (outcome.error) {
          problem = `failed with ${errorName(outcome.error.code)}: ${outcome.error.message}`;
        } else if ("query" in step) {
          problem = compareRows(step, outcome.fields ?? [], outcome.rows ?? []);
        } else if (isExplain) {
          let plan: unknown;
          try {
            plan = JSON.parse(outcome.rows?.[0]?.[0] ?? "null");
          } catch {
            plan = null;
          }
          if (!planUsesIndexOn(plan, step.expectIndexScanOn)) {
            problem = `expected the plan to read ${step.expectIndexScanOn} through an index`;
          } else if (step.indexDefinition !== undefined) {
            const used = planIndexNamesOn(plan, step.expectIndexScanOn);
            const indexes = await box.run("query", indexDefinitionsQuery, left());
            if (indexes === "timeout") {
              timedOut = true;
              break;
            }
            const pattern = new RegExp(step.indexDefinition, "i");
            const matches = (indexes.rows ?? []).some(
              ([table, name, definition]) =>
                table === step.expectIndexScanOn &&
                typeof name === "string" &&
                used.includes(name) &&
                pattern.test(definition ?? ""),
            );
            if (!matches) {
              problem = `expected the plan to read ${step.expectIndexScanOn} through an index matching /${step.indexDefinition}/, it used ${used.join(", ") || "none"}`;
            }
          }
        }
        const back = await internal(
          outcome.error ? "ROLLBACK TO SAVEPOINT evident_step" : "RELEASE SAVEPOINT evident_step",
        );
        if (back === "timeout") timedOut = true;
        if (problem) message = `${label}: ${problem}`;
        else if (back && !timedOut) message = `${label}: the transaction was aborted.`;
      }
      if (!timedOut) {
        const end = await internal("ROLLBACK");
        if (end === "timeout") timedOut = true;
      }
      if (timedOut) {
        message = `Exceeded the test's time limit of ${timeoutMs} ms.`;
        stopped = "Not run: the database was stopped after an earlier test exceeded its time limit.";
        verdict = "time_limit";
      }
      reports.push(report(message));
    }

    const score = reports.reduce((sum, test) => sum + test.points, 0);
    if (verdict === "passed") {
      const passPercent = manifest.scoring.passPercent;
      if (score * 100 < maxScore * passPercent) verdict = "failed";
      else if (passPercent === 100 && reports.some((test) => !test.passed)) verdict = "failed";
    }
    return {
      challengeId: manifest.id,
      language: sqlLanguage,
      verdict,
      score,
      maxScore,
      tests: reports,
      resources: resources(),
    };
  } finally {
    await box.close();
  }
}
