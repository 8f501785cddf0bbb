import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { fromPglite, PgBoss } from "pg-boss";
import type { z } from "zod";
import type { Database, Db } from "./db/client.ts";
import { jobResults } from "./db/schema.ts";
import { AppError } from "./errors.ts";
import type { Logger } from "./logger.ts";

/**
 * A kind of background job: its queue name, the zod schema of its payload and how it retries.
 * Handlers live in feature modules; src/worker/ wires them to the queue.
 */
export interface JobDefinition<Schema extends z.ZodType, Dependencies> {
  queue: string;
  payload: Schema;
  retryLimit?: number;
  /** Seconds before the first retry; doubled on each further retry (with jitter). */
  retryDelaySeconds?: number;
  /** A job still active after this long is presumed dead (its worker was killed) and retried. */
  expireInSeconds?: number;
  handle(
    dependencies: Dependencies,
    payload: z.infer<Schema>,
    job: { id: string; retryCount: number },
  ): Promise<unknown>;
}

export interface JobQueue {
  send<Schema extends z.ZodType>(
    definition: JobDefinition<Schema, never>,
    payload: z.infer<Schema>,
    options?: {
      singletonKey?: string;
      startAfterSeconds?: number;
      priority?: number;
      /**
       * Run it in this process's in-process lane for the job (workInThisProcess) when there is
       * one, without the database queue; otherwise it is queued as usual. Only for jobs whose
       * loss in a crash the caller recovers from (the grading job's sweep of stale Runs).
       */
      inThisProcess?: boolean;
    },
  ): Promise<string | null>;
  work<Schema extends z.ZodType, Dependencies>(
    definition: JobDefinition<Schema, Dependencies>,
    dependencies: Dependencies,
    options?: { concurrency?: number; pollingIntervalSeconds?: number; minPriority?: number },
  ): Promise<void>;
  /**
   * An in-process lane for the job: jobs sent with `inThisProcess` run here, `concurrency` at a
   * time in arrival order, with no database round trip (bench/README.md, "Runs under load").
   */
  workInThisProcess<Schema extends z.ZodType, Dependencies>(
    definition: JobDefinition<Schema, Dependencies>,
    dependencies: Dependencies,
    options: { concurrency: number },
  ): void;
  /** Whether a job of this kind whose payload contains `payload` waits or runs in the database queue. */
  hasPendingJob<Schema extends z.ZodType>(
    definition: JobDefinition<Schema, never>,
    payload: Partial<z.infer<Schema>>,
  ): Promise<boolean>;
  schedule(definition: JobDefinition<z.ZodType, never>, cron: string): Promise<void>;
  ping(): Promise<void>;
  stop(): Promise<void>;
  boss: PgBoss;
}

export async function startJobQueue(
  database: Database,
  options: { logger: Logger; supervise?: boolean; superviseIntervalSeconds?: number },
): Promise<JobQueue> {
  const boss =
    database.engine === "pglite" && database.pglite
      ? new PgBoss({
          db: fromPglite(database.pglite),
          backend: "pglite",
          supervise: options.supervise ?? true,
          superviseIntervalSeconds: options.superviseIntervalSeconds ?? 60,
        })
      : new PgBoss({
          connectionString: database.url ?? "",
          max: 4,
          supervise: options.supervise ?? true,
          superviseIntervalSeconds: options.superviseIntervalSeconds ?? 60,
        });
  boss.on("error", (error) => options.logger.error({ err: error }, "job queue error"));
  await boss.start();
  const createdQueues = new Set<string>();
  const lanes = new Map<string, InProcessLane>();
  let stopping = false;

  function wakeWorkers(queue: string) {
    for (const worker of boss.getWipData()) if (worker.name === queue) boss.notifyWorker(worker.id);
  }

  /** Queues an already parsed payload in the database (send's path, and the lanes' hand-over). */
  async function sendToDatabaseQueue(
    definition: JobDefinition<z.ZodType, unknown>,
    payload: unknown,
    sendOptions: { singletonKey?: string; startAfterSeconds?: number; priority?: number | undefined },
  ): Promise<string | null> {
    await ensureQueue(definition as JobDefinition<z.ZodType, never>);
    const id = await boss.send(definition.queue, payload as object, {
      ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
      ...(sendOptions.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
      // pg-boss fetches the highest priority first, then the oldest.
      ...(sendOptions.priority ? { priority: sendOptions.priority } : {}),
    });
    // An idle worker of this process takes the job now rather than at its next poll (a
    // candidate's Run would otherwise wait up to the polling interval before it starts).
    if (!sendOptions.startAfterSeconds) wakeWorkers(definition.queue);
    return id;
  }

  /** Starts the lane's next jobs while it has room. */
  function pumpLane(lane: InProcessLane) {
    while (lane.running.size < lane.concurrency && lane.pending.length > 0) {
      const job = lane.pending.shift() as LaneJob;
      const running: Promise<void> = runLaneJob(lane, job).finally(() => {
        lane.running.delete(running);
        pumpLane(lane);
      });
      lane.running.add(running);
    }
  }

  async function runLaneJob(lane: InProcessLane, job: LaneJob) {
    const { definition } = lane;
    options.logger.debug({ queue: definition.queue, jobId: job.id, inThisProcess: true }, "job started");
    try {
      await definition.handle(lane.dependencies, job.payload, { id: job.id, retryCount: 0 });
    } catch (error) {
      // The database queue retries it as it would any job of this kind.
      options.logger.warn(
        { err: error, queue: definition.queue, jobId: job.id },
        "in-process job failed; queued for retry",
      );
      await sendToDatabaseQueue(definition, job.payload, job).catch((sendError: unknown) =>
        options.logger.error(
          { err: sendError, queue: definition.queue },
          "could not queue a failed in-process job",
        ),
      );
    }
  }

  async function ensureQueue(definition: JobDefinition<z.ZodType, never>) {
    if (createdQueues.has(definition.queue)) return;
    const settings = {
      retryLimit: definition.retryLimit ?? 5,
      retryDelay: definition.retryDelaySeconds ?? 5,
      retryBackoff: true,
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
    };
    await boss.createQueue(definition.queue, settings);
    // createQueue keeps an existing queue's settings; bring them in line with the code.
    await boss.updateQueue(definition.queue, settings);
    createdQueues.add(definition.queue);
  }

  return {
    boss,
    async send(definition, payload, sendOptions = {}) {
      const parsed = definition.payload.safeParse(payload);
      if (!parsed.success) {
        throw new AppError(
          "bad_request",
          `Invalid payload for job ${definition.queue}: ${parsed.error.message}`,
        );
      }
      const lane = lanes.get(definition.queue);
      if (sendOptions.inThisProcess && !sendOptions.startAfterSeconds && lane && !stopping) {
        const id = randomUUID();
        lane.pending.push({ id, payload: parsed.data, priority: sendOptions.priority });
        pumpLane(lane);
        return id;
      }
      return sendToDatabaseQueue(definition as JobDefinition<z.ZodType, unknown>, parsed.data, sendOptions);
    },
    async work(definition, dependencies, workOptions = {}) {
      await ensureQueue(definition as JobDefinition<z.ZodType, never>);
      await boss.work(
        definition.queue,
        {
          batchSize: 1,
          localConcurrency: workOptions.concurrency ?? 1,
          pollingIntervalSeconds: workOptions.pollingIntervalSeconds ?? 2,
          // A worker that only takes jobs at or above this priority: capacity reserved for them.
          ...(workOptions.minPriority === undefined ? {} : { minPriority: workOptions.minPriority }),
        },
        async ([job]) => {
          if (!job) return;
          const payload = definition.payload.parse(job.data);
          const retryCount = (job as { retryCount?: number }).retryCount ?? 0;
          options.logger.debug({ queue: definition.queue, jobId: job.id, retryCount }, "job started");
          try {
            return await definition.handle(dependencies, payload, { id: job.id, retryCount });
          } finally {
            // pg-boss waits out the rest of the polling interval after a job shorter than it, even
            // with more jobs waiting: a queue of 150 ms Runs would drain at two a second. Woken,
            // the worker fetches again at once, and polls only when a fetch finds nothing.
            wakeWorkers(definition.queue);
          }
        },
      );
    },
    workInThisProcess(definition, dependencies, laneOptions) {
      lanes.set(definition.queue, {
        definition: definition as JobDefinition<z.ZodType, unknown>,
        dependencies,
        concurrency: Math.max(1, laneOptions.concurrency),
        pending: [],
        running: new Set(),
      });
    },
    async hasPendingJob(definition, payload) {
      await ensureQueue(definition as JobDefinition<z.ZodType, never>);
      const jobs = await boss.findJobs(definition.queue, { data: payload as object });
      return jobs.some((job) => job.state === "created" || job.state === "retry" || job.state === "active");
    },
    async schedule(definition, cron) {
      await ensureQueue(definition);
      await boss.schedule(definition.queue, cron, {});
    },
    async ping() {
      await boss.getQueues();
    },
    async stop() {
      // Jobs of the in-process lanes not started yet go to the database queue, where another
      // worker (or this one's next start) takes them; those running are waited for.
      stopping = true;
      for (const lane of lanes.values()) {
        for (const job of lane.pending.splice(0))
          await sendToDatabaseQueue(lane.definition, job.payload, job);
      }
      await Promise.race([
        Promise.allSettled([...lanes.values()].flatMap((lane) => [...lane.running])),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]);
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

interface LaneJob {
  id: string;
  payload: unknown;
  priority: number | undefined;
}

interface InProcessLane {
  definition: JobDefinition<z.ZodType, unknown>;
  dependencies: unknown;
  concurrency: number;
  pending: LaneJob[];
  running: Set<Promise<void>>;
}

/**
 * Makes a job handler's effect happen once even when the job is retried (a worker killed after
 * writing but before completing the job, or two workers racing on an expired job). The work and
 * the record of its result commit in one transaction; a retry finds the record and returns the
 * stored result without running the work again.
 */
export async function runOnce<Result>(
  db: Db,
  key: { queue: string; idempotencyKey: string },
  work: (tx: Db) => Promise<Result>,
): Promise<{ result: Result; replayed: boolean }> {
  const stored = await readStoredResult<Result>(db, key);
  if (stored !== undefined) return { result: stored, replayed: true };
  try {
    const result = await db.transaction(async (tx) => {
      const value = await work(tx);
      await tx.insert(jobResults).values({ ...key, result: (value ?? null) as unknown });
      return value;
    });
    return { result, replayed: false };
  } catch (error) {
    // Another attempt committed first: its result stands, this attempt's writes rolled back.
    const winner = await readStoredResult<Result>(db, key);
    if (winner !== undefined) return { result: winner, replayed: true };
    throw error;
  }
}

async function readStoredResult<Result>(db: Db, key: { queue: string; idempotencyKey: string }) {
  const [row] = await db
    .select({ result: jobResults.result })
    .from(jobResults)
    .where(and(eq(jobResults.queue, key.queue), eq(jobResults.idempotencyKey, key.idempotencyKey)));
  return row ? (row.result as Result) : undefined;
}
