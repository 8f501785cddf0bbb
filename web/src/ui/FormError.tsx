import type { ReactNode } from "react";
import { ApiError, errorDetail } from "../api/client";
import { fieldPathOf } from "./field-message";

/**
 * A failed request's problem detail and per-field messages as an alert. Each field is called by
 * its form label (`fieldLabels`, keyed by API path such as "weight"; list items such as
 * "stages.2.weight" fall back to their list's label) or by `labelFor` when a form needs more.
 */
export function FormError({
  error,
  fieldLabels = {},
  labelFor = (path) => fieldLabels[path] ?? fieldLabels[path.replace(/\.\d+$/, "")] ?? path,
  children,
}: {
  error: unknown;
  fieldLabels?: Record<string, string>;
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
      <p>{errorDetail(error)}</p>
      {error.fieldErrors.length > 0 && (
        <ul>
          {error.fieldErrors.map((fieldError) => {
            const path = fieldPathOf(fieldError.path);
            return (
              <li key={`${fieldError.path}:${fieldError.message}`}>
                {path ? `${labelFor(path)}: ` : ""}
                {fieldError.message}
              </li>
            );
          })}
        </ul>
      )}
      {children}
    </div>
  );
}
