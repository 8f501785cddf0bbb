import { type FormEvent, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import type { KitContent } from "../api/schema";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import {
  AboutSection,
  ClosingSection,
  CompetenciesSection,
  QuestionsSection,
  RubricSection,
} from "./KitEditorSections";
import { checkKit, parseKitJson } from "./kit-draft";
import { useSaveKitVersion } from "./kits";

/**
 * Kit authoring in a form: sections for the kit, its competencies, questions (Markdown prompts,
 * probes), the anchored rubric and the closing segment, checked on every keystroke with the
 * server's own kit schema, each message under its field. The JSON stays for power users, as a
 * disclosure that exports the kit being edited and imports a pasted one into the form.
 * Saving never changes a version: it adds the next one, and interviews keep the version they had.
 */
export function KitEditor({
  content,
  saved,
  onSaved,
}: {
  content: KitContent;
  /** Kept by the page: saving shows the new version, which remounts this editor. */
  saved: string;
  onSaved: (message: string) => void;
}) {
  const saveVersion = useSaveKitVersion();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<KitContent>(content);
  const [attemptedWithProblems, setAttemptedWithProblems] = useState(false);
  const problems = useMemo(() => checkKit(draft), [draft]);
  const original = useMemo(() => JSON.stringify(content), [content]);
  const changed = JSON.stringify(draft) !== original;

  function change(next: KitContent) {
    setDraft(next);
    onSaved("");
    saveVersion.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSaved("");
    if (problems.count > 0) {
      setAttemptedWithProblems(true);
      // The first message is where the person has to go; it is under its field.
      const first = event.currentTarget.querySelector<HTMLElement>("[aria-invalid='true'], .field-error");
      first?.focus();
      first?.scrollIntoView({ block: "center" });
      return;
    }
    setAttemptedWithProblems(false);
    saveVersion.mutate(draft, {
      onSuccess: (version) => {
        onSaved(`Saved version ${version.version} of “${version.content.title}”.`);
        void navigate(`/interviews/kits/${encodeURIComponent(version.slug)}?version=${version.version}`, {
          replace: version.slug === content.slug,
        });
      },
    });
  }

  return (
    <section aria-labelledby="kit-editor-heading" className="panel kit-editor">
      <h2 id="kit-editor-heading">Edit and save as a new version</h2>
      <p className="muted">
        Change the kit below and save it as the next version. Versions already used by an interview stay as
        they are.
      </p>
      <JsonDisclosure kit={draft} onImport={change} />
      <form className="form kit-form" onSubmit={submit} noValidate>
        <AboutSection kit={draft} problems={problems} onChange={change} />
        <CompetenciesSection kit={draft} problems={problems} onChange={change} />
        <QuestionsSection kit={draft} problems={problems} onChange={change} />
        <RubricSection kit={draft} problems={problems} onChange={change} />
        <ClosingSection kit={draft} problems={problems} onChange={change} />
        <div className="sticky-actions kit-save-bar">
          <p role="status" className={problems.count > 0 && attemptedWithProblems ? "field-error" : "muted"}>
            {statusLine(changed, problems.count)}
          </p>
          <FormError error={saveVersion.error} />
          <p role="status" className="form-success">
            {saved}
          </p>
          <div className="kit-save-buttons">
            <button type="submit" className="button" disabled={!changed || saveVersion.isPending}>
              Save as new version
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={!changed || saveVersion.isPending}
              onClick={() => change(content)}
            >
              Discard changes
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}

function statusLine(changed: boolean, problemCount: number): string {
  if (!changed) return "No changes yet.";
  if (problemCount === 0) return "Unsaved changes; the kit is complete.";
  return `Unsaved changes; ${problemCount} ${problemCount === 1 ? "problem" : "problems"} to fix before saving.`;
}

/** The kit as JSON: copy it out, or paste one in and load it into the form. */
function JsonDisclosure({ kit, onImport }: { kit: KitContent; onImport: (kit: KitContent) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const [imported, setImported] = useState("");
  const exported = JSON.stringify(kit, null, 2);
  const download = `data:application/json;charset=utf-8,${encodeURIComponent(exported)}`;

  return (
    <details
      className="kit-json-disclosure"
      onToggle={(event) => {
        // Opening starts from the kit as it is now, ready to copy or edit.
        if (event.currentTarget.open) {
          setText(exported);
          setError("");
          setImported("");
        }
      }}
    >
      <summary>JSON import and export</summary>
      <p className="hint">
        The kit as it stands in the form. Copy or download it, or paste a kit's JSON here and load it into the
        form, where every problem is shown at its field.
      </p>
      <Field id="kit-json" label="Kit JSON">
        {(control) => (
          <textarea
            {...control}
            className="kit-json"
            rows={16}
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setImported("");
            }}
          />
        )}
      </Field>
      {error && (
        <div role="alert" className="form-error">
          <p>{error}</p>
        </div>
      )}
      <p role="status" className="form-success">
        {imported}
      </p>
      <div className="kit-save-buttons">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            const result = parseKitJson(text);
            if ("error" in result) {
              setError(result.error);
              return;
            }
            setError("");
            setImported("Loaded into the form below.");
            onImport(result.kit);
          }}
        >
          Load JSON into the form
        </button>
        <a className="button button-secondary" href={download} download={`${kit.slug || "kit"}.json`}>
          Download JSON
        </a>
      </div>
    </details>
  );
}
