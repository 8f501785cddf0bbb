/**
 * Query checks: a query's rows as typed values (exact numbers stay exact decimal strings, booleans,
 * dates and timestamps as ISO strings) compared with a test's expected rows and declared column types.
 */
import type { Field } from "./database.ts";
import type { DeclaredType } from "./test-files.ts";

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
