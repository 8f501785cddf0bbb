import { parseArgs } from "node:util";
import { DEMO_PASSWORD, demoUsers, seedDemoOrganization } from "../modules/demo/seed-demo.ts";
import { ConfigError, loadConfig } from "../platform/config.ts";
import { dataDirBusy, readDataDirLock } from "../platform/db/data-dir-lock.ts";
import { AppError } from "../platform/errors.ts";
import { createLogger } from "../platform/logger.ts";
import { startJobQueue } from "../platform/queue.ts";
import { buildApp } from "../server/app.ts";
import { startJobHandlers } from "../worker/handlers.ts";
import { type AdminCommandName, adminCommands, runAdminCommand } from "./admin-commands.ts";
import { controlSocketPath, listenControlSocket, sendControlCommand } from "./control-socket.ts";
import { openRuntime } from "./runtime.ts";

type Options = Record<string, { type: "string" | "boolean"; short?: string; description: string }>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  run(values: Record<string, string | boolean | undefined>): Promise<void>;
}

const jsonOption = { json: { type: "boolean", description: "Print the result as JSON" } } as const;

/** Admin commands take their flags from the zod schema's names: --expires-in-days ↔ expiresInDays. */
function adminCommand(name: AdminCommandName, summary: string, usage: string, options: Options): Command {
  return {
    summary,
    usage,
    options: { ...options, ...jsonOption },
    async run(values) {
      const args = Object.fromEntries(
        Object.entries(values)
          .filter(([key, value]) => key !== "json" && value !== undefined)
          .map(([key, value]) => [
            key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
            value,
          ]),
      );
      const result = await runAdminCommandAnywhere(name, args);
      printResult(result, values.json === true);
    },
  };
}

const commands: Record<string, Command> = {
  start: {
    summary: "Run everything in one process: API, web app and job worker (embedded database by default)",
    usage: "evident start",
    options: {},
    run: () => serve({ withWorker: true }),
  },
  serve: {
    summary: "Run the API and web app without the job worker (run `evident worker` beside it)",
    usage: "evident serve",
    options: {},
    run: () => serve({ withWorker: false }),
  },
  worker: {
    summary: "Run the job worker only (needs PostgreSQL to run beside `evident serve`)",
    usage: "evident worker",
    options: {},
    run: runWorker,
  },
  migrate: {
    summary: "Apply database migrations and exit",
    usage: "evident migrate",
    options: {},
    async run() {
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
    },
  },
  seed: {
    summary: "Create sample data: --demo creates the demo organisation with one user per role",
    usage: "evident seed --demo [--json]",
    options: { demo: { type: "boolean", description: "Create the demo organisation" }, ...jsonOption },
    async run(values) {
      if (!values.demo) throw new AppError("bad_request", "Say what to seed: evident seed --demo");
      printResult(await runAdminCommandAnywhere("seed.demo", {}), values.json === true);
    },
  },
  "orgs create": adminCommand(
    "orgs.create",
    "Create an organisation; prints its id and slug",
    "evident orgs create --name NAME [--slug SLUG] [--json]",
    {
      name: { type: "string", description: "The organisation's name" },
      slug: { type: "string", description: "Its URL name (derived from the name when omitted)" },
    },
  ),
  "users create": adminCommand(
    "users.create",
    "Create a user (or take an existing one) and make them a member with a role",
    "evident users create --org SLUG --email EMAIL --password PASSWORD --role ROLE [--name NAME] [--json]",
    {
      org: { type: "string", description: "Organisation slug" },
      email: { type: "string", description: "The user's email" },
      password: { type: "string", description: "Initial password (at least 12 characters)" },
      role: { type: "string", description: "admin, recruiter, hiring_manager or interviewer" },
      name: { type: "string", description: "Display name (defaults to the email's local part)" },
    },
  ),
  "tokens create": adminCommand(
    "tokens.create",
    "Create an API token for a member; the token is printed once",
    "evident tokens create --org SLUG --user EMAIL --name NAME [--expires-in-days N] [--json]",
    {
      org: { type: "string", description: "Organisation slug" },
      user: { type: "string", description: "Email of the member the token acts as" },
      name: { type: "string", description: "What the token is for" },
      "expires-in-days": { type: "string", description: "Expire after N days (default: never)" },
    },
  ),
};

async function runAdminCommandAnywhere(
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

async function serve({ withWorker }: { withWorker: boolean }) {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const startedAt = performance.now();
  const runtime = await openRuntime(config);
  const deps = { db: runtime.database.db, clock: runtime.clock };
  const queue = await startJobQueue(runtime.database, { logger });
  if (withWorker) await startJobHandlers(queue, deps);
  if (config.seedDemo) await seedDemoOrganization(deps);
  const app = await buildApp({ config, database: runtime.database, queue, clock: runtime.clock, logger });
  const address = await app.listen({ port: config.port, host: config.host });
  const closeControlSocket =
    config.database.engine === "pglite" ? await listenControlSocket(config.dataDir, deps) : async () => {};
  runtime.advertise({ url: address, controlSocket: controlSocketPath(config.dataDir) });

  const url = config.baseUrl.startsWith(`http://localhost:${config.port}`)
    ? address.replace("127.0.0.1", "localhost")
    : config.baseUrl;
  const lines = [
    "",
    `Evident is running at ${url}  (database: ${runtime.database.engine}, ${withWorker ? "with" : "without"} job worker, ready in ${Math.round(performance.now() - startedAt)} ms)`,
  ];
  if (config.seedDemo) {
    lines.push(`Demo organisation logins (password for all: ${DEMO_PASSWORD}):`);
    for (const user of demoUsers) lines.push(`  ${user.role.padEnd(15)} ${user.email}`);
  }
  lines.push(`API docs: ${url}/api/docs    Stop with Ctrl+C.`, "");
  process.stderr.write(`${lines.join("\n")}\n`);

  onShutdown(async () => {
    await app.close();
    await closeControlSocket();
    await queue.stop();
    await runtime.close();
  });
}

async function runWorker() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config);
  const queue = await startJobQueue(runtime.database, { logger });
  await startJobHandlers(queue, { db: runtime.database.db, clock: runtime.clock });
  logger.info({ database: runtime.database.engine }, "worker started");
  onShutdown(async () => {
    await queue.stop();
    await runtime.close();
  });
}

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

function printResult(result: unknown, asJson: boolean) {
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

function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    "Usage: evident <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    "",
    "Run `evident <command> --help` for a command's options. Configuration comes from the",
    "environment (PORT, EVIDENT_DATA_DIR, DATABASE_URL, …): see README.md.",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options).map(
    ([option, spec]) =>
      `${`  --${option}${spec.type === "string" ? " VALUE" : ""}`.padEnd(28)}${spec.description}`,
  );
  return [
    `Usage: ${command.usage}`,
    "",
    command.summary,
    "",
    "Options:",
    ...options,
    `${"  --help".padEnd(28)}Show this help`,
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const twoWords = `${argv[0] ?? ""} ${argv[1] ?? ""}`;
  const [name, rest] = commands[twoWords] ? [twoWords, argv.slice(2)] : [argv[0] ?? "", argv.slice(1)];
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${helpText()}\n`);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    const group = Object.keys(commands).filter((known) => known.startsWith(`${name} `));
    const hint =
      group.length > 0
        ? ` Did you mean: ${group.map((known) => `evident ${known}`).join(", ")}?`
        : " Run `evident --help`.";
    process.stderr.write(`evident: unknown command "${argv.slice(0, 2).join(" ")}".${hint}\n`);
    return 2;
  }
  try {
    const { values } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    await command.run(values);
    return 0;
  } catch (error) {
    process.stderr.write(`evident ${name}: ${describeError(error)}\n`);
    return 1;
  }
}

function describeError(error: unknown): string {
  if (error instanceof ConfigError) return error.problems.join("; ");
  if (error instanceof AppError) return error.detail;
  if (error && typeof error === "object" && "issues" in error) {
    return (error as { issues: { message: string }[] }).issues.map((issue) => issue.message).join("; ");
  }
  if (
    error instanceof Error &&
    "code" in error &&
    String((error as { code: unknown }).code).startsWith("ERR_PARSE_ARGS")
  ) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  // Long-running commands keep the process alive through their servers; the others end here.
  if (code !== 0 || !["start", "serve", "worker"].includes(process.argv[2] ?? "")) process.exitCode = code;
  if (code !== 0) process.exit(code);
}
