import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client";
import { FormError } from "../ui/FormError";
import { type OutcomeImportKind, useImportOutcomes } from "./outcomes";
import { RowReportTable, rowProblemsOf } from "./RowReport";

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

/** Delivery events from a CSV file, for tools Evident has no connector for. */
export function ImportPage() {
  const upload = useImportOutcomes();
  const [kind, setKind] = useState<OutcomeImportKind>("deployments");
  const [file, setFile] = useState<File | null>(null);
  const problems = rowProblemsOf(upload.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate({ kind, file });
  }

  return (
    <section aria-labelledby="outcome-import-heading">
      <title>Import CSV – Teams &amp; outcomes – Evident</title>
      <h2 id="outcome-import-heading">Import delivery events from CSV</h2>
      <p>
        One file per kind of event, with the columns of the events format. Importing the same file again
        changes nothing: an event is identified by its service and external id. If a row is invalid nothing is
        stored and every bad row is listed by its row number.
      </p>
      <form className="form panel" onSubmit={submit}>
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
              required
              aria-describedby="outcome-import-file-hint"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                upload.reset();
              }}
            />
            <p id="outcome-import-file-hint" className="hint">
              Columns: <code>{kinds[kind].columns}</code>. Times in ISO 8601 with a time zone.
            </p>
          </div>
        </div>
        <FormError error={problems.length > 0 ? null : upload.error} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={upload.isPending || file === null}>
            {upload.isPending ? "Importing…" : "Import"}
          </button>
        </div>
      </form>
      {problems.length > 0 && (
        <section aria-labelledby="outcome-import-refused" className="panel import-report">
          <h3 id="outcome-import-refused">Import refused</h3>
          <div role="alert" className="form-error">
            <p>{upload.error instanceof ApiError ? upload.error.detail : "Nothing was imported."}</p>
          </div>
          <RowReportTable problems={problems} showFile={false} />
        </section>
      )}
      {upload.data && (
        <p role="status" className="form-success">
          Imported {upload.data.imported} {upload.data.imported === 1 ? "row" : "rows"}.
        </p>
      )}
    </section>
  );
}
