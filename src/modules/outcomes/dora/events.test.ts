import { describe, expect, it } from "vitest";
import { AppError } from "../../../platform/errors.ts";
import { checkOutcomeEvents, maxEventsPerBatch, parseOutcomeEvents } from "./events.ts";

const change = {
  type: "change",
  service: "payments-api",
  externalId: "github:acme/payments#412",
  author: "octocat",
  firstCommitAt: "2024-05-01T09:00:00Z",
  openedAt: "2024-05-01T10:00:00+02:00",
  firstReviewAt: null,
  mergedAt: "2024-05-02T08:30:00.250Z",
};
const deployment = {
  type: "deployment",
  service: "payments-api",
  externalId: "deploy-981",
  environment: "production",
  result: "success",
  startedAt: "2024-05-02T09:00:00Z",
  finishedAt: "2024-05-02T09:04:00Z",
  changes: ["github:acme/payments#412"],
};
const incident = {
  type: "incident",
  service: "payments-api",
  externalId: "PD-Q1W2E3",
  createdAt: "2024-05-02T10:00:00Z",
  resolvedAt: "2024-05-02T10:45:00Z",
};

describe("the events format (issue 14 item 5)", () => {
  it("accepts the three event types as the issue gives them", () => {
    const check = checkOutcomeEvents([change, deployment, incident]);
    expect(check).toEqual({ ok: true, events: [change, deployment, incident] });
  });

  it("reads a left-out nullable field as null and a left-out change list as empty", () => {
    const { firstCommitAt: _a, firstReviewAt: _b, mergedAt: _c, ...openChange } = change;
    const { changes: _d, ...bareDeployment } = deployment;
    const { resolvedAt: _e, ...openIncident } = incident;
    expect(parseOutcomeEvents([openChange, bareDeployment, openIncident])).toEqual([
      { ...change, firstCommitAt: null, firstReviewAt: null, mergedAt: null },
      { ...deployment, changes: [] },
      { ...incident, resolvedAt: null },
    ]);
  });

  it("reports every bad event with its index and field, and returns no event at all", () => {
    const check = checkOutcomeEvents([
      change,
      { ...deployment, finishedAt: "yesterday" },
      { ...incident, resolvedAt: "2024-05-02T09:59:59Z" },
      { ...change, author: "  " },
      { ...deployment, result: "ok", changes: ["a", 7] },
    ]);
    expect(check).toEqual({
      ok: false,
      problems: [
        {
          index: 1,
          field: "finishedAt",
          message: "must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z",
        },
        // DORA.md D10: an incident resolved before it was created is refused, naming the event.
        { index: 2, field: "resolvedAt", message: "is before createdAt (2024-05-02T10:00:00Z)" },
        { index: 3, field: "author", message: "must not be empty" },
        { index: 4, field: "result", message: 'must be "success" or "failure"' },
        { index: 4, field: "changes.1", message: "must be a string" },
      ],
    });
  });

  it("names a missing field, an unknown type, an unknown field and a non-object", () => {
    const { openedAt: _opened, ...withoutOpenedAt } = change;
    const check = checkOutcomeEvents([
      withoutOpenedAt,
      { ...incident, type: "outage" },
      { ...incident, severity: "P1" },
      "incident",
      null,
      { ...incident, type: undefined },
    ]);
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.problems).toEqual([
      { index: 0, field: "openedAt", message: "is required" },
      { index: 1, field: "type", message: 'must be "change", "deployment" or "incident"' },
      { index: 2, field: "severity", message: "is not a field of this event type" },
      { index: 3, field: "", message: "must be an object" },
      { index: 4, field: "", message: "must be an object" },
      { index: 5, field: "type", message: 'must be "change", "deployment" or "incident"' },
    ]);
  });

  it("refuses timestamps without a time zone: they would be read in the server's zone", () => {
    const check = checkOutcomeEvents([{ ...incident, createdAt: "2024-05-02T10:00:00" }]);
    expect(check.ok ? [] : check.problems.map((problem) => problem.field)).toEqual(["createdAt"]);
  });

  it("takes at most 1000 events at once", () => {
    expect(checkOutcomeEvents(Array.from({ length: maxEventsPerBatch }, () => incident)).ok).toBe(true);
    expect(checkOutcomeEvents(Array.from({ length: maxEventsPerBatch + 1 }, () => incident))).toEqual({
      ok: false,
      problems: [{ index: -1, field: "", message: "has 1001 events; at most 1000 are accepted at once" }],
    });
    expect(checkOutcomeEvents({ events: [] }).ok).toBe(false);
  });

  it("turns problems into one 400 problem+json naming index and field", () => {
    let thrown: unknown;
    try {
      parseOutcomeEvents([change, { ...deployment, finishedAt: "soon" }]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.status).toBe(400);
    expect(error.detail).toBe(
      "No event was stored: events[1].finishedAt must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z.",
    );
    expect(error.fieldErrors).toEqual([
      {
        path: "events[1].finishedAt",
        message: "must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z",
      },
    ]);
  });
});
