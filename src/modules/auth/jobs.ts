import { z } from "zod";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import type { JobDefinition } from "../../platform/queue.ts";
import { deleteExpiredSessions } from "./sessions.ts";

/** Hourly: expired sessions are useless and only grow the table. */
const noPayload = z.object({});

export const cleanupExpiredSessionsJob: JobDefinition<typeof noPayload, { db: Db; clock: Clock }> = {
  queue: "auth.cleanup-expired-sessions",
  payload: noPayload,
  retryLimit: 3,
  async handle(deps) {
    return { deleted: await deleteExpiredSessions(deps.db, deps.clock) };
  },
};
