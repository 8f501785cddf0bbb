/**
 * SQL from the pad: the pad's statements run one by one in a fresh, empty PostgreSQL (PGlite
 * in a worker thread: the grading engine's sql kind runner, PgliteBox), and each statement's
 * result is written out as it completes: a text table for rows, the command tag otherwise, the
 * error with its line for a failing statement (which ends the run, as psql -v ON_ERROR_STOP
 * does). The database has no network and no host files, and lives only for this run; the
 * wall-time limit is the sandbox's, enforced by terminating the worker.
 */
import { PgliteBox } from "../grading-engine/sql/database.ts";

/** The most rows printed per result; the rest are counted. */
export const SQL_ROWS_SHOWN = 200;
const STARTUP_MS = 60_000;

export interface PadSqlResult {
  status: "ok" | "runtime_error" | "time_limit";
  exitCode: number;
  wallMs: number;
}

/**
 * Splits a script into statements at top-level semicolons, leaving those inside quotes,
 * dollar quotes and comments alone. Each statement carries the line it starts on.
 */
export function splitSqlStatements(script: string): { sql: string; line: number }[] {
  const statements: { sql: string; line: number }[] = [];
  let start = 0;
  let index = 0;
  const push = (end: number) => {
    const text = script.slice(start, end);
    const code = text.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
    if (code.trim().length > 0) {
      const leading = text.length - text.trimStart().length;
      statements.push({
        sql: text.trim(),
        line: script.slice(0, start + leading).split("\n").length,
      });
    }
    start = end + 1;
  };
  while (index < script.length) {
    const char = script[index];
    const rest = script.slice(index);
    if (char === "-" && rest.startsWith("--")) {
      const end = script.indexOf("\n", index);
      index = end === -1 ? script.length : end + 1;
    } else if (char === "/" && rest.startsWith("/*")) {
      const end = script.indexOf("*/", index + 2);
      index = end === -1 ? script.length : end + 2;
    } else if (char === "'" || char === '"') {
      let end = index + 1;
      while (end < script.length) {
        if (script[end] === char) {
          if (script[end + 1] === char) end += 2;
          else break;
        } else end += 1;
      }
      index = end + 1;
    } else if (char === "$" && /^\$[A-Za-z_]*\$/.test(rest)) {
      const tag = /^\$[A-Za-z_]*\$/.exec(rest)?.[0] ?? "$$";
      const end = script.indexOf(tag, index + tag.length);
      index = end === -1 ? script.length : end + tag.length;
    } else {
      if (char === ";") push(index);
      index += 1;
    }
  }
  push(script.length);
  return statements;
}

/** A psql-like text table: a header, a rule, the rows (NULL shown as such), and the count. */
export function formatRows(fields: readonly { name: string }[], rows: readonly (string | null)[][]): string {
  const shown = rows.slice(0, SQL_ROWS_SHOWN).map((row) => row.map((value) => value ?? "NULL"));
  const widths = fields.map((field, column) =>
    Math.max(field.name.length, ...shown.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(" | ")
      .trimEnd();
  const more = rows.length > shown.length ? `, ${SQL_ROWS_SHOWN} shown` : "";
  return [
    line(fields.map((field) => field.name)),
    widths.map((width) => "-".repeat(width)).join("-+-"),
    ...shown.map(line),
    `(${rows.length} ${rows.length === 1 ? "row" : "rows"}${more})`,
  ].join("\n");
}

export async function runPadSql(
  script: string,
  options: { wallMs: number; onOutput: (stream: "stdout" | "stderr", text: string) => void },
): Promise<PadSqlResult> {
  const started = performance.now();
  const box = new PgliteBox(STARTUP_MS);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const ready = await box.ready;
    if (ready === "timeout" || ready.error) {
      options.onOutput("stderr", "The database could not be started.\n");
      return { status: "runtime_error", exitCode: 1, wallMs: elapsed() };
    }
    const deadline = performance.now() + options.wallMs;
    const statements = splitSqlStatements(script);
    if (statements.length === 0) options.onOutput("stdout", "No SQL statements to run.\n");
    for (const statement of statements) {
      const outcome = await box.run("query", statement.sql, Math.max(1, deadline - performance.now()));
      if (outcome === "timeout") {
        options.onOutput("stderr", `Stopped at the time limit (line ${statement.line}).\n`);
        return { status: "time_limit", exitCode: 1, wallMs: elapsed() };
      }
      if (outcome.error) {
        const position = outcome.error.position
          ? statement.line + statement.sql.slice(0, outcome.error.position - 1).split("\n").length - 1
          : statement.line;
        options.onOutput("stderr", `ERROR at line ${position}: ${outcome.error.message}\n`);
        return { status: "runtime_error", exitCode: 1, wallMs: elapsed() };
      }
      const fields = outcome.fields ?? [];
      options.onOutput(
        "stdout",
        `${fields.length > 0 ? formatRows(fields, outcome.rows ?? []) : commandTag(statement.sql)}\n\n`,
      );
    }
    return { status: "ok", exitCode: 0, wallMs: elapsed() };
  } finally {
    await box.close();
  }
}

/** What psql would print for a statement without rows: its command, e.g. CREATE TABLE. */
function commandTag(sql: string): string {
  const words = sql
    .replace(/--[^\n]*/g, "")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word.toUpperCase());
  const twoWords = ["CREATE", "DROP", "ALTER"].includes(words[0] ?? "");
  return (twoWords ? words.join(" ") : (words[0] ?? "")).replace(/[^A-Z ]/g, "");
}
