import { asc, eq, inArray } from "drizzle-orm";
import type { ModuleContract } from "../module-contract.ts";
import { ERASED_TEXT } from "../privacy/personal-data.ts";
import { hiringDecisions } from "./decisions-table.ts";

/** Hiring decisions about a candidate's applications. */
export const decisionsContract: ModuleContract = {
  name: "decisions",
  personalData: [
    {
      subject: "candidate",
      table: hiringDecisions,
      columns: [hiringDecisions.overrideReason, hiringDecisions.components],
      async export({ tx, applicationIds }) {
        if (applicationIds.length === 0) return { decisions: [] };
        const rows = await tx
          .select()
          .from(hiringDecisions)
          .where(inArray(hiringDecisions.applicationId, applicationIds))
          .orderBy(asc(hiringDecisions.decidedAt));
        return {
          decisions: rows.map((decision) => ({
            applicationId: decision.applicationId,
            id: decision.id,
            outcome: decision.outcome,
            formulaOutcome: decision.formulaOutcome,
            formulaScore: decision.formulaScore,
            threshold: decision.threshold,
            components: decision.components,
            overrideReason: decision.overrideReason,
            decidedAt: decision.decidedAt.toISOString(),
          })),
        };
      },
      erasure: "An override reason that names the candidate is replaced; outcome and formula stay.",
      async erase({ tx, applicationIds, mentionsCandidate }) {
        if (applicationIds.length === 0) return {};
        const decisions = await tx
          .select({ id: hiringDecisions.id, overrideReason: hiringDecisions.overrideReason })
          .from(hiringDecisions)
          .where(inArray(hiringDecisions.applicationId, applicationIds));
        let decisionOverrideReasons = 0;
        for (const decision of decisions.filter((row) => mentionsCandidate(row.overrideReason))) {
          await tx
            .update(hiringDecisions)
            .set({ overrideReason: ERASED_TEXT })
            .where(eq(hiringDecisions.id, decision.id));
          decisionOverrideReasons += 1;
        }
        return { redacted: { decisionOverrideReasons } };
      },
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
