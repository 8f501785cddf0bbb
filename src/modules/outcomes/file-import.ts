import { readFile } from "node:fs/promises";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type ImportKind, readOutcomeRows } from "./csv-import.ts";
import { ingestOutcomeEvents } from "./ingest.ts";

/** Rows per ingestion call of a file import: the progress bar moves once per part. */
const rowsPerPart = 10_000;

/**
 * `evident outcomes import`: a CSV file of any size (no API row limit), validated whole first;
 * any bad row refuses the file with the first problems, row-numbered, and nothing stored.
 * Then stored in one transaction, in parts, reporting progress.
 */
export async function importOutcomeFile(
  db: Db,
  organizationId: string,
  input: { file: string; kind: ImportKind; dryRun?: boolean | undefined },
  options: { onProgress?: (done: number, total: number, item: string) => void } = {},
): Promise<{ kind: ImportKind; rows: number; stored: number; unchanged: number; servicesCreated: string[] }> {
  let text: string;
  try {
    text = await readFile(input.file, "utf8");
  } catch (error) {
    throw new AppError("bad_request", `Cannot read ${input.file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const read = readOutcomeRows(input.kind, text, Number.MAX_SAFE_INTEGER);
  if (!read.ok) {
    const shown = read.errors
      .slice(0, 10)
      .map((error) => `row ${error.row}${error.column ? `, ${error.column}` : ""}: ${error.message}`)
      .join("\n  ");
    const more = read.errors.length > 10 ? `\n  (and ${read.errors.length - 10} more)` : "";
    throw new AppError(
      "unprocessable",
      `Nothing was imported: ${read.errors.length} problem(s):\n  ${shown}${more}`,
    );
  }
  const total = read.events.length;
  const result = { kind: input.kind, rows: total, stored: 0, unchanged: 0, servicesCreated: [] as string[] };
  if (input.dryRun) return result;
  await db.transaction(async (tx) => {
    for (let start = 0; start < total; start += rowsPerPart) {
      const part = await ingestOutcomeEvents(
        tx,
        organizationId,
        "csv",
        read.events.slice(start, start + rowsPerPart),
      );
      result.stored += part.stored;
      result.unchanged += part.unchanged;
      result.servicesCreated.push(...part.servicesCreated);
      options.onProgress?.(Math.min(start + rowsPerPart, total), total, input.kind);
    }
  });
  return result;
}
