export interface ProblemFieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem response, or a network failure (status 0), raised by apiFetch. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: ProblemFieldError[];

  constructor(status: number, title: string, detail: string, fieldErrors: ProblemFieldError[] = []) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface ApiFetchOptions {
  method?: HttpMethod;
  body?: unknown;
  signal?: AbortSignal;
}

// The CSRF token belongs to the session, which is loaded once and refreshed by the
// session query; keeping it here lets every mutation send it without threading it through.
let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests apiFetch cannot make (a raw file body); they send the same header. */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers = new Headers({ Accept: "application/json, application/problem+json" });
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  if (method !== "GET" && csrfToken !== null) headers.set("X-CSRF-Token", csrfToken);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "Network error", "Could not reach Evident. Check your connection and try again.");
  }

  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Reads an RFC 9457 problem answer into an ApiError; shared by every client of the API. */
export async function problemFrom(response: Response): Promise<ApiError> {
  const fallbackDetail = `The request failed (HTTP ${response.status}).`;
  const contentType = response.headers.get("Content-Type") ?? "";
  if (!contentType.includes("json")) {
    return new ApiError(response.status, response.statusText, fallbackDetail);
  }
  try {
    const problem = (await response.json()) as Partial<{
      title: unknown;
      detail: unknown;
      errors: unknown;
    }>;
    const title = typeof problem.title === "string" ? problem.title : response.statusText;
    const detail =
      typeof problem.detail === "string" && problem.detail !== "" ? problem.detail : title || fallbackDetail;
    return new ApiError(response.status, title, detail, fieldErrorsFrom(problem.errors));
  } catch {
    return new ApiError(response.status, response.statusText, fallbackDetail);
  }
}

export function fieldErrorsFrom(errors: unknown): ProblemFieldError[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { path, message } = entry as { path?: unknown; message?: unknown };
    if (typeof message !== "string") return [];
    const readablePath = Array.isArray(path) ? path.join(".") : typeof path === "string" ? path : "";
    return [{ path: readablePath, message }];
  });
}

export function errorDetail(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return "Something went wrong. Please try again.";
}
