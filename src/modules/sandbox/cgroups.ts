/**
 * Per-box resource control with cgroup v2, where the kernel and the host allow it.
 *
 * rlimits (sandbox.ts) are per process: a box that forks can use `processes` times the memory
 * limit, and RLIMIT_CPU counts one process's CPU. A cgroup v2 directory per box closes that gap:
 * memory.max and pids.max bound the whole box, cpu.max its CPU bandwidth, and memory.peak gives
 * the box's real peak memory. That needs a cgroup v2 subtree this (unprivileged) process may
 * write: a delegated one (systemd `Delegate=yes`, a container's private cgroup namespace). On a
 * cgroup v1 host, or without delegation, the rlimits stay in force; `evident doctor` and the
 * start-up log say which.
 *
 * Everything takes the cgroupfs root and the /proc/self/cgroup text as parameters, so the
 * detection and the file writes are tested against a temporary directory that mimics cgroupfs.
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";

export interface CgroupHost {
  /** Where cgroupfs is mounted, normally /sys/fs/cgroup. */
  root: string;
  /** The text of /proc/self/cgroup. */
  selfCgroup: string;
}

export type CgroupDetection = { mode: "cgroup2"; parent: string } | { mode: "rlimits"; reason: string };

export function systemCgroupHost(): CgroupHost {
  let selfCgroup = "";
  try {
    selfCgroup = readFileSync("/proc/self/cgroup", "utf8");
  } catch {
    // not Linux, or /proc hidden: detection says so below
  }
  return { root: "/sys/fs/cgroup", selfCgroup };
}

/**
 * Finds a cgroup v2 directory where boxes can get their own child cgroups: this process's own
 * cgroup on a unified hierarchy (`0::/path` in /proc/self/cgroup), writable, with the memory,
 * pids and cpu controllers available (cgroup.controllers) so they can be enabled for children.
 * A process cannot enable controllers for children of a cgroup it is itself in ("no internal
 * processes"), so boxes go under a `evident-boxes` child that is created here.
 */
export function detectCgroupV2(host: CgroupHost): CgroupDetection {
  const unified = host.selfCgroup
    .split("\n")
    .map((line) => /^0::(\/.*)$/.exec(line.trim()))
    .find((match) => match !== null);
  if (!unified) {
    return { mode: "rlimits", reason: "no cgroup v2 (unified) hierarchy: this host uses cgroup v1" };
  }
  const own = path.join(host.root, unified[1] as string);
  const controllersFile = path.join(own, "cgroup.controllers");
  if (!existsSync(controllersFile)) {
    return { mode: "rlimits", reason: `cgroup v2 is not mounted at ${host.root}` };
  }
  const controllers = new Set(readFileSync(controllersFile, "utf8").trim().split(/\s+/));
  const missing = ["memory", "pids", "cpu"].filter((name) => !controllers.has(name));
  if (missing.length > 0) {
    return {
      mode: "rlimits",
      reason: `the cgroup ${unified[1]} lacks the ${missing.join(", ")} controller(s)`,
    };
  }
  try {
    accessSync(own, constants.W_OK);
    accessSync(path.join(own, "cgroup.subtree_control"), constants.W_OK);
  } catch {
    return {
      mode: "rlimits",
      reason: `the cgroup ${unified[1]} is not delegated to this user (run under a delegated subtree, e.g. systemd-run --user -p Delegate=yes)`,
    };
  }
  return { mode: "cgroup2", parent: path.join(own, "evident-boxes") };
}

export interface BoxCgroupLimits {
  memoryMb: number;
  processes: number;
  /** The share of one CPU the box may use, e.g. 1 for one full core. */
  cpus: number;
}

/**
 * Makes the boxes' parent cgroup with the controllers enabled for its children. The parent's
 * own parent must list them in its subtree_control too; a delegated subtree allows that.
 */
export async function prepareBoxParent(parent: string): Promise<void> {
  await mkdir(parent, { recursive: true });
  await writeFile(path.join(path.dirname(parent), "cgroup.subtree_control"), "+memory +pids +cpu").catch(
    () => undefined,
  );
  await writeFile(path.join(parent, "cgroup.subtree_control"), "+memory +pids +cpu");
}

export interface BoxCgroup {
  directory: string;
  /** Moves a process (bwrap, before any candidate code runs) into the box's cgroup. */
  adopt(pid: number): Promise<void>;
  /** The box's peak memory in KiB (memory.peak), or undefined when the kernel lacks it. */
  peakKb(): Promise<number | undefined>;
  /** Whether the kernel killed something for reaching memory.max (memory.events oom_kill). */
  oomKilled(): Promise<boolean>;
  /**
   * The box's share of contended CPU against its sibling boxes (cpu.weight, 1–10000, default
   * 100). Each box is a cgroup of its own, so the program's nice value ranks it only within the
   * box; between boxes the kernel goes by this weight.
   */
  setCpuWeight(weight: number): Promise<void>;
  remove(): Promise<void>;
}

/** Creates one box's cgroup under the parent and writes its limits. */
export async function createBoxCgroup(parent: string, limits: BoxCgroupLimits): Promise<BoxCgroup> {
  const directory = path.join(parent, `box-${randomBytes(8).toString("hex")}`);
  await mkdir(directory);
  const periodUs = 100_000;
  await writeFile(path.join(directory, "memory.max"), String(limits.memoryMb * 1024 * 1024));
  // No swap: memory.max is then the box's real ceiling.
  await writeFile(path.join(directory, "memory.swap.max"), "0").catch(() => undefined);
  await writeFile(path.join(directory, "pids.max"), String(limits.processes));
  await writeFile(path.join(directory, "cpu.max"), `${Math.round(limits.cpus * periodUs)} ${periodUs}`);
  return {
    directory,
    adopt: (pid) => writeFile(path.join(directory, "cgroup.procs"), String(pid)),
    async peakKb() {
      const text = await readFile(path.join(directory, "memory.peak"), "utf8").catch(() => undefined);
      const bytes = text === undefined ? Number.NaN : Number(text.trim());
      return Number.isFinite(bytes) ? Math.round(bytes / 1024) : undefined;
    },
    async oomKilled() {
      const text = await readFile(path.join(directory, "memory.events"), "utf8").catch(() => "");
      const match = /^oom_kill (\d+)$/m.exec(text);
      return match !== null && Number(match[1]) > 0;
    },
    setCpuWeight: (weight) => writeFile(path.join(directory, "cpu.weight"), String(weight)),
    // A cgroup directory is removed with rmdir once its processes are gone.
    remove: () => rmdir(directory).catch(() => undefined),
  };
}

let detected: CgroupDetection | undefined;

/** This host's detection, computed once per process. */
export function cgroupMode(): CgroupDetection {
  detected ??= detectCgroupV2(systemCgroupHost());
  return detected;
}
