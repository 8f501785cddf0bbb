import { and, eq, inArray, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { findFirstStage } from "../plans/plans.ts";
import { enterApplications, isUniqueViolation, requireRoleInOrganization } from "./applications.ts";
import { candidates } from "./candidates-table.ts";
import {
  type CandidateInput,
  candidateFieldSchemas,
  type ImportMode,
  type ImportReport,
  MAX_CANDIDATE_LINKS,
} from "./schemas.ts";

type Deps = { db: Db; clock: Clock };

export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

export type CsvParseResult = { ok: true; records: string[][] } | { ok: false; row: number; message: string };

/**
 * Parses CSV as RFC 4180 defines it: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes (`""`), records end in CRLF (LF or CR alone are
 * accepted too). A leading byte-order mark is dropped. Every record is returned, blank ones
 * included, so record i is spreadsheet row i + 1. A quote inside an unquoted field is kept as
 * text, as spreadsheets do; an unclosed quoted field or text after a closing quote is an error.
 */
export function parseCsv(text: string): CsvParseResult {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let inQuotes = false;
  let fieldWasQuoted = false;
  let quoteOpenedInRow = 0;
  let index = 0;
  const endField = () => {
    record.push(field);
    field = "";
    fieldWasQuoted = false;
  };
  while (index < input.length) {
    const character = input[index];
    if (inQuotes) {
      if (character === '"') {
        if (input[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        inQuotes = false;
        index += 1;
        continue;
      }
      // Copy the run of ordinary characters up to the next quote in one step.
      const nextQuote = input.indexOf('"', index);
      const end = nextQuote === -1 ? input.length : nextQuote;
      field += input.slice(index, end);
      index = end;
      continue;
    }
    if (character === ",") {
      endField();
      index += 1;
      continue;
    }
    if (character === "\r" || character === "\n") {
      endField();
      records.push(record);
      record = [];
      index += character === "\r" && input[index + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (fieldWasQuoted) {
      return {
        ok: false,
        row: records.length + 1,
        message: 'text follows a closing quote; write a quote inside a quoted field as ""',
      };
    }
    if (character === '"' && field === "") {
      inQuotes = true;
      fieldWasQuoted = true;
      quoteOpenedInRow = records.length + 1;
      index += 1;
      continue;
    }
    field += character;
    index += 1;
  }
  if (inQuotes) {
    return { ok: false, row: quoteOpenedInRow, message: "a quoted field is never closed" };
  }
  if (field !== "" || fieldWasQuoted || record.length > 0) {
    endField();
    records.push(record);
  }
  return { ok: true, records };
}

type CandidateColumn = "fullName" | "email" | "phone" | "location" | "links" | "source";

/** Header names (after trimming, lower-casing and turning spaces and hyphens into `_`) per field. */
const columnAliases: Record<CandidateColumn, readonly string[]> = {
  fullName: ["full_name", "name", "fullname"],
  email: ["email", "e_mail", "email_address"],
  phone: ["phone", "phone_number", "telephone"],
  location: ["location", "city"],
  links: ["links", "link", "urls"],
  source: ["source"],
};

/** The column names a report uses, as the documented headers. */
const columnLabels: Record<CandidateColumn, string> = {
  fullName: "full_name",
  email: "email",
  phone: "phone",
  location: "location",
  links: "links",
  source: "source",
};

export const normaliseHeader = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

export interface RowError {
  column: string;
  message: string;
}

export interface CandidateRow {
  /** The spreadsheet row: the header is row 1, the first data row is row 2. */
  row: number;
  status: "valid" | "invalid" | "duplicate";
  errors: RowError[];
  candidate: CandidateInput | null;
}

export type CandidateRowsResult =
  | { ok: true; rows: CandidateRow[]; ignoredColumns: string[] }
  | { ok: false; problems: { path: string; message: string }[] };

const isBlank = (record: readonly string[]) => record.every((value) => value.trim() === "");

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? "is invalid";
}

function readRow(record: readonly string[], columnIndex: Map<CandidateColumn, number>, headerWidth: number) {
  const errors: RowError[] = [];
  const value = (column: CandidateColumn) => {
    const position = columnIndex.get(column);
    return position === undefined ? "" : (record[position] ?? "").trim();
  };
  if (record.slice(headerWidth).some((extra) => extra.trim() !== "")) {
    errors.push({
      column: "row",
      message: `has ${record.length} values but the header has ${headerWidth} columns`,
    });
  }
  const fullName = candidateFieldSchemas.fullName.safeParse(value("fullName"));
  if (!fullName.success) errors.push({ column: "full_name", message: firstIssue(fullName) });
  const email = candidateFieldSchemas.email.safeParse(value("email"));
  if (!email.success) {
    errors.push({ column: "email", message: value("email") === "" ? "is required" : firstIssue(email) });
  }
  const optional = (column: "phone" | "location" | "source") => {
    const raw = value(column);
    if (raw === "") return null;
    const parsed = candidateFieldSchemas[column].safeParse(raw);
    if (!parsed.success) {
      errors.push({ column: columnLabels[column], message: firstIssue(parsed) });
      return null;
    }
    return parsed.data;
  };
  const phone = optional("phone");
  const location = optional("location");
  const source = optional("source");
  const links: string[] = [];
  const rawLinks = value("links")
    .split(/[\s;]+/)
    .filter((link) => link !== "");
  if (rawLinks.length > MAX_CANDIDATE_LINKS) {
    errors.push({ column: "links", message: `at most ${MAX_CANDIDATE_LINKS} links` });
  }
  for (const link of rawLinks.slice(0, MAX_CANDIDATE_LINKS)) {
    const parsed = candidateFieldSchemas.link.safeParse(link);
    if (parsed.success) links.push(parsed.data);
    else errors.push({ column: "links", message: `"${link.slice(0, 80)}" ${firstIssue(parsed)}` });
  }
  const candidate =
    fullName.success && email.success && errors.length === 0
      ? { fullName: fullName.data, email: email.data, phone, location, links, source }
      : null;
  return { errors, candidate, email: email.success ? email.data : null };
}

/**
 * Maps parsed records to candidate rows: columns are found by header name (full_name or name,
 * email, phone, location, links separated by spaces or semicolons, source; other columns are
 * ignored), each row is validated like the API's input, and a row repeating an email of an
 * earlier row is a duplicate. Blank rows are skipped but still counted in row numbers.
 */
export function readCandidateRows(records: readonly string[][]): CandidateRowsResult {
  const header = records[0];
  if (!header || isBlank(header)) {
    return {
      ok: false,
      problems: [{ path: "csv", message: "the first row must name the columns, e.g. full_name,email" }],
    };
  }
  const columnIndex = new Map<CandidateColumn, number>();
  const ignoredColumns: string[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const [position, rawName] of header.entries()) {
    const name = normaliseHeader(rawName);
    const column = (Object.keys(columnAliases) as CandidateColumn[]).find((key) =>
      columnAliases[key].includes(name),
    );
    if (!column) {
      if (name !== "") ignoredColumns.push(rawName.trim());
      continue;
    }
    if (columnIndex.has(column)) {
      problems.push({ path: "csv", message: `two columns hold ${columnLabels[column]}; keep one` });
      continue;
    }
    columnIndex.set(column, position);
  }
  const missing = (["fullName", "email"] as const).filter((column) => !columnIndex.has(column));
  if (missing.length > 0) {
    const found = header.map((name) => name.trim()).join(", ");
    const hint =
      header.length === 1 && /[;\t]/.test(header[0] ?? "") ? " Separate the columns with commas." : "";
    problems.push({
      path: "csv",
      message: `missing required column(s): ${missing.map((column) => columnLabels[column]).join(", ")}; the header row has: ${found}.${hint}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const rows: CandidateRow[] = [];
  const firstRowByEmail = new Map<string, number>();
  for (const [recordIndex, record] of records.entries()) {
    if (recordIndex === 0 || isBlank(record)) continue;
    const rowNumber = recordIndex + 1;
    const { errors, candidate, email } = readRow(record, columnIndex, header.length);
    const earlierRow = email ? firstRowByEmail.get(email) : undefined;
    if (email && earlierRow === undefined) firstRowByEmail.set(email, rowNumber);
    if (errors.length > 0) {
      rows.push({ row: rowNumber, status: "invalid", errors, candidate: null });
    } else if (earlierRow !== undefined) {
      rows.push({
        row: rowNumber,
        status: "duplicate",
        errors: [{ column: "email", message: `repeats the email of row ${earlierRow}` }],
        candidate: null,
      });
    } else {
      rows.push({ row: rowNumber, status: "valid", errors: [], candidate });
    }
  }
  return { ok: true, rows, ignoredColumns };
}

const INSERT_CHUNK = 500;

/**
 * Imports candidates from CSV text in one transaction. Duplicates (an email already in the
 * organisation, or repeated in the file) are skipped and reported. In `all_or_nothing` mode
 * one invalid row means nothing is imported (`committed` is false); in `valid_rows_only` the
 * valid rows are imported. A dry run validates and reports without writing. With a role, each
 * imported candidate applies to it, starting in its plan's first stage.
 */
export async function importCandidates(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  input: { csv: string; roleId?: string | undefined; mode: ImportMode; dryRun?: boolean | undefined },
): Promise<ImportReport & { committed: boolean }> {
  if (Buffer.byteLength(input.csv, "utf8") > MAX_IMPORT_BYTES) {
    throw new AppError(
      "payload_too_large",
      `The CSV is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; split it into several imports.`,
    );
  }
  const parsed = parseCsv(input.csv);
  if (!parsed.ok) {
    throw new AppError("bad_request", `The CSV is malformed at row ${parsed.row}: ${parsed.message}.`, {
      fieldErrors: [{ path: "csv", message: `row ${parsed.row}: ${parsed.message}` }],
    });
  }
  const read = readCandidateRows(parsed.records);
  if (!read.ok) {
    throw new AppError("bad_request", `The CSV cannot be imported: ${read.problems[0]?.message}`, {
      fieldErrors: read.problems,
    });
  }
  if (read.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      "payload_too_large",
      `The CSV has ${read.rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`,
    );
  }
  const dryRun = input.dryRun ?? false;
  return deps.db.transaction(async (tx) => {
    if (input.roleId) {
      await requireRoleInOrganization(tx, organizationId, input.roleId);
      if (!(await findFirstStage(tx, organizationId, input.roleId))) {
        throw new AppError(
          "conflict",
          "The role has no hiring plan yet; create its plan before importing candidates into it.",
        );
      }
    }
    const rows = read.rows.map((row) => ({ ...row, candidateId: undefined as string | undefined }));
    const emails = rows.flatMap((row) => (row.candidate ? [row.candidate.email] : []));
    const existing =
      emails.length === 0
        ? []
        : await tx
            .select({ id: candidates.id, email: sql<string>`lower(${candidates.email})` })
            .from(candidates)
            .where(
              and(
                eq(candidates.organizationId, organizationId),
                inArray(sql`lower(${candidates.email})`, emails),
              ),
            );
    const existingByEmail = new Map(existing.map((row) => [row.email, row.id]));
    for (const row of rows) {
      const existingId = row.candidate ? existingByEmail.get(row.candidate.email) : undefined;
      if (row.status === "valid" && existingId) {
        row.status = "duplicate";
        row.errors = [{ column: "email", message: "a candidate with this email already exists" }];
        row.candidateId = existingId;
        row.candidate = null;
      }
    }
    const valid = rows.filter((row) => row.status === "valid");
    const hasInvalid = rows.some((row) => row.status === "invalid");
    const refused = input.mode === "all_or_nothing" && hasInvalid;
    const importing = refused ? [] : valid;
    const report = (committed: boolean): ImportReport & { committed: boolean } => ({
      mode: input.mode,
      dryRun,
      imported: importing.length,
      skipped: rows.length - importing.length,
      ignoredColumns: read.ignoredColumns,
      rows: rows.map((row) => ({
        row: row.row,
        status: row.status,
        errors: row.errors,
        ...(row.candidateId ? { candidateId: row.candidateId } : {}),
      })),
      committed,
    });
    if (dryRun || refused) return report(false);

    const now = deps.clock.now();
    const values = importing.map((row) => {
      const candidate = row.candidate as CandidateInput;
      row.candidateId = newId();
      return { id: row.candidateId, organizationId, ...candidate, createdAt: now, updatedAt: now };
    });
    try {
      for (let start = 0; start < values.length; start += INSERT_CHUNK) {
        await tx.insert(candidates).values(values.slice(start, start + INSERT_CHUNK));
      }
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          "conflict",
          "Someone added one of these candidates while the import ran; nothing was imported. Run the import again.",
          { cause: error },
        );
      }
      throw error;
    }
    if (input.roleId && values.length > 0) {
      await enterApplications(tx, organizationId, {
        roleId: input.roleId,
        candidateIds: values.map((value) => value.id),
        actorUserId: actor.userId,
        at: now,
      });
    }
    await recordAudit(tx, actor, {
      organizationId,
      action: "candidates.imported",
      objectType: "candidate",
      objectId: null,
      detail: {
        mode: input.mode,
        imported: values.length,
        skipped: rows.length - values.length,
        roleId: input.roleId ?? null,
      },
    });
    return report(true);
  });
}
