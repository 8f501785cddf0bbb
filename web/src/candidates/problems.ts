import { ApiError } from "../api/client";

/** Validation errors name body fields "body.<field>", the services' own checks "<field>". */
export function fieldPath(path: string): string {
  return path.replace(/^body\./, "");
}

/** The API's message for one field (exact path), for showing next to its control. */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldErrors.find((entry) => fieldPath(entry.path) === path)?.message;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}
