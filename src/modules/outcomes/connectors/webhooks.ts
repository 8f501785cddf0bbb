import { createHash } from "node:crypto";
import { eq, ne } from "drizzle-orm";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/client.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import type { JobQueue } from "../../../platform/queue.ts";
import { isStorableText } from "../../../server/schemas.ts";
import { integrationDeliveries } from "../outcomes-table.ts";
import { findWebhookReceiver } from "./integrations.ts";
import { processDelivery, processDeliveryJob } from "./process-delivery.ts";
import type { SecretBox } from "./secret-box.ts";
import { type IntegrationKind, isValidSignature, signatureHeader } from "./signatures.ts";

/**
 * The webhook receivers' work, before any job runs: find the integration, check the signature
 * over the raw body, refuse a replayed delivery id, record the delivery and queue it. Nothing is
 * written before the signature holds, so an unsigned or wrongly signed request leaves no trace.
 */

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface WebhookAnswer {
  status: 200 | 202;
  body: { status: "accepted" | "duplicate"; deliveryId: string };
}

const headerOf = (headers: WebhookHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The sender's delivery id, which a replay repeats: GitHub's X-GitHub-Delivery, PagerDuty's
 * event id, Jira's X-Atlassian-Webhook-Identifier. A sender that gives none is identified by
 * the body's SHA-256, so the same body twice is still one delivery.
 */
export function deliveryIdOf(kind: IntegrationKind, headers: WebhookHeaders, payload: unknown, body: Buffer) {
  const fromSender =
    kind === "github"
      ? headerOf(headers, "x-github-delivery")
      : kind === "jira"
        ? headerOf(headers, "x-atlassian-webhook-identifier")
        : pagerDutyEventId(payload);
  const trimmed = fromSender?.trim();
  if (trimmed && trimmed.length <= 200 && isStorableText(trimmed)) return trimmed;
  return `sha256:${createHash("sha256").update(body).digest("hex")}`;
}

function pagerDutyEventId(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const event = (payload as { event?: { id?: unknown } }).event;
  return typeof event?.id === "string" ? event.id : undefined;
}

function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return !isStorableText(value);
  if (typeof value !== "object" || value === null) return false;
  if (depth > 64) return true;
  return Object.entries(value).some(
    ([key, inner]) => !isStorableText(key) || hasUnstorableText(inner, depth + 1),
  );
}

export async function receiveWebhook(
  deps: { db: Db; clock: Clock; queue: JobQueue | null; secrets: SecretBox },
  kind: IntegrationKind,
  integrationId: string,
  headers: WebhookHeaders,
  body: Buffer,
): Promise<WebhookAnswer> {
  const receiver = await findWebhookReceiver(deps.db, deps.secrets, kind, integrationId);
  const signature = headerOf(headers, signatureHeader[kind]);
  // An unknown integration answers like a bad signature: the sender learns nothing about ids.
  if (!receiver || !isValidSignature(kind, body, signature, [receiver.webhookSecret])) {
    throw new AppError(
      "unauthenticated",
      `The ${signatureHeader[kind]} header is missing or is not a valid signature of this body with this integration's secret.`,
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
  if (hasUnstorableText(payload)) {
    throw new AppError(
      "bad_request",
      "The body holds NUL characters or unpaired surrogates, which cannot be stored.",
    );
  }
  const deliveryId = deliveryIdOf(kind, headers, payload, body);
  const eventName = kind === "github" ? (headerOf(headers, "x-github-event") ?? null) : null;

  const [delivery] = await deps.db
    .insert(integrationDeliveries)
    .values({
      id: newId(),
      organizationId: receiver.organizationId,
      source: kind,
      deliveryId,
      status: "accepted",
      receivedAt: deps.clock.now(),
    })
    // A delivery that failed before may be sent again (the sender's retry, after a fix).
    .onConflictDoUpdate({
      target: [
        integrationDeliveries.organizationId,
        integrationDeliveries.source,
        integrationDeliveries.deliveryId,
      ],
      set: { status: "accepted", error: null, eventCount: 0, receivedAt: deps.clock.now() },
      setWhere: ne(integrationDeliveries.status, "accepted"),
    })
    .returning({ id: integrationDeliveries.id });
  // A replay of an accepted delivery: acknowledged (so the sender stops retrying), nothing else.
  if (!delivery) return { status: 200, body: { status: "duplicate", deliveryId } };

  const job = {
    organizationId: receiver.organizationId,
    integrationId,
    kind,
    deliveryRowId: delivery.id,
    eventName: eventName?.slice(0, 100) ?? null,
    payload,
  };
  try {
    if (deps.queue) await deps.queue.send(processDeliveryJob, job, { singletonKey: delivery.id });
    // Without a job queue (a server started without one) the delivery is processed at once.
    else await processDelivery(deps, job);
  } catch (error) {
    // Not queued: mark it failed so the sender's retry is taken as new, not as a replay.
    await deps.db
      .update(integrationDeliveries)
      .set({
        status: "failed",
        error: "The delivery could not be queued; the sender's retry will be processed.",
      })
      .where(eq(integrationDeliveries.id, delivery.id));
    throw error;
  }
  return { status: 202, body: { status: "accepted", deliveryId } };
}

/**
 * A harmless payload of each vendor's own test or ping kind: it goes through the whole receiver
 * (secret, signature, delivery record, job) and maps to no event.
 */
export function testPayloadOf(
  kind: IntegrationKind,
  deliveryId: string,
  at: Date,
): {
  body: Buffer;
  headers: Record<string, string>;
} {
  const payload =
    kind === "github"
      ? { zen: "Evident test delivery", hook_id: 0, repository: null }
      : kind === "pagerduty"
        ? {
            event: {
              id: deliveryId,
              event_type: "pagey.ping",
              resource_type: "pagey",
              occurred_at: at.toISOString(),
              data: { type: "ping", message: "Evident test delivery" },
            },
          }
        : { timestamp: at.getTime(), webhookEvent: "evident:test_delivery" };
  const headers: Record<string, string> =
    kind === "github"
      ? { "x-github-event": "ping", "x-github-delivery": deliveryId }
      : kind === "jira"
        ? { "x-atlassian-webhook-identifier": deliveryId }
        : {};
  return { body: Buffer.from(JSON.stringify(payload)), headers };
}
