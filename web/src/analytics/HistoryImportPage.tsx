import { type FormEvent, useState } from "react";
import { useIsAdmin } from "../auth/session";
import { ImportRefusedReport, rowProblemsOf } from "../outcomes/RowReport";
import { FormError } from "../ui/FormError";
import { type HistoryFiles, useImportHistory } from "./analytics";

const files = [
  {
    name: "applications",
    label: "applications.csv",
    columns:
      "application_ref, role, work_model, hired, hire_work_model, gender, race_ethnicity, outcome_6m, retained_12m",
  },
  { name: "stages", label: "stages.csv", columns: "application_ref, stage, stage_order, passed, entered_at" },
  { name: "ratings", label: "ratings.csv", columns: "application_ref, stage, interviewer_ref, rating" },
] as const;

type FileName = (typeof files)[number]["name"];

/** Replace the organisation's imported hiring history with three CSV files. */
export function HistoryImportPage() {
  const isAdmin = useIsAdmin();
  const upload = useImportHistory();
  const [chosen, setChosen] = useState<Partial<Record<FileName, File>>>({});
  const problems = rowProblemsOf(upload.error);

  if (!isAdmin) {
    return (
      <p className="notice" role="status">
        Only admins can import hiring history.
      </p>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { applications, stages, ratings } = chosen;
    if (!applications || !stages || !ratings) return;
    const request: HistoryFiles = { applications, stages, ratings };
    upload.mutate(request);
  }

  return (
    <section aria-labelledby="history-heading">
      <title>Import history – Analytics – Evident</title>
      <h2 id="history-heading">Import hiring history</h2>
      <p>
        Bring your past applications, stage results and interviewer ratings from another system so the
        analytics have something to work with from day one. An import replaces the whole imported history in
        one step; if any row is invalid nothing is stored and every bad row is listed by its row number.
        Imported applications are never matched to Evident's own.
      </p>
      <form className="form panel" onSubmit={submit}>
        {files.map((file) => (
          <div key={file.name} className="field">
            <label htmlFor={`history-${file.name}`}>{file.label}</label>
            <input
              id={`history-${file.name}`}
              type="file"
              accept=".csv,text/csv"
              required
              aria-describedby={`history-${file.name}-hint`}
              onChange={(event) => {
                const picked = event.target.files?.[0];
                setChosen((current) => ({ ...current, [file.name]: picked }));
                upload.reset();
              }}
            />
            <p id={`history-${file.name}-hint`} className="hint">
              Columns: <code>{file.columns}</code>
            </p>
          </div>
        ))}
        <p className="hint">
          Work models are onsite, remote or hybrid; hired and retained_12m true, false or empty (not known);
          outcome_6m and ratings 1 to 4; an empty gender or race_ethnicity counts as not disclosed. At most
          100 MB.
        </p>
        <FormError error={problems.length > 0 ? null : upload.error} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={upload.isPending}>
            {upload.isPending ? "Importing…" : "Import and replace history"}
          </button>
        </div>
      </form>
      <ImportRefusedReport headingId="history-refused-heading" error={upload.error} showFile />
      {upload.data && (
        <p role="status" className="form-success">
          History imported: {upload.data.applications} applications, {upload.data.stages} stage rows and{" "}
          {upload.data.ratings} ratings. Every analytics page now includes them.
        </p>
      )}
    </section>
  );
}
