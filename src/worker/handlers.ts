import { cleanupExpiredSessionsJob } from "../modules/auth/jobs.ts";
import { gradeSubmissionJob } from "../modules/grading/grading-job.ts";
import { validatePackageJob } from "../modules/grading/packages.ts";
import type { Mailer } from "../modules/mail/mailer.ts";
import { candidateRetentionJob } from "../modules/privacy/retention.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/client.ts";
import type { JobQueue } from "../platform/queue.ts";

/** Wires every module's job handlers to the queue; `evident worker` and `evident start` call it. */
export async function startJobHandlers(
  queue: JobQueue,
  deps: { db: Db; clock: Clock; mailer: Mailer },
  options: { gradingWorkers?: number } = {},
): Promise<void> {
  // Grading is CPU-bound sandbox work: one job per worker slot, polled often so results feel live.
  const grading = { concurrency: options.gradingWorkers ?? 1, pollingIntervalSeconds: 0.5 };
  await queue.work(gradeSubmissionJob, deps, grading);
  await queue.work(validatePackageJob, deps, { concurrency: 1, pollingIntervalSeconds: 2 });
  await queue.work(cleanupExpiredSessionsJob, deps);
  await queue.schedule(cleanupExpiredSessionsJob as never, "17 * * * *");
  await queue.work(candidateRetentionJob, deps);
  await queue.schedule(candidateRetentionJob as never, "41 3 * * *");
}
