import { ApiError } from "../api/client";

// Request validation names body fields "body.<field>", the services' own checks "<field>".
function fieldPath(path: string): string {
  return path.replace(/^body\./, "");
}

/**
 * The API's message for one field, for showing beside it. A path such as "interviewerIds" also
 * matches its items ("interviewerIds.1"); `exact` limits it to the field itself.
 */
export function fieldProblem(error: unknown, field: string, exact = false): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const match = error.fieldErrors.find((problem) => {
    const path = fieldPath(problem.path);
    return path === field || (!exact && path.startsWith(`${field}.`));
  });
  return match?.message;
}
