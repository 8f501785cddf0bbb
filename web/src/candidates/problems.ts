import { ApiError } from "../api/client";
import { fieldPathOf } from "../ui/FormError";

export { fieldPathOf as fieldPath } from "../ui/FormError";

/** The API's message for one field (exact path), for showing next to its control. */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldErrors.find((entry) => fieldPathOf(entry.path) === path)?.message;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}
