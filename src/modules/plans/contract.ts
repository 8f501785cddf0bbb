import type { ModuleContract } from "../module-contract.ts";
import { planStages } from "./plans-table.ts";

export const plansContract: ModuleContract = {
  name: "plans",
  personalData: [],
  freeOfPersonalData: [{ table: planStages, reason: "A role's hiring stages: names, types and settings." }],
  jobs: [],
};
