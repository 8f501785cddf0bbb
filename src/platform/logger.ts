import { type Logger, pino } from "pino";

/**
 * Paths pino blanks out wherever they appear in a log line. Session cookies, bearer tokens,
 * passwords and API token secrets must never reach a log file.
 */
export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-csrf-token']",
  "res.headers['set-cookie']",
  "*.password",
  "*.secret",
  "*.token",
  "*.csrfToken",
  "password",
  "secret",
  "token",
  "body.password",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: redactedPaths, censor: "[redacted]" } },
    destination ?? process.stdout,
  );
}

export type { Logger };
