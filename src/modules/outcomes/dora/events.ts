import { z } from "zod";
import { AppError, type FieldError } from "../../../platform/errors.ts";

/**
 * The vendor-neutral delivery events (issue 14 item 5). Every connector (GitHub, PagerDuty,
 * Jira, CSV, the events API) maps its payloads onto these three types, and the DORA engine
 * reads nothing else. They carry no line counts and no commit counts, on purpose: the product
 * never computes either (docs/outcomes.md).
 *
 * Fields given as `ISO|null` may also be left out, which means null; a deployment without
 * `changes` ships none. An event's identity is (type, service, externalId): a later event with
 * the same identity replaces the earlier one (DORA.md D8).
 */

/** How many events one request (or one validation call) may carry. */
export const maxEventsPerBatch = 1000;

const timestampMessage = "must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z";

/** zod's callback form of an error: "is required" when the field is missing, else the message. */
const errorFor = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message),
});

const text = (maxLength: number) =>
  z
    .string(errorFor("must be a string"))
    .trim()
    .min(1, "must not be empty")
    .max(maxLength, `must be at most ${maxLength} characters`);

const timestamp = z.iso.datetime({ offset: true, ...errorFor(timestampMessage) });
/** Nullable timestamps may be left out; missing means null. */
const optionalTimestamp = z.iso
  .datetime({ offset: true, error: timestampMessage })
  .nullable()
  .optional()
  .transform((value) => value ?? null);

const serviceName = text(200);
const externalId = text(255);

export const changeEventSchema = z.strictObject({
  type: z.literal("change"),
  service: serviceName,
  externalId,
  /** The pull request's author (login). Only connectors use it, to tell reviews from self-comments. */
  author: text(255),
  firstCommitAt: optionalTimestamp,
  openedAt: timestamp,
  /** The first review or comment by someone other than the author. */
  firstReviewAt: optionalTimestamp,
  mergedAt: optionalTimestamp,
});

export const deploymentEventSchema = z.strictObject({
  type: z.literal("deployment"),
  service: serviceName,
  externalId,
  /** Only "production" (exactly, lower case) counts in any metric; other names are kept but ignored. */
  environment: text(100),
  result: z.enum(["success", "failure"], errorFor('must be "success" or "failure"')),
  startedAt: timestamp,
  finishedAt: timestamp,
  /** The externalIds of the changes (of the same service) this deployment ships. */
  changes: z
    .array(externalId, errorFor("must be an array of change externalIds"))
    .max(10_000, "must list at most 10000 changes")
    .optional()
    .transform((value) => value ?? []),
});

export const incidentEventSchema = z
  .strictObject({
    type: z.literal("incident"),
    service: serviceName,
    externalId,
    createdAt: timestamp,
    resolvedAt: optionalTimestamp,
  })
  .superRefine((incident, context) => {
    // DORA.md D10: a negative time to restore is a data error, not a very fast recovery.
    if (incident.resolvedAt !== null && Date.parse(incident.resolvedAt) < Date.parse(incident.createdAt)) {
      context.addIssue({
        code: "custom",
        path: ["resolvedAt"],
        message: `is before createdAt (${incident.createdAt})`,
      });
    }
  });

export const outcomeEventSchema = z.discriminatedUnion(
  "type",
  [changeEventSchema, deploymentEventSchema, incidentEventSchema],
  {
    error: (issue) =>
      // Given an object, the discriminator is what failed; anything else is not an event at all.
      issue.input !== null && typeof issue.input === "object" && !Array.isArray(issue.input)
        ? 'must be "change", "deployment" or "incident"'
        : "must be an object",
  },
);

export type ChangeEvent = z.output<typeof changeEventSchema>;
export type DeploymentEvent = z.output<typeof deploymentEventSchema>;
export type IncidentEvent = z.output<typeof incidentEventSchema>;
export type OutcomeEvent = z.output<typeof outcomeEventSchema>;
/** What a client may send: the nullable fields and `changes` may be left out. */
export type OutcomeEventInput = z.input<typeof outcomeEventSchema>;

/** One problem of one event: its position in the batch, the field, and what is wrong with it. */
export interface EventProblem {
  index: number;
  field: string;
  message: string;
}

export type EventCheck = { ok: true; events: OutcomeEvent[] } | { ok: false; problems: EventProblem[] };

/**
 * Validates a batch event by event and reports every problem with its index and field, so a
 * client can fix a whole file in one round. Nothing is returned unless every event is valid:
 * a batch is stored whole or not at all.
 */
export function checkOutcomeEvents(values: unknown): EventCheck {
  if (!Array.isArray(values)) {
    return { ok: false, problems: [{ index: -1, field: "", message: "must be an array of events" }] };
  }
  if (values.length > maxEventsPerBatch) {
    return {
      ok: false,
      problems: [
        {
          index: -1,
          field: "",
          message: `has ${values.length} events; at most ${maxEventsPerBatch} are accepted at once`,
        },
      ],
    };
  }
  const events: OutcomeEvent[] = [];
  const problems: EventProblem[] = [];
  values.forEach((value, index) => {
    const parsed = outcomeEventSchema.safeParse(value);
    if (parsed.success) events.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => describeIssue(index, issue)));
  });
  return problems.length === 0 ? { ok: true, events } : { ok: false, problems };
}

/** checkOutcomeEvents for a request: the valid events, or a 400 problem listing index and field. */
export function parseOutcomeEvents(values: unknown): OutcomeEvent[] {
  const check = checkOutcomeEvents(values);
  if (check.ok) return check.events;
  const fieldErrors: FieldError[] = check.problems.map((problem) => ({
    path:
      problem.index < 0 ? "events" : `events[${problem.index}]${problem.field ? `.${problem.field}` : ""}`,
    message: problem.message,
  }));
  const shown = fieldErrors
    .slice(0, 3)
    .map((error) => `${error.path} ${error.message}`)
    .join("; ");
  const more = fieldErrors.length > 3 ? ` (and ${fieldErrors.length - 3} more)` : "";
  throw new AppError("bad_request", `No event was stored: ${shown}${more}.`, { fieldErrors });
}

function describeIssue(index: number, issue: z.core.$ZodIssue): EventProblem {
  if (issue.code === "unrecognized_keys") {
    const [first] = issue.keys;
    const others = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(", ")})` : "";
    return { index, field: first ?? "", message: `is not a field of this event type${others}` };
  }
  return { index, field: issue.path.map(String).join("."), message: issue.message };
}
