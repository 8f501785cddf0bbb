import { ApiError } from "../api/client";
import { FormError, fieldPathOf } from "../ui/FormError";

/** The message the API gave for one field (or an item of a list field), for showing next to it. */
export function fieldMessage(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const itemPath = new RegExp(`^${field.replaceAll(".", "\\.")}\\.\\d+$`);
  const match = error.fieldErrors.find((fieldError) => {
    const path = fieldPathOf(fieldError.path);
    return path === field || itemPath.test(path);
  });
  return match?.message;
}

/** The shared problem alert, with each field called by its form label rather than its API path. */
export function ProblemAlert({
  error,
  fieldLabels = {},
}: {
  error: unknown;
  fieldLabels?: Record<string, string>;
}) {
  return (
    <FormError
      error={error}
      labelFor={(field) => fieldLabels[field] ?? fieldLabels[field.replace(/\.\d+$/, "")] ?? field}
    />
  );
}
