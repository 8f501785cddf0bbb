import { type ChangeEvent, useId, useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../api/client";
import type { ImportMode, ImportReport, ImportRowReport } from "../api/schema";
import { ImportRefusedAlert } from "../outcomes/RowReport";
import { useCanManagePlans } from "../plans/plans";
import { useRoles } from "../roles/roles";
import { Breadcrumb } from "../ui/Breadcrumb";
import { FormError } from "../ui/FormError";
import { numeric, TableHead } from "../ui/TableHead";
import { type ImportRequest, useImportCandidates } from "./candidates";
import { importModeLabels } from "./labels";
import { NoAccess } from "./NoAccess";

const importModes: readonly ImportMode[] = ["all_or_nothing", "valid_rows_only"];

const columnNames: Record<string, string> = {
  fullName: "full_name",
  email: "email",
  phone: "phone",
  location: "location",
  links: "links",
  source: "source",
};

export function ImportPage() {
  const canImport = useCanManagePlans();
  return (
    <article className="page import-page">
      <title>Import candidates – Candidates – Evident</title>
      <Breadcrumb to="/candidates">Candidates</Breadcrumb>
      <h1>Import candidates from CSV</h1>
      {canImport ? <ImportForm /> : <NoAccess what="or import candidates" />}
    </article>
  );
}

/** The report an all-or-nothing import was refused with (422), which names every bad row. */
function refusedReport(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError)) return null;
  const report = error.problem.report;
  return typeof report === "object" && report !== null ? (report as ImportReport) : null;
}

function sameRequest(a: Omit<ImportRequest, "dryRun">, b: Omit<ImportRequest, "dryRun">): boolean {
  return a.csv === b.csv && a.mode === b.mode && (a.roleId ?? "") === (b.roleId ?? "");
}

function ImportForm() {
  const roles = useRoles({});
  const check = useImportCandidates();
  const run = useImportCandidates();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState("");
  const [fileError, setFileError] = useState("");
  const [roleId, setRoleId] = useState("");
  const [mode, setMode] = useState<ImportMode>("all_or_nothing");
  const [checked, setChecked] = useState<{
    request: Omit<ImportRequest, "dryRun">;
    report: ImportReport;
  } | null>(null);
  const ids = { csv: useId(), file: useId(), role: useId() };
  const request: Omit<ImportRequest, "dryRun"> = { csv, mode, ...(roleId ? { roleId } : {}) };
  const checkIsCurrent = checked !== null && sameRequest(checked.request, request);
  const refused = refusedReport(run.error);
  const roleTitle = roles.data?.items.find((role) => role.id === roleId)?.title;

  function resetResults() {
    check.reset();
    run.reset();
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError("");
    if (!file) return;
    if (file.size > 1024 * 1024) {
      setFileError("The file is larger than 1 MiB; split it into several imports.");
      return;
    }
    setFileName(file.name);
    setCsv(await file.text());
    resetResults();
  }

  function runCheck() {
    run.reset();
    const sent = request;
    check.mutate({ ...sent, dryRun: true }, { onSuccess: (report) => setChecked({ request: sent, report }) });
  }

  function runImport() {
    run.mutate({ ...request, dryRun: false }, { onSuccess: () => setChecked(null) });
  }

  const checkedInvalid = checked?.report.rows.filter((row) => row.status === "invalid").length ?? 0;

  return (
    <>
      <p className="lead">
        Add many candidates at once from a spreadsheet saved as CSV. Check the file first: the check lists
        every row that cannot be imported, by its row number, without importing anything.
      </p>
      <form
        className="form panel import-form"
        onSubmit={(event) => {
          event.preventDefault();
          runCheck();
        }}
      >
        <div className="import-format">
          <h2 className="panel-heading">The file</h2>
          <p className="hint">
            The first row names the columns: <code>full_name</code> (or <code>name</code>) and{" "}
            <code>email</code> are required; <code>phone</code>, <code>location</code>, <code>links</code>{" "}
            (separated by spaces or semicolons) and <code>source</code> are optional. Other columns are
            ignored. At most 1 MiB and 5,000 rows.
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.file}>Choose a .csv file</label>
          <input
            id={ids.file}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${ids.file}-hint${fileError ? ` ${ids.file}-error` : ""}`}
            onChange={(event) => void chooseFile(event)}
          />
          <p id={`${ids.file}-hint`} className="hint">
            {fileName ? `Loaded ${fileName} into the text below.` : "Or paste the CSV text below."}
          </p>
          {fileError && (
            <p id={`${ids.file}-error`} className="field-error" role="alert">
              {fileError}
            </p>
          )}
        </div>
        <div className="field">
          <span className="field-label">
            <label htmlFor={ids.csv}>CSV text</label>
            <span className="required-mark" aria-hidden="true">
              *
            </span>
          </span>
          <textarea
            id={ids.csv}
            className="csv-text"
            required
            rows={8}
            spellCheck={false}
            value={csv}
            onChange={(event) => {
              setCsv(event.target.value);
              resetResults();
            }}
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.role}>Apply to role</label>
            <select
              id={ids.role}
              value={roleId}
              aria-describedby={`${ids.role}-hint`}
              onChange={(event) => {
                setRoleId(event.target.value);
                resetResults();
              }}
            >
              <option value="">No role</option>
              {roles.data?.items.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.title}
                </option>
              ))}
            </select>
            <p id={`${ids.role}-hint`} className="hint">
              Optional. Each imported candidate applies to the role and starts in its plan's first stage.
            </p>
          </div>
          <fieldset className="fieldset">
            <legend>Mode</legend>
            {importModes.map((option) => (
              <div key={option} className="radio-option">
                <input
                  id={`import-mode-${option}`}
                  type="radio"
                  name="import-mode"
                  value={option}
                  checked={mode === option}
                  onChange={() => {
                    setMode(option);
                    resetResults();
                  }}
                />
                <label htmlFor={`import-mode-${option}`}>{importModeLabels[option]}</label>
              </div>
            ))}
          </fieldset>
        </div>
        <FormError error={check.error} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={check.isPending || csv.trim() === ""}>
            Check
          </button>
        </div>
      </form>

      {checked && checkIsCurrent && !run.isSuccess && !refused && (
        <section aria-labelledby="import-check-heading" className="panel import-report">
          <h2 id="import-check-heading" className="panel-heading">
            Check
          </h2>
          <ReportView report={checked.report} dryRun />
          {mode === "all_or_nothing" && checkedInvalid > 0 && (
            <p className="notice">
              In all-or-nothing mode nothing is imported while a row is invalid: fix the rows above and check
              again, or choose “Valid rows only”.
            </p>
          )}
          <FormError error={run.error} />
          <div className="form-actions">
            <button type="button" className="button" disabled={run.isPending} onClick={runImport}>
              {mode === "valid_rows_only" ? "Import valid rows only" : "Import"}
            </button>
          </div>
        </section>
      )}
      {checked && !checkIsCurrent && !run.isSuccess && !run.isError && (
        <p className="notice" role="status">
          The CSV, role or mode changed since the last check. Check again before importing.
        </p>
      )}

      {refused && (
        <section aria-labelledby="import-refused-heading" className="panel import-report">
          <h2 id="import-refused-heading" className="panel-heading">
            Import refused
          </h2>
          <ImportRefusedAlert error={run.error} />
          <ReportView report={refused} dryRun={false} />
        </section>
      )}

      {run.data && (
        <section aria-labelledby="import-outcome-heading" className="panel import-report import-outcome">
          <h2 id="import-outcome-heading" className="panel-heading">
            Import finished
          </h2>
          <p role="status" className="import-outcome-summary">
            Imported {run.data.imported} {run.data.imported === 1 ? "candidate" : "candidates"}
            {run.data.skipped > 0
              ? `, skipped ${run.data.skipped} ${run.data.skipped === 1 ? "row" : "rows"}`
              : ""}
            .
          </p>
          {roleId && roleTitle && run.data.imported > 0 && (
            <p>
              They applied to {roleTitle}:{" "}
              <Link to={`/roles/${roleId}/pipeline`}>open the pipeline of {roleTitle}</Link>.
            </p>
          )}
          <ReportView report={run.data} dryRun={false} />
        </section>
      )}
    </>
  );
}

function countOf(rows: ImportRowReport[], status: ImportRowReport["status"]): number {
  return rows.filter((row) => row.status === status).length;
}

function ReportView({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  const problemRows = report.rows.filter((row) => row.status !== "valid");
  const importedRows = report.rows.filter((row) => row.status === "valid" && row.candidateId);
  const valid = countOf(report.rows, "valid");
  const invalid = countOf(report.rows, "invalid");
  const duplicate = countOf(report.rows, "duplicate");
  return (
    <>
      <p>
        {report.rows.length} {report.rows.length === 1 ? "row" : "rows"}: {valid} valid, {invalid} invalid,{" "}
        {duplicate} {duplicate === 1 ? "duplicate" : "duplicates"}.{" "}
        {dryRun && `${report.imported} would be imported. Nothing has been imported yet.`}
      </p>
      {report.ignoredColumns.length > 0 && (
        <p className="muted">Ignored columns: {report.ignoredColumns.join(", ")}.</p>
      )}
      {problemRows.length === 0 ? (
        <p className="form-success">Every row is valid.</p>
      ) : (
        <div className="table-scroll">
          <table className="import-rows">
            <caption>Rows that cannot be imported</caption>
            <TableHead columns={[numeric("Row"), "Result", "Problems"]} />
            <tbody>
              {problemRows.map((row) => (
                <tr key={row.row}>
                  <th scope="row" className="numeric">
                    {row.row}
                  </th>
                  <td>
                    <span className={`import-status import-status-${row.status}`}>
                      {row.status === "invalid" ? "Invalid" : "Duplicate"}
                    </span>
                  </td>
                  <td>
                    <ul className="import-errors">
                      {row.errors.map((error) => (
                        <li key={`${error.column}:${error.message}`}>
                          <code>{columnNames[error.column] ?? error.column}</code>: {error.message}
                        </li>
                      ))}
                    </ul>
                    {row.status === "duplicate" && row.candidateId && (
                      <Link to={`/candidates/${row.candidateId}`}>Open the existing candidate</Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {importedRows.length > 0 && !dryRun && (
        <details className="imported-rows">
          <summary>Imported candidates by row</summary>
          <ul>
            {importedRows.map((row) => (
              <li key={row.row}>
                Row {row.row}: <Link to={`/candidates/${row.candidateId}`}>open the candidate</Link>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
