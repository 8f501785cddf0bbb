import type { ModuleContract } from "../../module-contract.ts";
import { runProbeJob, scheduleProbesJob } from "./probe-jobs.ts";
import { uptimeChecks, uptimeMaintenanceWindows, uptimeProbes, uptimeSlos } from "./uptime-table.ts";

/** Uptime probes, checks, maintenance windows and SLOs per service. */
export const uptimeContract: ModuleContract = {
  name: "outcomes/uptime",
  personalData: [],
  freeOfPersonalData: [
    {
      table: uptimeProbes,
      reason: "The URL an admin chose to probe, its interval, timeout and expected status.",
    },
    { table: uptimeChecks, reason: "Check times, results, status codes, latencies and connection errors." },
    { table: uptimeMaintenanceWindows, reason: "Start and end of planned maintenance per service." },
    { table: uptimeSlos, reason: "A service's availability target and period." },
  ],
  jobs: [
    { definition: scheduleProbesJob, schedule: "* * * * *", concurrency: 1 },
    { definition: runProbeJob, concurrency: 4, pollingIntervalSeconds: 1 },
  ],
};
