import { memberships, organizations } from "../../platform/db/schema.ts";
import type { ModuleContract } from "../module-contract.ts";

export const organizationsContract: ModuleContract = {
  name: "organizations",
  personalData: [],
  freeOfPersonalData: [
    { table: organizations, reason: "An organisation's name, slug and settings." },
    { table: memberships, reason: "Which user holds which role in which organisation: ids and a role name." },
  ],
  jobs: [],
};
