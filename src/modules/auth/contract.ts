import { sessions, users } from "../../platform/db/schema.ts";
import type { ModuleContract } from "../module-contract.ts";
import { cleanupExpiredSessionsJob } from "./jobs.ts";

/** Staff users and their sign-in sessions. */
export const authContract: ModuleContract = {
  name: "auth",
  personalData: [
    {
      subject: "staff member",
      table: users,
      columns: [users.email, users.name, users.passwordHash],
      handling:
        "The people who use Evident; shown to their organisations' members, changed by themselves or an admin.",
    },
    {
      subject: "staff member",
      table: sessions,
      columns: [sessions.ip, sessions.userAgent],
      handling: "Kept while the session is valid; the hourly cleanup deletes expired sessions.",
    },
  ],
  freeOfPersonalData: [],
  jobs: [{ definition: cleanupExpiredSessionsJob, schedule: "17 * * * *" }],
};
