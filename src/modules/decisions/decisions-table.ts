import { index, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { applications } from "../candidates/candidates-table.ts";

export const decisionOutcomes = ["hire", "no_hire"] as const;

export interface DecisionComponent {
  stageId: string;
  stageName: string;
  weight: number;
  /** Mean score (1–4) of the stage's latest scorecards, or null when none was filed. */
  score: number | null;
  raters: number;
  requiredRaters: number;
}

/**
 * The hiring manager's final decision beside what the fixed weighted formula said. A decision
 * that departs from the formula carries a reason (Campion et al. 1997, component 15).
 */
export const hiringDecisions = pgTable(
  "hiring_decisions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    components: jsonb("components").$type<DecisionComponent[]>().notNull(),
    formulaScore: numeric("formula_score", { precision: 4, scale: 3, mode: "number" }),
    threshold: numeric("threshold", { precision: 3, scale: 2, mode: "number" }).notNull(),
    formulaOutcome: text("formula_outcome", { enum: ["hire", "no_hire", "incomplete"] }).notNull(),
    outcome: text("outcome", { enum: decisionOutcomes }).notNull(),
    overrideReason: text("override_reason"),
    decidedBy: uuid("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("hiring_decisions_application_idx").on(table.applicationId, table.decidedAt)],
);
