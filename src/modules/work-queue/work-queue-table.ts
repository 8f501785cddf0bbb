import { date, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../../platform/db/schema.ts";
import { interviews } from "../interviews/interviews-table.ts";

/**
 * One row per overdue scorecard nudge sent: (interview, interviewer, UTC day). The primary key is
 * what keeps the daily job from nudging anyone twice in a day, even when two workers run it.
 */
export const scorecardNudges = pgTable(
  "scorecard_nudges",
  {
    interviewId: uuid("interview_id")
      .notNull()
      .references(() => interviews.id),
    interviewerId: uuid("interviewer_id")
      .notNull()
      .references(() => users.id),
    nudgedOn: date("nudged_on", { mode: "string" }).notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.interviewId, table.interviewerId, table.nudgedOn] })],
);

/**
 * An organisation's Slack incoming webhook for nudges. The URL is a credential (anyone holding it
 * may post to the channel), so it is sealed like the outcome connectors' secrets.
 */
export const slackWebhooks = pgTable("slack_webhooks", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  sealedUrl: text("sealed_url").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});
