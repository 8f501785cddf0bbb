import { eq } from "drizzle-orm";
import type { ModuleContract } from "../module-contract.ts";
import { candidateMagicLinks, candidateSessions } from "./portal-table.ts";

const SECRETS_ONLY =
  "Hashes of sign-in secrets and their times: nothing the candidate told us or that describes them.";

/** The candidate's ways in: magic links and portal sessions. */
export const portalContract: ModuleContract = {
  name: "portal",
  personalData: [
    {
      subject: "candidate",
      table: candidateMagicLinks,
      columns: [candidateMagicLinks.tokenHash],
      export: { notExported: SECRETS_ONLY },
      erasure: "Deleted, so no link signs anyone in as the erased candidate.",
      async erase({ tx, candidateId }) {
        const deleted = await tx
          .delete(candidateMagicLinks)
          .where(eq(candidateMagicLinks.candidateId, candidateId))
          .returning({ id: candidateMagicLinks.id });
        return { removed: { magicLinks: deleted.length } };
      },
    },
    {
      subject: "candidate",
      table: candidateSessions,
      columns: [candidateSessions.tokenHash],
      export: { notExported: SECRETS_ONLY },
      erasure: "Deleted, which signs the candidate out everywhere.",
      async erase({ tx, candidateId }) {
        const deleted = await tx
          .delete(candidateSessions)
          .where(eq(candidateSessions.candidateId, candidateId))
          .returning({ id: candidateSessions.id });
        return { removed: { portalSessions: deleted.length } };
      },
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
