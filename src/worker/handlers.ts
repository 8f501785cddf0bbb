import { candidateDataHoldings, moduleJobs } from "../modules/contracts.ts";
import type { WorkerDependencies } from "../modules/module-contract.ts";
import type { JobQueue } from "../platform/queue.ts";

/**
 * Runs every module's jobs (their contracts, src/modules/contracts.ts) on the queue;
 * `evident worker` and `evident start` call it.
 */
export async function startJobHandlers(
  queue: JobQueue,
  deps: Omit<WorkerDependencies, "candidateData" | "queue">,
  options: { gradingWorkers?: number } = {},
): Promise<void> {
  const dependencies: WorkerDependencies = { ...deps, queue, candidateData: candidateDataHoldings };
  for (const job of moduleJobs) {
    const concurrency =
      job.concurrency === "grading workers" ? (options.gradingWorkers ?? 1) : job.concurrency;
    await queue.work(job.definition, dependencies, {
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(job.pollingIntervalSeconds === undefined
        ? {}
        : { pollingIntervalSeconds: job.pollingIntervalSeconds }),
    });
    if (job.reserved) {
      await queue.work(job.definition, dependencies, {
        concurrency: job.reserved.concurrency,
        minPriority: job.reserved.minPriority,
        ...(job.pollingIntervalSeconds === undefined
          ? {}
          : { pollingIntervalSeconds: job.pollingIntervalSeconds }),
      });
      if (job.reserved.inThisProcess) {
        queue.workInThisProcess(job.definition, dependencies, { concurrency: job.reserved.concurrency });
      }
    }
    if (job.schedule) await queue.schedule(job.definition as never, job.schedule);
  }
}
