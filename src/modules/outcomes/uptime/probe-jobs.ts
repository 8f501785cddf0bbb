import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/client.ts";
import type { JobDefinition, JobQueue } from "../../../platform/queue.ts";
import { runProbe } from "./probe.ts";
import { recordProbeCheck } from "./uptime.ts";
import { uptimeChecks, uptimeProbes } from "./uptime-table.ts";

/**
 * Probes run by the job worker. pg-boss schedules at most once a minute, and probes may run every
 * 30 s, so a scheduler job runs each minute and queues every probe slot falling in the coming
 * minute (slot = a multiple of the probe's interval since the epoch), delayed to its instant.
 * The slot is the stored check's identity, and a probe job finding its slot already checked does
 * nothing, so a scheduler running twice or a retried probe never records a slot twice.
 */

export const runProbePayload = z.object({ probeId: z.uuid(), slotMs: z.number().int() });

export const runProbeJob: JobDefinition<typeof runProbePayload, { db: Db; clock: Clock }> = {
  queue: "outcomes.run-uptime-probe",
  payload: runProbePayload,
  retryLimit: 1,
  retryDelaySeconds: 5,
  expireInSeconds: 120,
  async handle(deps, payload) {
    const [probe] = await deps.db.select().from(uptimeProbes).where(eq(uptimeProbes.id, payload.probeId));
    if (!probe?.isEnabled) return { skipped: true };
    // A slot queued twice (the scheduler ran twice in a minute) is probed once.
    const [done] = await deps.db
      .select({ id: uptimeChecks.id })
      .from(uptimeChecks)
      .where(
        and(
          eq(uptimeChecks.serviceId, probe.serviceId),
          eq(uptimeChecks.source, "probe"),
          eq(uptimeChecks.checkedAt, new Date(payload.slotMs)),
        ),
      );
    if (done) return { skipped: true };
    // The URL guard runs again inside runProbe, on what DNS answers now.
    const result = await runProbe({
      url: probe.url,
      timeoutMs: probe.timeoutMs,
      expectedStatus: probe.expectedStatus,
    });
    await recordProbeCheck(deps.db, probe, payload.slotMs, result);
    return { ok: result.ok };
  },
};

/** The probe slots in [fromMs, fromMs + spanMs): multiples of the interval. */
export function slotsBetween(intervalSeconds: number, fromMs: number, spanMs: number): number[] {
  const interval = intervalSeconds * 1000;
  const slots: number[] = [];
  for (let slot = Math.ceil(fromMs / interval) * interval; slot < fromMs + spanMs; slot += interval)
    slots.push(slot);
  return slots;
}

/** Queues the coming minute's probe slots; answers how many were new. */
export async function scheduleDueProbes(deps: { db: Db; clock: Clock; queue: JobQueue }): Promise<number> {
  const now = deps.clock.now().getTime();
  const probes = await deps.db
    .select({ id: uptimeProbes.id, intervalSeconds: uptimeProbes.intervalSeconds })
    .from(uptimeProbes)
    .where(and(eq(uptimeProbes.isEnabled, true)));
  let queued = 0;
  for (const probe of probes) {
    for (const slotMs of slotsBetween(probe.intervalSeconds, now, 60_000)) {
      const delaySeconds = Math.max(0, Math.round((slotMs - now) / 1000));
      const jobId = await deps.queue.send(
        runProbeJob,
        { probeId: probe.id, slotMs },
        {
          singletonKey: `${probe.id}:${slotMs}`,
          ...(delaySeconds > 0 ? { startAfterSeconds: delaySeconds } : {}),
        },
      );
      if (jobId !== null) queued += 1;
    }
  }
  return queued;
}

export const scheduleProbesJob: JobDefinition<z.ZodObject, { db: Db; clock: Clock; queue: JobQueue }> = {
  queue: "outcomes.schedule-uptime-probes",
  payload: z.object({}),
  retryLimit: 0,
  expireInSeconds: 120,
  handle: (deps) => scheduleDueProbes(deps).then((queued) => ({ queued })),
};
