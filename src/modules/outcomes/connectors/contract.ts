import type { ModuleContract } from "../../module-contract.ts";
import { githubBackfillJob } from "./github-backfill.ts";
import { outcomeIntegrations } from "./integrations-table.ts";
import { processDeliveryJob } from "./process-delivery.ts";

/** Integrations with GitHub, PagerDuty and Jira: their settings and sealed secrets, and their jobs. */
export const connectorsContract: ModuleContract = {
  name: "outcomes/connectors",
  personalData: [],
  freeOfPersonalData: [
    {
      table: outcomeIntegrations,
      reason:
        "Mapping settings (repositories, service names, issue types) and sealed secrets; no person's data.",
    },
  ],
  jobs: [
    { definition: processDeliveryJob, concurrency: 2, pollingIntervalSeconds: 1 },
    { definition: githubBackfillJob, concurrency: 1 },
  ],
};
