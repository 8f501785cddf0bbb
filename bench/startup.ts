/**
 * Time from spawning `node src/cli/main.ts start` to its first 200 for the login page (GET
 * /login) on the embedded PGlite database: once on a fresh data directory (creating the
 * database and migrating; the demo organisation is then prepared in the background, and the
 * time until GET /api/demo/status says `ready` is measured too), and once restarting on the same
 * directory. The in-run baseline is a bare node:http server spawned and polled the same way,
 * which prices Node's own start-up and the polling granularity. The web app is built before
 * anything is timed (npm start does that step first, and only when its sources changed).
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
  /** Far above a normal start-up (a fresh start on a crowded 2-core machine took over 60 s). */
  readyTimeoutMs: 300_000,
  /** Evident forces its own exit after 20 s of graceful shutdown; this leaves it room to do so. */
  stopTimeoutMs: 25_000,
};

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const LOGIN_PATH = "/login";
const DEMO_STATUS_PATH = "/api/demo/status";

type Samples = { bareNode: number; fresh: number; freshDemoReady: number; restart: number };

export interface StartupReport {
  settings: typeof STARTUP_SETTINGS & { loginPath: string; demoStatusPath: string };
  samplesMs: { [key in keyof Samples]: number[] };
  medianMs: Samples;
  /** median ÷ bare-node median. */
  ratios: { fresh: number | null; freshDemoReady: number | null; restart: number | null };
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
    progress.phase("[startup] building the web app when its sources changed…");
    await runToCompletion(["scripts/ensure-web-build.ts"]);
    const samplesMs: StartupReport["samplesMs"] = {
      bareNode: [],
      fresh: [],
      freshDemoReady: [],
      restart: [],
    };
    const total = STARTUP_SETTINGS.repetitions;
    for (let repetition = 1; repetition <= total; repetition++) {
      // Interleaving the baseline with its subjects keeps slow drift of the machine out of the ratio.
      progress.phase(`[startup] ${repetition}/${total} bare node:http server…`);
      samplesMs.bareNode.push(await timeBareNodeServer());
      const dataDir = createTemporaryDirectory();
      try {
        progress.phase(`[startup] ${repetition}/${total} evident start, fresh data directory…`);
        const fresh = await timeEvidentStart(dataDir, { waitForDemo: true });
        samplesMs.fresh.push(fresh.loginPageMs);
        samplesMs.freshDemoReady.push(fresh.demoReadyMs ?? Number.NaN);
        progress.phase(`[startup] ${repetition}/${total} evident start, restart on the same directory…`);
        samplesMs.restart.push((await timeEvidentStart(dataDir, { waitForDemo: false })).loginPageMs);
      } finally {
        removeTemporaryDirectory(dataDir);
      }
    }
    const medianMs = {
      bareNode: median(samplesMs.bareNode),
      fresh: median(samplesMs.fresh),
      freshDemoReady: median(samplesMs.freshDemoReady),
      restart: median(samplesMs.restart),
    };
    return {
      settings: { ...STARTUP_SETTINGS, loginPath: LOGIN_PATH, demoStatusPath: DEMO_STATUS_PATH },
      samplesMs,
      medianMs,
      ratios: {
        fresh: ratio(medianMs.fresh, medianMs.bareNode),
        freshDemoReady: ratio(medianMs.freshDemoReady, medianMs.bareNode),
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
  return (await timeUntilFirstOk(["-e", script], process.env, port, "/")).loginPageMs;
}

async function timeEvidentStart(
  dataDir: string,
  options: { waitForDemo: boolean },
): Promise<{ loginPageMs: number; demoReadyMs: number | null }> {
  const port = await findFreePort();
  return timeUntilFirstOk(
    ["src/cli/main.ts", "start"],
    evidentEnvironment(dataDir, port),
    port,
    LOGIN_PATH,
    options.waitForDemo,
  );
}

/** Runs `node <args>` in the repository to its end; fails with its stderr when it fails. */
function runToCompletion(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repositoryRoot, stdio: ["ignore", "ignore", "pipe"] });
    liveChildren.add(child);
    const stderr = keepTail(child);
    child.once("exit", (code) => {
      liveChildren.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`node ${args.join(" ")} exited with ${code}:\n${stderr.text}`));
    });
  });
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
 * Spawns `node <args>` and resolves with the milliseconds until GET <path> first answers 200
 * (and, when asked, until the demo organisation is ready). The process is then stopped with
 * SIGTERM and awaited, so the next start finds the port and the data-directory lock free.
 */
async function timeUntilFirstOk(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  requestPath: string,
  waitForDemo = false,
): Promise<{ loginPageMs: number; demoReadyMs: number | null }> {
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
    const loginPageMs = performance.now() - startedAt;
    if (!waitForDemo) return { loginPageMs, demoReadyMs: null };
    await waitForDemoReady(child, port, () => stderr.text);
    return { loginPageMs, demoReadyMs: performance.now() - startedAt };
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

async function waitForDemoReady(child: ChildProcess, port: number, stderrTail: () => string): Promise<void> {
  const deadline = performance.now() + STARTUP_SETTINGS.readyTimeoutMs;
  while (performance.now() < deadline) {
    const response = await fetch(`http://127.0.0.1:${port}${DEMO_STATUS_PATH}`).catch(() => null);
    const status = response?.ok ? ((await response.json()) as { state: string }).state : null;
    if (status === "ready") return;
    if (status === "failed" || child.exitCode !== null) {
      throw new Error(`The demo organisation was not prepared (${status ?? "exited"}):\n${stderrTail()}`);
    }
    await sleep(STARTUP_SETTINGS.pollIntervalMs);
  }
  throw new Error(`The demo organisation was not ready within ${STARTUP_SETTINGS.readyTimeoutMs} ms.`);
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
  const row = (label: string, key: keyof Samples, ratioValue: number | null) => [
    label,
    Math.round(medianMs[key]).toString(),
    samples(samplesMs[key]),
    key === "bareNode" ? "" : formatRatio(ratioValue),
  ];
  return [
    `Startup: spawn → first 200 from GET ${settings.loginPath} (the login page) on PGlite, and → GET ${settings.demoStatusPath} says ready; polled every ${settings.pollIntervalMs} ms; median of ${settings.repetitions}`,
    formatTable(
      ["", "median ms", "runs ms", "÷ baseline"],
      [
        row("baseline (bare node:http)", "bareNode", null),
        row("fresh: login page answers", "fresh", ratios.fresh),
        row("fresh: demo organisation ready", "freshDemoReady", ratios.freshDemoReady),
        row("restart: login page answers", "restart", ratios.restart),
      ],
    ),
  ].join("\n");
}

/** The report with numbers rounded for the JSON summary. */
export function summariseStartup(report: StartupReport) {
  const roundAll = (values: number[]) => values.map((value) => round(value, 1));
  const keys = ["bareNode", "fresh", "freshDemoReady", "restart"] as const;
  return {
    settings: report.settings,
    samplesMs: Object.fromEntries(keys.map((key) => [key, roundAll(report.samplesMs[key])])),
    medianMs: Object.fromEntries(keys.map((key) => [key, round(report.medianMs[key], 1)])),
    ratios: {
      fresh: roundSignificant(report.ratios.fresh, 4),
      freshDemoReady: roundSignificant(report.ratios.freshDemoReady, 4),
      restart: roundSignificant(report.ratios.restart, 4),
    },
  };
}
