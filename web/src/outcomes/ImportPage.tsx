import { type ChangeEvent, type FormEvent, useState } from "react";
import { FormError } from "../ui/FormError";
import { useImportOutcomes } from "./outcomes";
import { ImportRefusedReport, rowProblemsOf } from "./RowReport";
import type { OutcomeImportKind, OutcomeImportReport } from "./types";

const kinds: Record<OutcomeImportKind, { label: string; columns: string }> = {
  changes: {
    label: "Changes (pull requests)",
    columns: "service, externalId, author, firstCommitAt, openedAt, firstReviewAt, mergedAt",
  },
  deployments: {
    label: "Deployments",
    columns: "service, externalId, environment, result, startedAt, finishedAt, changes",
  },
  incidents: { label: "Incidents", columns: "service, externalId, createdAt, resolvedAt" },
};

const maxBytes = 8 * 1024 * 1024;

/** Delivery events from a CSV file, for tools Evident has no connector for: check, then import. */
export function ImportPage() {
  const upload = useImportOutcomes();
  const [kind, setKind] = useState<OutcomeImportKind>("deployments");
  const [csv, setCsv] = useState("");
  const [fileError, setFileError] = useState("");
  const problems = rowProblemsOf(upload.error);
  const report = upload.data;

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError("");
    upload.reset();
    if (!file) return;
    if (file.size > maxBytes) {
      setFileError("The file is larger than 8 MiB; split it into several imports.");
      return;
    }
    setCsv(await file.text());
  }

  function send(dryRun: boolean) {
    upload.mutate({ kind, csv, dryRun });
  }

  return (
    <section aria-labelledby="outcome-import-heading">
      <title>Import CSV – Teams &amp; outcomes – Evident</title>
      <h2 id="outcome-import-heading">Import delivery events from CSV</h2>
      <p>
        One file per kind of event, with the fields of the events format as columns. Importing the same file
        again changes nothing: an event is identified by its service and external id. Check the file first: if
        a row is invalid nothing is stored and every bad row is listed by its row number (the header is row
        1).
      </p>
      <form
        className="form panel"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          send(true);
        }}
      >
        <div className="field-row">
          <div className="field">
            <label htmlFor="outcome-import-kind">Kind</label>
            <select
              id="outcome-import-kind"
              value={kind}
              onChange={(event) => {
                setKind(event.target.value as OutcomeImportKind);
                upload.reset();
              }}
            >
              {(Object.keys(kinds) as OutcomeImportKind[]).map((option) => (
                <option key={option} value={option}>
                  {kinds[option].label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="outcome-import-file">CSV file</label>
            <input
              id="outcome-import-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={`outcome-import-file-hint${fileError ? " outcome-import-file-error" : ""}`}
              onChange={(event) => void chooseFile(event)}
            />
            <p id="outcome-import-file-hint" className="hint">
              Columns: <code>{kinds[kind].columns}</code>. Times in ISO 8601 with a time zone. At most 8 MiB.
            </p>
            {fileError && (
              <p id="outcome-import-file-error" className="field-error" role="alert">
                {fileError}
              </p>
            )}
          </div>
        </div>
        <div className="field">
          <label htmlFor="outcome-import-csv">CSV text</label>
          <textarea
            id="outcome-import-csv"
            className="csv-text"
            rows={6}
            spellCheck={false}
            value={csv}
            onChange={(event) => {
              setCsv(event.target.value);
              upload.reset();
            }}
          />
        </div>
        <FormError error={problems.length > 0 ? null : upload.error} />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-secondary"
            disabled={upload.isPending || csv.trim() === ""}
          >
            Check
          </button>
          <button
            type="button"
            className="button"
            disabled={upload.isPending || csv.trim() === "" || !report?.dryRun}
            onClick={() => send(false)}
          >
            Import
          </button>
        </div>
      </form>
      <ImportRefusedReport headingId="outcome-import-refused" error={upload.error} showFile={false} />
      {report && <ReportSummary report={report} />}
    </section>
  );
}

function ReportSummary({ report }: { report: OutcomeImportReport }) {
  return (
    <section aria-labelledby="outcome-import-result" className="panel import-report">
      <h3 id="outcome-import-result">{report.dryRun ? "Check passed" : "Import finished"}</h3>
      <p role="status" className="form-success">
        {report.rows} {report.rows === 1 ? "row" : "rows"}:{" "}
        {report.dryRun
          ? `every row is valid; ${report.stored} would be stored, ${report.unchanged} are already stored. Nothing has been imported yet.`
          : `${report.stored} stored, ${report.unchanged} unchanged (already stored).`}
      </p>
      {report.servicesCreated.length > 0 && (
        <p>
          {report.dryRun ? "New services it would create" : "New services created"}, in no team yet:{" "}
          {report.servicesCreated.join(", ")}.
        </p>
      )}
      {report.ignoredColumns.length > 0 && (
        <p className="muted">Ignored columns: {report.ignoredColumns.join(", ")}.</p>
      )}
    </section>
  );
}
