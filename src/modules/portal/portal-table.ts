import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../../platform/db/schema.ts";
import { candidates } from "../candidates/candidates-table.ts";

/** Single-use sign-in links for candidates; only the hash of the link's secret is stored. */
export const candidateMagicLinks = pgTable(
  "candidate_magic_links",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("candidate_magic_links_candidate_idx").on(table.candidateId)],
);

/** A candidate's portal session: a separate principal from staff sessions. */
export const candidateSessions = pgTable(
  "candidate_sessions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("candidate_sessions_candidate_idx").on(table.candidateId)],
);
