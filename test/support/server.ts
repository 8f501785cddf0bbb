import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiToken } from "../../src/modules/api-tokens/api-tokens.ts";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { createFileMailer, type Mailer } from "../../src/modules/mail/mailer.ts";
import { addMember } from "../../src/modules/members/members.ts";
import { createOrganization } from "../../src/modules/organizations/organizations.ts";
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import { type Config, loadConfig } from "../../src/platform/config.ts";
import type { Engine } from "../../src/platform/db/client.ts";
import type { MemberRole } from "../../src/platform/db/schema.ts";
import { createEventBus, type EventBus } from "../../src/platform/events.ts";
import { newId } from "../../src/platform/ids.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { type JobQueue, startJobQueue } from "../../src/platform/queue.ts";
import { buildApp } from "../../src/server/app.ts";
import type { HttpApp } from "../../src/server/http-types.ts";
import { startJobHandlers } from "../../src/worker/handlers.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

export const TEST_PASSWORD = "test-password-123";
/** EVIDENT_SECRET of every test server (sealed secrets in tests open with it). */
export const TEST_SECRET = "test-secret-test-secret-test-secret-0123";

export interface TestServer {
  url: string;
  app: HttpApp;
  config: Config;
  database: TestDatabase;
  /** Where the server's file mailer writes .eml files (a fresh temporary directory). */
  outboxDir: string;
  mailer: Mailer;
  /** The job queue when the server was started with a worker. */
  queue: JobQueue | null;
  /** The event bus the server and its worker share (LISTEN/NOTIFY on PostgreSQL). */
  events: EventBus;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free loopback port over a fresh database of the given engine. Emails
 * go to a file outbox in a temporary directory unless another mailer is given; `clock` pins time.
 */
export async function startTestServer(
  engine: Engine,
  options: { clock?: Clock; mailer?: Mailer; withWorker?: boolean } = {},
): Promise<TestServer> {
  const database = await createTestDatabase(engine);
  const outboxDir = await mkdtemp(path.join(tmpdir(), "evident-outbox-"));
  const mailer = options.mailer ?? createFileMailer(outboxDir, "Evident <no-reply@evident.test>");
  const config = loadConfig({
    NODE_ENV: "test",
    EVIDENT_SECRET: TEST_SECRET,
    EVIDENT_DATA_DIR: "/nonexistent-evident-test-dir",
    PORT: "0",
  });
  const clock = options.clock ?? systemClock;
  // The real pg-boss queue and the real grading handlers, on the same database as the server.
  const queue = options.withWorker ? await startJobQueue(database, { logger: createLogger("silent") }) : null;
  const events = await createEventBus(database);
  if (queue)
    await startJobHandlers(
      queue,
      { db: database.db, clock, mailer, events, secret: config.secret },
      { gradingWorkers: 2 },
    );
  const app = await buildApp({
    config,
    database,
    queue,
    clock,
    mailer,
    events,
    logger: false,
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url: address,
    app,
    config,
    database,
    outboxDir,
    mailer,
    queue,
    events,
    close: async () => {
      await app.close();
      await queue?.stop();
      await events.close();
      await database.drop();
      await rm(outboxDir, { recursive: true, force: true });
    },
  };
}

export interface SeededOrganization {
  id: string;
  slug: string;
  /** One user per role, each with a bearer token for this organisation. */
  users: Record<MemberRole, { id: string; email: string; token: string }>;
}

/** An organisation with an admin, recruiter, hiring manager and interviewer, each with an API token. */
export async function seedOrganization(database: TestDatabase, label: string): Promise<SeededOrganization> {
  const deps = { db: database.db, clock: systemClock };
  const suffix = newId().slice(0, 8);
  const organization = await createOrganization(deps, systemActor, { name: `${label} ${suffix}` });
  const roles: MemberRole[] = ["admin", "recruiter", "hiring_manager", "interviewer"];
  const users = {} as SeededOrganization["users"];
  for (const role of roles) {
    const email = `${role}.${suffix}@${label.toLowerCase().replace(/\W+/g, "")}.test`;
    const member = await addMember(deps, systemActor, organization.id, {
      email,
      name: `${label} ${role}`,
      role,
      password: TEST_PASSWORD,
    });
    const { secret } = await createApiToken(deps, systemActor, {
      organizationId: organization.id,
      userId: member.userId,
      name: `${role} test token`,
    });
    users[role] = { id: member.userId, email, token: secret };
  }
  return { id: organization.id, slug: organization.slug, users };
}

/** fetch with a bearer token and JSON body; returns status, headers and parsed body. */
export async function call(
  server: TestServer,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return {
    status: response.status,
    headers: response.headers,
    body: json as Record<string, unknown> & { items?: unknown[] },
  };
}
