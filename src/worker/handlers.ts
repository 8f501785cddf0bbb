import { cleanupExpiredSessionsJob } from "../modules/auth/jobs.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/client.ts";
import type { JobQueue } from "../platform/queue.ts";

/** Wires every module's job handlers to the queue; `evident worker` and `evident start` call it. */
export async function startJobHandlers(queue: JobQueue, deps: { db: Db; clock: Clock }): Promise<void> {
  await queue.work(cleanupExpiredSessionsJob, deps);
  await queue.schedule(cleanupExpiredSessionsJob as never, "17 * * * *");
}
