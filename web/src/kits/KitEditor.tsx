import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import type { KitContent } from "../api/schema";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { useSaveKitVersion } from "./kits";

/**
 * Kit authoring as it honestly is: the kit's JSON, edited by hand and checked by the server,
 * which lists every problem with the path it concerns. Saving never changes a version: it adds
 * the next one, and interviews keep the version they were given.
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
  const [json, setJson] = useState(() => JSON.stringify(content, null, 2));
  const [parseError, setParseError] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSaved("");
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      saveVersion.reset();
      setParseError(`The text is not valid JSON: ${error instanceof Error ? error.message : "parse error"}.`);
      return;
    }
    setParseError("");
    saveVersion.mutate(parsed, {
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
      <h2 id="kit-editor-heading">Save as new version</h2>
      <p className="muted">
        Edit the kit below and save it as the next version. Versions already used by an interview stay as they
        are. Keep the slug to revise this kit; change it to start a kit of your own.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <Field
          id="kit-json"
          label="Kit content (JSON)"
          required
          hint="Every rubric attribute needs exactly 4 levels, each with a behavioural anchor; every question needs at least one probe."
        >
          {(control) => (
            <textarea
              {...control}
              // The parse error and the kit's problems are listed below the field, not as one message.
              aria-invalid={parseError !== "" || saveVersion.isError ? true : undefined}
              className="kit-json"
              required
              rows={24}
              spellCheck={false}
              value={json}
              onChange={(event) => {
                setJson(event.target.value);
                onSaved("");
              }}
            />
          )}
        </Field>
        {parseError && (
          <div role="alert" className="form-error">
            <p>{parseError}</p>
          </div>
        )}
        <FormError error={saveVersion.error} />
        <p role="status" className="form-success">
          {saved}
        </p>
        <button type="submit" className="button" disabled={saveVersion.isPending}>
          Save as new version
        </button>
      </form>
    </section>
  );
}
