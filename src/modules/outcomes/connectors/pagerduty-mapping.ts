import type { IncidentEvent } from "../dora/events.ts";
import { instant } from "./github-mapping.ts";
import type { PagerDutyConfig } from "./integration-config.ts";

/**
 * PagerDuty V3 webhook payloads → incident events (docs/outcomes.md "Connectors", PagerDuty).
 * Each payload holds one event: `event.event_type`, `event.occurred_at` and the incident in
 * `event.data` (developer.pagerduty.com, webhooks "Overview").
 *
 * The resolution time is the resolution event's own time (`data.resolved_at` when PagerDuty
 * sends it, else `event.occurred_at`), never `updated_at`, which moves with every later note.
 */

/** An incident update: the incident, and whether this event resolved or reopened it and when. */
export interface IncidentUpdate {
  event: IncidentEvent;
  change: { kind: "resolved"; at: string } | { kind: "reopened"; at: string } | { kind: "none" };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown, key: string) =>
  isObject(value) && typeof value[key] === "string" ? (value[key] as string) : null;

export function mapPagerDutyDelivery(config: PagerDutyConfig, payload: unknown): IncidentUpdate[] {
  const event = isObject(payload) && isObject(payload.event) ? payload.event : null;
  const data = event && isObject(event.data) ? event.data : null;
  const type = text(event, "event_type");
  if (!event || !data || text(data, "type") !== "incident") return [];
  if (type !== "incident.triggered" && type !== "incident.resolved" && type !== "incident.reopened")
    return [];
  const id = text(data, "id");
  const createdAt = instant(text(data, "created_at"));
  const occurredAt = instant(text(event, "occurred_at"));
  const pagerDutyService = isObject(data.service) ? data.service : null;
  const serviceId = text(pagerDutyService, "id");
  const mapped = config.services.find((entry) => entry.pagerDutyServiceId === serviceId)?.service;
  const service = mapped ?? text(pagerDutyService, "summary") ?? serviceId;
  if (!id || !createdAt || !occurredAt || !service) return [];

  const resolvedAt = type === "incident.resolved" ? (instant(text(data, "resolved_at")) ?? occurredAt) : null;
  return [
    {
      event: { type: "incident", service, externalId: id, createdAt, resolvedAt },
      change:
        type === "incident.resolved"
          ? { kind: "resolved", at: resolvedAt ?? occurredAt }
          : type === "incident.reopened"
            ? { kind: "reopened", at: occurredAt }
            : { kind: "none" },
    },
  ];
}

/**
 * An incident as known after one more event, whatever order PagerDuty's events arrive in: a
 * trigger never clears a resolution, the latest resolution wins, and a reopening clears a
 * resolution only when it happened after it.
 */
export function mergeIncident(stored: IncidentEvent | null, update: IncidentUpdate): IncidentEvent {
  const previous = stored?.resolvedAt ?? null;
  const after = (a: string, b: string) => Date.parse(a) > Date.parse(b);
  let resolvedAt = previous;
  if (update.change.kind === "resolved" && (previous === null || after(update.change.at, previous))) {
    resolvedAt = update.change.at;
  }
  if (update.change.kind === "reopened" && previous !== null && after(update.change.at, previous)) {
    resolvedAt = null;
  }
  return { ...update.event, resolvedAt };
}
