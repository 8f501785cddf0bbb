import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const booleanFromEnv = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const portFromEnv = z.coerce
  .number({ error: "must be a whole number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

/** Environment variables Evident reads; every one is documented in README.md. */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: portFromEnv.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  EVIDENT_DATA_DIR: z.string().min(1).default("./.evident"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL such as redis://127.0.0.1:6379")
    .optional(),
  EVIDENT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  EVIDENT_BASE_URL: z
    .url({ error: "must be an absolute URL such as https://evident.example.com" })
    .optional(),
  EVIDENT_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  EVIDENT_DEMO: booleanFromEnv.default(true),
  EVIDENT_TRUST_PROXY: booleanFromEnv.default(false),
  /** In-process caches of hot reads (API tokens, applications pages); false reads everything every time. */
  EVIDENT_RESPONSE_CACHE: booleanFromEnv.default(true),
  /** Submissions graded at once by this process's worker; each is one sandbox at a time. */
  EVIDENT_GRADING_WORKERS: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 32")
    .max(32, "must be between 1 and 32")
    .optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: portFromEnv.default(587),
  SMTP_SECURE: booleanFromEnv.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default("Evident <no-reply@evident.local>"),
});

export type Environment = z.infer<typeof environmentSchema>;

export type DatabaseTarget = { engine: "pglite"; dataDir: string } | { engine: "postgresql"; url: string };

export interface Config {
  mode: Environment["NODE_ENV"];
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  secret: string;
  baseUrl: string;
  logLevel: Environment["EVIDENT_LOG_LEVEL"];
  seedDemo: boolean;
  trustProxy: boolean;
  /** Whether the server keeps in-process caches of hot reads, kept current by the data-change feed. */
  responseCache: boolean;
  /** Concurrent grading jobs per worker process. */
  gradingWorkers: number;
  /** Redis for sharing live pads between several server instances; null in embedded mode. */
  redisUrl: string | null;
  smtp: {
    host: string;
    port: number;
    secure: boolean;
    user?: string;
    password?: string;
    from: string;
  } | null;
}

/** Thrown when the environment is unusable; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export function parseEnvironment(env: NodeJS.ProcessEnv): Environment {
  // Empty strings are how shells say "unset"; treat them so rather than as bad values.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = environmentSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        const value =
          name.includes("SECRET") || name.includes("PASSWORD") ? "(hidden)" : JSON.stringify(env[name]);
        return `${name}=${value}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

/**
 * Builds the runtime configuration. In embedded mode a missing secret is generated once and kept
 * in the data directory, so sessions survive restarts; production must be given one explicitly.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnvironment(env);
  const dataDir = path.resolve(parsed.EVIDENT_DATA_DIR);
  const problems: string[] = [];
  if (parsed.NODE_ENV === "production" && !parsed.EVIDENT_SECRET) {
    problems.push("EVIDENT_SECRET: required when NODE_ENV=production (at least 32 random characters)");
  }
  if (parsed.NODE_ENV === "production" && !parsed.DATABASE_URL) {
    problems.push(
      "DATABASE_URL: required when NODE_ENV=production (the embedded database is single-process)",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const secret = parsed.EVIDENT_SECRET ?? readOrCreateSecret(dataDir);
  const port = parsed.PORT;
  return {
    mode: parsed.NODE_ENV,
    port,
    host: parsed.HOST,
    dataDir,
    database: parsed.DATABASE_URL
      ? { engine: "postgresql", url: parsed.DATABASE_URL }
      : { engine: "pglite", dataDir: path.join(dataDir, "pglite") },
    secret,
    baseUrl: parsed.EVIDENT_BASE_URL ?? `http://localhost:${port}`,
    logLevel: parsed.EVIDENT_LOG_LEVEL,
    seedDemo: parsed.EVIDENT_DEMO,
    trustProxy: parsed.EVIDENT_TRUST_PROXY,
    responseCache: parsed.EVIDENT_RESPONSE_CACHE,
    redisUrl: parsed.REDIS_URL ?? null,
    // One core stays free for the HTTP server and the database by default.
    gradingWorkers: parsed.EVIDENT_GRADING_WORKERS ?? Math.max(1, os.availableParallelism() - 1),
    smtp: parsed.SMTP_HOST
      ? {
          host: parsed.SMTP_HOST,
          port: parsed.SMTP_PORT,
          secure: parsed.SMTP_SECURE,
          user: parsed.SMTP_USER,
          password: parsed.SMTP_PASSWORD,
          from: parsed.SMTP_FROM,
        }
      : null,
  };
}

function readOrCreateSecret(dataDir: string): string {
  const secretFile = path.join(dataDir, "secret");
  if (existsSync(secretFile)) return readFileSync(secretFile, "utf8").trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}
