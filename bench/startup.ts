/**
 * Time from spawning `node src/cli/main.ts start` to its first 200 from GET /api/health on the
 * embedded PGlite database: once on a fresh data directory (creating the database, migrating,
 * seeding the demo organisation) and once restarting on the same directory. The in-run baseline
 * is a bare node:http server spawned and polled the same way, which prices Node's own start-up
 * and the polling granularity.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatRatio, formatTable, median, ratio, round, roundSignificant } from "./format.ts";
import type { Progress } from "./progress.ts";

export const STARTUP_SETTINGS = {
  repetitions: 3,
  pollIntervalMs: 50,
  /** Far above a normal start-up; only a hung start reaches it. */
  readyTimeoutMs: 60_000,
  /** Evident forces its own exit after 20 s of graceful shutdown; this leaves it room to do so. */
  stopTimeoutMs: 25_000,
};

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const HEALTH_PATH = "/api/health";

export interface StartupReport {
  settings: typeof STARTUP_SETTINGS & { healthPath: string };
  samplesMs: { bareNode: number[]; fresh: number[]; restart: number[] };
  medianMs: { bareNode: number; fresh: number; restart: number };
  /** median ÷ bare-node median. */
  ratios: { fresh: number | null; restart: number | null };
}

// Everything spawned or created is tracked so an error or Ctrl+C never leaves a server running
// (and holding its port and data-directory lock) or a temporary directory behind.
const liveChildren = new Set<ChildProcess>();
const temporaryDirectories = new Set<string>();

function cleanUpSynchronously(): void {
  for (const child of liveChildren) child.kill("SIGKILL");
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
}

export async function runStartupBenchmark(progress: Progress): Promise<StartupReport> {
  process.once("exit", cleanUpSynchronously);
  try {
    const samplesMs: StartupReport["samplesMs"] = { bareNode: [], fresh: [], restart: [] };
    const total = STARTUP_SETTINGS.repetitions;
    for (let repetition = 1; repetition <= total; repetition++) {
      // Interleaving the baseline with its subjects keeps slow drift of the machine out of the ratio.
      progress.phase(`[startup] ${repetition}/${total} bare node:http server…`);
      samplesMs.bareNode.push(await timeBareNodeServer());
      const dataDir = createTemporaryDirectory();
      try {
        progress.phase(`[startup] ${repetition}/${total} evident start, fresh data directory…`);
        samplesMs.fresh.push(await timeEvidentStart(dataDir));
        progress.phase(`[startup] ${repetition}/${total} evident start, restart on the same directory…`);
        samplesMs.restart.push(await timeEvidentStart(dataDir));
      } finally {
        removeTemporaryDirectory(dataDir);
      }
    }
    const medianMs = {
      bareNode: median(samplesMs.bareNode),
      fresh: median(samplesMs.fresh),
      restart: median(samplesMs.restart),
    };
    return {
      settings: { ...STARTUP_SETTINGS, healthPath: HEALTH_PATH },
      samplesMs,
      medianMs,
      ratios: {
        fresh: ratio(medianMs.fresh, medianMs.bareNode),
        restart: ratio(medianMs.restart, medianMs.bareNode),
      },
    };
  } finally {
    cleanUpSynchronously();
    process.off("exit", cleanUpSynchronously);
  }
}

async function timeBareNodeServer(): Promise<number> {
  const port = await findFreePort();
  const script = `require('node:http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`;
  return timeUntilFirstOk(["-e", script], process.env, port, "/");
}

async function timeEvidentStart(dataDir: string): Promise<number> {
  const port = await findFreePort();
  return timeUntilFirstOk(["src/cli/main.ts", "start"], evidentEnvironment(dataDir, port), port, HEALTH_PATH);
}

function evidentEnvironment(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Pinned so a developer's shell (NODE_ENV=production, EVIDENT_DEMO=false) cannot change
    // what is measured: an embedded start that creates the demo organisation on first run.
    NODE_ENV: "development",
    EVIDENT_DEMO: "true",
    EVIDENT_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    EVIDENT_LOG_LEVEL: "warn",
  };
  // An inherited DATABASE_URL would switch to PostgreSQL; an inherited secret would skip the
  // secret file a real first start writes.
  delete env.DATABASE_URL;
  delete env.EVIDENT_SECRET;
  return env;
}

/**
 * Spawns `node <args>` and resolves with the milliseconds until GET <path> first answers 200.
 * The process is then stopped with SIGTERM and awaited, so the next start finds the port and the
 * data-directory lock free.
 */
async function timeUntilFirstOk(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  requestPath: string,
): Promise<number> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repositoryRoot,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  const stderr = keepTail(child);
  try {
    await waitForFirstOk(child, port, requestPath, () => stderr.text);
    return performance.now() - startedAt;
  } finally {
    await stopAndWait(child);
  }
}

/** Keeps the last few kilobytes of a child's stderr, to explain a failed start. */
function keepTail(child: ChildProcess): { text: string } {
  const tail = { text: "" };
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    tail.text = (tail.text + chunk).slice(-4096);
  });
  return tail;
}

async function waitForFirstOk(
  child: ChildProcess,
  port: number,
  requestPath: string,
  stderrTail: () => string,
): Promise<void> {
  const deadline = performance.now() + STARTUP_SETTINGS.readyTimeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `node ${child.spawnargs.slice(1).join(" ")} exited (${child.exitCode ?? child.signalCode}) before answering:\n${stderrTail()}`,
      );
    }
    if ((await requestStatus(port, requestPath)) === 200) return;
    await sleep(STARTUP_SETTINGS.pollIntervalMs);
  }
  throw new Error(
    `No 200 from http://127.0.0.1:${port}${requestPath} within ${STARTUP_SETTINGS.readyTimeoutMs} ms:\n${stderrTail()}`,
  );
}

/**
 * One GET on a fresh connection (agent: false): a pooled keep-alive connection would outlive the
 * probe and could hold up the server's graceful shutdown. Resolves null while nothing listens.
 */
function requestStatus(port: number, requestPath: string): Promise<number | null> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: requestPath, agent: false, timeout: 2000 },
      (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? null));
        response.once("error", () => resolve(null));
      },
    );
    request.once("timeout", () => request.destroy());
    request.once("error", () => resolve(null));
  });
}

async function stopAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), STARTUP_SETTINGS.stopTimeoutMs);
  });
  const outcome = await Promise.race([exited.then(() => "exited" as const), timedOut]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    child.kill("SIGKILL");
    await exited;
    throw new Error(
      `node ${child.spawnargs.slice(1).join(" ")} did not exit within ${STARTUP_SETTINGS.stopTimeoutMs} ms of SIGTERM.`,
    );
  }
}

/** Asks the kernel for a free loopback port. Another process could take it before the child
 * binds it, but on a benchmark machine that race is theoretical. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

function createTemporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), "evident-bench-"));
  temporaryDirectories.add(directory);
  return directory;
}

function removeTemporaryDirectory(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
  temporaryDirectories.delete(directory);
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export function formatStartupTable(report: StartupReport): string {
  const { samplesMs, medianMs, ratios, settings } = report;
  const samples = (values: number[]) => values.map((value) => Math.round(value)).join(", ");
  const rows = [
    ["baseline (bare node:http)", Math.round(medianMs.bareNode).toString(), samples(samplesMs.bareNode), ""],
    [
      "evident start (fresh)",
      Math.round(medianMs.fresh).toString(),
      samples(samplesMs.fresh),
      formatRatio(ratios.fresh),
    ],
    [
      "evident start (restart)",
      Math.round(medianMs.restart).toString(),
      samples(samplesMs.restart),
      formatRatio(ratios.restart),
    ],
  ];
  return [
    `Startup: spawn → first 200 from GET ${settings.healthPath} on PGlite (polled every ${settings.pollIntervalMs} ms); median of ${settings.repetitions}`,
    formatTable(["", "median ms", "runs ms", "÷ baseline"], rows),
  ].join("\n");
}

/** The report with numbers rounded for the JSON summary. */
export function summariseStartup(report: StartupReport) {
  const roundAll = (values: number[]) => values.map((value) => round(value, 1));
  return {
    settings: report.settings,
    samplesMs: {
      bareNode: roundAll(report.samplesMs.bareNode),
      fresh: roundAll(report.samplesMs.fresh),
      restart: roundAll(report.samplesMs.restart),
    },
    medianMs: {
      bareNode: round(report.medianMs.bareNode, 1),
      fresh: round(report.medianMs.fresh, 1),
      restart: round(report.medianMs.restart, 1),
    },
    ratios: {
      fresh: roundSignificant(report.ratios.fresh, 4),
      restart: roundSignificant(report.ratios.restart, 4),
    },
  };
}
