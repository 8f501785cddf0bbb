import { customType, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../../platform/db/schema.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Uploaded files (resumes) kept in the database, so every server instance sees them and
 * erasing a candidate removes them in the same transaction as the rest of their data.
 */
export const storedFiles = pgTable(
  "stored_files",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    ownerType: text("owner_type", { enum: ["candidate"] }).notNull(),
    ownerId: uuid("owner_id").notNull(),
    purpose: text("purpose", { enum: ["resume"] }).notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    content: bytea("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("stored_files_owner_idx").on(table.organizationId, table.ownerType, table.ownerId)],
);
