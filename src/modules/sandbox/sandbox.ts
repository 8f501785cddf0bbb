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
 * - no network: `--unshare-all` gives a network namespace with only a loopback device;
 * - node boxes get bubblewrap at /opt/evident/bwrap, so the api and scale drivers can start the
 *   candidate's server in a box of its own inside theirs (harness/api-driver.mjs serverBoxArgs):
 *   trusted driver and untrusted server share only the loopback network.
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
import { AsyncLocalStorage } from "node:async_hooks";
import { spawnSync } from "node:child_process";
import { existsSync, constants as fsConstants, readFileSync, readlinkSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../platform/errors.ts";
import { type BoxCgroup, cgroupMode, createBoxCgroup } from "./cgroups.ts";
import { type BoxProcess, launchBox } from "./launcher.ts";
import {
  encodeAssignment,
  parseSupervisorReport,
  type SupervisorAssignment,
  supervisorSource,
} from "./supervisor.ts";

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

const boxNodePath = "/opt/node/bin/node";
/** Where node boxes find bubblewrap (the api driver's serverBoxArgs uses the same path). */
const boxBwrapPath = "/opt/evident/bwrap";
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

/** Why code cannot be graded here: the host lacks what a box needs. Not the candidate's failure. */
export class SandboxUnavailable extends AppError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("unavailable", detail, options);
  }
}

/** Where the host programs a box needs live; EVIDENT_BWRAP_PATH overrides bubblewrap's. */
export const sandboxHost = {
  bwrapPath: process.env.EVIDENT_BWRAP_PATH || "/usr/bin/bwrap",
  pythonPath: "/usr/bin/python3",
};

/** Points the sandbox at other host programs (tests simulate a missing bubblewrap with it). */
export function configureSandboxHost(settings: Partial<typeof sandboxHost>): void {
  Object.assign(sandboxHost, settings);
  lastHealth = undefined;
  drainSandboxPool();
}

const unavailableHint =
  "Code execution needs bubblewrap: install the Debian package bubblewrap (and python3) and allow unprivileged user namespaces";

/** Throws SandboxUnavailable unless bubblewrap can create the namespaces a run needs. */
export function assertSandboxAvailable(): void {
  const { bwrapPath, pythonPath } = sandboxHost;
  if (!existsSync(bwrapPath)) throw new SandboxUnavailable(`${unavailableHint}; ${bwrapPath} is missing.`);
  if (!existsSync(pythonPath)) throw new SandboxUnavailable(`${unavailableHint}; ${pythonPath} is missing.`);
  // The api and scale kinds start the candidate's server in a box nested in the driver's, so the
  // probe makes one inside the other: a host that forbids nested user namespaces cannot grade them.
  const nested = [boxBwrapPath, "--unshare-user", "--unshare-pid", ...systemDirArgs(), "--", "/usr/bin/true"];
  const probe = spawnSync(
    bwrapPath,
    [...namespaceArgs(), "--ro-bind", bwrapPath, boxBwrapPath, "--", ...nested],
    {
      env: { PATH: "/usr/bin:/bin" },
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 10_000,
      ...hostIdentity(),
    },
  );
  if (probe.status !== 0) {
    const reason = probe.error?.message ?? probe.stderr?.toString().trim() ?? `exit ${probe.status}`;
    throw new SandboxUnavailable(`${unavailableHint}; bwrap cannot create a sandbox: ${reason}`);
  }
}

let lastHealth: { at: number; status: "ok" | "unavailable" } | undefined;

/**
 * "ok" when boxes can be made here, else "unavailable"; probed at most every 30 s (a probe is a
 * bwrap start), for /api/health and the admin banner.
 */
export function sandboxStatus(): "ok" | "unavailable" {
  const now = performance.now();
  if (lastHealth && now - lastHealth.at < 30_000) return lastHealth.status;
  lastHealth = { at: now, status: isSandboxAvailable().available ? "ok" : "unavailable" };
  return lastHealth.status;
}

/** Whether boxes can be made here, without throwing. */
export function isSandboxAvailable(): { available: true } | { available: false; reason: string } {
  try {
    assertSandboxAvailable();
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
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

/**
 * Runs one untrusted program in a box of its own and answers its status, output and resource
 * use. The public entry point for everything that runs candidate code (grading, live pads).
 *
 * The box comes from a small pool of boxes started ahead for the runtime (bubblewrap and the
 * supervisor already up, waiting for their assignment; see pool below), so their start-up is off
 * the critical path. A box serves exactly this one call and is destroyed after it.
 *
 * `priority` orders callers when every box slot is busy: "interactive" (a live pad, a candidate
 * waiting) goes first, then "run", "submit", then "batch". Without it the priority of the
 * surrounding `withSandboxPriority` applies (the grading job sets it), else "submit".
 */
export async function runInSandbox(
  run: SandboxRun,
  options: { priority?: SandboxPriority } = {},
): Promise<SandboxResult> {
  if (unboxedExecutor) return unboxedExecutor(run);
  const limits = clampLimits(run.limits);
  const files = validateFiles(run.files);
  const command = validateCommand(run);
  const env = validateEnv(run.env ?? {});
  const identity = hostIdentity();
  const priority = options.priority ?? priorityContext.getStore() ?? "submit";
  const release = await admitBox(priority);
  let box: Box | undefined;
  try {
    box = await takeBox(run.runtime);
    await writeFiles(box.work, files, identity.uid).catch((error: unknown) => {
      throw new AppError("bad_request", "Sandbox files conflict (a path is both a file and a directory).", {
        cause: error,
      });
    });
    return await execute(box, {
      command,
      env,
      limits,
      cpuShare: boxCpuShare[priority],
      stdin: run.stdin ?? "",
      onOutput: run.onOutput,
    });
  } finally {
    if (box) destroyBox(box);
    release();
    // The replacement box starts once this run is over: bwrap and the supervisor starting up
    // take CPU, and during the run they delayed it.
    if (box) refillPool(run.runtime);
  }
}

/**
 * Resolves once no box of the runtime is starting (benchmarks: a run measured while the pool
 * refills shares the CPU with bwrap and the supervisor starting up).
 */
export async function sandboxPoolSettled(runtime: SandboxRun["runtime"]): Promise<void> {
  while (startingBoxes[runtime] > 0) await sleep(5);
}

let unboxedExecutor: ((run: SandboxRun) => Promise<SandboxResult>) | undefined;

/**
 * Benchmarks only (bench/bare-runner.ts): runs the same work without a box, to measure what the
 * box costs. Never used by the product; passing undefined restores the sandbox.
 */
export function runUnboxedForBenchmarks(executor: ((run: SandboxRun) => Promise<SandboxResult>) | undefined) {
  unboxedExecutor = executor;
}

export type SandboxPriority = "interactive" | "run" | "submit" | "batch";
const priorityRank: Record<SandboxPriority, number> = { interactive: 0, run: 1, submit: 2, batch: 3 };
const priorityContext = new AsyncLocalStorage<SandboxPriority>();

/** Runs `work` with every sandbox run inside it at this priority (unless a run names its own). */
export function withSandboxPriority<Result>(priority: SandboxPriority, work: () => Promise<Result>) {
  return priorityContext.run(priority, work);
}

/**
 * The CPU priority (nice value) of the program in a box, by its caller's priority. A Run or a
 * live pad shares the CPU with the gradings in progress, and the kernel gives a nice-0 process
 * about nine times the CPU of a nice-10 one: the candidate waiting at the screen is served first
 * without pausing anyone's grading. Performance verdicts are timed in CPU time, so a grading
 * that yields the CPU is judged the same (and a time-limit verdict is retried once). Where each
 * box has a cgroup of its own, nice values rank processes only within it; between boxes the same
 * ranking is the cgroup's cpu.weight, in about the kernel's ratios for those nice values
 * (1024 : 110 : 36).
 */
const boxCpuShare: Record<SandboxPriority, { niceness: number; cpuWeight: number }> = {
  interactive: { niceness: 0, cpuWeight: 100 },
  run: { niceness: 0, cpuWeight: 100 },
  submit: { niceness: 10, cpuWeight: 11 },
  batch: { niceness: 15, cpuWeight: 4 },
};

/**
 * Box slots: at most this many gradings' boxes (submit and batch) run at once in this process
 * (EVIDENT_SANDBOX_SLOTS, default the CPU count). Runs and live pads may use as many again on top,
 * because the gradings' boxes yield the CPU to theirs (boxCpuShare): a Run does not wait for a
 * grading's box to end. A caller waiting for a slot is served by priority, then arrival.
 *
 * While Runs or pad runs are in their boxes, and for a moment after the last one ends, a
 * grading's next box waits (gradingHold): the grading in progress keeps its box, but a Submit's
 * next suite does not start beside twenty candidates' Runs. Even at nice 10 a starting box costs
 * the Runs CPU (bwrap and the supervisor start at nice 0, and the grading's program still gets a
 * tenth of a shared core); held back, the Runs' p95 under load fell by about 7 % (bench/README.md).
 * A grading waits at most `maxMs`, so a stream of Runs slows Submits but never stops them.
 */
const boxSlots = {
  limit: Math.max(1, Number(process.env.EVIDENT_SANDBOX_SLOTS) || availableParallelism()),
  busy: 0,
  waiting: [] as { priority: SandboxPriority; order: number; since: number; grant: () => void }[],
  arrivals: 0,
  /** Boxes of Runs and pad runs now running, and when the last of them ended. */
  urgentBusy: 0,
  urgentEndedAt: Number.NEGATIVE_INFINITY,
  recheck: undefined as NodeJS.Timeout | undefined,
};

/**
 * `lingerMs` bridges the gap between one Run's box and the next one a Run slot takes (the
 * result stored, the next Run claimed: milliseconds); `maxMs` bounds a grading box's wait.
 */
export const gradingHold = { lingerMs: 100, maxMs: 2000 };

const isUrgent = (priority: SandboxPriority) => priority === "interactive" || priority === "run";

function slotCapacity(priority: SandboxPriority): number {
  return isUrgent(priority) ? boxSlots.limit * 2 : boxSlots.limit;
}

/**
 * How long a grading's box that has waited since `since` must still wait for Runs; 0 if not.
 * While Runs' boxes run, only its maximum bounds it: the last of them to end looks again.
 */
function gradingHoldLeft(since: number, now: number): number {
  const untilRunsQuiet =
    boxSlots.urgentBusy > 0 ? Number.POSITIVE_INFINITY : boxSlots.urgentEndedAt + gradingHold.lingerMs - now;
  return Math.max(0, Math.min(untilRunsQuiet, since + gradingHold.maxMs - now));
}

async function admitBox(priority: SandboxPriority): Promise<() => void> {
  const now = performance.now();
  const mayStart =
    boxSlots.busy < slotCapacity(priority) &&
    boxSlots.waiting.length === 0 &&
    (isUrgent(priority) || gradingHoldLeft(now, now) === 0);
  if (mayStart) {
    take(priority);
  } else {
    await new Promise<void>((grant) => {
      boxSlots.waiting.push({ priority, order: boxSlots.arrivals++, since: now, grant });
      boxSlots.waiting.sort(
        (a, b) => priorityRank[a.priority] - priorityRank[b.priority] || a.order - b.order,
      );
      admitWaiting();
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    boxSlots.busy -= 1;
    if (isUrgent(priority)) {
      boxSlots.urgentBusy -= 1;
      boxSlots.urgentEndedAt = performance.now();
    }
    admitWaiting();
  };
}

function take(priority: SandboxPriority) {
  boxSlots.busy += 1;
  if (isUrgent(priority)) boxSlots.urgentBusy += 1;
}

/**
 * Grants free slots to waiting callers in order, as far as each one's capacity allows; a held
 * grading at the head is looked at again when its hold can next have ended.
 */
function admitWaiting() {
  clearTimeout(boxSlots.recheck);
  boxSlots.recheck = undefined;
  while (boxSlots.waiting.length > 0) {
    const next = boxSlots.waiting[0] as (typeof boxSlots.waiting)[number];
    if (boxSlots.busy >= slotCapacity(next.priority)) return;
    if (!isUrgent(next.priority)) {
      const holdLeft = gradingHoldLeft(next.since, performance.now());
      if (holdLeft > 0) {
        boxSlots.recheck = setTimeout(admitWaiting, holdLeft + 1);
        return;
      }
    }
    boxSlots.waiting.shift();
    take(next.priority);
    next.grant();
  }
}

interface Execution {
  command: string[];
  env: Record<string, string>;
  limits: SandboxLimits;
  /** The program's nice value and the box cgroup's cpu.weight (boxCpuShare). */
  cpuShare: { niceness: number; cpuWeight: number };
  stdin: string;
  onOutput: SandboxRun["onOutput"];
}

/**
 * A box started ahead of need: bubblewrap with the runtime's mounts and a fresh, empty work
 * directory bound at /work, its supervisor blocked reading fd 5 for the assignment. Nothing of
 * a submission is in it yet. Its output is collected from the start (an idle box writes nothing;
 * bwrap's own errors land in stderr).
 */
interface Box {
  runtime: SandboxRun["runtime"];
  child: BoxProcess;
  base: string;
  work: string;
  stdout: Buffer[];
  stderr: Buffer[];
  report: Buffer[];
  info: Buffer[];
  outputBytes: number;
  outputLimit: number;
  outputTruncated: boolean;
  reportBytes: number;
  /** The assigned run's live output listener (live pads stream it). */
  onOutput?: SandboxRun["onOutput"];
  spawnError?: Error;
  closed?: { code: number | null; signal: NodeJS.Signals | null };
  onClose?: () => void;
  cgroup?: BoxCgroup;
}

/** How many idle boxes to keep per runtime (EVIDENT_SANDBOX_POOL, default 2; 0 starts each on demand). */
const poolSize = Math.max(0, Math.min(8, Number(process.env.EVIDENT_SANDBOX_POOL ?? 2) || 0));
const idleBoxes: Record<SandboxRun["runtime"], Box[]> = { node: [], python: [] };
const preAssignmentOutputCap = 64 * 1024;

const startingBoxes: Record<SandboxRun["runtime"], number> = { node: 0, python: 0 };

async function takeBox(runtime: SandboxRun["runtime"]): Promise<Box> {
  const idle = idleBoxes[runtime];
  let box = idle.shift();
  // An idle box that ended (killed from outside, bwrap failed) is discarded with its work dir;
  // a fresh one started now says why, if boxes cannot start at all.
  while (box?.closed) {
    destroyBox(box);
    box = idle.shift();
  }
  box ??= await startBox(runtime);
  setReferenced(box, true);
  return box;
}

function refillPool(runtime: SandboxRun["runtime"]) {
  const idle = idleBoxes[runtime];
  while (idle.length + startingBoxes[runtime] < poolSize) {
    startingBoxes[runtime] += 1;
    const generation = poolGeneration;
    void startBox(runtime).then(
      (box) => {
        startingBoxes[runtime] -= 1;
        setReferenced(box, false);
        // A box started for an older host configuration (configureSandboxHost) is not kept.
        if (generation === poolGeneration && !box.closed) idle.push(box);
        else destroyBox(box);
      },
      () => {
        startingBoxes[runtime] -= 1;
      },
    );
  }
}

let poolGeneration = 0;

/** Kills and forgets every idle box (the host programs changed, or the process shuts down). */
export function drainSandboxPool(): void {
  poolGeneration += 1;
  for (const runtime of ["node", "python"] as const) {
    for (const box of idleBoxes[runtime].splice(0)) destroyBox(box);
  }
}

/** The box's assignment pipe (fd 5 in the box). */
function controlPipe(box: Box): Writable | undefined {
  return (box.child.stdio as unknown as (Writable | null | undefined)[])[5] ?? undefined;
}

async function startBox(runtime: SandboxRun["runtime"]): Promise<Box> {
  const identity = hostIdentity();
  const base = await mkdtemp(path.join(tmpdir(), "evident-sandbox-"));
  // bwrap may run as nobody: it must traverse base to bind work; nothing else lives in base.
  await chmod(base, 0o711);
  const work = path.join(base, "work");
  await mkdir(work, { mode: 0o700 });
  if (identity.uid !== undefined) await chown(work, identity.uid, boxUid);
  // Through the launcher process: forking this (large) process per box cost milliseconds of
  // blocked event loop and as much again in page-table copies (launcher.ts).
  const child = await launchBox(sandboxHost.bwrapPath, bwrapArgs(runtime, work), {
    env: { PATH: "/usr/bin:/bin" },
    ...identity,
  });
  const box: Box = {
    runtime,
    child,
    base,
    work,
    stdout: [],
    stderr: [],
    report: [],
    info: [],
    outputBytes: 0,
    outputLimit: preAssignmentOutputCap,
    outputTruncated: false,
    reportBytes: 0,
  };
  const collect = (into: Buffer[], stream: "stdout" | "stderr") => (chunk: Buffer) => {
    if (box.outputTruncated) return;
    const room = box.outputLimit - box.outputBytes;
    if (chunk.length > room) {
      into.push(chunk.subarray(0, room));
      box.onOutput?.(stream, chunk.subarray(0, room));
      box.outputBytes = box.outputLimit;
      box.outputTruncated = true;
      killTree(child);
      return;
    }
    into.push(chunk);
    box.outputBytes += chunk.length;
    box.onOutput?.(stream, chunk);
  };
  child.stdout?.on("data", collect(box.stdout, "stdout"));
  child.stderr?.on("data", collect(box.stderr, "stderr"));
  child.stdio[3]?.on("data", (chunk: Buffer) => {
    box.reportBytes += chunk.length;
    if (box.reportBytes <= reportCapBytes) box.report.push(chunk);
    else killTree(child);
  });
  child.stdio[4]?.on("data", (chunk: Buffer) => {
    if (box.info.length < 16) box.info.push(chunk);
  });
  // The program may exit without reading its stdin; a closed pipe is not an error.
  child.stdin?.on("error", () => undefined);
  (child.stdio as unknown as (Writable | null)[])[5]?.on("error", () => undefined);
  child.on("error", (error) => {
    box.spawnError = error;
    box.closed ??= { code: null, signal: null };
    box.onClose?.();
  });
  child.on("close", (code, signal) => {
    box.closed = { code, signal };
    box.onClose?.();
  });
  // With a writable cgroup v2 subtree the whole box (bwrap and everything it starts) joins its
  // own cgroup now, while only the supervisor waits in it.
  const cgroups = cgroupMode();
  if (cgroups.mode === "cgroup2" && child.pid !== undefined) {
    try {
      box.cgroup = await createBoxCgroup(cgroups.parent, {
        memoryMb: maximumSandboxLimits.memoryMb,
        processes: maximumSandboxLimits.processes,
        cpus: 1,
      });
      await box.cgroup.adopt(child.pid);
    } catch {
      await box.cgroup?.remove();
      box.cgroup = undefined;
    }
  }
  return box;
}

/** Idle boxes must not keep the process alive; an assigned one must. */
function setReferenced(box: Box, referenced: boolean) {
  const streams = [box.child.stdin, box.child.stdout, box.child.stderr, ...box.child.stdio.slice(3)];
  if (referenced) box.child.ref();
  else box.child.unref();
  for (const stream of streams) {
    const socket = stream as unknown as { ref?: () => void; unref?: () => void } | null;
    if (referenced) socket?.ref?.();
    else socket?.unref?.();
  }
}

function throwBoxFailure(box: Box): never {
  if (box.spawnError) {
    throw new SandboxUnavailable(`Cannot start bubblewrap: ${box.spawnError.message}`, {
      cause: box.spawnError,
    });
  }
  const said = Buffer.concat(box.stderr).toString("utf8").trim().slice(0, 300);
  throw new SandboxUnavailable(`${unavailableHint}; bwrap cannot create a sandbox: ${said || "it exited"}`);
}

/** A used (or broken) box is killed and its work directory removed; it never serves again. */
function destroyBox(box: Box) {
  if (!box.closed) killTree(box.child);
  const cleanup = async () => {
    // fs.rm unlinks symlinks instead of following them; the host never looks inside otherwise.
    await rm(box.base, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
    await box.cgroup?.remove();
  };
  if (box.closed) void cleanup();
  else box.onClose = () => void cleanup();
}

async function execute(box: Box, execution: Execution): Promise<SandboxResult> {
  const { limits } = execution;
  const started = performance.now();
  if (box.closed) {
    // The box ended before it was given work: bwrap could not start or set up the sandbox.
    if (box.spawnError || box.info.length === 0) throwBoxFailure(box);
  }
  box.outputLimit = limits.outputBytes;
  box.onOutput = execution.onOutput;
  // Best effort, like the cgroup itself: without it the box competes at the default weight.
  await box.cgroup?.setCpuWeight(execution.cpuShare.cpuWeight).catch(() => undefined);
  const config = buildAssignment(box.runtime, execution);
  controlPipe(box)?.end(encodeAssignment(config));
  box.child.stdin?.end(execution.stdin);
  let backstopFired = false;
  const backstop = setTimeout(() => {
    backstopFired = true;
    killTree(box.child);
  }, limits.wallMs + hostBackstopMs);

  await new Promise<void>((resolve) => {
    if (box.closed) resolve();
    else box.onClose = resolve;
  });
  box.onClose = undefined;
  clearTimeout(backstop);
  const hostWallMs = performance.now() - started;
  const infoText = Buffer.concat(box.info).toString("utf8");
  if (box.spawnError || infoText === "") throwBoxFailure(box);
  await waitForBoxGone(infoText);
  const peakKb = await box.cgroup?.peakKb();
  const cgroupOom = (await box.cgroup?.oomKilled()) ?? false;
  const stdoutText = Buffer.concat(box.stdout).toString("utf8");
  const stderrText = Buffer.concat(box.stderr).toString("utf8");
  const parsed = parseSupervisorReport(Buffer.concat(box.report).toString("utf8"));
  const base = { stdout: stdoutText, stderr: stderrText, outputTruncated: box.outputTruncated };
  const maxRssKb = (reported: number) => Math.max(reported, peakKb ?? 0);

  if (box.outputTruncated) {
    return {
      ...base,
      status: "output_limit",
      exitCode: parsed?.exitCode ?? null,
      signal: signalName(parsed?.signal ?? null) ?? "SIGKILL",
      cpuMs: Math.round(parsed?.cpuMs ?? 0),
      wallMs: Math.round(parsed?.wallMs ?? hostWallMs),
      maxRssKb: maxRssKb(parsed?.maxRssKb ?? 0),
    };
  }
  if (!parsed) {
    // The host backstop killed the box, or it died without a report: there is no rusage.
    return {
      ...base,
      status: backstopFired ? "time_limit" : cgroupOom ? "memory_limit" : "killed",
      exitCode: box.closed?.code ?? null,
      signal: box.closed?.signal ?? null,
      cpuMs: 0,
      wallMs: Math.round(hostWallMs),
      maxRssKb: maxRssKb(0),
    };
  }
  const status = classify(parsed, limits, stderrText);
  return {
    ...base,
    status: status !== "ok" && cgroupOom ? "memory_limit" : status,
    exitCode: parsed.exitCode,
    signal: signalName(parsed.signal),
    cpuMs: Math.round(parsed.cpuMs),
    wallMs: Math.round(parsed.wallMs),
    maxRssKb: maxRssKb(parsed.maxRssKb),
  };
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
    // Usually gone within a few milliseconds; every run waits for this, so poll finely.
    await sleep(1);
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

/**
 * The box dies with its bwrap (--die-with-parent and the PID namespace). The launcher, whose
 * child bwrap is, kills it (launcher-process.mjs).
 */
function killTree(child: BoxProcess) {
  child.kill("SIGKILL");
}

/** As root, run bwrap as nobody: the kernel does not apply RLIMIT_NPROC to uid 0. */
function hostIdentity(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? { uid: boxUid, gid: boxUid } : {};
}

function namespaceArgs(): string[] {
  const args = [
    "--unshare-all",
    "--die-with-parent",
    // No --new-session: the box stays in the launcher's session, where nice values rank boxes
    // (launcher.ts, "One session for every box"). That session has no controlling terminal, which
    // is what --new-session guards (TIOCSTI).
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
    ...systemDirArgs(),
  ];
  args.push("--proc", "/proc", "--dev", "/dev", "--size", String(tmpfsBytes), "--tmpfs", "/tmp");
  return args;
}

/**
 * /usr read-only, and /bin, /lib and friends as the host has them (symlinks under usrmerge). The
 * api and scale drivers get the same list in their plan for the server's nested box.
 */
export function systemDirArgs(): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const name of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    const link = readLinkOrUndefined(name);
    if (link !== undefined) args.push("--symlink", link, name);
    else if (existsSync(name)) args.push("--ro-bind", name, name);
  }
  return args;
}

function readLinkOrUndefined(name: string): string | undefined {
  try {
    return readlinkSync(name);
  } catch {
    return undefined;
  }
}

/** bwrap's argv for an idle box of the runtime: mounts, the work dir, the waiting supervisor. */
function bwrapArgs(runtime: SandboxRun["runtime"], work: string): string[] {
  const args = namespaceArgs();
  // Node boxes also get bubblewrap: the api and scale drivers start the candidate's server in a
  // second box of its own (harness/api-driver.mjs). It grants nothing a program could not do with
  // unshare(2) itself: a nested box has less than the box it is in.
  if (runtime === "node")
    args.push(
      "--ro-bind",
      resolveNodeBinary(),
      boxNodePath,
      "--ro-bind",
      sandboxHost.bwrapPath,
      boxBwrapPath,
    );
  args.push("--info-fd", "4", "--bind", work, "/work", "--chdir", "/work");
  args.push("--", sandboxHost.pythonPath, "-I", "-S", "-c", supervisorSource);
  return args;
}

/** The supervisor's assignment: the command, its environment, rlimits and wall time. */
function buildAssignment(runtime: SandboxRun["runtime"], execution: Execution): SupervisorAssignment {
  const { limits } = execution;
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
  return {
    limits: rlimits,
    niceness: execution.cpuShare.niceness,
    env: { ...execution.env, ...fixedEnv },
    wallMs: limits.wallMs,
    command: execution.command,
  };
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
  if (program === "python" || program === "python3") return [sandboxHost.pythonPath, ...rest];
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
