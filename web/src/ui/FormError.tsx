import type { ReactNode } from "react";
import { ApiError } from "../api/client";

/** Schema errors name body fields "body.<field>", the services' own checks "<field>": show both alike. */
export const fieldPathOf = (path: string): string => path.replace(/^body\./, "");

/**
 * A failed request's problem detail and per-field messages as an alert. `labelFor` turns an
 * API path such as "stages.2.weight" into the words the form uses.
 */
export function FormError({
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
