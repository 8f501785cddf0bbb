import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { JobDefinition } from "../../../platform/queue.ts";
import { type OutcomeEvent, outcomeEventSchema } from "../dora/events.ts";
import { ingestOutcomeEvents } from "../ingest.ts";
import { integrationDeliveries } from "../outcomes-table.ts";
import { mapGitHubDelivery, mergeChange } from "./github-mapping.ts";
import type { GitHubConfig, JiraConfig, PagerDutyConfig } from "./integration-config.ts";
import { configSchemaOf } from "./integrations.ts";
import { outcomeIntegrations } from "./integrations-table.ts";
import { mapJiraDelivery } from "./jira-mapping.ts";
import { mapPagerDutyDelivery, mergeIncident } from "./pagerduty-mapping.ts";
import type { IntegrationKind } from "./signatures.ts";
import {
  changesMergedSincePreviousDeployment,
  findStoredChange,
  findStoredIncident,
} from "./stored-events.ts";

/**
 * Turns one accepted webhook delivery into stored events: map the payload (the *-mapping.ts
 * files), merge with what is already known, ingest through the one ingestion path, and record
 * on the delivery how many events it carried or why it failed. Runs as a job with retries; a
 * retry of a delivery that was already processed repeats an idempotent upsert, so it changes
 * nothing.
 */

export const processDeliveryPayload = z.object({
  organizationId: z.uuid(),
  integrationId: z.uuid(),
  kind: z.enum(["github", "pagerduty", "jira"]),
  /** The integration_deliveries row to report on. */
  deliveryRowId: z.uuid(),
  /** GitHub's X-GitHub-Event; the other vendors name the event inside the payload. */
  eventName: z.string().max(100).nullable(),
  payload: z.unknown(),
});

export type ProcessDeliveryInput = z.infer<typeof processDeliveryPayload>;

/** The events one delivery implies, merged with what the store already holds. */
export async function eventsOfDelivery(
  db: Db,
  organizationId: string,
  kind: IntegrationKind,
  config: unknown,
  eventName: string | null,
  payload: unknown,
): Promise<OutcomeEvent[]> {
  if (kind === "github") {
    const mapped = mapGitHubDelivery(config as GitHubConfig, eventName ?? "", payload);
    const events: OutcomeEvent[] = [];
    for (const change of mapped.changes) {
      const stored = await findStoredChange(db, organizationId, "github", change.service, change.externalId);
      events.push(mergeChange(stored, change));
    }
    for (const { event, shipsMergedSince } of mapped.deployments) {
      const since =
        shipsMergedSince && event.environment === "production" && event.result === "success"
          ? await changesMergedSincePreviousDeployment(db, organizationId, "github", event.service, event)
          : [];
      events.push({ ...event, changes: [...new Set([...event.changes, ...since])] });
    }
    return events;
  }
  if (kind === "pagerduty") {
    const events: OutcomeEvent[] = [];
    for (const update of mapPagerDutyDelivery(config as PagerDutyConfig, payload)) {
      const stored = await findStoredIncident(
        db,
        organizationId,
        "pagerduty",
        update.event.service,
        update.event.externalId,
      );
      events.push(mergeIncident(stored, update));
    }
    return events;
  }
  return mapJiraDelivery(config as JiraConfig, payload);
}

export async function processDelivery(deps: { db: Db; clock: Clock }, input: ProcessDeliveryInput) {
  const { db } = deps;
  const [integration] = await db
    .select()
    .from(outcomeIntegrations)
    .where(
      and(
        eq(outcomeIntegrations.id, input.integrationId),
        eq(outcomeIntegrations.organizationId, input.organizationId),
      ),
    );
  const report = (values: { status: "accepted" | "failed"; eventCount?: number; error?: string | null }) =>
    db
      .update(integrationDeliveries)
      .set({ status: values.status, eventCount: values.eventCount ?? 0, error: values.error ?? null })
      .where(eq(integrationDeliveries.id, input.deliveryRowId));
  if (!integration) {
    await report({
      status: "failed",
      error: "The integration was deleted before the delivery was processed.",
    });
    return { events: 0 };
  }
  const config = configSchemaOf[integration.kind].parse(integration.config);
  try {
    // Read, merge and store under one lock per organisation and vendor: two deliveries about
    // the same pull request (its review and its merge) processed at once would otherwise each
    // merge into the same stored state and the later write would drop the other's part.
    const valid = await db.transaction(async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`outcome-connector:${input.organizationId}:${integration.kind}`}))`,
      );
      const events = await eventsOfDelivery(
        tx,
        input.organizationId,
        integration.kind,
        config,
        input.eventName,
        input.payload,
      );
      // Mapped events pass the same validation as the events API: a vendor's odd value never
      // reaches the store unchecked.
      const checked = events.map((event) => outcomeEventSchema.parse(event));
      await ingestOutcomeEvents(tx, input.organizationId, integration.kind, checked);
      return checked;
    });
    await report({ status: "accepted", eventCount: valid.length });
    return { events: valid.length };
  } catch (error) {
    // A refusal (an unknown service while auto-creation is off, an invalid mapped value) will
    // not get better by retrying: record it for the settings page. Anything else retries.
    if (error instanceof AppError || error instanceof z.ZodError) {
      const message = error instanceof AppError ? error.detail : "The payload mapped to an invalid event.";
      await report({ status: "failed", error: message.slice(0, 1000) });
      return { events: 0 };
    }
    throw error;
  }
}

export const processDeliveryJob: JobDefinition<typeof processDeliveryPayload, { db: Db; clock: Clock }> = {
  queue: "outcomes.process-webhook",
  payload: processDeliveryPayload,
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireInSeconds: 5 * 60,
  handle: (deps, payload) => processDelivery(deps, payload),
};
