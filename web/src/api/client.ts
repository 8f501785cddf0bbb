import type { Problem } from "./schema";

export type ProblemFieldError = NonNullable<Problem["errors"]>[number];

/** An RFC 9457 problem response, or a network failure (status 0), raised by the API clients. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: ProblemFieldError[];
  /** The whole problem body, for problems that carry more than a detail (an import's row report). */
  readonly problem: Record<string, unknown>;

  constructor(
    status: number,
    title: string,
    detail: string,
    fieldErrors: ProblemFieldError[] = [],
    problem: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.problem = problem;
  }
}

export const NO_ACCESS_MESSAGE =
  "Your role in this organisation does not give access to this. An admin of the organisation can change your role if you need it.";

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** A 400 counts too: an id that is not a UUID names nothing that exists. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

/**
 * The problem's detail, in words a person can act on: the server words its refusals plainly
 * (who may do this, and the person's own role), so they are shown as they are.
 */
export function errorDetail(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return "Something went wrong. Please try again.";
}

type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, for uploads: a FormData (multipart) or a Blob with its own content type. */
  rawBody?: FormData | Blob;
  /** The Content-Type of a Blob `rawBody`. */
  contentType?: string;
  signal?: AbortSignal;
}

/**
 * One way to call the API for both principals: JSON in and out, the principal's CSRF token on
 * unsafe methods, problem+json answers raised as ApiError. Staff and candidates differ only in
 * where their token comes from (the server refuses one in place of the other).
 */
export function createJsonClient({
  csrfToken,
  unreachableMessage,
}: {
  csrfToken: () => string | null;
  unreachableMessage: string;
}) {
  return async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? "GET";
    const headers = new Headers({ Accept: "application/json, application/problem+json" });
    if (options.body !== undefined) headers.set("Content-Type", "application/json");
    if (options.contentType !== undefined) headers.set("Content-Type", options.contentType);
    const token = csrfToken();
    if (method !== "GET" && token !== null) headers.set("X-CSRF-Token", token);

    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: "same-origin",
        body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new ApiError(0, "Network error", unreachableMessage);
    }

    if (!response.ok) throw await problemFrom(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === "" ? undefined : JSON.parse(text)) as T;
  };
}

/** Reads an RFC 9457 problem answer into an ApiError. */
async function problemFrom(response: Response): Promise<ApiError> {
  const fallbackDetail = `The request failed (HTTP ${response.status}).`;
  const contentType = response.headers.get("Content-Type") ?? "";
  if (!contentType.includes("json")) {
    return new ApiError(response.status, response.statusText, fallbackDetail);
  }
  try {
    const problem = (await response.json()) as Record<string, unknown>;
    const title = typeof problem.title === "string" ? problem.title : response.statusText;
    const detail =
      typeof problem.detail === "string" && problem.detail !== "" ? problem.detail : title || fallbackDetail;
    return new ApiError(response.status, title, detail, fieldErrorsFrom(problem.errors), problem);
  } catch {
    return new ApiError(response.status, response.statusText, fallbackDetail);
  }
}

function fieldErrorsFrom(errors: unknown): ProblemFieldError[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { path, message } = entry as { path?: unknown; message?: unknown };
    if (typeof message !== "string") return [];
    const readablePath = Array.isArray(path) ? path.join(".") : typeof path === "string" ? path : "";
    return [{ path: readablePath, message }];
  });
}

// The staff CSRF token belongs to the session, which is loaded once and refreshed by the
// session query; keeping it here lets every mutation send it without threading it through.
let staffCsrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  staffCsrfToken = token;
}

/** Calls the staff API with the session cookie and the session's CSRF token. */
export const apiFetch = createJsonClient({
  csrfToken: () => staffCsrfToken,
  unreachableMessage: "Could not reach Evident. Check your connection and try again.",
});
