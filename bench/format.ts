/** Small numeric and text helpers shared by the benchmarks' reports. */

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Rounds for the JSON summary: enough digits to compare runs, not float noise. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** subject ÷ baseline, or null when the baseline is zero and the ratio would mean nothing. */
export function ratio(subject: number, baseline: number): number | null {
  return baseline > 0 ? subject / baseline : null;
}

/** Three significant digits, so a ratio of 0.00996 does not print as 0.01. */
export function formatRatio(value: number | null): string {
  if (value === null) return "n/a";
  return value >= 100 ? `${value.toFixed(0)}×` : `${value.toPrecision(3)}×`;
}

/** Keeps `digits` significant digits, for ratios that may be far below or above 1. */
export function roundSignificant(value: number | null, digits: number): number | null {
  return value === null ? null : Number(value.toPrecision(digits));
}

/** A plain-text table: first column left-aligned (names), the others right-aligned (numbers). */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const formatRow = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? cell.length;
        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [formatRow(header), rule, ...rows.map(formatRow)].join("\n");
}

/**
 * JSON with two-space indentation and arrays of numbers on one line, which is how biome formats
 * them: a results file left in bench/ then passes `biome check` unchanged.
 */
export function toFormattedJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2).replace(
    /\[\n\s+([-+.\deE,\s]*?)\n\s*\]/g,
    (_array, items: string) => `[${items.split(/,\s+/).join(", ")}]`,
  );
  return `${json}\n`;
}
