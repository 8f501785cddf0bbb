import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";

/** A person who applies. Candidates are their own principal: they sign in with magic links. */
export const candidates = pgTable(
  "candidates",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** Null once erased; the row stays so anonymised evaluation data keeps its shape. */
    email: text("email"),
    fullName: text("full_name"),
    phone: text("phone"),
    location: text("location"),
    links: text("links").array().notNull().default(sql`'{}'::text[]`),
    source: text("source"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    erasedAt: timestamp("erased_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("candidates_org_email_key").on(table.organizationId, sql`lower(${table.email})`),
    index("candidates_org_created_idx").on(table.organizationId, table.createdAt),
  ],
);

/**
 * Voluntary self-identification, kept apart from evaluation data: never joined into what
 * interviewers or reviewers see, reported only in aggregates with minimum cell sizes.
 */
export const candidateDemographics = pgTable("candidate_demographics", {
  candidateId: uuid("candidate_id")
    .primaryKey()
    .references(() => candidates.id),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  answers: jsonb("answers").$type<Record<string, string>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const applicationStatuses = ["active", "rejected", "withdrawn", "hired"] as const;
export const rejectionReasons = [
  "skills_gap",
  "experience_level",
  "work_model_mismatch",
  "location_or_timezone",
  "compensation",
  "position_filled",
  "did_not_complete",
  "other",
] as const;

/** A candidate's application to one role, moving through the role's plan stages. */
export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id),
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id),
    currentStageId: uuid("current_stage_id").references(() => planStages.id),
    status: text("status", { enum: applicationStatuses }).notNull().default("active"),
    rejectionReason: text("rejection_reason", { enum: rejectionReasons }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("applications_candidate_role_key").on(table.candidateId, table.roleId),
    // The list endpoint filters by organisation (and often role, stage, status) and pages by (created_at, id).
    index("applications_org_page_idx").on(table.organizationId, table.createdAt.desc(), table.id.desc()),
    index("applications_org_role_idx").on(table.organizationId, table.roleId, table.status),
    // The same page order within one role or one status, so a filtered page (a role's pipeline,
    // or the few hired) walks only matching rows instead of filtering the organisation's index.
    index("applications_org_role_page_idx").on(
      table.organizationId,
      table.roleId,
      table.createdAt.desc(),
      table.id.desc(),
    ),
    index("applications_org_status_page_idx").on(
      table.organizationId,
      table.status,
      table.createdAt.desc(),
      table.id.desc(),
    ),
    index("applications_stage_idx").on(table.currentStageId),
  ],
);

export const applicationEventKinds = [
  "created",
  "stage_moved",
  "rejected",
  "withdrawn",
  "hired",
  "reopened",
] as const;

/** The full history of an application: every stage move and status change, append-only. */
export const applicationEvents = pgTable(
  "application_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    kind: text("kind", { enum: applicationEventKinds }).notNull(),
    fromStageId: uuid("from_stage_id"),
    toStageId: uuid("to_stage_id"),
    reason: text("reason"),
    note: text("note"),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("application_events_app_idx").on(table.applicationId, table.id)],
);
