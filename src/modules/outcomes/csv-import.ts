import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { normaliseHeader, parseCsv } from "../candidates/csv-import.ts";
import { type OutcomeEvent, outcomeEventSchema } from "./dora/events.ts";
import { ingestOutcomeEvents } from "./ingest.ts";
import type { OutcomeSource } from "./outcomes-table.ts";

/**
 * CSV import of delivery events (issue 14 item 2): one file per kind, the columns are the event
 * fields (camelCase or snake_case, any case), every row validated by the events' own schema,
 * a row-numbered report, and nothing stored when any row is invalid. Rows go through
 * ingestOutcomeEvents, so re-importing a file changes nothing.
 */

export const importKinds = ["changes", "deployments", "incidents"] as const;
export type ImportKind = (typeof importKinds)[number];

/** Through the API; the CLI reads bigger files and sends them in parts of this size. */
export const MAX_OUTCOME_IMPORT_BYTES = 8 * 1024 * 1024;
export const MAX_OUTCOME_IMPORT_ROWS = 50_000;

const columnsOf: Record<ImportKind, readonly string[]> = {
  changes: ["service", "externalId", "author", "firstCommitAt", "openedAt", "firstReviewAt", "mergedAt"],
  deployments: ["service", "externalId", "environment", "result", "startedAt", "finishedAt", "changes"],
  incidents: ["service", "externalId", "createdAt", "resolvedAt"],
};
const typeOf = { changes: "change", deployments: "deployment", incidents: "incident" } as const;
/** Columns that may be left out of the header (or left empty in a row): null, or no changes. */
const optionalColumns = new Set(["firstCommitAt", "firstReviewAt", "mergedAt", "resolvedAt", "changes"]);

/** "first_commit_at", "First Commit At", "firstCommitAt" → "firstcommitat". */
const columnKey = (header: string) => normaliseHeader(header).replaceAll("_", "");

export interface OutcomeImportError {
  /** The spreadsheet row: the header is row 1. */
  row: number;
  column: string;
  message: string;
}

export interface OutcomeImportReport {
  kind: ImportKind;
  dryRun: boolean;
  rows: number;
  stored: number;
  unchanged: number;
  servicesCreated: string[];
  ignoredColumns: string[];
  errors: OutcomeImportError[];
}

export type OutcomeRowsResult =
  | { ok: true; events: OutcomeEvent[]; ignoredColumns: string[] }
  | { ok: false; errors: OutcomeImportError[]; ignoredColumns: string[]; rows: number };

/** CSV text → validated events of one kind, or every row's problems. */
export function readOutcomeRows(
  kind: ImportKind,
  text: string,
  maxRows = MAX_OUTCOME_IMPORT_ROWS,
): OutcomeRowsResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    return {
      ok: false,
      errors: [{ row: parsed.row, column: "", message: parsed.message }],
      ignoredColumns: [],
      rows: 0,
    };
  }
  const [header = [], ...records] = parsed.records;
  const wanted = new Map(columnsOf[kind].map((column) => [column.toLowerCase(), column]));
  const positions = new Map<string, number>();
  const ignoredColumns: string[] = [];
  header.forEach((name, position) => {
    const column = wanted.get(columnKey(name));
    if (column && !positions.has(column)) positions.set(column, position);
    else if (name.trim() !== "") ignoredColumns.push(name.trim());
  });
  const missing = columnsOf[kind].filter((column) => !positions.has(column) && !optionalColumns.has(column));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: missing.map((column) => ({
        row: 1,
        column,
        message: "is a required column and is missing from the header",
      })),
      ignoredColumns,
      rows: 0,
    };
  }
  const dataRows = records
    .map((record, index) => ({ record, row: index + 2 }))
    .filter(({ record }) => record.some((field) => field.trim() !== ""));
  if (dataRows.length > maxRows) {
    return {
      ok: false,
      errors: [
        {
          row: 1,
          column: "",
          message: `the file has ${dataRows.length} rows; at most ${maxRows} are imported at once`,
        },
      ],
      ignoredColumns,
      rows: dataRows.length,
    };
  }
  const events: OutcomeEvent[] = [];
  const errors: OutcomeImportError[] = [];
  for (const { record, row } of dataRows) {
    const value: Record<string, unknown> = { type: typeOf[kind] };
    for (const [column, position] of positions) {
      const cell = (record[position] ?? "").trim();
      if (column === "changes") value.changes = cell === "" ? [] : cell.split(/[\s;|]+/).filter(Boolean);
      else if (cell === "" && optionalColumns.has(column)) value[column] = null;
      else value[column] = cell;
    }
    const result = outcomeEventSchema.safeParse(value);
    if (result.success) events.push(result.data);
    else {
      for (const issue of result.error.issues) {
        errors.push({ row, column: issue.path.map(String).join(".") || "", message: issue.message });
      }
    }
  }
  return errors.length > 0
    ? { ok: false, errors, ignoredColumns, rows: dataRows.length }
    : { ok: true, events, ignoredColumns };
}

/** Validates the whole file, then stores it in one transaction; refused whole (422 with the report) on any bad row. */
export async function importOutcomeCsv(
  db: Db,
  organizationId: string,
  input: { kind: ImportKind; csv: string; dryRun?: boolean | undefined; source?: OutcomeSource },
): Promise<OutcomeImportReport> {
  if (Buffer.byteLength(input.csv) > MAX_OUTCOME_IMPORT_BYTES) {
    throw new AppError(
      "payload_too_large",
      `A CSV import may be at most ${MAX_OUTCOME_IMPORT_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const dryRun = input.dryRun ?? false;
  const read = readOutcomeRows(input.kind, input.csv);
  if (!read.ok) {
    const report: OutcomeImportReport = {
      kind: input.kind,
      dryRun,
      rows: read.rows,
      stored: 0,
      unchanged: 0,
      servicesCreated: [],
      ignoredColumns: read.ignoredColumns,
      errors: read.errors,
    };
    const first = read.errors[0];
    throw new AppError(
      "unprocessable",
      `Nothing was imported: ${read.errors.length} problem(s) (first: row ${first?.row}${first?.column ? `, ${first.column}` : ""}: ${first?.message}).`,
      {
        fieldErrors: read.errors.slice(0, 100).map((error) => ({
          path: `row ${error.row}${error.column ? `.${error.column}` : ""}`,
          message: error.message,
        })),
        extensions: { outcomeImport: report },
      },
    );
  }
  const base = {
    kind: input.kind,
    dryRun,
    rows: read.events.length,
    ignoredColumns: read.ignoredColumns,
    errors: [],
  };
  if (dryRun) return { ...base, stored: 0, unchanged: 0, servicesCreated: [] };
  const result = await ingestOutcomeEvents(db, organizationId, input.source ?? "csv", read.events);
  return { ...base, ...result };
}

declare module "../../platform/errors.ts" {
  interface ProblemExtensions {
    /** A refused outcomes CSV import: the report naming every bad row. */
    outcomeImport?: OutcomeImportReport;
  }
}
