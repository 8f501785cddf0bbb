/**
 * The one error type of Evident. Services throw it; the HTTP layer renders it as RFC 9457
 * problem+json and the CLI prints its detail as one line.
 */
export const errorStatus = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorTitle: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthenticated: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  not_acceptable: "Not acceptable",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  uri_too_long: "URI too long",
  unsupported_media_type: "Unsupported media type",
  unprocessable: "Unprocessable content",
  rate_limited: "Too many requests",
  internal: "Internal server error",
  unavailable: "Service unavailable",
};

export interface FieldError {
  path: string;
  message: string;
}

/**
 * Extension members a problem may carry beyond RFC 9457's own, by name and type. Modules add
 * theirs by declaration merging (`declare module "…/platform/errors.ts" { interface
 * ProblemExtensions { report?: ImportReport } }`), so a handler never builds a problem body by
 * hand and the wire shape of every extension is checked where it is thrown.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules through declaration merging
export interface ProblemExtensions {}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  /** The request's fields that are wrong; rendered as the problem's `errors` member. */
  readonly fieldErrors: FieldError[] | undefined;
  readonly extensions: ProblemExtensions;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { fieldErrors?: FieldError[]; extensions?: ProblemExtensions; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.fieldErrors = options.fieldErrors;
    this.extensions = options.extensions ?? {};
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export type Problem = ProblemExtensions & {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
};

export function toProblem(error: AppError, instance?: string): Problem {
  return {
    ...error.extensions,
    type: `https://evident.dev/problems/${error.code.replaceAll("_", "-")}`,
    title: errorTitle[error.code],
    status: error.status,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
  };
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
