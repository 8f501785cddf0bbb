import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "../../../platform/db/schema.ts";
import { services } from "../outcomes-table.ts";

/**
 * Uptime per service: the probe an admin configured (at most one per service), every check it
 * or an import recorded, the maintenance windows that do not count, and the SLO target.
 */

export const uptimeProbes = pgTable(
  "uptime_probes",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    intervalSeconds: integer("interval_seconds").notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    expectedStatus: integer("expected_status").notNull(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("uptime_probes_service_key").on(table.serviceId),
    check("uptime_probes_interval_check", sql`${table.intervalSeconds} >= 30`),
  ],
);

export const uptimeCheckSources = ["probe", "import"] as const;

export const uptimeChecks = pgTable(
  "uptime_checks",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    source: text("source", { enum: uptimeCheckSources }).notNull(),
    checkedAt: timestamp("checked_at", { withTimezone: true, precision: 3 }).notNull(),
    isGood: boolean("is_good").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms"),
    /** Why a check failed (timeout, connection refused, refused address); never a response body. */
    error: text("error"),
  },
  (table) => [
    // One check per service, source and instant: a re-imported file or a retried probe job adds nothing.
    uniqueIndex("uptime_checks_identity_key").on(table.serviceId, table.source, table.checkedAt),
    index("uptime_checks_org_service_time_idx").on(table.organizationId, table.serviceId, table.checkedAt),
  ],
);

export const uptimeMaintenanceWindows = pgTable(
  "uptime_maintenance_windows",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true, precision: 3 }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [
    index("uptime_maintenance_service_idx").on(table.serviceId, table.startsAt),
    check("uptime_maintenance_order_check", sql`${table.endsAt} > ${table.startsAt}`),
  ],
);

export const uptimeSlos = pgTable(
  "uptime_slos",
  {
    serviceId: uuid("service_id")
      .primaryKey()
      .references(() => services.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The target in parts per million: 99.9 % is 999000 (slo.ts). */
    targetPpm: integer("target_ppm").notNull(),
    /** The SLO period the budget is counted over, in days (e.g. 28 or 30). */
    windowDays: integer("window_days").notNull(),
  },
  (table) => [
    check("uptime_slos_target_check", sql`${table.targetPpm} > 0 and ${table.targetPpm} < 1000000`),
  ],
);
