import type { ReactNode } from "react";
import { ApiError } from "../api/client";
import { FieldLabel } from "../ui/FieldLabel";
import { fieldPath } from "./problems";

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

/**
 * A failed request's detail and per-field messages; `labelFor` turns an API path such as
 * "stages.2.weight" into the words the form uses.
 */
export function ErrorAlert({
  error,
  labelFor = (path) => path,
  children,
}: {
  error: unknown;
  labelFor?: (path: string) => string;
  children?: ReactNode;
}) {
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div role="alert" className="form-error">
        <p>Something went wrong. Please try again.</p>
      </div>
    );
  }
  return (
    <div role="alert" className="form-error">
      <p>{error.detail}</p>
      {error.fieldErrors.length > 0 && (
        <ul>
          {error.fieldErrors.map((entry) => {
            const path = fieldPath(entry.path);
            return (
              <li key={`${entry.path}:${entry.message}`}>
                {path ? `${labelFor(path)}: ` : ""}
                {entry.message}
              </li>
            );
          })}
        </ul>
      )}
      {children}
    </div>
  );
}

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
