import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../../platform/db/schema.ts";

export const emailTemplates = [
  "invitation",
  "magic_link",
  "stage_invitation",
  "interview_scheduled",
  "decision",
  "post_hire_review_due",
  "interview_invitation",
  "interview_cancelled",
  "scorecard_overdue",
  "trial_day_agenda",
  "team_update_prompt",
  "team_update_digest",
] as const;

/** Every email Evident sends, for the admin outbox; erased with the candidate it was about. */
export const outboundEmails = pgTable(
  "outbound_emails",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    candidateId: uuid("candidate_id"),
    template: text("template", { enum: emailTemplates }).notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    transport: text("transport", { enum: ["smtp", "file"] }).notNull(),
    /** For the file transport: the .eml file's name in the data directory's outbox. */
    fileName: text("file_name"),
    status: text("status", { enum: ["sent", "failed"] }).notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("outbound_emails_org_idx").on(table.organizationId, table.createdAt)],
);
