import { sql } from "drizzle-orm";
import { boolean, check, index, integer, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../../platform/db/schema.ts";
import { kitVersions } from "../kits/kits-table.ts";
import { roles } from "../roles/roles-table.ts";

export const stageTypes = [
  "application_review",
  "async_challenge",
  "async_collaboration",
  "written_exercise",
  "async_exercise",
  "system_design",
  "pair_programming",
  "trial_day",
  "decision",
] as const;
export type StageType = (typeof stageTypes)[number];

/** Stages run live by interviewers: at least two independent raters each (Campion et al. 1997). */
export const interviewStageTypes: readonly StageType[] = ["system_design", "pair_programming", "trial_day"];
export const stageModes = ["onsite", "remote", "async"] as const;

/** One ordered stage of a role's hiring plan. */
export const planStages = pgTable(
  "plan_stages",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: stageTypes }).notNull(),
    mode: text("mode", { enum: stageModes }),
    kitVersionId: uuid("kit_version_id").references(() => kitVersions.id),
    /** Users allowed to interview or review in this stage; the same pool for every candidate of the role. */
    interviewerPool: uuid("interviewer_pool").array().notNull().default(sql`'{}'::uuid[]`),
    requiredRaters: integer("required_raters").notNull().default(1),
    /** Weight of this stage's score in the decision formula; 0 for unscored stages. */
    weight: numeric("weight", { precision: 5, scale: 4, mode: "number" }).notNull().default(0),
    isBlind: boolean("is_blind").notNull().default(false),
    /** For async challenge stages: the challenge the candidate takes (challenge engine). */
    challengeId: text("challenge_id"),
    deadlineDays: integer("deadline_days"),
    /** For async challenge stages: how many Submits a candidate may make (the latest counts). */
    maxSubmits: integer("max_submits").notNull().default(3),
    /** Days an application may sit in this stage before the work queue lists it as stalled. */
    targetDays: integer("target_days").notNull().default(7),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("plan_stages_role_idx").on(table.roleId, table.position),
    check("plan_stages_raters_check", sql`${table.requiredRaters} between 1 and 10`),
    check("plan_stages_weight_check", sql`${table.weight} >= 0 and ${table.weight} <= 1`),
    check("plan_stages_target_days_check", sql`${table.targetDays} between 1 and 365`),
    check("plan_stages_max_submits_check", sql`${table.maxSubmits} between 1 and 20`),
  ],
);
