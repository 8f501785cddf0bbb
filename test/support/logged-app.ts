import { Writable } from "node:stream";
import { createFileMailer } from "../../src/modules/mail/mailer.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { loadConfig } from "../../src/platform/config.ts";
import { createEventBus } from "../../src/platform/events.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { buildApp } from "../../src/server/app.ts";
import type { HttpApp } from "../../src/server/http-types.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

export interface LoggedApp {
  app: HttpApp;
  database: TestDatabase;
  /** Every log line the app wrote, as written (JSON). */
  lines: string[];
  close(): Promise<void>;
}

/**
 * The HTTP app on a fresh PGlite database, its log written to `lines` at `level`: for tests
 * that read what the app logs (one line per request, no secrets at any level).
 */
export async function startLoggedApp(level: "info" | "trace"): Promise<LoggedApp> {
  const database = await createTestDatabase("pglite");
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const events = await createEventBus(database);
  const app = await buildApp({
    config: loadConfig({
      NODE_ENV: "test",
      EVIDENT_SECRET: "test-secret-test-secret-test-secret-0123",
      EVIDENT_DATA_DIR: "/nonexistent-evident-test-dir",
    }),
    database,
    queue: null,
    clock: systemClock,
    mailer: createFileMailer("/nonexistent-evident-outbox", "Evident <no-reply@evident.test>"),
    logger: createLogger(level, { destination: sink }),
    events,
  });
  await app.ready();
  return {
    app,
    database,
    lines,
    close: async () => {
      await app.close();
      await events.close();
      await database.drop();
    },
  };
}
