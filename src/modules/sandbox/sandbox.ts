/**
 * Runs one untrusted candidate program under bubblewrap.
 *
 * Lessons from Judge0's 2024 CVEs (shared/DESIGN.md, shared/EVIDENCE.md) shape this module:
 * - the host writes the candidate's files into a fresh private directory BEFORE the run
 *   (O_CREAT|O_EXCL|O_NOFOLLOW) and never reads or writes inside it afterwards: results come
 *   from pipes only, and the directory is removed with fs.rm (which unlinks symlinks rather
 *   than following them);
 * - nothing runs privileged: when the host is root, bwrap itself is started as nobody
 *   (65534), so the kernel enforces RLIMIT_NPROC (it exempts uid 0) and the box's user
 *   namespace maps to an unprivileged uid; inside, the program runs as 65534 with all
 *   capabilities dropped;
 * - no submission field reaches a shell: everything is an argv array;
 * - no network: `--unshare-all` gives a network namespace with only a loopback device.
 *
 * How each limit is enforced:
 * - wall time: the supervisor's interval timer SIGKILLs the program at wallMs (rusage is
 *   kept); the host SIGKILLs bwrap at wallMs + 1 s as a backstop, and `--die-with-parent`
 *   plus the PID namespace take every process in the box down with it;
 * - CPU time: RLIMIT_CPU, whole seconds rounded up (SIGXCPU, then SIGKILL one second later);
 * - memory: python gets RLIMIT_AS = memoryMb; node gets `--max-old-space-size` (3/4 of
 *   memoryMb) and RLIMIT_DATA = memoryMb + 576 MiB, because V8 reserves about 540 MiB of
 *   writable address space at start-up (CodeRange and friends) that RLIMIT_AS/RLIMIT_DATA
 *   count although it is never touched. Limits are per process: a program that forks can use
 *   up to `processes` times the limit; a cgroup memory/pids controller would close that gap
 *   and is not used here;
 * - processes: RLIMIT_NPROC, counted per uid inside the box's fresh user namespace (threads
 *   count; bwrap's init and the supervisor take two of them);
 * - file size: RLIMIT_FSIZE; the box's /tmp is a tmpfs of 64 MiB; /work is on the host's
 *   temporary directory and is not quota-limited (many files each under the size limit can
 *   still fill the disk);
 * - output: the host reads at most outputBytes of stdout + stderr together, then kills the
 *   box (status output_limit, outputTruncated true).
 * cpuMs and maxRssKb come from wait4() in the supervisor (exact for the program and the
 * descendants it waited for); when the host has to kill bwrap itself (output limit, the
 * backstop timer) they are unknown and reported as 0.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, constants as fsConstants, readFileSync, readlinkSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../platform/errors.ts";
import { parseSupervisorReport, supervisorSource } from "./supervisor.ts";

export interface SandboxLimits {
  cpuMs: number;
  wallMs: number;
  memoryMb: number;
  processes: number;
  outputBytes: number;
  fileSizeBytes: number;
}

export const defaultSandboxLimits: SandboxLimits = {
  cpuMs: 5000,
  wallMs: 10_000,
  memoryMb: 256,
  processes: 64,
  outputBytes: 1024 * 1024,
  fileSizeBytes: 1024 * 1024,
};

export const maximumSandboxLimits: SandboxLimits = {
  cpuMs: 15_000,
  wallMs: 20_000,
  memoryMb: 512,
  processes: 128,
  outputBytes: 8 * 1024 * 1024,
  fileSizeBytes: 16 * 1024 * 1024,
};

const minimumSandboxLimits: SandboxLimits = {
  cpuMs: 100,
  wallMs: 100,
  memoryMb: 32,
  processes: 8,
  outputBytes: 1024,
  fileSizeBytes: 1024,
};

export interface SandboxRun {
  runtime: "node" | "python";
  /** Relative paths inside the work directory (/work in the box). */
  files: Record<string, string | Uint8Array>;
  /** argv inside the box, e.g. ["node", "main.js"]; never passed through a shell. */
  command: string[];
  stdin?: string;
  limits?: Partial<SandboxLimits>;
  /** The only environment the program sees, plus a fixed PATH, HOME and LANG. */
  env?: Record<string, string>;
  /**
   * Called with each piece of output as it arrives (within the output limit), for callers that
   * stream it (live pads); the result still carries all of it.
   */
  onOutput?: (stream: "stdout" | "stderr", chunk: Buffer) => void;
}

export type SandboxStatus =
  | "ok"
  | "runtime_error"
  | "time_limit"
  | "memory_limit"
  | "output_limit"
  | "killed";

export interface SandboxResult {
  status: SandboxStatus;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  outputTruncated: boolean;
  cpuMs: number;
  wallMs: number;
  maxRssKb: number;
}

const bwrapPath = "/usr/bin/bwrap";
const pythonPath = "/usr/bin/python3";
const boxNodePath = "/opt/node/bin/node";
const boxUid = 65534;
const boxPath = "/opt/node/bin:/usr/local/bin:/usr/bin:/bin";
const fixedEnv = { PATH: boxPath, HOME: "/tmp", LANG: "C.UTF-8" };
const tmpfsBytes = 64 * 1024 * 1024;
const nodeReservationMb = 576;
const hostBackstopMs = 1000;
const reportCapBytes = 64 * 1024;

const outOfMemory =
  /heap out of memory|Allocation failed|Failed to allocate memory|ERR_MEMORY_ALLOCATION_FAILED|Array buffer allocation failed|Fatal process out of memory|MemoryError|Cannot allocate memory|std::bad_alloc/;

/** The Node 24 binary for runtime "node": this process's when it is Node 24, else the pinned one. */
export function resolveNodeBinary(): string {
  if (process.versions.node.split(".")[0] === "24") return process.execPath;
  return path.resolve(import.meta.dirname, "../../../node_modules/node/bin/node");
}

/** Throws AppError("unavailable") unless bubblewrap can create the namespaces a run needs. */
export function assertSandboxAvailable(): void {
  const hint =
    "Code execution needs bubblewrap: install the Debian package bubblewrap (and python3) and allow unprivileged user namespaces";
  if (!existsSync(bwrapPath)) throw new AppError("unavailable", `${hint}; ${bwrapPath} is missing.`);
  if (!existsSync(pythonPath)) throw new AppError("unavailable", `${hint}; ${pythonPath} is missing.`);
  const probe = spawnSync(bwrapPath, [...namespaceArgs(), "--", "/usr/bin/true"], {
    env: { PATH: "/usr/bin:/bin" },
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 10_000,
    ...hostIdentity(),
  });
  if (probe.status !== 0) {
    const reason = probe.error?.message ?? probe.stderr?.toString().trim() ?? `exit ${probe.status}`;
    throw new AppError("unavailable", `${hint}; bwrap cannot create a sandbox: ${reason}`);
  }
}

export function clampLimits(limits: Partial<SandboxLimits> = {}): SandboxLimits {
  const result = { ...defaultSandboxLimits };
  for (const key of Object.keys(defaultSandboxLimits) as (keyof SandboxLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new AppError("bad_request", `Sandbox limit ${key} must be a finite number.`);
    }
    result[key] = Math.round(Math.min(maximumSandboxLimits[key], Math.max(minimumSandboxLimits[key], value)));
  }
  return result;
}

export async function runInSandbox(run: SandboxRun): Promise<SandboxResult> {
  const limits = clampLimits(run.limits);
  const files = validateFiles(run.files);
  const command = validateCommand(run);
  const env = validateEnv(run.env ?? {});
  const identity = hostIdentity();

  const base = await mkdtemp(path.join(tmpdir(), "evident-sandbox-"));
  try {
    // bwrap may run as nobody: it must traverse base to bind work; nothing else lives in base.
    await chmod(base, 0o711);
    const work = path.join(base, "work");
    await mkdir(work, { mode: 0o700 });
    await writeFiles(work, files, identity.uid).catch((error: unknown) => {
      throw new AppError("bad_request", "Sandbox files conflict (a path is both a file and a directory).", {
        cause: error,
      });
    });
    if (identity.uid !== undefined) await chown(work, identity.uid, boxUid);
    return await execute({
      work,
      command,
      env,
      limits,
      stdin: run.stdin ?? "",
      runtime: run.runtime,
      onOutput: run.onOutput,
    });
  } finally {
    // fs.rm unlinks symlinks instead of following them; the host never looks inside otherwise.
    await rm(base, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  }
}

interface Execution {
  work: string;
  command: string[];
  env: Record<string, string>;
  limits: SandboxLimits;
  stdin: string;
  runtime: SandboxRun["runtime"];
  onOutput: SandboxRun["onOutput"];
}

function execute(execution: Execution): Promise<SandboxResult> {
  const { limits } = execution;
  const args = bwrapArgs(execution);
  const started = performance.now();
  const child = spawn(bwrapPath, args, {
    env: { PATH: "/usr/bin:/bin" },
    stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"],
    detached: true,
    ...hostIdentity(),
  });

  return new Promise<SandboxResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const report: Buffer[] = [];
    const info: Buffer[] = [];
    let outputBytes = 0;
    let reportBytes = 0;
    let outputTruncated = false;
    let backstopFired = false;
    let settled = false;

    const kill = () => killTree(child);
    const backstop = setTimeout(() => {
      backstopFired = true;
      kill();
    }, limits.wallMs + hostBackstopMs);

    const collect = (into: Buffer[], stream: "stdout" | "stderr") => (chunk: Buffer) => {
      if (outputTruncated) return;
      const room = limits.outputBytes - outputBytes;
      if (chunk.length > room) {
        into.push(chunk.subarray(0, room));
        execution.onOutput?.(stream, chunk.subarray(0, room));
        outputBytes = limits.outputBytes;
        outputTruncated = true;
        kill();
        return;
      }
      into.push(chunk);
      outputBytes += chunk.length;
      execution.onOutput?.(stream, chunk);
    };
    child.stdout?.on("data", collect(stdout, "stdout"));
    child.stderr?.on("data", collect(stderr, "stderr"));
    const reportStream = child.stdio[3];
    reportStream?.on("data", (chunk: Buffer) => {
      reportBytes += chunk.length;
      if (reportBytes <= reportCapBytes) report.push(chunk);
      else kill();
    });
    child.stdio[4]?.on("data", (chunk: Buffer) => {
      if (info.length < 16) info.push(chunk);
    });
    // The program may exit without reading its stdin; a closed pipe is not an error.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(execution.stdin);

    child.on("error", (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      kill();
      reject(new AppError("unavailable", `Cannot start bubblewrap: ${error.message}`, { cause: error }));
    });

    child.on("close", async (bwrapCode, bwrapSignal) => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      const hostWallMs = performance.now() - started;
      await waitForBoxGone(Buffer.concat(info).toString("utf8"));
      const stdoutText = Buffer.concat(stdout).toString("utf8");
      const stderrText = Buffer.concat(stderr).toString("utf8");
      const parsed = parseSupervisorReport(Buffer.concat(report).toString("utf8"));
      const base = { stdout: stdoutText, stderr: stderrText, outputTruncated };

      if (outputTruncated) {
        resolve({
          ...base,
          status: "output_limit",
          exitCode: parsed?.exitCode ?? null,
          signal: signalName(parsed?.signal ?? null) ?? "SIGKILL",
          cpuMs: Math.round(parsed?.cpuMs ?? 0),
          wallMs: Math.round(parsed?.wallMs ?? hostWallMs),
          maxRssKb: parsed?.maxRssKb ?? 0,
        });
        return;
      }
      if (!parsed) {
        // bwrap failed, or the host backstop killed the box: there is no rusage.
        resolve({
          ...base,
          status: backstopFired ? "time_limit" : "killed",
          exitCode: bwrapCode,
          signal: bwrapSignal,
          cpuMs: 0,
          wallMs: Math.round(hostWallMs),
          maxRssKb: 0,
        });
        return;
      }
      resolve({
        ...base,
        status: classify(parsed, limits, stderrText),
        exitCode: parsed.exitCode,
        signal: signalName(parsed.signal),
        cpuMs: Math.round(parsed.cpuMs),
        wallMs: Math.round(parsed.wallMs),
        maxRssKb: parsed.maxRssKb,
      });
    });
  });
}

/**
 * bwrap exits as soon as the program's supervisor does, while the box's init (PID 1 of its
 * namespace) is still taking the remaining processes down. The kernel kills and reaps every
 * process of the namespace before init itself turns into a zombie, so waiting until init is
 * a zombie or gone means nothing of the box still runs.
 */
async function waitForBoxGone(infoText: string) {
  const match = /"child-pid"\s*:\s*(\d+)/.exec(infoText);
  if (!match) return;
  const stat = `/proc/${match[1]}/stat`;
  const firstStart = readStartTime(stat);
  const deadline = performance.now() + 3000;
  while (performance.now() < deadline) {
    const state = readProcState(stat);
    if (state === undefined || state.state === "Z" || state.startTime !== firstStart) return;
    await sleep(5);
  }
}

function readProcState(stat: string): { state: string; startTime: string } | undefined {
  try {
    const text = readFileSync(stat, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", startTime: fields[19] ?? "" };
  } catch {
    return undefined;
  }
}

function readStartTime(stat: string): string | undefined {
  return readProcState(stat)?.startTime;
}

function classify(
  report: NonNullable<ReturnType<typeof parseSupervisorReport>>,
  limits: SandboxLimits,
  stderr: string,
): SandboxStatus {
  if (report.wallExceeded) return "time_limit";
  const signal = signalName(report.signal);
  if (signal === "SIGXCPU") return "time_limit";
  if (signal === "SIGKILL" && report.cpuMs >= limits.cpuMs) return "time_limit";
  if (report.exitCode === 0) return "ok";
  if (outOfMemory.test(stderr)) return "memory_limit";
  if (report.exitCode !== null) return "runtime_error";
  return "killed";
}

function signalName(signal: number | null): string | null {
  if (signal === null) return null;
  for (const [name, value] of Object.entries(signalNumbers)) if (value === signal) return name;
  return `SIG${signal}`;
}

const signalNumbers: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGXCPU: 24,
  SIGXFSZ: 25,
};

/** bwrap leads its own process group (detached); its box dies with it (--die-with-parent). */
function killTree(child: ChildProcess) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** As root, run bwrap as nobody: the kernel does not apply RLIMIT_NPROC to uid 0. */
function hostIdentity(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? { uid: boxUid, gid: boxUid } : {};
}

function namespaceArgs(): string[] {
  const args = [
    "--unshare-all",
    "--die-with-parent",
    "--new-session",
    "--hostname",
    "sandbox",
    "--uid",
    String(boxUid),
    "--gid",
    String(boxUid),
    "--cap-drop",
    "ALL",
    "--clearenv",
    "--setenv",
    "PATH",
    boxPath,
    "--ro-bind",
    "/usr",
    "/usr",
  ];
  for (const name of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    const link = readLinkOrUndefined(name);
    if (link !== undefined) args.push("--symlink", link, name);
    else if (existsSync(name)) args.push("--ro-bind", name, name);
  }
  args.push("--proc", "/proc", "--dev", "/dev", "--size", String(tmpfsBytes), "--tmpfs", "/tmp");
  return args;
}

function readLinkOrUndefined(name: string): string | undefined {
  try {
    return readlinkSync(name);
  } catch {
    return undefined;
  }
}

function bwrapArgs(execution: Execution): string[] {
  const { limits, runtime } = execution;
  const args = namespaceArgs();
  if (runtime === "node") args.push("--ro-bind", resolveNodeBinary(), boxNodePath);
  args.push("--info-fd", "4", "--bind", execution.work, "/work", "--chdir", "/work");

  const memoryBytes = limits.memoryMb * 1024 * 1024;
  const cpuSeconds = Math.ceil(limits.cpuMs / 1000);
  const rlimits: [string, [number, number]][] = [
    ["RLIMIT_CPU", [cpuSeconds, cpuSeconds + 1]],
    ["RLIMIT_NPROC", [limits.processes, limits.processes]],
    ["RLIMIT_FSIZE", [limits.fileSizeBytes, limits.fileSizeBytes]],
    ["RLIMIT_NOFILE", [256, 256]],
    ["RLIMIT_CORE", [0, 0]],
  ];
  if (runtime === "node") {
    const dataBytes = memoryBytes + nodeReservationMb * 1024 * 1024;
    rlimits.push(["RLIMIT_DATA", [dataBytes, dataBytes]]);
  } else {
    rlimits.push(["RLIMIT_AS", [memoryBytes, memoryBytes]]);
  }
  const config = {
    limits: rlimits,
    env: { ...execution.env, ...fixedEnv },
    wallMs: limits.wallMs,
  };
  args.push(
    "--",
    pythonPath,
    "-I",
    "-S",
    "-c",
    supervisorSource,
    JSON.stringify(config),
    ...execution.command,
  );
  return args;
}

function validateCommand(run: SandboxRun): string[] {
  if (run.runtime !== "node" && run.runtime !== "python") {
    throw new AppError("bad_request", "Sandbox runtime must be node or python.");
  }
  if (!Array.isArray(run.command) || run.command.length === 0) {
    throw new AppError("bad_request", "Sandbox command must be a non-empty argv array.");
  }
  for (const part of run.command) {
    if (typeof part !== "string" || part.includes("\0")) {
      throw new AppError("bad_request", "Sandbox command arguments must be strings without NUL.");
    }
  }
  const [program, ...rest] = run.command as [string, ...string[]];
  if (program === "node") {
    if (run.runtime !== "node") throw new AppError("bad_request", "The node command needs runtime node.");
    const heapMb = Math.max(16, Math.floor((clampLimits(run.limits).memoryMb * 3) / 4));
    return [boxNodePath, `--max-old-space-size=${heapMb}`, ...rest];
  }
  if (program === "python" || program === "python3") return [pythonPath, ...rest];
  return [program, ...rest];
}

function validateEnv(env: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || typeof value !== "string" || value.includes("\0")) {
      throw new AppError("bad_request", `Sandbox environment variable ${JSON.stringify(name)} is invalid.`);
    }
    result[name] = value;
  }
  return result;
}

function validateFiles(files: Record<string, string | Uint8Array>): [string[], string | Uint8Array][] {
  const result: [string[], string | Uint8Array][] = [];
  for (const [name, content] of Object.entries(files)) {
    const parts = name.split("/");
    const valid =
      name.length > 0 &&
      name.length <= 512 &&
      !name.includes("\0") &&
      !name.includes("\\") &&
      !name.startsWith("/") &&
      parts.every((part) => part !== "" && part !== "." && part !== "..");
    if (!valid) throw new AppError("bad_request", `Sandbox file path ${JSON.stringify(name)} is invalid.`);
    if (typeof content !== "string" && !(content instanceof Uint8Array)) {
      throw new AppError("bad_request", `Sandbox file ${JSON.stringify(name)} must be text or bytes.`);
    }
    result.push([parts, content]);
  }
  return result;
}

/** Writes into the fresh directory before any candidate code runs; never follows links. */
async function writeFiles(
  work: string,
  files: [string[], string | Uint8Array][],
  ownerUid: number | undefined,
) {
  const createdDirectories = new Set<string>();
  for (const [parts, content] of files) {
    let directory = work;
    for (const part of parts.slice(0, -1)) {
      directory = path.join(directory, part);
      if (createdDirectories.has(directory)) continue;
      await mkdir(directory, { mode: 0o755 });
      if (ownerUid !== undefined) await chown(directory, ownerUid, boxUid);
      createdDirectories.add(directory);
    }
    const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW;
    const handle = await open(path.join(directory, parts[parts.length - 1] as string), flags, 0o644);
    try {
      await handle.writeFile(content);
      if (ownerUid !== undefined) await handle.chown(ownerUid, boxUid);
    } finally {
      await handle.close();
    }
  }
}
