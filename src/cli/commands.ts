import { type DemoPreparation, prepareDemoInBackground } from "../modules/demo/demo-preparation.ts";
import { DEMO_ORGANIZATION, DEMO_PASSWORD, demoUsers } from "../modules/demo/seed-demo.ts";
import { createMailer } from "../modules/mail/mailer.ts";
import { findOrganizationBySlug } from "../modules/organizations/organizations.ts";
import { loadConfig } from "../platform/config.ts";
import { dataDirBusy, readDataDirLock } from "../platform/db/data-dir-lock.ts";
import { createEventBus } from "../platform/events.ts";
import { createLogger, type Logger } from "../platform/logger.ts";
import { startJobQueue } from "../platform/queue.ts";
import { buildApp } from "../server/app.ts";
import { startJobHandlers } from "../worker/handlers.ts";
import { type AdminCommandName, adminCommands, runAdminCommand } from "./admin-commands.ts";
import { controlSocketPath, listenControlSocket, sendControlCommand } from "./control-socket.ts";
import { doctorChecks, formatChecks, sandboxChecks } from "./doctor.ts";
import { openRuntime } from "./runtime.ts";

/**
 * What the CLI's commands do. main.ts loads this module only when a command runs, so help
 * and argument errors answer without loading the server, the database or the queue.
 */
export async function runAdminCommandAnywhere(
  name: AdminCommandName,
  args: Record<string, unknown>,
): Promise<unknown> {
  adminCommands[name].args.parse(args);
  const config = loadConfig();
  if (config.database.engine === "pglite") {
    const holder = readDataDirLock(config.dataDir);
    if (holder) {
      if (!holder.controlSocket) throw dataDirBusy(config.dataDir, holder);
      return sendControlCommand(controlSocketPath(config.dataDir), name, args);
    }
  }
  const runtime = await openRuntime(config);
  try {
    return await runAdminCommand({ db: runtime.database.db, clock: runtime.clock }, name, args);
  } finally {
    await runtime.close();
  }
}

export async function serve({ withWorker }: { withWorker: boolean }) {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const startedAt = performance.now();
  const runtime = await openRuntime(config);
  const deps = { db: runtime.database.db, clock: runtime.clock };
  const mailer = createMailer(config);
  const queue = await startJobQueue(runtime.database, { logger });
  const events = await createEventBus(runtime.database, { onError: logEventBusError(logger) });
  if (withWorker)
    await startJobHandlers(
      queue,
      { ...deps, mailer, events, secret: config.secret },
      { gradingWorkers: config.gradingWorkers },
    );
  // The demo organisation is created after the server listens (below), so a first start answers
  // in a few seconds; until then the login page shows its progress from this status.
  let demo: DemoPreparation | null = null;
  const app = await buildApp({
    config,
    database: runtime.database,
    queue,
    clock: runtime.clock,
    mailer,
    events,
    logger,
    demoStatus: () => demo?.status() ?? { state: config.seedDemo ? "preparing" : "absent", percent: 0 },
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const closeControlSocket =
    config.database.engine === "pglite" ? await listenControlSocket(config.dataDir, deps) : async () => {};
  runtime.advertise({ url: address, controlSocket: controlSocketPath(config.dataDir) });

  const url = config.baseUrl.startsWith(`http://localhost:${config.port}`)
    ? address.replace("127.0.0.1", "localhost")
    : config.baseUrl;
  const demoExists =
    config.seedDemo && (await findOrganizationBySlug(deps.db, DEMO_ORGANIZATION.slug)) !== null;
  const lines = [
    "",
    `Evident is running at ${url}  (database: ${runtime.database.engine}, ${withWorker ? "with" : "without"} job worker, ready in ${Math.round(performance.now() - startedAt)} ms)`,
  ];
  if (config.seedDemo) {
    lines.push(
      demoExists
        ? `Demo organisation logins (password for all: ${DEMO_PASSWORD}):`
        : `Demo organisation logins (password for all: ${DEMO_PASSWORD}), working once the demo is prepared (the login page shows how far):`,
    );
    for (const user of demoUsers) lines.push(`  ${user.role.padEnd(15)} ${user.email}`);
  }
  lines.push(`API docs: ${url}/api/docs    Stop with Ctrl+C.`, "");
  if (withWorker) lines.push(...gradingWarning());
  process.stderr.write(`${lines.join("\n")}\n`);
  if (config.seedDemo) {
    demo = prepareDemoInBackground({ ...deps, queue, logger }, ({ created, seconds }) => {
      if (created)
        process.stderr.write(`The demo organisation is ready (prepared in ${seconds.toFixed(1)} s).\n`);
    });
  }

  onShutdown(async () => {
    // Stopping while the demo is prepared would pull the database from under it, leaving a
    // half-made demo organisation that later starts take as made.
    if (demo?.status().state === "preparing") {
      process.stderr.write("Finishing the demo organisation first…\n");
    }
    await demo?.finished;
    await app.close();
    await closeControlSocket();
    await queue.stop();
    await events.close();
    await runtime.close();
  });
}

export async function runWorker() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const warning = gradingWarning();
  if (warning.length > 0) process.stderr.write(`${warning.join("\n")}\n`);
  const runtime = await openRuntime(config);
  const queue = await startJobQueue(runtime.database, { logger });
  const events = await createEventBus(runtime.database, { onError: logEventBusError(logger) });
  await startJobHandlers(
    queue,
    {
      db: runtime.database.db,
      clock: runtime.clock,
      mailer: createMailer(config),
      events,
      secret: config.secret,
    },
    { gradingWorkers: config.gradingWorkers },
  );
  logger.info({ database: runtime.database.engine }, "worker started");
  onShutdown(async () => {
    await queue.stop();
    await events.close();
    await runtime.close();
  });
}

const logEventBusError = (logger: Logger) => (error: unknown, context: string) =>
  logger.warn({ err: error }, context);

/** Graceful shutdown: finish in-flight requests and jobs, close the database, release the lock. */
function onShutdown(close: () => Promise<void>) {
  let closing = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      process.stderr.write(`\nStopping (${signal})…\n`);
      const forced = setTimeout(() => process.exit(1), 20_000);
      forced.unref();
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`Shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

export function printResult(result: unknown, asJson: boolean) {
  if (asJson) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const printable = result as Record<string, unknown>;
  for (const [key, value] of Object.entries(printable)) {
    process.stdout.write(`${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}\n`);
  }
  if ("token" in printable) process.stderr.write("Store the token now: it is not shown again.\n");
}

export async function migrate(): Promise<void> {
  const config = loadConfig();
  const holder = config.database.engine === "pglite" ? readDataDirLock(config.dataDir) : null;
  if (holder) {
    console.log(
      `Evident (pid ${holder.pid}) is running on this data directory; it applied migrations at start.`,
    );
    return;
  }
  const runtime = await openRuntime(config);
  await runtime.close();
  console.log(`Migrations applied (${config.database.engine}).`);
}

/** `evident doctor`: one line per check; exit 1 when a required check fails. */
export async function runDoctor(options: { json: boolean }): Promise<{ exitCode: number; stdout: string }> {
  const checks = await doctorChecks(loadConfig());
  const failed = checks.some((check) => !check.ok && !check.advisory);
  return {
    exitCode: failed ? 1 : 0,
    stdout: options.json ? JSON.stringify({ ok: !failed, checks }, null, 2) : formatChecks(checks),
  };
}

/**
 * The lines `evident start` and `evident worker` print when submissions cannot be graded here
 * (they would all fail as infrastructure failures until fixed), and which limits are in force.
 */
function gradingWarning(): string[] {
  const checks = sandboxChecks();
  const failed = checks.filter((check) => !check.ok && !check.advisory);
  if (failed.length === 0) return [];
  return [
    "WARNING: challenge grading is unavailable; submissions wait as infrastructure failures and are graded once it works:",
    ...formatChecks(failed)
      .split("\n")
      .map((line) => `  ${line}`),
    "Run `npx evident doctor` to check again.",
    "",
  ];
}
