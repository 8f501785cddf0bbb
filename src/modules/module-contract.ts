import type { PgTable } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/client.ts";
import type { EventBus } from "../platform/events.ts";
import type { JobDefinition, JobQueue } from "../platform/queue.ts";
import type { Mailer } from "./mail/mailer.ts";
import type { CandidateDataHolding, PersonalDataHolding } from "./privacy/personal-data.ts";

/** What every job handler may use; src/worker/handlers.ts builds it once per process. */
export interface WorkerDependencies {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  events: EventBus;
  /** The queue the worker runs on, for jobs that queue further jobs (the uptime probe scheduler). */
  queue: JobQueue;
  /** EVIDENT_SECRET, for jobs that open sealed integration secrets (outcomes/connectors/secret-box.ts). */
  secret: string;
  /** Every module's candidate data, for erasure by the retention job. */
  candidateData: readonly CandidateDataHolding[];
}

/** A background job a module runs, and how the worker runs it. */
export interface ModuleJob {
  /** Its handler may use any part of WorkerDependencies. */
  definition: JobDefinition<z.ZodType, WorkerDependencies>;
  /** A cron expression, for a job the worker starts on a schedule rather than on demand. */
  schedule?: string;
  /** Jobs at a time per worker process; "grading workers" follows EVIDENT_GRADING_WORKERS. */
  concurrency?: number | "grading workers";
  pollingIntervalSeconds?: number;
  /**
   * Extra workers that take only jobs sent with at least this priority, so urgent jobs (a
   * candidate's Run) never wait behind a queue of ordinary ones, only behind jobs in progress.
   * With `inThisProcess`, as many again take the jobs this process sends with `inThisProcess`
   * straight from the sender (JobQueue.workInThisProcess), with no database queue in between.
   */
  reserved?: { minPriority: number; concurrency: number; inThisProcess?: boolean };
}

/**
 * What a module declares for the work that cuts across modules: what it holds of a person
 * (export and erasure iterate these), the tables it holds that are free of personal data and
 * why, and its background jobs (the worker runs these). src/modules/contracts.ts collects them.
 */
export interface ModuleContract {
  name: string;
  personalData: PersonalDataHolding[];
  freeOfPersonalData: { table: PgTable; reason: string }[];
  jobs: ModuleJob[];
}
