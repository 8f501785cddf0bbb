import { type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { type Logger, pino } from "pino";
import pinoPretty from "pino-pretty";

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

/** The fields of the one line logged per request; the terminal shows them in the message. */
const REQUEST_LINE_FIELDS = ["reqId", "method", "path", "status", "ms"];

export interface LoggerOptions {
  /** Where lines go; standard output by default. */
  destination?: NodeJS.WritableStream;
  /**
   * Human-readable lines (time, level, message) instead of JSON. By default only when the
   * lines go to standard output and that is a terminal: files and log collectors get JSON.
   */
  pretty?: boolean;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stdout;
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const settings = {
    level,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    hooks: {
      // `evident start` prints its own "running at" line with the address a person can open;
      // Fastify's own listening line would say the same thing a second time.
      logMethod(this: Logger, args: Parameters<Logger["info"]>, method: Logger["info"]) {
        const message = typeof args[0] === "string" ? args[0] : args[1];
        if (typeof message === "string" && message.startsWith("Server listening at ")) return;
        method.apply(this, args);
      },
    },
  };
  if (!pretty) return pino(settings, destination);
  return pino(
    settings,
    pinoPretty({
      destination,
      sync: true,
      colorize: destination === process.stdout && process.stdout.isTTY === true,
      translateTime: "SYS:HH:MM:ss",
      ignore: ["pid", "hostname", ...REQUEST_LINE_FIELDS].join(","),
    }),
  );
}

/**
 * Fastify's request logging, one line per request instead of two ("incoming request" and
 * "request completed", each with headers): method, path, status and time, written when the
 * response is done. The query string is left out: it can carry search terms and other
 * people's data.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const path = request.url.split("?", 1)[0] ?? "";
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const status = reply.statusCode;
    const line = `${request.method} ${path} ${status} ${ms} ms`;
    const fields = { method: request.method, path, status, ms };
    if (error) request.log.error({ ...fields, err: error }, line);
    else request.log.info(fields, line);
  }
}

export type { Logger };
