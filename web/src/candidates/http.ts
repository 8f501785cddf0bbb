import { ApiError, fieldErrorsFrom, type ProblemFieldError } from "../api/client";

/** A problem response whose body carries more than the detail, such as an import's row report. */
export class ProblemWithBody extends ApiError {
  readonly body: Record<string, unknown>;

  constructor(
    status: number,
    title: string,
    detail: string,
    fieldErrors: ProblemFieldError[],
    body: Record<string, unknown>,
  ) {
    super(status, title, detail, fieldErrors);
    this.body = body;
  }
}

/**
 * apiFetch sends JSON only and keeps just a problem's detail and field errors; uploads
 * (multipart) and imports (whose refusal carries the row report) need the rest, so they go
 * through here. The CSRF token comes from the session, as apiFetch's does.
 */
export async function sendRequest<T>(
  path: string,
  init: { method: "POST" | "PUT"; csrfToken: string; json?: unknown; formData?: FormData },
): Promise<T> {
  const headers = new Headers({
    Accept: "application/json, application/problem+json",
    "X-CSRF-Token": init.csrfToken,
  });
  if (init.json !== undefined) headers.set("Content-Type", "application/json");
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method,
      headers,
      credentials: "same-origin",
      body: init.formData ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
    });
  } catch {
    throw new ApiError(0, "Network error", "Could not reach Evident. Check your connection and try again.");
  }
  const contentType = response.headers.get("Content-Type") ?? "";
  const body: unknown = contentType.includes("json") ? await response.json().catch(() => null) : null;
  if (response.ok) return body as T;
  const problem = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const title = typeof problem.title === "string" ? problem.title : response.statusText;
  const detail =
    typeof problem.detail === "string" && problem.detail !== ""
      ? problem.detail
      : title || `The request failed (HTTP ${response.status}).`;
  throw new ProblemWithBody(response.status, title, detail, fieldErrorsFrom(problem.errors), problem);
}
