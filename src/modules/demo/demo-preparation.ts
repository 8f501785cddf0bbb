import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import type { Logger } from "../../platform/logger.ts";
import type { JobQueue } from "../../platform/queue.ts";
import { seedDemoOrganization } from "./seed-demo.ts";

/**
 * Where the demo organisation stands in this process: `absent` when this server does not
 * create one (EVIDENT_DEMO=false), `preparing` while its sample data is being created,
 * `ready` once its logins work, `failed` when creating it failed (the log says why).
 */
export type DemoState = "absent" | "preparing" | "ready" | "failed";

export interface DemoStatus {
  state: DemoState;
  /** 0–100; 100 once ready. */
  percent: number;
}

export interface DemoPreparation {
  status(): DemoStatus;
  /** Settles when preparing is over, whichever way; never rejects. */
  finished: Promise<DemoStatus>;
}

export const absentDemoStatus = (): DemoStatus => ({ state: "absent", percent: 0 });

/**
 * Creates the demo organisation (with its sample hiring data) without holding up the server:
 * the first start answers at once and the login page shows the progress. On later starts the
 * organisation exists and the status is `ready` after one query.
 */
export function prepareDemoInBackground(
  deps: { db: Db; clock: Clock; queue: JobQueue | null; logger: Logger },
  onReady: (outcome: { created: boolean; seconds: number }) => void = () => {},
): DemoPreparation {
  let status: DemoStatus = { state: "preparing", percent: 0 };
  const startedAt = performance.now();
  const finished = seedDemoOrganization(deps, {
    withHiringData: true,
    queue: deps.queue ?? undefined,
    // The hiring data is nearly all of the work; the last percent is the challenge submissions.
    onProgress: (done, total) => {
      status = { state: "preparing", percent: Math.min(99, Math.floor((done / Math.max(total, 1)) * 99)) };
    },
  }).then(
    ({ created }) => {
      status = { state: "ready", percent: 100 };
      onReady({ created, seconds: (performance.now() - startedAt) / 1000 });
      return status;
    },
    (error: unknown) => {
      deps.logger.error({ err: error }, "creating the demo organisation failed");
      status = { state: "failed", percent: status.percent };
      return status;
    },
  );
  return { status: () => status, finished };
}
