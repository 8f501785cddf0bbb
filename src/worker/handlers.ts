import { cleanupExpiredSessionsJob } from "../modules/auth/jobs.ts";
import type { Mailer } from "../modules/mail/mailer.ts";
import { candidateRetentionJob } from "../modules/privacy/retention.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/client.ts";
import type { JobQueue } from "../platform/queue.ts";

/** Wires every module's job handlers to the queue; `evident worker` and `evident start` call it. */
export async function startJobHandlers(
  queue: JobQueue,
  deps: { db: Db; clock: Clock; mailer: Mailer },
): Promise<void> {
  await queue.work(cleanupExpiredSessionsJob, deps);
  await queue.schedule(cleanupExpiredSessionsJob as never, "17 * * * *");
  await queue.work(candidateRetentionJob, deps);
  await queue.schedule(candidateRetentionJob as never, "41 3 * * *");
}
