import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "../../platform/db/schema.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { workModels } from "../roles/roles-table.ts";

/**
 * The outcomes side (issue 14): teams, the services they own, the hires that join them, and the
 * delivery events (changes, deployments, incidents) the DORA engine reads. Events are stored
 * one row per event identity, in the engine's own shape, so reading them back gives
 * `computeDoraMetrics` exactly what was sent.
 */

/** Where an event came from; part of its identity, so two tools never overwrite each other. */
export const outcomeSources = ["api", "csv", "github", "pagerduty", "jira", "demo"] as const;
export type OutcomeSource = (typeof outcomeSources)[number];

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    workModel: text("work_model", { enum: workModels }).notNull(),
    /** Office or time-zone band, as the organisation writes it ("Berlin office", "UTC−5…UTC+1"). */
    location: text("location"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("teams_org_name_key").on(table.organizationId, table.name),
    check("teams_work_model_check", sql`${table.workModel} in ('onsite', 'remote', 'hybrid')`),
  ],
);

/** A deployable thing; events name it. Created on first sight unless the organisation said no. */
export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    /** Null until an admin assigns it: services created by events belong to no team yet. */
    teamId: uuid("team_id").references(() => teams.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("services_org_name_key").on(table.organizationId, table.name),
    index("services_team_idx").on(table.teamId),
  ],
);

/** An organisation's outcomes settings; no row means the defaults. */
export const outcomeSettings = pgTable("outcome_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  /** Events naming an unknown service create it (in no team); off, they are refused. */
  autoCreateServices: boolean("auto_create_services").notNull().default(true),
});

/**
 * A hire: an application whose final decision was "hire", joined to the team the person joins.
 * The join between hiring signals and outcomes; personal data (export and erasure cover it).
 */
export const hires = pgTable(
  "hires",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id),
    teamId: uuid("team_id").references(() => teams.id),
    /** The team's work model when the hire joined it (teams may change theirs later). */
    workModel: text("work_model", { enum: workModels }),
    level: text("level"),
    startDate: date("start_date", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("hires_application_key").on(table.applicationId),
    index("hires_org_team_idx").on(table.organizationId, table.teamId),
  ],
);

/**
 * No foreign keys on the event tables, on purpose: checked row by row they made inserts about five
 * times slower (issue 14's ingestion target is 20 % of a bare COPY). The references hold by
 * construction: ingestOutcomeEvents resolves or creates every service in the transaction that
 * stores its events, and services are never deleted.
 */
const eventColumns = () => ({
  organizationId: uuid("organization_id").notNull(),
  serviceId: uuid("service_id").notNull(),
  source: text("source", { enum: outcomeSources }).notNull(),
  externalId: text("external_id").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Identity: (service, source, externalId) per event type (a service belongs to one organisation,
 * so this is unique per organisation too). The engine's identity is (type, service, externalId)
 * (DORA.md D8); the source keeps two tools from overwriting each other's events. An upsert on it
 * makes every replay change nothing. The identity index is the only index: every read filters by
 * service, which it leads with, and each extra index would slow ingestion down.
 */
export const outcomeChanges = pgTable(
  "outcome_changes",
  {
    ...eventColumns(),
    /** Only connectors use it (reviews vs. self-comments); no metric ever reads it. */
    author: text("author").notNull(),
    firstCommitAt: timestamp("first_commit_at", { withTimezone: true, precision: 3 }),
    openedAt: timestamp("opened_at", { withTimezone: true, precision: 3 }).notNull(),
    firstReviewAt: timestamp("first_review_at", { withTimezone: true, precision: 3 }),
    mergedAt: timestamp("merged_at", { withTimezone: true, precision: 3 }),
  },
  (table) => [
    uniqueIndex("outcome_changes_identity_key").on(table.serviceId, table.source, table.externalId),
  ],
);

export const outcomeDeployments = pgTable(
  "outcome_deployments",
  {
    ...eventColumns(),
    environment: text("environment").notNull(),
    result: text("result", { enum: ["success", "failure"] }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }).notNull(),
    /**
     * The deployment → change links: the externalIds of the service's changes it ships, in the
     * order sent. Kept on the deployment row so a replayed deployment replaces its links whole.
     */
    changeExternalIds: text("change_external_ids").array().notNull().default(sql`'{}'::text[]`),
  },
  (table) => [
    uniqueIndex("outcome_deployments_identity_key").on(table.serviceId, table.source, table.externalId),
  ],
);

export const outcomeIncidents = pgTable(
  "outcome_incidents",
  {
    ...eventColumns(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
  },
  (table) => [
    uniqueIndex("outcome_incidents_identity_key").on(table.serviceId, table.source, table.externalId),
  ],
);

export const deliveryStatuses = ["accepted", "duplicate", "rejected", "failed"] as const;

/** The last deliveries received from each integration (webhooks, imports), for the settings page. */
export const integrationDeliveries = pgTable(
  "integration_deliveries",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    source: text("source", { enum: outcomeSources }).notNull(),
    /** The sender's delivery id (X-GitHub-Delivery, PagerDuty's event id…); replays share it. */
    deliveryId: text("delivery_id").notNull(),
    status: text("status", { enum: deliveryStatuses }).notNull(),
    /** Why it was rejected or failed; never a secret nor the payload. */
    error: text("error"),
    /** How many events it carried (0 when rejected). */
    eventCount: integer("event_count").notNull().default(0),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("integration_deliveries_key").on(table.organizationId, table.source, table.deliveryId),
    index("integration_deliveries_org_received_idx").on(table.organizationId, table.receivedAt),
  ],
);
