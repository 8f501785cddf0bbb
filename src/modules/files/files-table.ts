import { customType, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { interviews } from "../interviews/interviews-table.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Uploaded files (resumes, whiteboard exports of an interview) kept in the database, so every
 * server instance sees them and erasing a candidate removes them in the same transaction as the
 * rest of their data.
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
    purpose: text("purpose", { enum: ["resume", "whiteboard_export"] }).notNull(),
    // Whiteboard exports belong to the candidate (erasure deletes them) and are shown on one interview.
    interviewId: uuid("interview_id").references(() => interviews.id, { onDelete: "cascade" }),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    content: bytea("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("stored_files_owner_idx").on(table.organizationId, table.ownerType, table.ownerId),
    index("stored_files_interview_idx").on(table.organizationId, table.interviewId),
  ],
);
