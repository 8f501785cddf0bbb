/**
 * The database a submission runs in: one PGlite (PostgreSQL compiled to WASM: no network, no
 * host files) per submission, inside a worker thread. PGlite runs queries synchronously and
 * ignores statement_timeout, so every time limit is enforced by terminating the worker. Every
 * value comes back as PostgreSQL's text form (row-checks.ts types it).
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const textOids = [16, 17, 20, 21, 23, 26, 114, 700, 701, 1082, 1083, 1114, 1184, 1186, 1700, 3802];
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
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

export class PgliteBox {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, (reply: Outcome) => void>();
  private dead = false;
  ready: Promise<Outcome>;

  constructor(startupMs: number) {
    const pgliteUrl = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
    this.worker = new Worker(workerSource, {
      eval: true,
      workerData: { pgliteUrl, oids: textOids },
      env: {},
      stdout: true,
      stderr: true,
    });
    this.ready = this.wait(0, startupMs);
    this.worker.on("message", (reply: WorkerReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
    const fail = (message: string) => {
      this.dead = true;
      for (const [id, resolve] of this.pending) resolve({ id, error: { code: "", message } });
      this.pending.clear();
    };
    this.worker.on("error", (error) => fail(`The database stopped: ${error.message}`));
    this.worker.on("exit", () => fail("The database stopped."));
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
    this.worker.postMessage({ id, op, sql });
    return outcome;
  }

  async close(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}
