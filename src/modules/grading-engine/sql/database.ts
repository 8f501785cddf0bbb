/**
 * The database a submission runs in: one PGlite (PostgreSQL compiled to WASM: no network, no
 * host files) per submission, in a child process of its own. PGlite runs queries synchronously and
 * ignores statement_timeout, so every time limit is enforced by killing the process. Every value
 * comes back as PostgreSQL's text form (row-checks.ts types it).
 *
 * A process rather than a worker thread, because a worker's memory cannot be capped: PGlite's
 * "memory://" files live in JavaScript buffers outside the V8 heap limit, and one
 * `CREATE TABLE … AS SELECT` grew a worker past 1.3 GB of the grading process. The process is
 * watched instead: its resident memory (Linux /proc) is sampled while it lives and the process is
 * killed past the cap, and its CPU time is its own rather than the grading process's.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const textOids = [16, 17, 20, 21, 23, 26, 114, 700, 701, 1082, 1083, 1114, 1184, 1186, 1700, 3802];
const childSource = `
const workerData = JSON.parse(process.argv[1]);
const parentPort = { postMessage: (m) => process.send(m), on: (event, listener) => process.on(event, listener) };
process.on("disconnect", () => process.exit(0));
(async () => {
  const identity = (x) => x;
  const parsers = {};
  for (const oid of workerData.oids) parsers[oid] = identity;
  let db;
  try {
    const { PGlite } = await import(workerData.pgliteUrl);
    db = await PGlite.create("memory://", { parsers });
  } catch (e) {
    parentPort.postMessage({ id: 0, error: { code: "", message: String((e && e.message) || e) } });
    return;
  }
  parentPort.on("message", async (m) => {
    try {
      if (m.op === "exec") {
        await db.exec(m.sql);
        parentPort.postMessage({ id: m.id, ok: true });
      } else {
        const r = await db.query(m.sql, [], { rowMode: "array", parsers });
        parentPort.postMessage({
          id: m.id,
          ok: true,
          rows: r.rows,
          fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        });
      }
    } catch (e) {
      parentPort.postMessage({
        id: m.id,
        error: {
          code: String((e && e.code) || ""),
          message: String((e && e.message) || e),
          position: e && e.position ? Number(e.position) : undefined,
        },
      });
    }
  });
  parentPort.postMessage({ id: 0, ok: true });
})();
`;

export interface SqlError {
  code: string;
  message: string;
  position?: number;
}
export interface Field {
  name: string;
  dataTypeID: number;
}
interface WorkerReply {
  id: number;
  ok?: true;
  rows?: (string | null)[][];
  fields?: Field[];
  error?: SqlError;
}
export type Outcome = WorkerReply | "timeout";

/** How often the child's memory is sampled; an allocation burst between samples is the overshoot. */
const memorySampleMs = 20;
/**
 * What a submission may add to the database process's resident memory. PGlite's own start peaks
 * near 1 GB while V8 compiles its WASM and settles near 400 MB, so the cap is counted from the
 * memory it has once started, and nothing is capped before.
 */
export const sqlMemoryAllowanceMb = 256;
const pageBytes = 4096;

/** Resident memory and CPU time of a process from /proc, or null where /proc is missing (not Linux). */
function processUsage(pid: number): { rssKb: number; cpuMs: number } | null {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, "utf8").split(" ");
    // /proc/<pid>/stat: fields after the command's closing parenthesis; utime and stime are the
    // 12th and 13th of those, in clock ticks (100 per second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssKb: (Number(statm[1]) * pageBytes) / 1024, cpuMs: ticks * 10 };
  } catch {
    return null;
  }
}

export class PgliteBox {
  private child: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, (reply: Outcome) => void>();
  private dead = false;
  private sampler: NodeJS.Timeout;
  private usage = { peakRssKb: 0, cpuMs: 0, startCpuMs: 0 };
  /** Set when the process was killed for using more than its allowance. */
  memoryExceeded = false;
  /** Resident memory once PGlite has started: the allowance is counted from it. */
  private baselineRssKb: number | undefined;
  ready: Promise<Outcome>;

  constructor(startupMs: number, memoryAllowanceMb = sqlMemoryAllowanceMb) {
    const pgliteUrl = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
    this.child = spawn(
      process.execPath,
      // The V8 heap holds query results; PGlite's files are capped by the sampling below.
      ["--max-old-space-size=256", "-e", childSource, JSON.stringify({ pgliteUrl, oids: textOids })],
      { env: {}, stdio: ["ignore", "ignore", "ignore", "ipc"], serialization: "advanced" },
    );
    this.ready = this.wait(0, startupMs).then((outcome) => {
      const pid = this.child.pid;
      const started = outcome !== "timeout" && !outcome.error && pid !== undefined ? processUsage(pid) : null;
      if (started) {
        // From here on the process's memory and CPU time are the submission's.
        this.baselineRssKb = started.rssKb;
        this.usage = { peakRssKb: started.rssKb, cpuMs: started.cpuMs, startCpuMs: started.cpuMs };
      }
      return outcome;
    });
    this.child.on("message", (reply: WorkerReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
    const fail = (message: string) => {
      this.dead = true;
      clearInterval(this.sampler);
      for (const [id, resolve] of this.pending) resolve({ id, error: { code: "", message } });
      this.pending.clear();
    };
    this.child.on("error", (error) => fail(`The database stopped: ${error.message}`));
    this.child.on("exit", () =>
      fail(
        this.memoryExceeded
          ? `The database used more than ${memoryAllowanceMb} MB of memory beyond its own and was stopped.`
          : "The database stopped.",
      ),
    );
    this.sampler = setInterval(() => {
      const pid = this.child.pid;
      const usage = pid === undefined ? null : processUsage(pid);
      if (!usage) return;
      this.usage.peakRssKb = Math.max(this.usage.peakRssKb, usage.rssKb);
      this.usage.cpuMs = usage.cpuMs;
      const baseline = this.baselineRssKb;
      if (
        baseline !== undefined &&
        usage.rssKb > baseline + memoryAllowanceMb * 1024 &&
        !this.memoryExceeded
      ) {
        this.memoryExceeded = true;
        this.child.kill("SIGKILL");
      }
    }, memorySampleMs);
    this.sampler.unref();
  }

  /** The process's peak resident memory and CPU time since PGlite started, as sampled. */
  resources(): { maxRssKb: number; cpuMs: number } {
    return { maxRssKb: Math.round(this.usage.peakRssKb), cpuMs: this.usage.cpuMs - this.usage.startCpuMs };
  }

  private wait(id: number, timeoutMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        void this.close();
        resolve("timeout");
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  run(op: "exec" | "query", sql: string, timeoutMs: number): Promise<Outcome> {
    if (this.dead) return Promise.resolve({ id: -1, error: { code: "", message: "The database stopped." } });
    const id = this.nextId++;
    const outcome = this.wait(id, timeoutMs);
    this.child.send({ id, op, sql });
    return outcome;
  }

  async close(): Promise<void> {
    this.dead = true;
    clearInterval(this.sampler);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGKILL");
      await exited;
    }
  }
}
