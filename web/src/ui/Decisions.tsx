import type { ReactNode, Ref } from "react";
import { Field } from "./Field";

/** A recorded decision as a decision history lists it. */
export interface DecisionEntry {
  id: string;
  /** What was decided. */
  decided: ReactNode;
  /** Whether it departed from what the advice or the formula said. */
  departed: boolean;
  /** Who decided when, and what the advice or formula said. */
  details: ReactNode;
  overrideReason: string | null | undefined;
}

/**
 * The decisions recorded on a role's work model or an application's hire, newest first: each says
 * what was decided, whether it followed the advice or formula (`badges` word it) and, when it
 * departed, why.
 */
export function DecisionHistory({
  headingId,
  emptyText,
  badges,
  decisions,
}: {
  headingId: string;
  emptyText: string;
  badges: { departed: string; followed: string };
  decisions: readonly DecisionEntry[];
}) {
  return (
    <section aria-labelledby={headingId} className="decision-history">
      <h2 id={headingId}>Decision history</h2>
      {decisions.length === 0 ? (
        <p className="empty-state">{emptyText}</p>
      ) : (
        <ol>
          {decisions.map((decision) => (
            <li key={decision.id} className="decision-entry">
              <p className="decision-headline">
                <strong>{decision.decided}</strong>
                {decision.departed ? (
                  <span className="override-badge">{badges.departed}</span>
                ) : (
                  <span className="accepted-badge">{badges.followed}</span>
                )}
              </p>
              <p className="muted">{decision.details}</p>
              {decision.overrideReason && (
                <p className="decision-reason">
                  <span className="decision-reason-label">Override reason:</span> {decision.overrideReason}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * Why a decision departs from the advice or the formula, required (`required`) when it does. A
 * form that asks for a reason in other cases too marks the field so (`marked`) without the
 * browser refusing an empty one. `textareaRef` lets the form move focus here when the API asks
 * for the reason.
 */
export function OverrideReasonField({
  required,
  marked = required,
  hint,
  error,
  value,
  onChange,
  textareaRef,
}: {
  required: boolean;
  marked?: boolean;
  hint: ReactNode;
  error: string | undefined;
  value: string;
  onChange: (reason: string) => void;
  textareaRef: Ref<HTMLTextAreaElement>;
}) {
  return (
    <Field id="decision-override-reason" label="Override reason" required={marked} hint={hint} error={error}>
      {(control) => (
        <textarea
          {...control}
          ref={textareaRef}
          rows={3}
          maxLength={2000}
          required={required}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
