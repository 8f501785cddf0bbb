import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { KIT_KINDS, type KitContent } from "./kit-schema.ts";

/**
 * One version of an interview kit in an organisation. Built-in kits are copied here when an
 * organisation first uses them. A version is frozen once an interview used it: every candidate
 * of a role is then asked the same questions; changing the kit creates the next version.
 */
export const kitVersions = pgTable(
  "kit_versions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    slug: text("slug").notNull(),
    version: integer("version").notNull(),
    kind: text("kind", { enum: KIT_KINDS }).notNull(),
    title: text("title").notNull(),
    content: jsonb("content").$type<KitContent>().notNull(),
    source: text("source", { enum: ["built_in", "custom"] }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    frozenAt: timestamp("frozen_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("kit_versions_slug_version_key").on(table.organizationId, table.slug, table.version),
    index("kit_versions_org_idx").on(table.organizationId, table.slug),
  ],
);
