import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../../../platform/db/schema.ts";

export const integrationKinds = ["github", "pagerduty", "jira"] as const;

/**
 * An organisation's connection to GitHub, PagerDuty or Jira: how to map its payloads (config)
 * and its secrets, sealed with AES-256-GCM under a key derived from EVIDENT_SECRET
 * (connectors/secret-box.ts). Nothing in this table is readable without that secret.
 */
export const outcomeIntegrations = pgTable(
  "outcome_integrations",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text("kind", { enum: integrationKinds }).notNull(),
    /** The kind's mapping settings (integration-config.ts); never secret. */
    config: jsonb("config").notNull(),
    /** The webhook signing secret, sealed. */
    sealedWebhookSecret: text("sealed_webhook_secret").notNull(),
    /** An API token for backfills (GitHub), sealed; null when none was given. */
    sealedApiToken: text("sealed_api_token"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    secretRotatedAt: timestamp("secret_rotated_at", { withTimezone: true }),
  },
  (table) => [
    index("outcome_integrations_org_idx").on(table.organizationId),
    check("outcome_integrations_kind_check", sql`${table.kind} in ('github', 'pagerduty', 'jira')`),
  ],
);
