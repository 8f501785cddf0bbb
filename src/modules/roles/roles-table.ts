import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";

export const seniorities = ["junior", "mid", "senior", "staff"] as const;
export const roleStatuses = ["draft", "open", "paused", "closed"] as const;
export const workModels = ["onsite", "remote", "hybrid"] as const;
export type WorkModel = (typeof workModels)[number];

/** An opening for a backend engineer. */
export const roles = pgTable(
  "roles",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    title: text("title").notNull(),
    /** The team's name as shown; kept equal to the linked team's name while teamId is set. */
    team: text("team").notNull(),
    /**
     * The outcomes engine's team the hire will join (outcomes/teams.ts). The foreign key, with
     * ON DELETE SET NULL, is declared in migration 0022 only: the teams table imports this file.
     */
    teamId: uuid("team_id"),
    seniority: text("seniority", { enum: seniorities }).notNull(),
    techStack: text("tech_stack").array().notNull().default(sql`'{}'::text[]`),
    officeLocations: text("office_locations").array().notNull().default(sql`'{}'::text[]`),
    /** Accepted time zones as UTC offsets in hours, e.g. -5 to +2. */
    timezoneFromUtcOffset: integer("timezone_from_utc_offset").notNull(),
    timezoneToUtcOffset: integer("timezone_to_utc_offset").notNull(),
    complianceNeeds: text("compliance_needs").array().notNull().default(sql`'{}'::text[]`),
    headcount: integer("headcount").notNull(),
    status: text("status", { enum: roleStatuses }).notNull().default("draft"),
    workModel: text("work_model", { enum: workModels }),
    onsiteDaysPerWeek: integer("onsite_days_per_week"),
    /** The decision formula's weighted score (1–4 scale) at or above which the formula says hire. */
    hireThreshold: numeric("hire_threshold", { precision: 3, scale: 2, mode: "number" }).notNull().default(3),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("roles_org_idx").on(table.organizationId, table.createdAt),
    index("roles_team_idx").on(table.teamId),
    check("roles_headcount_check", sql`${table.headcount} between 1 and 1000`),
    check(
      "roles_timezone_check",
      sql`${table.timezoneFromUtcOffset} between -12 and 14 and ${table.timezoneToUtcOffset} between -12 and 14 and ${table.timezoneFromUtcOffset} <= ${table.timezoneToUtcOffset}`,
    ),
    check(
      "roles_onsite_days_check",
      sql`(${table.workModel} = 'hybrid' and ${table.onsiteDaysPerWeek} between 1 and 4) or (${table.workModel} is distinct from 'hybrid' and ${table.onsiteDaysPerWeek} is null)`,
    ),
  ],
);

/** The advisor's recommendation and what the hiring team chose, kept as a record per decision. */
export const workModelDecisions = pgTable(
  "work_model_decisions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id),
    factors: jsonb("factors").notNull(),
    advice: jsonb("advice").notNull(),
    advisorVersion: text("advisor_version").notNull(),
    recommendedModel: text("recommended_model", { enum: workModels }).notNull(),
    chosenModel: text("chosen_model", { enum: workModels }).notNull(),
    onsiteDaysPerWeek: integer("onsite_days_per_week"),
    overrideReason: text("override_reason"),
    decidedBy: uuid("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("work_model_decisions_role_idx").on(table.roleId, table.decidedAt),
    check(
      "work_model_decisions_override_check",
      sql`${table.chosenModel} = ${table.recommendedModel} or length(trim(coalesce(${table.overrideReason}, ''))) > 0`,
    ),
  ],
);
