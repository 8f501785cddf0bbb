import { ApiError } from "../api/client";

/** Shows a failed request's problem detail (and any per-field messages) as an alert. */
export function FormError({ error }: { error: unknown }) {
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
          {error.fieldErrors.map((fieldError) => (
            <li key={`${fieldError.path}:${fieldError.message}`}>
              {fieldError.path ? `${fieldError.path}: ` : ""}
              {fieldError.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
