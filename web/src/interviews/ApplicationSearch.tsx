import { useState } from "react";
import type { ApplicationSummary } from "../api/schema";
import { useDebouncedValue } from "../roles/useDebouncedValue";
import { Field } from "../ui/Field";
import { LoadFailed } from "../ui/QueryState";
import { useApplicationSearch } from "./interviews";

export function applicationLabel(application: ApplicationSummary): string {
  return `${application.candidate.fullName ?? "Erased candidate"} – ${application.role.title}`;
}

/**
 * Picks an active application by typing part of the candidate's name, email or the role's
 * title: an organisation with hundreds of open applications cannot be scrolled as one list.
 * Typing again after a choice clears it, so the field never shows one thing and means another.
 */
export function ApplicationSearch({
  chosen,
  onChoose,
  error,
}: {
  chosen: ApplicationSummary | null;
  onChoose: (application: ApplicationSummary | null) => void;
  error: string | undefined;
}) {
  const [text, setText] = useState("");
  const debounced = useDebouncedValue(text, 250);
  const search = useApplicationSearch(chosen ? "" : debounced);
  const resultsId = "schedule-application-results";

  return (
    <div className="application-search">
      <Field
        id="schedule-application"
        label="Application"
        required
        hint="Type part of the candidate's name or email, or the role's title."
        error={error}
      >
        {(control) => (
          <input
            {...control}
            type="search"
            required
            autoComplete="off"
            aria-controls={resultsId}
            placeholder="Search active applications"
            value={chosen ? applicationLabel(chosen) : text}
            onChange={(event) => {
              if (chosen) onChoose(null);
              setText(event.target.value);
            }}
          />
        )}
      </Field>
      {!chosen && (
        <div id={resultsId} aria-live="polite">
          {search.error ? (
            <LoadFailed error={search.error} onRetry={search.refetch} />
          ) : search.isPending ? (
            <p className="muted">Searching…</p>
          ) : search.matches.length === 0 ? (
            <p className="muted">
              {text.trim()
                ? "No active application matches."
                : "There are no active applications to schedule."}
            </p>
          ) : (
            <ul className="search-results" aria-label="Matching applications">
              {search.matches.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setText("");
                      onChoose(item);
                    }}
                  >
                    {applicationLabel(item)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
