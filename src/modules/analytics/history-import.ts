import { eq, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { isStorableText } from "../../server/schemas.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { normaliseHeader, parseCsv } from "../candidates/csv-import.ts";
import { importedApplications, importedRatings, importedStages } from "./analytics-table.ts";

/** The three files of a history import, as text. */
export interface HistoryFiles {
  applications: string;
  stages: string;
  ratings: string;
}
export type HistoryFileName = keyof HistoryFiles;
export const HISTORY_FILE_NAMES: readonly HistoryFileName[] = ["applications", "stages", "ratings"];

/** The whole upload (three files) may be at most this large. */
export const MAX_HISTORY_BYTES = 100 * 1024 * 1024;

/** The columns of each file, in the documented order (docs/analytics.md). */
export const HISTORY_COLUMNS = {
  applications: [
    "application_ref",
    "role",
    "work_model",
    "hired",
    "hire_work_model",
    "gender",
    "race_ethnicity",
    "outcome_6m",
    "retained_12m",
  ],
  stages: ["application_ref", "stage", "stage_order", "passed", "entered_at"],
  ratings: ["application_ref", "stage", "interviewer_ref", "rating"],
} as const satisfies Record<HistoryFileName, readonly string[]>;

/** The group of a person who did not answer (an empty gender or race_ethnicity cell). */
export const NOT_DISCLOSED = "not_disclosed";

export interface HistoryRowError {
  file: HistoryFileName;
  /** The spreadsheet row: the header is row 1, the first data row is row 2. */
  row: number;
  column: string;
  message: string;
}

export interface HistoryImportReport {
  applications: number;
  stages: number;
  ratings: number;
  /** Every bad row's problems (at most MAX_REPORTED_ERRORS; errorCount has them all). */
  errors: HistoryRowError[];
  errorCount: number;
}

/** A report names this many errors at most: a wholly wrong file would otherwise answer megabytes. */
export const MAX_REPORTED_ERRORS = 1000;

const WORK_MODEL_VALUES = new Set(["onsite", "remote", "hybrid"]);
const MAX_TEXT = 200;

interface ApplicationRow {
  number: number;
  ref: string;
  role: string;
  workModel: string | null;
  hired: boolean | null;
  hireWorkModel: string | null;
  gender: string;
  raceEthnicity: string;
  outcome6m: number | null;
  retained12m: boolean | null;
}

interface StageRow {
  number: number;
  stage: string;
  stageOrder: number;
  passed: boolean;
  enteredAt: string | null;
  ratingCount: number;
  ratingSum: number;
  ratingSquares: number;
  daysInStage: number | null;
}

interface RatingRow {
  number: number;
  stage: string;
  interviewer: string;
  rating: number;
}

/** What validation reads from the files: every row, or the errors (nothing is stored then). */
export type ValidatedHistory =
  | { ok: true; applications: ApplicationRow[]; stages: StageRow[]; ratings: RatingRow[] }
  | { ok: false; report: HistoryImportReport };

class ErrorCollector {
  readonly errors: HistoryRowError[] = [];
  count = 0;
  add(file: HistoryFileName, row: number, column: string, message: string) {
    this.count += 1;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ file, row, column, message });
  }
}

function parseBooleanCell(value: string): boolean | null | undefined {
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "") return null;
  return undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO date (or date-time, whose date part is kept), checked to be a real calendar day. */
function parseIsoDate(value: string): string | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day) || year === "0000") return undefined;
  return `${year}-${month}-${day}`;
}

/**
 * Reads one file's records: the header must hold every documented column (in any order, other
 * columns ignored); each data row is handed to `readRow` with a cell reader. Blank rows are
 * skipped but still counted in row numbers.
 */
function readFile(
  file: HistoryFileName,
  text: string,
  errors: ErrorCollector,
  readRow: (cell: (column: string) => string, row: number) => void,
): void {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    errors.add(file, parsed.row, "csv", parsed.message);
    return;
  }
  const [header, ...records] = parsed.records;
  const columns = HISTORY_COLUMNS[file];
  const positions = new Map<string, number>();
  for (const [position, name] of (header ?? []).entries()) {
    const normalised = normaliseHeader(name);
    if ((columns as readonly string[]).includes(normalised) && !positions.has(normalised)) {
      positions.set(normalised, position);
    }
  }
  const missing = columns.filter((column) => !positions.has(column));
  if (missing.length > 0) {
    errors.add(
      file,
      1,
      "header",
      `missing column(s) ${missing.join(", ")}; the header must name ${columns.join(",")}`,
    );
    return;
  }
  for (const [index, record] of records.entries()) {
    if (record.every((value) => value.trim() === "")) continue;
    const cell = (column: string) => (record[positions.get(column) as number] ?? "").trim();
    readRow(cell, index + 2);
  }
}

/**
 * Validates the three files against each other: every ref in stages and ratings names an
 * application, every rating a stage row of that application, nothing repeats. Returns the rows,
 * numbered, or every problem with its file, row and column.
 */
export function validateHistory(files: HistoryFiles): ValidatedHistory {
  const errors = new ErrorCollector();
  const applications: ApplicationRow[] = [];
  const numberByRef = new Map<string, number>();
  const rowByRef = new Map<string, number>();

  const text = (file: HistoryFileName, row: number, column: string, value: string, required: boolean) => {
    if (value === "" && required) {
      errors.add(file, row, column, "is required");
      return null;
    }
    if (value.length > MAX_TEXT) {
      errors.add(file, row, column, `is longer than ${MAX_TEXT} characters`);
      return null;
    }
    if (!isStorableText(value)) {
      errors.add(file, row, column, "must not contain NUL characters or unpaired surrogates");
      return null;
    }
    return value;
  };

  readFile("applications", files.applications, errors, (cell, row) => {
    const before = errors.count;
    const ref = text("applications", row, "application_ref", cell("application_ref"), true);
    const role = text("applications", row, "role", cell("role"), true);
    const workModel = (column: string) => {
      const value = cell(column).toLowerCase();
      if (value === "") return null;
      if (WORK_MODEL_VALUES.has(value)) return value;
      errors.add("applications", row, column, "must be onsite, remote, hybrid or empty");
      return null;
    };
    const bool = (column: string) => {
      const value = parseBooleanCell(cell(column));
      if (value === undefined) errors.add("applications", row, column, "must be true, false or empty");
      return value ?? null;
    };
    const model = workModel("work_model");
    const hired = bool("hired");
    const hireModel = workModel("hire_work_model");
    const gender = text("applications", row, "gender", cell("gender"), false);
    const race = text("applications", row, "race_ethnicity", cell("race_ethnicity"), false);
    let outcome: number | null = null;
    const rawOutcome = cell("outcome_6m");
    if (rawOutcome !== "") {
      if (/^[1-4]$/.test(rawOutcome)) outcome = Number(rawOutcome);
      else errors.add("applications", row, "outcome_6m", "must be 1, 2, 3, 4 or empty");
    }
    const retained = bool("retained_12m");
    if (ref !== null && ref !== "") {
      const earlier = rowByRef.get(ref);
      if (earlier !== undefined) {
        errors.add("applications", row, "application_ref", `repeats the application_ref of row ${earlier}`);
      } else rowByRef.set(ref, row);
    }
    if (errors.count > before || ref === null || role === null) return;
    const number = applications.length + 1;
    numberByRef.set(ref, number);
    applications.push({
      number,
      ref,
      role,
      workModel: model,
      hired,
      hireWorkModel: hireModel,
      gender: gender === null || gender === "" ? NOT_DISCLOSED : gender,
      raceEthnicity: race === null || race === "" ? NOT_DISCLOSED : race,
      outcome6m: outcome,
      retained12m: retained,
    });
  });

  const applicationOf = (file: HistoryFileName, row: number, ref: string) => {
    if (ref === "") {
      errors.add(file, row, "application_ref", "is required");
      return undefined;
    }
    const number = numberByRef.get(ref);
    if (number === undefined) {
      const why = rowByRef.has(ref)
        ? "names an application whose row is invalid"
        : "is not in applications.csv";
      errors.add(file, row, "application_ref", why);
    }
    return number;
  };

  const stages: StageRow[] = [];
  const stageRowByKey = new Map<string, number>();
  readFile("stages", files.stages, errors, (cell, row) => {
    const before = errors.count;
    const number = applicationOf("stages", row, cell("application_ref"));
    const stage = text("stages", row, "stage", cell("stage"), true);
    const rawOrder = cell("stage_order");
    const stageOrder = /^-?\d{1,9}$/.test(rawOrder) ? Number(rawOrder) : null;
    if (stageOrder === null) errors.add("stages", row, "stage_order", "must be a whole number");
    const passed = parseBooleanCell(cell("passed"));
    if (passed === undefined || passed === null) errors.add("stages", row, "passed", "must be true or false");
    const rawDate = cell("entered_at");
    const enteredAt = rawDate === "" ? null : parseIsoDate(rawDate);
    if (enteredAt === undefined)
      errors.add("stages", row, "entered_at", "must be an ISO date (YYYY-MM-DD) or empty");
    if (number !== undefined && stage !== null) {
      const key = `${number}\u0000${stage}`;
      const earlier = stageRowByKey.get(key);
      if (earlier !== undefined)
        errors.add("stages", row, "stage", `repeats the stage of row ${earlier} for this application`);
      else stageRowByKey.set(key, row);
    }
    if (errors.count > before || number === undefined || stage === null) return;
    stages.push({
      number,
      stage,
      stageOrder: stageOrder as number,
      passed: passed as boolean,
      enteredAt: enteredAt ?? null,
      ratingCount: 0,
      ratingSum: 0,
      ratingSquares: 0,
      daysInStage: null,
    });
  });

  const ratings: RatingRow[] = [];
  const ratingRowByKey = new Map<string, number>();
  readFile("ratings", files.ratings, errors, (cell, row) => {
    const before = errors.count;
    const number = applicationOf("ratings", row, cell("application_ref"));
    const stage = text("ratings", row, "stage", cell("stage"), true);
    const interviewer = text("ratings", row, "interviewer_ref", cell("interviewer_ref"), true);
    const rawRating = cell("rating");
    if (!/^[1-4]$/.test(rawRating)) errors.add("ratings", row, "rating", "must be 1, 2, 3 or 4");
    if (number !== undefined && stage !== null && stage !== "") {
      if (!stageRowByKey.has(`${number}\u0000${stage}`)) {
        errors.add("ratings", row, "stage", "has no row in stages.csv for this application");
      } else if (interviewer !== null && interviewer !== "") {
        const key = `${number}\u0000${stage}\u0000${interviewer}`;
        const earlier = ratingRowByKey.get(key);
        if (earlier !== undefined) {
          errors.add(
            "ratings",
            row,
            "interviewer_ref",
            `repeats the rating of row ${earlier} (same application, stage and interviewer)`,
          );
        } else ratingRowByKey.set(key, row);
      }
    }
    if (errors.count > before || number === undefined || stage === null || interviewer === null) return;
    ratings.push({ number, stage, interviewer, rating: Number(rawRating) });
  });

  if (errors.count > 0) {
    return {
      ok: false,
      report: {
        applications: applications.length,
        stages: stages.length,
        ratings: ratings.length,
        errors: errors.errors,
        errorCount: errors.count,
      },
    };
  }
  deriveStageSummaries(stages, ratings);
  return { ok: true, applications, stages, ratings };
}

const MILLISECONDS_PER_DAY = 86_400_000;

/**
 * Fills each stage row's rating summary (count, sum, squared deviations from the mean, as
 * statistics/calibration.ts's ANOVA computes them) and its days in the stage (as
 * statistics/funnel.ts defines them: to the next stage the application reached, by stage_order).
 */
function deriveStageSummaries(stages: StageRow[], ratings: readonly RatingRow[]): void {
  const key = (number: number, stage: string) => `${number}\u0000${stage}`;
  const byKey = new Map(stages.map((row) => [key(row.number, row.stage), row]));
  const values = new Map<StageRow, number[]>();
  for (const rating of ratings) {
    const row = byKey.get(key(rating.number, rating.stage)) as StageRow;
    const list = values.get(row) ?? [];
    list.push(rating.rating);
    values.set(row, list);
  }
  for (const [row, list] of values) {
    row.ratingCount = list.length;
    row.ratingSum = list.reduce((total, value) => total + value, 0);
    const centre = row.ratingSum / list.length;
    row.ratingSquares = list.reduce((total, value) => total + (value - centre) ** 2, 0);
  }
  const byApplication = new Map<number, StageRow[]>();
  for (const row of stages) {
    const list = byApplication.get(row.number) ?? [];
    list.push(row);
    byApplication.set(row.number, list);
  }
  for (const list of byApplication.values()) {
    list.sort((x, y) => x.stageOrder - y.stageOrder);
    for (let index = 0; index + 1 < list.length; index++) {
      const current = list[index] as StageRow;
      const next = list[index + 1] as StageRow;
      if (current.enteredAt === null || next.enteredAt === null) continue;
      current.daysInStage =
        (Date.parse(next.enteredAt) - Date.parse(current.enteredAt)) / MILLISECONDS_PER_DAY;
    }
  }
}

// Rows per INSERT … SELECT FROM json_to_recordset: one parameter each, a few MB of JSON.
const INSERT_CHUNK = 20_000;

async function insertInChunks<Row>(
  rows: readonly Row[],
  insertChunk: (json: string) => Promise<unknown>,
  toTuple: (row: Row) => unknown[],
  onChunk: (count: number) => void,
) {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    await insertChunk(JSON.stringify(chunk.map(toTuple)));
    onChunk(chunk.length);
  }
}

/**
 * Replaces the organisation's imported history with the files' rows, in one transaction, when
 * every row is valid; otherwise stores nothing and answers the report (`committed` false). Rows
 * go in with one INSERT … SELECT per 20,000 (a JSON array unpacked by PostgreSQL), the same on
 * PGlite and PostgreSQL.
 */
export async function importHistory(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  organizationId: string,
  files: HistoryFiles,
  options: { onProgress?: (done: number, total: number, item: string) => void } = {},
): Promise<HistoryImportReport & { committed: boolean }> {
  const size = HISTORY_FILE_NAMES.reduce((total, name) => total + Buffer.byteLength(files[name], "utf8"), 0);
  if (size > MAX_HISTORY_BYTES) {
    throw new AppError("payload_too_large", `The history files hold ${size} bytes; at most 100 MiB.`);
  }
  const validated = validateHistory(files);
  if (!validated.ok) return { ...validated.report, committed: false };
  const { applications, stages, ratings } = validated;
  const total = applications.length + stages.length + ratings.length;
  let done = 0;
  const progress = (item: string) => (count: number) => {
    done += count;
    options.onProgress?.(done, total, item);
  };
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.delete(importedRatings).where(eq(importedRatings.organizationId, organizationId));
    await tx.delete(importedStages).where(eq(importedStages.organizationId, organizationId));
    await tx.delete(importedApplications).where(eq(importedApplications.organizationId, organizationId));
    await insertInChunks(
      applications,
      (json) =>
        tx.execute(sql`
          insert into analytics_imported_applications (organization_id, application_number, application_ref,
            role, work_model, hired, hire_work_model, gender, race_ethnicity, outcome_6m, retained_12m, imported_at)
          select ${organizationId}::uuid, (r->>0)::int, r->>1, r->>2, r->>3, (r->>4)::boolean, r->>5,
            r->>6, r->>7, (r->>8)::smallint, (r->>9)::boolean, ${now.toISOString()}::timestamptz
          from json_array_elements(${json}::json) as r`),
      (row) => [
        row.number,
        row.ref,
        row.role,
        row.workModel,
        row.hired,
        row.hireWorkModel,
        row.gender,
        row.raceEthnicity,
        row.outcome6m,
        row.retained12m,
      ],
      progress("applications"),
    );
    await insertInChunks(
      stages,
      (json) =>
        tx.execute(sql`
          insert into analytics_imported_stages (organization_id, application_number, stage, stage_order, passed,
            entered_at, rating_count, rating_sum, rating_squares, days_in_stage)
          select ${organizationId}::uuid, (r->>0)::int, r->>1, (r->>2)::int, (r->>3)::boolean, (r->>4)::date,
            (r->>5)::int, (r->>6)::float8, (r->>7)::float8, (r->>8)::float8
          from json_array_elements(${json}::json) as r`),
      (row) => [
        row.number,
        row.stage,
        row.stageOrder,
        row.passed,
        row.enteredAt,
        row.ratingCount,
        row.ratingSum,
        row.ratingSquares,
        row.daysInStage,
      ],
      progress("stages"),
    );
    await insertInChunks(
      ratings,
      (json) =>
        tx.execute(sql`
          insert into analytics_imported_ratings (organization_id, application_number, stage, interviewer_ref, rating)
          select ${organizationId}::uuid, (r->>0)::int, r->>1, r->>2, (r->>3)::smallint
          from json_array_elements(${json}::json) as r`),
      (row) => [row.number, row.stage, row.interviewer, row.rating],
      progress("ratings"),
    );
    await recordAudit(tx, actor, {
      organizationId,
      action: "analytics.history_imported",
      objectType: "organization",
      objectId: organizationId,
      detail: { applications: applications.length, stages: stages.length, ratings: ratings.length },
    });
  });
  // Fresh statistics for the planner: the tables may have grown from nothing to a million rows.
  await deps.db.execute(
    sql`analyze analytics_imported_applications, analytics_imported_stages, analytics_imported_ratings`,
  );
  return {
    applications: applications.length,
    stages: stages.length,
    ratings: ratings.length,
    errors: [],
    errorCount: 0,
    committed: true,
  };
}
