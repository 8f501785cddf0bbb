import type { ModuleContract } from "../module-contract.ts";
import { roles, workModelDecisions } from "./roles-table.ts";

export const rolesContract: ModuleContract = {
  name: "roles",
  personalData: [],
  freeOfPersonalData: [
    {
      table: roles,
      reason: "Openings: title, team, stack and work-model factors describe a job, not a person.",
    },
    {
      table: workModelDecisions,
      reason: "A role's work-model decisions: factors, the advice and the reason for an override.",
    },
  ],
  jobs: [],
};
