import { ApiError } from "../api/client";

/** Schema errors name body fields "body.<field>", the services' own checks "<field>": treat both alike. */
export const fieldPathOf = (path: string): string => path.replace(/^body\./, "");

/**
 * The API's message for one field of a form, for showing next to its control. A field such as
 * "interviewerIds" also takes the messages of its parts ("interviewerIds.1", "timezone.from");
 * `exact` limits it to the field itself.
 */
export function fieldMessage(error: unknown, field: string, { exact = false } = {}): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const match = error.fieldErrors.find((fieldError) => {
    const path = fieldPathOf(fieldError.path);
    return path === field || (!exact && path.startsWith(`${field}.`));
  });
  return match?.message;
}
