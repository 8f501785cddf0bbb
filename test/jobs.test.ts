import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Database, openDatabase, queryRows } from "../src/platform/db/client.ts";
import { createLogger } from "../src/platform/logger.ts";
import { type JobDefinition, type JobQueue, runOnce, startJobQueue } from "../src/platform/queue.ts";
import { effectJob } from "./fixtures/effect-job.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "./support/databases.ts";

const nodeBinary = process.execPath;
const workerScript = path.join(import.meta.dirname, "fixtures", "effect-worker.ts");

async function countEffects(db: Database["db"], key: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from audit_events where action = 'test.effect' and object_id = ${key}`,
  );
  return row?.n ?? 0;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.each(testEngines)("job queue on %s", (engine) => {
  let database: TestDatabase;
  let queue: JobQueue;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    queue = await startJobQueue(database, { logger: createLogger("silent"), superviseIntervalSeconds: 1 });
  });
  afterAll(async () => {
    await queue?.stop();
    await database?.drop();
  });

  it("retries a handler that throws, with a growing delay, until it succeeds", async () => {
    const attempts: number[] = [];
    const flaky: JobDefinition<z.ZodObject<{ n: z.ZodNumber }>, null> = {
      queue: "test.flaky",
      payload: z.object({ n: z.number() }),
      retryLimit: 3,
      retryDelaySeconds: 1,
      async handle(_deps, payload, job) {
        attempts.push(Date.now());
        if (job.retryCount < 2) throw new Error(`transient failure ${job.retryCount}`);
        return { doubled: payload.n * 2 };
      },
    };
    await queue.work(flaky, null, { pollingIntervalSeconds: 0.5 });
    const jobId = await queue.send(flaky as never, { n: 21 });
    expect(jobId).toBeTruthy();
    const job = await waitFor(
      async () => {
        const found = await queue.boss.findJobs("test.flaky", { id: jobId ?? "" });
        return found[0]?.state === "completed" ? found[0] : undefined;
      },
      30_000,
      "the flaky job to complete",
    );
    expect(attempts).toHaveLength(3);
    expect(job.output).toEqual({ doubled: 42 });
    const firstGap = (attempts[1] ?? 0) - (attempts[0] ?? 0);
    expect(firstGap).toBeGreaterThanOrEqual(900);
  });

  it("takes the highest priority first, and a reserved worker takes only jobs at its minimum priority", async () => {
    const order: string[] = [];
    const ordered: JobDefinition<z.ZodObject<{ name: z.ZodString }>, null> = {
      queue: "test.priority",
      payload: z.object({ name: z.string() }),
      async handle(_deps, payload) {
        order.push(payload.name);
      },
    };
    // Everything is queued before any worker polls, so only priority decides the order.
    for (let n = 0; n < 4; n += 1)
      await queue.send(ordered as never, { name: `batch-${n}` }, { priority: 10 });
    for (let n = 0; n < 3; n += 1)
      await queue.send(ordered as never, { name: `submit-${n}` }, { priority: 20 });
    await queue.send(ordered as never, { name: "run" }, { priority: 30 });
    await queue.work(ordered, null, { concurrency: 1, pollingIntervalSeconds: 0.5 });
    await waitFor(async () => (order.length === 8 ? true : undefined), 30_000, "every ordered job");
    expect(order).toEqual([
      "run",
      "submit-0",
      "submit-1",
      "submit-2",
      "batch-0",
      "batch-1",
      "batch-2",
      "batch-3",
    ]);

    const reservedSeen: string[] = [];
    const reserved: JobDefinition<z.ZodObject<{ name: z.ZodString }>, null> = {
      queue: "test.reserved",
      payload: z.object({ name: z.string() }),
      async handle(_deps, payload) {
        reservedSeen.push(payload.name);
      },
    };
    await queue.send(reserved as never, { name: "submit" }, { priority: 20 });
    await queue.send(reserved as never, { name: "run" }, { priority: 30 });
    await queue.work(reserved, null, { concurrency: 1, minPriority: 30, pollingIntervalSeconds: 0.5 });
    await waitFor(async () => (reservedSeen.length === 1 ? true : undefined), 30_000, "the run");
    await sleep(1500);
    expect(reservedSeen).toEqual(["run"]);
    const [left] = await queue.boss.findJobs("test.reserved", { data: { name: "submit" } });
    expect(left?.state).toBe("created");
  });

  it("wakes an idle worker when a job is sent, and drains a backlog without waiting out the polling interval", async () => {
    const handledAt: number[] = [];
    const quick: JobDefinition<z.ZodObject<{ n: z.ZodNumber }>, null> = {
      queue: "test.quick",
      payload: z.object({ n: z.number() }),
      async handle() {
        handledAt.push(Date.now());
        return {};
      },
    };
    // A poll every 60 s: a job handled sooner was taken because the worker was woken.
    await queue.work(quick, null, { concurrency: 1, pollingIntervalSeconds: 60 });
    await sleep(500); // the worker's first fetch found nothing; it now waits to poll again
    // Three jobs sent past the wrapper wake nobody; the fourth, sent through it, wakes the
    // worker, and after each job the worker fetches again at once instead of waiting 60 s.
    for (const n of [1, 2, 3]) await queue.boss.send(quick.queue, { n });
    await queue.send(quick, { n: 4 });
    await waitFor(async () => (handledAt.length === 4 ? true : undefined), 30_000, "the four jobs");
    expect(handledAt).toHaveLength(4);
  }, 60_000);

  it("runs jobs sent inThisProcess in the process's lane: no database job, `concurrency` at a time", async () => {
    let running = 0;
    let mostAtOnce = 0;
    const handled: string[] = [];
    const laned: JobDefinition<z.ZodObject<{ name: z.ZodString }>, null> = {
      queue: "test.laned",
      payload: z.object({ name: z.string() }),
      async handle(_deps, payload, job) {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(100);
        running -= 1;
        // The lane's failure is handed to the database queue, which retries it.
        if (payload.name === "flaky" && !handled.includes("flaky-failed")) {
          handled.push("flaky-failed");
          throw new Error("transient");
        }
        handled.push(`${payload.name}:${job.retryCount}`);
      },
    };
    // Without a lane in this process, inThisProcess changes nothing: the job is queued.
    await queue.send(laned as never, { name: "before-lane" }, { inThisProcess: true });
    const [queued] = await queue.boss.findJobs("test.laned", { data: { name: "before-lane" } });
    expect(queued?.state).toBe("created");

    queue.workInThisProcess(laned, null, { concurrency: 2 });
    for (const name of ["a", "b", "c", "d", "e"])
      await queue.send(laned as never, { name }, { inThisProcess: true });
    await waitFor(async () => (handled.length === 5 ? true : undefined), 10_000, "the lane's jobs");
    expect(handled).toEqual(["a:0", "b:0", "c:0", "d:0", "e:0"]);
    expect(mostAtOnce).toBe(2);
    expect(await queue.boss.findJobs("test.laned", { data: { name: "a" } })).toEqual([]);
    expect(await queue.hasPendingJob(laned as never, { name: "a" })).toBe(false);
    expect(await queue.hasPendingJob(laned as never, { name: "before-lane" })).toBe(true);

    await queue.send(laned as never, { name: "flaky" }, { inThisProcess: true });
    await waitFor(async () => (handled.includes("flaky-failed") ? true : undefined), 10_000, "the failure");
    await waitFor(
      async () => ((await queue.hasPendingJob(laned as never, { name: "flaky" })) ? true : undefined),
      10_000,
      "the failed job in the database queue",
    );
    // A worker of the database queue takes it from there.
    await queue.work(laned, null, { concurrency: 1, pollingIntervalSeconds: 0.5 });
    await waitFor(async () => (handled.includes("flaky:0") ? true : undefined), 30_000, "the retry");
  }, 60_000);

  it("hands a stopping process's lane jobs not yet started to the database queue", async () => {
    const stopping = await startJobQueue(database, { logger: createLogger("silent") });
    const started: string[] = [];
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: JobDefinition<z.ZodObject<{ name: z.ZodString }>, null> = {
      queue: "test.lane-stop",
      payload: z.object({ name: z.string() }),
      async handle(_deps, payload) {
        started.push(payload.name);
        await blocked;
      },
    };
    stopping.workInThisProcess(slow, null, { concurrency: 1 });
    for (const name of ["first", "second", "third"])
      await stopping.send(slow as never, { name }, { inThisProcess: true });
    expect(started).toEqual(["first"]);
    const stopped = stopping.stop();
    await sleep(200);
    release();
    await stopped;
    // The running job finished in the lane; the two waiting ones are in the database queue.
    expect(started).toEqual(["first"]);
    for (const name of ["second", "third"]) {
      const [job] = await queue.boss.findJobs("test.lane-stop", { data: { name } });
      expect(job?.state).toBe("created");
    }
    expect(await queue.boss.findJobs("test.lane-stop", { data: { name: "first" } })).toEqual([]);
  }, 60_000);

  it("rejects a payload that does not match the job's schema before queueing it", async () => {
    await expect(queue.send(effectJob as never, { key: 42 })).rejects.toThrow(
      /Invalid payload for job test.effect/,
    );
  });

  it("runOnce: a retried job writes its effect once and replays the stored result", async () => {
    const work = async (tx: Database["db"]) => {
      await tx.execute(
        sql`insert into audit_events (actor_type, action, object_type, object_id) values ('system', 'test.effect', 'test', 'direct')`,
      );
      return { value: 7 };
    };
    const first = await runOnce(database.db, { queue: "test.direct", idempotencyKey: "direct" }, work);
    const second = await runOnce(database.db, { queue: "test.direct", idempotencyKey: "direct" }, work);
    expect(first).toEqual({ result: { value: 7 }, replayed: false });
    expect(second).toEqual({ result: { value: 7 }, replayed: true });
    expect(await countEffects(database.db, "direct")).toBe(1);
  });

  it("runOnce: work that fails leaves no effect and no stored result", async () => {
    await expect(
      runOnce(database.db, { queue: "test.direct", idempotencyKey: "failing" }, async (tx) => {
        await tx.execute(
          sql`insert into audit_events (actor_type, action, object_type, object_id) values ('system', 'test.effect', 'test', 'failing')`,
        );
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await countEffects(database.db, "failing")).toBe(0);
  });
});

describe.each(testEngines)("a worker killed mid-job on %s", (engine) => {
  let workDir: string;
  let database: TestDatabase | null = null;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "evident-kill-"));
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  function startWorker(target: string): Promise<ChildProcess> {
    const child = spawn(nodeBinary, [workerScript, engine, target], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    return new Promise((resolve, reject) => {
      let errors = "";
      child.stderr?.on("data", (chunk) => {
        errors += chunk;
      });
      child.stdout?.on("data", (chunk) => {
        if (String(chunk).includes("ready")) resolve(child);
      });
      child.on("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready: ${errors}`)));
    });
  }

  const exited = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));

  /** PGlite allows one process at a time, so the test opens the database only while no worker runs. */
  async function withDatabase<T>(target: string, use: (db: Database) => Promise<T>): Promise<T> {
    if (database) return use(database);
    const embedded = await openDatabase({ engine: "pglite", dataDir: target });
    try {
      return await use(embedded);
    } finally {
      await embedded.close();
    }
  }

  it("leaves the job to the next worker, which retries it and writes its effect once", {
    timeout: 180_000,
  }, async () => {
    let target = path.join(workDir, "pglite");
    if (engine === "postgresql") {
      database = await createTestDatabase("postgresql");
      target = database.testUrl ?? "";
    } else {
      const created = await createPgliteDirectory(target);
      await created.close();
    }
    const startedMarker = path.join(workDir, "started");
    const doneMarker = path.join(workDir, "done");
    const jobKey = "killed-mid-job";
    await withDatabase(target, async (db) => {
      const sender = await startJobQueue(db, { logger: createLogger("silent"), supervise: false });
      await sender.send(effectJob as never, {
        key: jobKey,
        firstAttemptHoldMs: 120_000,
        startedMarker,
        doneMarker,
      });
      await sender.stop();
    });

    const first = await startWorker(target);
    await waitFor(
      async () => (existsSync(startedMarker) ? true : undefined),
      30_000,
      "the first worker to start the job",
    );
    first.kill("SIGKILL");
    await exited(first);
    expect(existsSync(doneMarker)).toBe(false);

    const second = await startWorker(target);
    const done = await waitFor(
      async () => (existsSync(doneMarker) ? JSON.parse(readFileSync(doneMarker, "utf8")) : undefined),
      // Expiry, the supervisor's sweep and the retry delay take seconds; on a loaded 2-core
      // machine a fresh worker's start alone has taken most of a minute.
      120_000,
      "the retried job to finish",
    );
    expect(done).toEqual({ key: jobKey, completedOnAttempt: 1 });
    second.kill("SIGTERM");
    await exited(second);

    await withDatabase(target, async (db) => {
      const [job] = await queryRows<{ state: string; retry_count: number }>(
        db.db,
        sql`select state, retry_count from pgboss.job where name = 'test.effect' and data->>'key' = ${jobKey}`,
      );
      expect(job).toEqual({ state: "completed", retry_count: 1 });
      expect(await countEffects(db.db, jobKey)).toBe(1);
    });
  });
});

async function createPgliteDirectory(dataDir: string) {
  const created = await openDatabase({ engine: "pglite", dataDir });
  const { migrateDatabase } = await import("../src/platform/db/migrate.ts");
  await migrateDatabase(created);
  return created;
}
