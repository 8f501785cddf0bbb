import { parseArgs } from "node:util";
import { ConfigError } from "../platform/config.ts";
import { AppError } from "../platform/errors.ts";

/** The admin commands' names, as commands.ts and admin-commands.ts know them. */
type AdminCommandName =
  | "orgs.create"
  | "users.create"
  | "tokens.create"
  | "seed.demo"
  | "outcomes.import"
  | "analytics.import";

const loadCommands = () => import("./commands.ts");

type Options = Record<string, { type: "string" | "boolean"; short?: string; description: string }>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** How many positional arguments the command takes (none by default). */
  positionals?: { min: number; max: number };
  /** Resolves with the exit code when the command decides it; anything else means 0. */
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<unknown>;
}

/**
 * Prints a command module's `{ exitCode, stdout }` answer: a report goes to stdout whatever the
 * exit code; a failure that is a single line is an error message and goes to stderr.
 */
function printCommandResult(result: { exitCode: number; stdout: string }): number {
  const text = result.stdout.endsWith("\n") || result.stdout === "" ? result.stdout : `${result.stdout}\n`;
  const isErrorLine = result.exitCode !== 0 && text.trimEnd().split("\n").length === 1;
  (isErrorLine ? process.stderr : process.stdout).write(text);
  return result.exitCode;
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
      const { printResult, runAdminCommandAnywhere } = await loadCommands();
      printResult(await runAdminCommandAnywhere(name, args), values.json === true);
    },
  };
}

const commands: Record<string, Command> = {
  start: {
    summary: "Run everything in one process: API, web app and job worker (embedded database by default)",
    usage: "evident start",
    options: {},
    run: async () => (await loadCommands()).serve({ withWorker: true }),
  },
  serve: {
    summary: "Run the API and web app without the job worker (run `evident worker` beside it)",
    usage: "evident serve",
    options: {},
    run: async () => (await loadCommands()).serve({ withWorker: false }),
  },
  worker: {
    summary: "Run the job worker only (needs PostgreSQL to run beside `evident serve`)",
    usage: "evident worker",
    options: {},
    run: async () => (await loadCommands()).runWorker(),
  },
  migrate: {
    summary: "Apply database migrations and exit",
    usage: "evident migrate",
    options: {},
    run: async () => (await loadCommands()).migrate(),
  },
  seed: {
    summary: "Create sample data: --demo creates the demo organisation with one user per role",
    usage: "evident seed --demo [--json]",
    options: { demo: { type: "boolean", description: "Create the demo organisation" }, ...jsonOption },
    async run(values) {
      if (!values.demo) throw new AppError("bad_request", "Say what to seed: evident seed --demo");
      const { printResult, runAdminCommandAnywhere } = await loadCommands();
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
  "analytics import": {
    summary:
      "Replace an organisation's imported hiring history with DIR's applications.csv, stages.csv and ratings.csv (nothing is stored when a row is bad)",
    usage: "evident analytics import --org SLUG --dir DIR [--json]",
    options: {
      org: { type: "string", description: "Organisation slug" },
      dir: {
        type: "string",
        description: "The directory holding applications.csv, stages.csv and ratings.csv",
      },
      ...jsonOption,
    },
    async run(values) {
      const { resolve } = await import("node:path");
      // Resolved here: a running Evident process may do the import through its control socket.
      const args = { org: values.org, dir: typeof values.dir === "string" ? resolve(values.dir) : undefined };
      const { printResult, runAdminCommandAnywhere } = await loadCommands();
      printResult(await runAdminCommandAnywhere("analytics.import", args), values.json === true);
    },
  },
  "outcomes import": {
    summary:
      "Import delivery events (changes, deployments or incidents) from a CSV file; nothing is stored when a row is invalid",
    usage:
      "evident outcomes import --org SLUG --file F --kind changes|deployments|incidents [--dry-run] [--json]",
    options: {
      org: { type: "string", description: "Organisation slug" },
      file: { type: "string", description: "The CSV file (columns: the event fields, see docs/outcomes.md)" },
      kind: { type: "string", description: "changes, deployments or incidents" },
      "dry-run": { type: "boolean", description: "Validate only; store nothing" },
      ...jsonOption,
    },
    async run(values) {
      const { resolve } = await import("node:path");
      const { printResult, runAdminCommandAnywhere } = await loadCommands();
      // The path is resolved here: a running server may execute the import from another directory.
      const args = {
        org: values.org,
        file: typeof values.file === "string" ? resolve(values.file) : undefined,
        kind: values.kind,
        ...(values["dry-run"] ? { dryRun: true } : {}),
      };
      printResult(await runAdminCommandAnywhere("outcomes.import", args), values.json === true);
    },
  },
  doctor: {
    summary:
      "Check what grading and the product need (sandbox, runtimes, limits, data, database), with fixes",
    usage: "evident doctor [--json]",
    options: { ...jsonOption },
    async run(values) {
      const { runDoctor } = await loadCommands();
      return printCommandResult(await runDoctor({ json: values.json === true }));
    },
  },
  "challenges list": {
    summary: "List the built-in challenges",
    usage: "evident challenges list [--json]",
    options: { ...jsonOption },
    async run(values) {
      const { runListCommand } = await import("../modules/grading-engine/cli-commands.ts");
      return printCommandResult(await runListCommand({ json: values.json === true }));
    },
  },
  "challenges validate": {
    summary: "Grade every reference and known-wrong solution; fails unless each scores as declared",
    usage: "evident challenges validate [ID|DIR] [--json]",
    options: { ...jsonOption },
    positionals: { min: 0, max: 1 },
    async run(values, [challenge]) {
      const { runValidateCommand } = await import("../modules/grading-engine/cli-commands.ts");
      return printCommandResult(await runValidateCommand(challenge, { json: values.json === true }));
    },
  },
  grade: {
    summary: "Grade a submission (file or folder) against a challenge (built-in id or package folder)",
    usage: "evident grade CHALLENGE SUBMISSION --language typescript|javascript|python [--json]",
    options: {
      language: {
        type: "string",
        description: "typescript, javascript or python (default: from the file name)",
      },
      ...jsonOption,
    },
    positionals: { min: 2, max: 2 },
    async run(values, [challenge, submission]) {
      const { runGradeCommand } = await import("../modules/grading-engine/cli-commands.ts");
      const language = typeof values.language === "string" ? values.language : undefined;
      return printCommandResult(
        await runGradeCommand(challenge ?? "", submission ?? "", language, { json: values.json === true }),
      );
    },
  },
  similarity: {
    summary: "Compare a folder of submissions (one subfolder each, optional starter/) for shared code",
    usage: "evident similarity DIR [--threshold 0.5] [--json]",
    options: {
      threshold: {
        type: "string",
        description: "Report pairs at or above this similarity, 0–1 (default 0.5)",
      },
      ...jsonOption,
    },
    positionals: { min: 1, max: 1 },
    async run(values, [dir]) {
      const { runSimilarityCommand } = await import("../modules/similarity/command.ts");
      const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
      return printCommandResult(
        await runSimilarityCommand(dir ?? "", { json: values.json === true, threshold }),
      );
    },
  },
};

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
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: command.positionals !== undefined,
    });
    if (values.help) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    const expected = command.positionals ?? { min: 0, max: 0 };
    if (positionals.length < expected.min || positionals.length > expected.max) {
      throw new AppError("bad_request", `Usage: ${command.usage}`);
    }
    const code = await command.run(values, positionals);
    if (typeof code === "number") return code;
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

/** Entry point for bin/evident.js and `node src/cli/main.ts`. */
export async function runCli(argv: string[]): Promise<void> {
  const code = await main(argv);
  // Long-running commands stay alive through their servers; the others exit with their code.
  if (code !== 0) process.exit(code);
  if (!["start", "serve", "worker"].includes(argv[0] ?? "")) process.exitCode = 0;
}

if (import.meta.main) await runCli(process.argv.slice(2));
