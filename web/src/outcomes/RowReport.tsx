import { ApiError } from "../api/client";
import { numeric, TableHead } from "../ui/TableHead";

export interface RowProblem {
  /** The file the row is in, for imports of several files; empty for one. */
  file: string;
  row: number | null;
  column: string;
  message: string;
}

function problemsOfEntry(entry: unknown): RowProblem[] {
  if (typeof entry !== "object" || entry === null) return [];
  const item = entry as Record<string, unknown>;
  const message = typeof item.message === "string" ? item.message : "";
  const file = typeof item.file === "string" ? item.file : "";
  if (typeof item.row === "number") {
    // A row with its own list of errors (the candidates import's shape), or one error.
    if (Array.isArray(item.errors)) {
      return item.errors.flatMap((error: unknown) => {
        if (typeof error !== "object" || error === null) return [];
        const { column, message: text } = error as { column?: unknown; message?: unknown };
        return [{ file, row: item.row as number, column: String(column ?? ""), message: String(text ?? "") }];
      });
    }
    return [{ file, row: item.row, column: String(item.column ?? ""), message }];
  }
  const path = Array.isArray(item.path) ? item.path.join(".") : String(item.path ?? "");
  const [first = "", second, ...rest] = path.split(".");
  return [
    { file: first, row: second === undefined ? null : Number(second), column: rest.join("."), message },
  ];
}

/**
 * The rows an import refused, from its problem answer: `report` or `outcomeImport` (`.rows`,
 * `.errors`), or `rows` or `errors` at the top, each
 * naming its row (and file); a field path such as "stages.12.passed" is read as file, row, column.
 */
export function rowProblemsOf(error: unknown): RowProblem[] {
  if (!(error instanceof ApiError)) return [];
  const { report, outcomeImport, historyReport, rows, errors } = error.problem as Record<string, unknown>;
  const reportObject = [report, outcomeImport, historyReport].find(
    (value) => typeof value === "object" && value !== null,
  );
  const nested = (reportObject ?? {}) as { rows?: unknown; errors?: unknown };
  const list = [nested.rows, nested.errors, rows, errors].find(Array.isArray) as unknown[] | undefined;
  return (list ?? []).flatMap(problemsOfEntry).filter((problem) => problem.row !== null || problem.message);
}

/** The refused rows by number, so the user can find each one in their spreadsheet. */
export function RowReportTable({ problems, showFile }: { problems: RowProblem[]; showFile: boolean }) {
  return (
    <div className="table-scroll">
      <table className="import-rows">
        <caption>Rows that cannot be imported</caption>
        <TableHead columns={[...(showFile ? ["File"] : []), numeric("Row"), "Column", "Problem"]} />
        <tbody>
          {problems.map((problem) => (
            <tr key={`${problem.file}:${problem.row}:${problem.column}:${problem.message}`}>
              {showFile && <td>{problem.file}</td>}
              <th scope="row" className="numeric">
                {problem.row ?? "–"}
              </th>
              <td>
                <code>{problem.column}</code>
              </td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Why an import was refused, in the API's words; nothing of it was stored. */
export function ImportRefusedAlert({ error }: { error: unknown }) {
  return (
    <div role="alert" className="form-error">
      <p>{error instanceof ApiError ? error.detail : "Nothing was imported."}</p>
    </div>
  );
}

/** A refused import of CSV files, when the API named the rows that made it so: why, and those rows. */
export function ImportRefusedReport({
  headingId,
  error,
  showFile,
}: {
  headingId: string;
  error: unknown;
  showFile: boolean;
}) {
  const problems = rowProblemsOf(error);
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="panel import-report">
      <h3 id={headingId}>Import refused</h3>
      <ImportRefusedAlert error={error} />
      <RowReportTable problems={problems} showFile={showFile} />
    </section>
  );
}
