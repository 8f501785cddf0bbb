import type { ModuleContract } from "../module-contract.ts";
import { candidateRetentionJob } from "./retention.ts";

/** Privacy holds nothing itself; it runs the retention job over every module's candidate data. */
export const privacyContract: ModuleContract = {
  name: "privacy",
  personalData: [],
  freeOfPersonalData: [],
  jobs: [{ definition: candidateRetentionJob, schedule: "41 3 * * *" }],
};
