import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors.ts";

/**
 * PGlite is single-process: two processes writing one data directory corrupt it. The first
 * process to open a data directory writes this lock; others are refused with a clear message
 * (or, for CLI commands, talk to the running process through its control socket).
 */
export interface DataDirLock {
  pid: number;
  startedAt: string;
  url: string | null;
  controlSocket: string | null;
}

export const lockFilePath = (dataDir: string) => path.join(dataDir, "evident.lock");

export function readDataDirLock(dataDir: string): DataDirLock | null {
  try {
    const lock = JSON.parse(readFileSync(lockFilePath(dataDir), "utf8")) as DataDirLock;
    return isProcessAlive(lock.pid) ? lock : null;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(dataDir: string, details: Omit<DataDirLock, "pid" | "startedAt">) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockFilePath(dataDir);
  const lock: DataDirLock = { pid: process.pid, startedAt: new Date().toISOString(), ...details };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(lock), { flag: "wx", mode: 0o600 });
      return {
        update(changes: Partial<DataDirLock>) {
          Object.assign(lock, changes);
          writeFileSync(file, JSON.stringify(lock), { mode: 0o600 });
        },
        release() {
          try {
            const current = JSON.parse(readFileSync(file, "utf8")) as DataDirLock;
            if (current.pid === process.pid) unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readDataDirLock(dataDir);
      if (holder) throw dataDirBusy(dataDir, holder);
      // The holder died without cleaning up (kill -9): the lock is stale and safe to replace.
      unlinkSync(file);
    }
  }
  throw new AppError("conflict", `Could not lock the data directory ${dataDir}.`);
}

export function dataDirBusy(dataDir: string, holder: DataDirLock): AppError {
  const where = holder.url ? ` serving ${holder.url}` : "";
  return new AppError(
    "conflict",
    `Evident (pid ${holder.pid})${where} is already using the embedded database in ${dataDir}. ` +
      "Stop it first (admin commands such as orgs, users, tokens and seed work while it runs); " +
      "to run serve and worker as separate processes, use PostgreSQL (DATABASE_URL).",
  );
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
