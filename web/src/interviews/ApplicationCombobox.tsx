import { type KeyboardEvent, useId, useState } from "react";
import "./application-combobox.css";
import type { ApplicationSummary } from "../api/schema";
import { useDebouncedValue } from "../roles/useDebouncedValue";
import { Field } from "../ui/Field";
import { LoadFailed } from "../ui/QueryState";
import { APPLICATION_SEARCH_LIMIT, useApplicationSearch } from "./interviews";

export function applicationLabel(application: ApplicationSummary): string {
  return `${application.candidate.fullName ?? "Erased candidate"} – ${application.role.title}`;
}

/**
 * Picks an active application by searching the server for part of the candidate's name or
 * email or the role's title: an organisation with hundreds of open applications cannot be
 * scrolled as one list. The ARIA 1.2 combobox pattern: the input keeps focus, the arrow keys
 * move through the listbox (aria-activedescendant), Enter chooses, Escape closes the list and,
 * pressed again, clears the text. Typing after a choice undoes it, so the field never shows one
 * application and means another.
 */
export function ApplicationCombobox({
  chosen,
  onChoose,
  error,
}: {
  chosen: ApplicationSummary | null;
  onChoose: (application: ApplicationSummary | null) => void;
  error: string | undefined;
}) {
  const [text, setText] = useState("");
  const [isOpen, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const debounced = useDebouncedValue(text, 200);
  // Once an application is chosen the field shows its label; reopening lists the newest again.
  const search = useApplicationSearch(chosen ? "" : debounced, isOpen);
  const listboxId = useId();
  const optionId = (index: number) => `${listboxId}-option-${index}`;

  // While the answer for what was typed is on its way, the previous matches stay but are marked.
  const isSearching = search.isFetching || (!chosen && debounced !== text);
  const matches = search.data?.items ?? [];
  const hasMore = (search.data?.nextCursor ?? null) !== null;
  const activeMatch = activeIndex >= 0 ? matches[activeIndex] : undefined;

  function open() {
    setOpen(true);
  }

  function close() {
    setOpen(false);
    setActiveIndex(-1);
  }

  function choose(application: ApplicationSummary) {
    onChoose(application);
    setText(applicationLabel(application));
    close();
  }

  function type(value: string) {
    if (chosen) onChoose(null);
    setText(value);
    setActiveIndex(-1);
    open();
  }

  function move(step: 1 | -1) {
    if (!isOpen) {
      open();
      setActiveIndex(step === 1 ? 0 : matches.length - 1);
      return;
    }
    if (matches.length === 0) return;
    setActiveIndex((current) => {
      if (current < 0) return step === 1 ? 0 : matches.length - 1;
      return (current + step + matches.length) % matches.length;
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        move(1);
        break;
      case "ArrowUp":
        event.preventDefault();
        move(-1);
        break;
      case "Enter":
        // Enter chooses the highlighted match; it never submits the form from the search box.
        if (isOpen) {
          event.preventDefault();
          if (activeMatch) choose(activeMatch);
        }
        break;
      case "Escape":
        if (isOpen) {
          event.preventDefault();
          close();
        } else if (text) {
          event.preventDefault();
          type("");
          close();
        }
        break;
      default:
        break;
    }
  }

  const statusText = !isOpen
    ? ""
    : search.isPending
      ? "Searching…"
      : matches.length === 0
        ? isSearching
          ? "Searching…"
          : text.trim()
            ? `No active application matches “${text.trim()}”.`
            : "There are no active applications to schedule."
        : `${matches.length}${hasMore ? "+" : ""} matching application${matches.length === 1 ? "" : "s"}${
            isSearching ? ", updating…" : ""
          }`;

  return (
    <div className="combobox">
      <Field
        id="schedule-application"
        label="Application"
        required
        hint="Type part of the candidate's name or email, or of the role's title."
        error={error}
      >
        {(control) => (
          <div className="combobox-anchor">
            <input
              {...control}
              type="text"
              role="combobox"
              required
              autoComplete="off"
              spellCheck={false}
              placeholder="Search active applications"
              aria-autocomplete="list"
              aria-expanded={isOpen}
              aria-controls={listboxId}
              aria-activedescendant={isOpen && activeMatch ? optionId(activeIndex) : undefined}
              value={text}
              onChange={(event) => type(event.target.value)}
              onKeyDown={onKeyDown}
              onFocus={open}
              onClick={open}
              onBlur={close}
            />
            <div className="combobox-popup" hidden={!isOpen}>
              {search.isError ? (
                <LoadFailed error={search.error} onRetry={() => void search.refetch()} />
              ) : (
                <>
                  <p className="combobox-status muted" role="status">
                    {statusText}
                  </p>
                  <div
                    id={listboxId}
                    role="listbox"
                    aria-label="Matching applications"
                    aria-busy={isSearching}
                    className="combobox-listbox"
                  >
                    {isOpen &&
                      matches.map((item, index) => (
                        // The input keeps focus and handles the keys; a pointer chooses with a click.
                        // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard (aria-activedescendant)
                        <div
                          key={item.id}
                          id={optionId(index)}
                          role="option"
                          // Reachable by pointer only: the input keeps focus (aria-activedescendant).
                          tabIndex={-1}
                          aria-selected={index === activeIndex}
                          className={index === activeIndex ? "combobox-option is-active" : "combobox-option"}
                          // mousedown would blur the input and close the list before the click lands.
                          onMouseDown={(event) => event.preventDefault()}
                          onMouseEnter={() => setActiveIndex(index)}
                          onClick={() => choose(item)}
                        >
                          <span className="combobox-option-name">
                            {item.candidate.fullName ?? "Erased candidate"}
                          </span>
                          <span className="combobox-option-detail">
                            {item.role.title}
                            {item.currentStage ? ` · ${item.currentStage.name}` : ""}
                          </span>
                        </div>
                      ))}
                  </div>
                  {hasMore && (
                    <p className="hint">
                      The {APPLICATION_SEARCH_LIMIT} newest matches are shown; type more to narrow them.
                    </p>
                  )}
                </>
              )}
            </div>
          </div>
        )}
      </Field>
    </div>
  );
}
