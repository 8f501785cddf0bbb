import { useState } from "react";
import type { RatingLevel } from "../api/schema";
import { NoteGuardHint } from "./NoteGuardHint";

/** A level of a rating scale as its radio option shows it: a heading and the example that anchors it. */
export interface AnchoredLevel {
  level: number;
  heading: string;
  anchor: string;
}

/** A rubric's levels (1 to 4, each with a label and an example) as AnchoredLevelOptions takes them. */
export function rubricLevels(
  levels: readonly { level: number; label: string; anchor: string }[],
): AnchoredLevel[] {
  return levels.map(({ level, label, anchor }) => ({ level, heading: `${level} · ${label}`, anchor }));
}

/**
 * The levels of a rating as radio options, each with the example behaviour that anchors it, so a
 * rater picks the example that fits what they saw rather than a bare number. The options share the
 * group `name`; each option's id is `${idPrefix}-${level}`.
 */
export function AnchoredLevelOptions({
  name,
  idPrefix = name,
  levels,
  value,
  onChange,
  required = false,
  invalid = false,
}: {
  name: string;
  idPrefix?: string;
  levels: readonly AnchoredLevel[];
  value: number | null | undefined;
  onChange: (level: number) => void;
  required?: boolean;
  invalid?: boolean;
}) {
  return (
    <div className="level-options">
      {levels.map(({ level, heading, anchor }) => {
        const id = `${idPrefix}-${level}`;
        return (
          <div key={level} className="level-option">
            <input
              id={id}
              type="radio"
              name={name}
              value={level}
              required={required}
              checked={value === level}
              aria-invalid={invalid ? true : undefined}
              onChange={() => onChange(level)}
            />
            <label htmlFor={id}>
              <span className="level-heading">{heading}</span>
              <span className="level-anchor">{anchor}</span>
            </label>
          </div>
        );
      })}
    </div>
  );
}

/** A rating being written: the level chosen, if any, and the evidence typed so far. */
export interface RatingDraft {
  level: RatingLevel | null;
  evidence: string;
}

/**
 * The ratings a form is writing, one per rubric item id. `filed` is one as the API takes it, its
 * evidence trimmed; the level radios are required, so the form is not sent without a level.
 */
export function useRatingDrafts() {
  const [drafts, setDrafts] = useState<Record<string, RatingDraft>>({});
  const draftOf = (id: string): RatingDraft => drafts[id] ?? { level: null, evidence: "" };
  return {
    draftOf,
    edit: (id: string, change: Partial<RatingDraft>) =>
      setDrafts((current) => ({ ...current, [id]: { ...(current[id] ?? draftOf(id)), ...change } })),
    filed: (id: string) => {
      const draft = draftOf(id);
      return { level: draft.level ?? 1, evidence: draft.evidence.trim() };
    },
  };
}

/**
 * One rubric item of a rating form that files in one go (an exercise step's rating, a trial-day
 * observation): the anchored levels, the evidence behind the level and the note guard's prompt
 * under it. `group` names the radio group; the fieldset's id, `${group}-rubric`, is where the note
 * guard's link to the rubric leads.
 */
export function RatingWithEvidence({
  group,
  name,
  description,
  levels,
  draft,
  onChange,
}: {
  group: string;
  name: string;
  description?: string;
  levels: readonly { level: number; label: string; anchor: string }[];
  draft: RatingDraft;
  onChange: (change: Partial<RatingDraft>) => void;
}) {
  return (
    <fieldset className="fieldset rubric-attribute" id={`${group}-rubric`}>
      <legend>{name}</legend>
      {description !== undefined && <p className="hint">{description}</p>}
      <AnchoredLevelOptions
        name={group}
        levels={rubricLevels(levels)}
        value={draft.level}
        onChange={(level) => onChange({ level: level as RatingLevel })}
        required
      />
      <label className="field">
        <span>Evidence for {name}</span>
        <textarea
          rows={3}
          required
          maxLength={4000}
          value={draft.evidence}
          onChange={(event) => onChange({ evidence: event.target.value })}
        />
      </label>
      <NoteGuardHint note={draft.evidence} rubricHref={`#${group}-rubric`} />
    </fieldset>
  );
}
