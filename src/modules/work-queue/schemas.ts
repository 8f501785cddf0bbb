import { z } from "zod";
import { textSchema } from "../../server/schemas.ts";

export const workItemKinds = [
  "scorecard_owed",
  "observation_owed",
  "interview_today",
  "decision_ready",
  "challenge_result",
  "stalled",
  "package_validating",
] as const;

export const workItemSchema = z
  .object({
    kind: z.enum(workItemKinds),
    /** Stable per item and kind, for list keys. */
    key: z.string(),
    title: z.string().describe("What to do, with names (a pseudonym where blind review applies)"),
    detail: z.string().nullable(),
    at: z.string().describe("When it fell due or since when it waits (ISO 8601)"),
    isOverdue: z.boolean(),
    path: z.string().describe("The web app path where it is done"),
  })
  .meta({ id: "WorkItem" });

export const workQueueResponse = z
  .object({
    items: z.array(workItemSchema).describe("Overdue first, then oldest first within each kind"),
    counts: z.record(z.enum(workItemKinds), z.number().int()),
    total: z.number().int(),
  })
  .meta({ id: "WorkQueue" });

export const workQueueCountsResponse = workQueueResponse.pick({ counts: true, total: true });

export const workQueueQuery = z.object({
  timeZone: textSchema
    .max(100)
    .optional()
    .describe('IANA time zone that decides what "today" is; UTC by default'),
});

export const slackWebhookBody = z.object({
  url: textSchema.max(2000).describe("A Slack incoming webhook URL (https://hooks.slack.com/...)"),
});
export const slackWebhookStatus = z.object({ isConfigured: z.boolean(), updatedAt: z.string().nullable() });

export type WorkItemKind = (typeof workItemKinds)[number];
export type WorkItem = z.infer<typeof workItemSchema>;
export type WorkQueue = z.infer<typeof workQueueResponse>;
