import type { ReactNode } from "react";
import { FieldLabel } from "../ui/FieldLabel";

export interface DescribedControl {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/** A label, its control, an optional hint and the API's message for the field, wired together by id. */
export function Field({
  id,
  label,
  required = false,
  hint,
  error,
  className = "field",
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  hint?: string | undefined;
  error?: string | undefined;
  className?: string;
  children: (control: DescribedControl) => ReactNode;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      {children({
        id,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(error ? { "aria-invalid": true } : {}),
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The shared problem alert, under the name this area's pages use. */
export { FormError as ErrorAlert } from "../ui/FormError";

/** What interviewers see instead of candidate, application and plan data, which the API refuses them. */
export function NoAccess({ what }: { what: string }) {
  return (
    <div className="notice" role="status">
      <p>
        Only admins, recruiters and hiring managers can see {what}. Interviewers rate candidates in their own
        interviews without seeing the rest of the hiring record, so that each rating stays independent.
      </p>
    </div>
  );
}
