import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../api/client";
import type { DecisionOutcome, DecisionSummary } from "../api/schema";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { OverrideReasonField } from "../ui/Decisions";
import { decisionOutcomes, outcomeLabels, useRecordDecision } from "./decisions";

function problemFor(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldErrors.find((problem) => problem.path.replace(/^body\./, "") === field)?.message;
}

/**
 * The hiring manager's decision beside the formula's. Following the formula needs no reason;
 * departing from it, or deciding while the evidence is incomplete, does, and the reason is kept.
 */
export function RecordDecisionForm({
  applicationId,
  summary,
  onRecorded,
}: {
  applicationId: string;
  summary: DecisionSummary;
  /** The recorded decision closes the application, which removes this form; the page says so. */
  onRecorded: (message: string) => void;
}) {
  const record = useRecordDecision(applicationId);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const [outcome, setOutcome] = useState<DecisionOutcome | null>(null);
  const [reason, setReason] = useState("");
  const [outcomeMissing, setOutcomeMissing] = useState(false);
  // Recording closes the application for good, so the form asks once more, naming the decision.
  const [confirming, setConfirming] = useState<DecisionOutcome | null>(null);

  const departs = outcome !== null && outcome !== summary.formulaOutcome;
  const reasonProblem = problemFor(record.error, "overrideReason");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (outcome === null) {
      setOutcomeMissing(true);
      return;
    }
    setConfirming(outcome);
  }

  function recordConfirmed(outcome: DecisionOutcome) {
    setConfirming(null);
    const trimmed = reason.trim();
    record.mutate(
      { outcome, ...(trimmed ? { overrideReason: trimmed } : {}) },
      {
        onSuccess: () => onRecorded(`Decision recorded: ${outcomeLabels[outcome].toLowerCase()}.`),
        onError: (error) => {
          if (problemFor(error, "overrideReason")) reasonField.current?.focus();
        },
      },
    );
  }

  let reasonHint = "Not needed when you follow the formula.";
  if (outcome !== null && departs) {
    reasonHint =
      summary.formulaOutcome === "incomplete"
        ? `Required: the evidence is incomplete, so deciding ${outcomeLabels[outcome].toLowerCase()} departs from the formula. Say why you decide now.`
        : `Required: the formula says ${outcomeLabels[summary.formulaOutcome].toLowerCase()}, and you chose ${outcomeLabels[outcome].toLowerCase()}. Say why.`;
  } else if (outcome === null && summary.formulaOutcome === "incomplete") {
    reasonHint = "Required for either outcome while the evidence is incomplete.";
  }

  return (
    <form
      className="form decision-form"
      aria-labelledby="record-decision-heading"
      onSubmit={submit}
      noValidate
    >
      <h2 id="record-decision-heading">Record decision</h2>
      <p className="muted">
        Recording the decision closes the application: hired, or rejected. It is recorded once, beside what
        the formula says at this moment.
      </p>
      <fieldset className="fieldset">
        <legend>
          Decision{" "}
          <span className="required-mark" aria-hidden="true">
            *
          </span>
        </legend>
        <div className="radio-options">
          {decisionOutcomes.map((option) => {
            const id = `decision-outcome-${option}`;
            return (
              <div key={option} className="radio-option">
                <input
                  id={id}
                  type="radio"
                  name="decision-outcome"
                  value={option}
                  required
                  checked={outcome === option}
                  aria-invalid={outcomeMissing ? true : undefined}
                  onChange={() => {
                    record.reset();
                    setOutcomeMissing(false);
                    setOutcome(option);
                  }}
                />
                <label htmlFor={id}>
                  {outcomeLabels[option]}
                  {option === summary.formulaOutcome && (
                    <span className="recommended-badge">the formula's outcome</span>
                  )}
                </label>
              </div>
            );
          })}
        </div>
        {outcomeMissing && <p className="field-error">Choose hire or no hire.</p>}
      </fieldset>

      <OverrideReasonField
        required={departs}
        marked={departs || summary.formulaOutcome === "incomplete"}
        hint={reasonHint}
        error={reasonProblem && `Override reason: ${reasonProblem}`}
        value={reason}
        onChange={(text) => {
          record.reset();
          setReason(text);
        }}
        textareaRef={reasonField}
      />

      {record.error ? (
        <div role="alert" className="form-error">
          <p>
            {record.error instanceof ApiError
              ? record.error.detail
              : "Something went wrong. Please try again."}
          </p>
        </div>
      ) : null}
      <button type="submit" className="button" disabled={record.isPending}>
        Record decision
      </button>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming ? `Record the decision: ${outcomeLabels[confirming].toLowerCase()}?` : ""}
        confirmLabel={confirming ? `Record: ${outcomeLabels[confirming].toLowerCase()}` : "Record"}
        danger={confirming === "no_hire"}
        pending={record.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) recordConfirmed(confirming);
        }}
      >
        <p>
          {confirming === "hire"
            ? "The application is closed as hired."
            : "The application is closed as rejected."}{" "}
          {confirming !== null && confirming !== summary.formulaOutcome
            ? `This departs from the formula (${outcomeLabels[summary.formulaOutcome].toLowerCase()}); your reason is recorded with it.`
            : "This follows the formula."}{" "}
          A decision is recorded once and cannot be changed here.
        </p>
      </ConfirmDialog>
    </form>
  );
}
