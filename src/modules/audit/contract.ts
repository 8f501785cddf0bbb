import { auditEvents } from "../../platform/db/schema.ts";
import type { ModuleContract } from "../module-contract.ts";

export const auditContract: ModuleContract = {
  name: "audit",
  personalData: [
    {
      subject: "staff member",
      table: auditEvents,
      columns: [auditEvents.ip, auditEvents.userAgent],
      handling:
        "Append-only: who acted from where. Its details are ids and structured facts, free text is refused, so erasing a candidate never has to reach it.",
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
