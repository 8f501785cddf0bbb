import { apiTokens } from "../../platform/db/schema.ts";
import type { ModuleContract } from "../module-contract.ts";

export const apiTokensContract: ModuleContract = {
  name: "api-tokens",
  personalData: [
    {
      subject: "staff member",
      table: apiTokens,
      columns: [apiTokens.name],
      handling: "A token's name is chosen by the staff member who owns it; revoking or leaving ends its use.",
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
