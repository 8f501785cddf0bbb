import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../api/client";
import type {
  AmendmentRequest,
  RatingLevel,
  Recommendation,
  RubricAttribute,
  ScorecardDraftBody,
  ScorecardRating,
  ScorecardRequest,
} from "../api/schema";
import { AnchoredLevelOptions, rubricLevels } from "../ui/AnchoredRating";
import { Field } from "../ui/Field";
import { fieldMessage } from "../ui/field-message";
import { NoteGuardHint } from "../ui/NoteGuardHint";
import { recommendationLabels, recommendations } from "./interviews";

/** The API's minimum for an evidence note or an amendment reason: a bare "ok" is not evidence. */
const MIN_NOTE_LENGTH = 10;

interface Draft {
  level: ScorecardRating["level"] | null;
  evidence: string;
}

type Submission =
  | { kind: "submit"; request: ScorecardRequest }
  | { kind: "amend"; request: AmendmentRequest };

/**
 * A rating for every rubric attribute (one of four levels, each with its behavioural anchor) and
 * an evidence note for each, then an overall recommendation. The same form files a first
 * scorecard and, with a reason, an amendment, which is stored as a new version.
 */
export function ScorecardForm({
  rubric,
  initial,
  amend = false,
  pending,
  error,
  onSubmit,
  onCancel,
  draft,
  onDraftChange,
}: {
  rubric: RubricAttribute[];
  initial?: { ratings: ScorecardRating[]; recommendation: Recommendation };
  amend?: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (submission: Submission) => void;
  onCancel?: () => void;
  /** A saved draft to continue from (a first filing only); it also adds the private notes field. */
  draft?: ScorecardDraftBody | null;
  /** Called with the whole draft after every change the user makes, for saving. */
  onDraftChange?: (body: ScorecardDraftBody) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const keepsDraft = onDraftChange !== undefined;
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(
      rubric.map((attribute) => {
        const rating =
          initial?.ratings.find((candidate) => candidate.attributeId === attribute.id) ??
          draft?.ratings.find((candidate) => candidate.attributeId === attribute.id);
        return [
          attribute.id,
          { level: (rating?.level ?? null) as Draft["level"], evidence: rating?.evidence ?? "" },
        ];
      }),
    ),
  );
  const [recommendation, setRecommendation] = useState<Recommendation | null>(
    initial?.recommendation ?? draft?.recommendation ?? null,
  );
  const [privateNotes, setPrivateNotes] = useState(draft?.privateNotes ?? "");
  // Every change the user makes is reported from its event handler, with the whole draft as it
  // becomes, so the saved draft is always what the form shows.
  function reportDraft(next: {
    drafts?: Record<string, Draft>;
    recommendation?: Recommendation | null;
    privateNotes?: string;
  }) {
    if (!onDraftChange) return;
    const ratings = next.drafts ?? drafts;
    onDraftChange({
      ratings: Object.entries(ratings).map(([attributeId, value]) => ({
        attributeId,
        level: value.level,
        evidence: value.evidence,
      })),
      recommendation: next.recommendation === undefined ? recommendation : next.recommendation,
      privateNotes: next.privateNotes ?? privateNotes,
    });
  }
  const [reason, setReason] = useState("");
  // Client-side checks run on submit only, so nobody is told off for a field they have not reached.
  const [checked, setChecked] = useState(false);

  const prefix = amend ? "amend" : "scorecard";
  const draftOf = (attributeId: string): Draft => drafts[attributeId] ?? { level: null, evidence: "" };
  const levelMissing = (attributeId: string) => checked && draftOf(attributeId).level === null;
  const evidenceShort = (attributeId: string) =>
    checked && draftOf(attributeId).evidence.trim().length < MIN_NOTE_LENGTH;
  const incomplete = rubric.filter((attribute) => {
    const draft = draftOf(attribute.id);
    return draft.level === null || draft.evidence.trim().length < MIN_NOTE_LENGTH;
  });
  const reasonShort = amend && reason.trim().length < MIN_NOTE_LENGTH;

  function update(attributeId: string, change: Partial<Draft>) {
    const next = { ...drafts, [attributeId]: { ...draftOf(attributeId), ...change } };
    setDrafts(next);
    reportDraft({ drafts: next });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (incomplete.length > 0 || recommendation === null || reasonShort) {
      // After the re-render, the first field marked invalid is where the user continues.
      requestAnimationFrame(() => {
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
      return;
    }
    const ratings = rubric.map((attribute) => {
      const draft = draftOf(attribute.id);
      return {
        attributeId: attribute.id,
        level: draft.level as RatingLevel,
        evidence: draft.evidence.trim(),
      };
    });
    if (amend) onSubmit({ kind: "amend", request: { ratings, recommendation, reason: reason.trim() } });
    else onSubmit({ kind: "submit", request: { ratings, recommendation } });
  }

  const clientProblems = checked
    ? [
        ...incomplete.map((attribute) => {
          const draft = draftOf(attribute.id);
          const missing = [
            draft.level === null ? "a level" : null,
            draft.evidence.trim().length < MIN_NOTE_LENGTH
              ? `evidence (at least ${MIN_NOTE_LENGTH} characters)`
              : null,
          ].filter(Boolean);
          return `${attribute.name}: needs ${missing.join(" and ")}.`;
        }),
        ...(recommendation === null ? ["Overall recommendation: choose one."] : []),
        ...(reasonShort ? [`Reason for the amendment: at least ${MIN_NOTE_LENGTH} characters.`] : []),
      ]
    : [];

  return (
    <form ref={formRef} className="form scorecard-form" onSubmit={submit} noValidate>
      <p className="muted">
        Rate every attribute on what you saw and heard in this interview, and write the evidence behind each
        rating. All fields are required.
      </p>
      {rubric.map((attribute, index) => {
        const draft = draftOf(attribute.id);
        const apiLevelProblem = fieldMessage(error, `ratings.${index}.level`);
        const apiEvidenceProblem = fieldMessage(error, `ratings.${index}.evidence`);
        const levelInvalid = levelMissing(attribute.id) || apiLevelProblem !== undefined;
        const evidenceInvalid = evidenceShort(attribute.id) || apiEvidenceProblem !== undefined;
        const evidenceId = `${prefix}-evidence-${attribute.id}`;
        return (
          <fieldset key={attribute.id} className="fieldset rubric-attribute">
            <legend>
              {attribute.name}{" "}
              <span className="required-mark" aria-hidden="true">
                *
              </span>
            </legend>
            <p className="hint">{attribute.description}</p>
            <AnchoredLevelOptions
              name={`${prefix}-${attribute.id}`}
              idPrefix={`${prefix}-${attribute.id}-level`}
              levels={rubricLevels(attribute.levels)}
              value={draft.level}
              onChange={(level) => update(attribute.id, { level })}
              required
              invalid={levelInvalid}
            />
            {levelInvalid && (
              <p className="field-error">{apiLevelProblem ?? "Choose the level whose example fits best."}</p>
            )}
            <Field
              id={evidenceId}
              label={`Evidence for ${attribute.name}`}
              required
              hint={`What did the candidate do or say? Quote or describe it, at least ${MIN_NOTE_LENGTH} characters.`}
              error={
                evidenceInvalid
                  ? (apiEvidenceProblem ?? `Write at least ${MIN_NOTE_LENGTH} characters of evidence.`)
                  : undefined
              }
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={3}
                  required
                  minLength={MIN_NOTE_LENGTH}
                  maxLength={4000}
                  value={draft.evidence}
                  onChange={(event) => update(attribute.id, { evidence: event.target.value })}
                />
              )}
            </Field>
            <NoteGuardHint note={draft.evidence} rubricHref={`#${prefix}-${attribute.id}-level-1`} />
          </fieldset>
        );
      })}

      <fieldset className="fieldset">
        <legend>
          Overall recommendation{" "}
          <span className="required-mark" aria-hidden="true">
            *
          </span>
        </legend>
        <div className="radio-options">
          {recommendations.map((option) => {
            const id = `${prefix}-recommendation-${option}`;
            return (
              <div key={option} className="radio-option">
                <input
                  id={id}
                  type="radio"
                  name={`${prefix}-recommendation`}
                  value={option}
                  required
                  checked={recommendation === option}
                  aria-invalid={checked && recommendation === null ? true : undefined}
                  onChange={() => {
                    setRecommendation(option);
                    reportDraft({ recommendation: option });
                  }}
                />
                <label htmlFor={id}>{recommendationLabels[option]}</label>
              </div>
            );
          })}
        </div>
        <p className="hint">
          The recommendation is recorded beside your ratings; the hiring decision follows the weighted formula
          over everyone's ratings, not a vote.
        </p>
      </fieldset>

      {keepsDraft && (
        <Field
          id="scorecard-private-notes"
          label="Private notes"
          hint="Only you see these. They are kept with your draft and not filed with the scorecard."
        >
          {(control) => (
            <textarea
              {...control}
              rows={4}
              maxLength={20000}
              value={privateNotes}
              onChange={(event) => {
                setPrivateNotes(event.target.value);
                reportDraft({ privateNotes: event.target.value });
              }}
            />
          )}
        </Field>
      )}

      {amend && (
        <Field
          id="amend-reason"
          label="Reason for the amendment"
          required
          hint="Kept with the new version. The version you filed before stays on record."
          error={
            checked && reasonShort
              ? `Say why the scorecard changes, in at least ${MIN_NOTE_LENGTH} characters.`
              : fieldMessage(error, "reason")
          }
        >
          {(control) => (
            <textarea
              {...control}
              rows={3}
              required
              minLength={MIN_NOTE_LENGTH}
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
      )}

      {clientProblems.length > 0 && (
        <div role="alert" className="form-error">
          <p>The scorecard is not complete yet.</p>
          <ul>
            {clientProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {error ? (
        <div role="alert" className="form-error">
          <p>{error instanceof ApiError ? error.detail : "Something went wrong. Please try again."}</p>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          {amend ? "Save amendment" : "Submit scorecard"}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
