/**
 * `evident doctor`: checks everything grading and the product need, one line per check with
 * the fix when it fails. `evident start` runs the sandbox checks too and prints the same lines
 * when grading is unavailable.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { cgroupMode } from "../modules/sandbox/cgroups.ts";
import { isSandboxAvailable, resolveNodeBinary, sandboxHost } from "../modules/sandbox/sandbox.ts";
import type { Config } from "../platform/config.ts";
import { openDatabase } from "../platform/db/client.ts";
import { readDataDirLock } from "../platform/db/data-dir-lock.ts";

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do about it, when it failed. */
  fix?: string;
  /** A failed check that only degrades (limits) rather than stops something. */
  advisory?: boolean;
}

/** The checks that decide whether code can be graded: bubblewrap, python3, runtimes, limits. */
export function sandboxChecks(): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const { bwrapPath, pythonPath } = sandboxHost;
  const bwrapPresent = existsSync(bwrapPath);
  const pythonPresent = existsSync(pythonPath);
  checks.push(
    bwrapPresent
      ? { name: "bubblewrap", ok: true, detail: `${bwrapPath} is installed` }
      : {
          name: "bubblewrap",
          ok: false,
          detail: `${bwrapPath} is missing: no submission can be graded`,
          fix: "install it: sudo apt-get install bubblewrap (or set EVIDENT_BWRAP_PATH to where bwrap is)",
        },
  );
  checks.push(
    pythonPresent
      ? { name: "python3", ok: true, detail: `${pythonPath} ${versionOf(pythonPath, ["--version"])}` }
      : {
          name: "python3",
          ok: false,
          detail: `${pythonPath} is missing: it runs the sandbox's supervisor and Python submissions`,
          fix: "install it: sudo apt-get install python3",
        },
  );
  if (bwrapPresent && pythonPresent) {
    const probe = isSandboxAvailable();
    checks.push(
      probe.available
        ? {
            name: "user namespaces",
            ok: true,
            detail:
              "bubblewrap creates a sandbox and a box inside it (unprivileged user namespaces usable, nested too)",
          }
        : {
            name: "user namespaces",
            ok: false,
            detail: probe.reason,
            fix: "allow unprivileged user namespaces, nested ones included: sudo sysctl kernel.unprivileged_userns_clone=1 (Debian) or kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04), and user.max_user_namespaces above 1; in a container, run it with --security-opt seccomp=unconfined or grant user namespaces",
          },
    );
  }
  const node = resolveNodeBinary();
  const nodeVersion = existsSync(node) ? versionOf(node, ["--version"]) : "";
  checks.push(
    nodeVersion.startsWith("v24.")
      ? {
          name: "node runtime",
          ok: true,
          detail: `${node} ${nodeVersion} (JavaScript and TypeScript submissions)`,
        }
      : {
          name: "node runtime",
          ok: false,
          detail: `no Node 24 at ${node}: JavaScript and TypeScript submissions cannot run`,
          fix: "run npm ci (the project pins Node 24 as a dependency)",
        },
  );
  const cgroups = cgroupMode();
  checks.push(
    cgroups.mode === "cgroup2"
      ? {
          name: "limits",
          ok: true,
          detail: `cgroup v2 per box (memory.max, pids.max, cpu.max) under ${cgroups.parent}`,
        }
      : {
          name: "limits",
          ok: false,
          advisory: true,
          detail: `per-process rlimits in force (${cgroups.reason}); a box that forks can use its memory limit once per process`,
          fix: "for per-box memory, process and CPU limits run Evident in a delegated cgroup v2 subtree, e.g. systemd-run --user -p Delegate=yes --scope npm start",
        },
  );
  return checks;
}

/** Every check: the sandbox's, then the data directory and the database. */
export async function doctorChecks(config: Config): Promise<DoctorCheck[]> {
  const checks = sandboxChecks();
  if (config.database.engine === "pglite") {
    checks.push(dataDirectoryCheck(config.dataDir));
    const holder = readDataDirLock(config.dataDir);
    if (holder) {
      checks.push({
        name: "database",
        ok: true,
        detail: `embedded PGlite in ${config.dataDir}, open in the running Evident (pid ${holder.pid})`,
      });
    } else {
      checks.push(await databaseCheck(config, `embedded PGlite in ${config.dataDir}`));
    }
  } else {
    checks.push(await databaseCheck(config, "PostgreSQL at DATABASE_URL"));
  }
  return checks;
}

function dataDirectoryCheck(dataDir: string): DoctorCheck {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
    return { name: "data directory", ok: true, detail: `${dataDir} is writable` };
  } catch (error) {
    return {
      name: "data directory",
      ok: false,
      detail: `${dataDir} is not writable: ${(error as Error).message}`,
      fix: "set EVIDENT_DATA_DIR to a directory this user may write, or fix its owner",
    };
  }
}

async function databaseCheck(config: Config, what: string): Promise<DoctorCheck> {
  try {
    const database = await openDatabase(config.database);
    try {
      await database.ping();
    } finally {
      await database.close();
    }
    return { name: "database", ok: true, detail: `${what} answers` };
  } catch (error) {
    return {
      name: "database",
      ok: false,
      detail: `${what} does not answer: ${(error as Error).message}`,
      fix:
        config.database.engine === "pglite"
          ? "check the data directory's files and permissions"
          : "check DATABASE_URL, that PostgreSQL runs and accepts this user",
    };
  }
}

/** One line per check: `ok`, `FAIL` or `warn`, its name, what was found, and the fix. */
export function formatChecks(checks: DoctorCheck[]): string {
  const width = Math.max(...checks.map((check) => check.name.length));
  return checks
    .map((check) => {
      const mark = check.ok ? "ok  " : check.advisory ? "warn" : "FAIL";
      const fix = check.ok || !check.fix ? "" : ` — fix: ${check.fix}`;
      return `${mark}  ${check.name.padEnd(width)}  ${check.detail}${fix}`;
    })
    .join("\n");
}

function versionOf(binary: string, args: string[]): string {
  const result = spawnSync(binary, args, { encoding: "utf8", timeout: 10_000 });
  return `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n")[0] ?? "";
}
