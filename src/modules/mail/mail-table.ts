import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { applications } from "../candidates/candidates-table.ts";
import { customizableTemplates } from "./template-wording.ts";

export const emailTemplates = [
  "invitation",
  "magic_link",
  "stage_invitation",
  "interview_scheduled",
  "decision",
  "rejection",
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

/**
 * An organisation's own wording of a candidate-facing email (template-wording.ts); without a
 * row the built-in wording applies. Placeholders only: no candidate is named here.
 */
export const emailTemplateOverrides = pgTable(
  "email_template_overrides",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    template: text("template", { enum: customizableTemplates }).notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.template] })],
);

export const emailDraftPurposes = ["decision", "rejection"] as const;
export const emailDraftStatuses = ["draft", "scheduled", "sending", "sent", "failed", "cancelled"] as const;

/**
 * A candidate email the hiring team previews and sends (or schedules) rather than one sent on
 * the click that records a decision or a rejection. Once sent it points at its outbox record.
 */
export const emailDrafts = pgTable(
  "email_drafts",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    candidateId: uuid("candidate_id").notNull(),
    /** The hiring decision it tells the candidate about (purpose "decision"). */
    decisionId: uuid("decision_id"),
    purpose: text("purpose", { enum: emailDraftPurposes }).notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    status: text("status", { enum: emailDraftStatuses }).notNull().default("draft"),
    sendAt: timestamp("send_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    outboundEmailId: uuid("outbound_email_id"),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("email_drafts_application_idx").on(table.applicationId, table.createdAt),
    index("email_drafts_due_idx").on(table.status, table.sendAt),
  ],
);
