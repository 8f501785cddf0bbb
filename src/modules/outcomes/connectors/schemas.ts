import { z } from "zod";
import { dateTimeSchema, listResponse, textSchema, uuidParam } from "../../../server/schemas.ts";
import { deliverySchema } from "../schemas.ts";
import { githubConfigSchema, jiraConfigSchema, pagerDutyConfigSchema } from "./integration-config.ts";

const secretInput = textSchema
  .min(16, "must be at least 16 characters")
  .max(500, "must be at most 500 characters")
  .describe("Leave out to have Evident generate one");
const apiTokenInput = textSchema.min(1).max(500);

const common = {
  id: z.uuid(),
  hasApiToken: z.boolean(),
  createdAt: z.string(),
  secretRotatedAt: z.string().nullable(),
};

export const integrationSchema = z
  .discriminatedUnion("kind", [
    z.object({ ...common, kind: z.literal("github"), config: githubConfigSchema }),
    z.object({ ...common, kind: z.literal("pagerduty"), config: pagerDutyConfigSchema }),
    z.object({ ...common, kind: z.literal("jira"), config: jiraConfigSchema }),
  ])
  .meta({
    id: "OutcomeIntegration",
    description: "A connection to GitHub, PagerDuty or Jira; secrets never appear",
  });

export const createIntegrationBodySchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("github"),
    config: githubConfigSchema.optional(),
    webhookSecret: secretInput.optional(),
    apiToken: apiTokenInput.optional().describe("A GitHub token with read access, for the backfill"),
  }),
  z.strictObject({
    kind: z.literal("pagerduty"),
    config: pagerDutyConfigSchema.optional(),
    webhookSecret: secretInput.optional().describe("The signing secret PagerDuty shows for the subscription"),
  }),
  z.strictObject({
    kind: z.literal("jira"),
    config: jiraConfigSchema,
    webhookSecret: secretInput.optional(),
  }),
]);

export const integrationWithSecretSchema = z
  .object({
    integration: integrationSchema,
    webhookSecret: z.string().describe("Shown this once: paste it into the vendor's webhook settings"),
    webhookUrl: z.string(),
  })
  .meta({ id: "OutcomeIntegrationWithSecret" });

export const rotateIntegrationBodySchema = z.strictObject({
  webhookSecret: secretInput.optional(),
  apiToken: apiTokenInput.nullable().optional().describe("A new API token, or null to remove it"),
});

export const webhookAnswerSchema = z.object({
  status: z.enum(["accepted", "duplicate"]),
  deliveryId: z.string(),
});

export const backfillBodySchema = z.strictObject({
  since: dateTimeSchema
    .optional()
    .describe("Only pull requests and deployments updated since; default 90 days ago"),
});

export const integrationParams = z.object({ integrationId: uuidParam });
const integrationKind = z.enum(["github", "pagerduty", "jira"], {
  error: 'must be "github", "pagerduty" or "jira"',
});
/** The webhook receivers: the vendor in the path must be the integration's. */
export const webhookParams = z.object({ kind: integrationKind, integrationId: uuidParam });
export const integrationList = listResponse(integrationSchema);
export const integrationConfigBody = z.object({ config: z.record(z.string(), z.unknown()) });
export const deliveryListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const testDeliveryResponse = z.object({ delivery: deliverySchema });
export const backfillQueuedResponse = z.object({ queued: z.literal(true) });
