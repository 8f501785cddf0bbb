import { ApiError } from "../api/client";

// Validation errors name body fields as "body.<field>", the services' own checks as "<field>".
function fieldOf(path: string): string {
  return path.replace(/^body\./, "");
}

/** The message the API gave for one field (or an item of a list field), for showing next to it. */
export function fieldMessage(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const itemPath = new RegExp(`^${field.replaceAll(".", "\\.")}\\.\\d+$`);
  const match = error.fieldErrors.find((fieldError) => {
    const path = fieldOf(fieldError.path);
    return path === field || itemPath.test(path);
  });
  return match?.message;
}

/**
 * A failed request's detail and per-field messages, with each field called by its form label
 * rather than its API path.
 */
export function ProblemAlert({
  error,
  fieldLabels = {},
}: {
  error: unknown;
  fieldLabels?: Record<string, string>;
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
            const field = fieldOf(fieldError.path);
            return (
              <li key={`${fieldError.path}:${fieldError.message}`}>
                {fieldLabels[field] ?? fieldLabels[field.replace(/\.\d+$/, "")] ?? field}:{" "}
                {fieldError.message}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
