import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The platform's tables. Feature modules add their own tables in their folders and re-export
 * them from src/platform/db/tables.ts so drizzle-kit sees one schema.
 * Every row that belongs to a tenant carries `organization_id`.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const memberRoles = ["admin", "recruiter", "hiring_manager", "interviewer"] as const;
export type MemberRole = (typeof memberRoles)[number];

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  isDemo: boolean("is_demo").notNull().default(false),
  /** Whether candidates see their scores and notes in the portal (off by default). */
  shareFeedbackWithCandidates: boolean("share_feedback_with_candidates").notNull().default(false),
  /** Rejected candidates are erased this many days after rejection; null keeps them. */
  candidateRetentionDays: integer("candidate_retention_days"),
  /**
   * The set of voluntary self-identification questions candidates are offered
   * (modules/portal/demographic-presets.ts); the platform keeps the column, the portal the sets.
   */
  demographicPreset: text("demographic_preset", { enum: ["minimal", "uk_eu", "us_eeo"] })
    .notNull()
    .default("minimal"),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("users_email_lower_key").on(sql`lower(${table.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: memberRoles }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.userId] }),
    index("memberships_user_idx").on(table.userId),
    check(
      "memberships_role_check",
      sql`${table.role} in ('admin', 'recruiter', 'hiring_manager', 'interviewer')`,
    ),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    activeOrganizationId: uuid("active_organization_id").references(() => organizations.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (table) => [index("sessions_user_idx").on(table.userId), index("sessions_expires_idx").on(table.expiresAt)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("api_tokens_org_idx").on(table.organizationId, table.createdAt)],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid("organization_id").references(() => organizations.id),
    actorType: text("actor_type", { enum: ["user", "token", "system"] }).notNull(),
    actorUserId: uuid("actor_user_id"),
    actorTokenId: uuid("actor_token_id"),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (table) => [index("audit_events_org_idx").on(table.organizationId, table.id)],
);

/** Results of idempotent job handlers: one row per (queue, key), written once. */
export const jobResults = pgTable(
  "job_results",
  {
    queue: text("queue").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    result: jsonb("result").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.queue, table.idempotencyKey] })],
);
