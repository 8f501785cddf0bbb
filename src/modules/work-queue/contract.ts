import type { ModuleContract } from "../module-contract.ts";
import { scorecardNudgeJob } from "./nudges.ts";
import { scorecardNudges, slackWebhooks } from "./work-queue-table.ts";

/** The Home work queue is computed, not stored; this module keeps only its nudges' bookkeeping. */
export const workQueueContract: ModuleContract = {
  name: "work-queue",
  personalData: [],
  freeOfPersonalData: [
    {
      table: scorecardNudges,
      reason: "Which interviewer was nudged about which interview on which day: ids and dates only.",
    },
    {
      table: slackWebhooks,
      reason: "The organisation's sealed Slack webhook URL: a credential, nobody's personal data.",
    },
  ],
  jobs: [{ definition: scorecardNudgeJob, schedule: "7 8 * * *" }],
};
