import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { createOrganization } from "../src/modules/organizations/organizations.ts";
import { prepareDoraDataset } from "../src/modules/outcomes/dora/dataset.ts";
import { type OutcomeEventInput, parseOutcomeEvents } from "../src/modules/outcomes/dora/events.ts";
import { loadDoraDataset, loadOutcomeEvents } from "../src/modules/outcomes/events-store.ts";
import { ingestOutcomeEvents } from "../src/modules/outcomes/ingest.ts";
import { outcomeSettings, services } from "../src/modules/outcomes/outcomes-table.ts";
import { systemClock } from "../src/platform/clock.ts";
import { queryRows } from "../src/platform/db/client.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "./support/databases.ts";

/** ingestOutcomeEvents straight on the database: idempotence, services, read-back. */
const batch: OutcomeEventInput[] = [
  {
    type: "change",
    service: "checkout",
    externalId: "pr-1",
    author: "ada",
    firstCommitAt: "2024-03-04T08:00:00.1239Z",
    openedAt: "2024-03-04T09:00:00+01:00",
    mergedAt: "2024-03-04T10:00:00Z",
  },
  {
    type: "deployment",
    service: "checkout",
    externalId: "dep-1",
    environment: "production",
    result: "success",
    startedAt: "2024-03-04T11:00:00Z",
    finishedAt: "2024-03-04T11:10:00Z",
    changes: ["pr-1"],
  },
  {
    type: "incident",
    service: "search",
    externalId: "inc-1",
    createdAt: "2024-03-05T11:00:00Z",
    resolvedAt: null,
  },
];

describe.each(testEngines)("outcome event ingestion on %s", (engine) => {
  let database: TestDatabase;
  let organizationId: string;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const organization = await createOrganization({ db: database.db, clock: systemClock }, systemActor, {
      name: "Ingest Org",
    });
    organizationId = organization.id;
  }, 120_000);
  afterAll(() => database?.drop());

  const counts = async () =>
    (
      await queryRows<{ changes: number; deployments: number; incidents: number }>(
        database.db,
        sql`select (select count(*)::int from outcome_changes) as changes,
          (select count(*)::int from outcome_deployments) as deployments,
          (select count(*)::int from outcome_incidents) as incidents`,
      )
    )[0];

  it("stores a batch, creates unknown services, and a replay changes nothing", async () => {
    const events = parseOutcomeEvents(batch);
    const first = await ingestOutcomeEvents(database.db, organizationId, "api", events);
    expect(first).toEqual({ stored: 3, unchanged: 0, servicesCreated: ["checkout", "search"] });
    const before = await queryRows<{ received_at: string }>(
      database.db,
      sql`select received_at::text from outcome_changes`,
    );
    const replay = await ingestOutcomeEvents(database.db, organizationId, "api", events);
    expect(replay).toEqual({ stored: 0, unchanged: 3, servicesCreated: [] });
    expect(await counts()).toEqual({ changes: 1, deployments: 1, incidents: 1 });
    expect(await queryRows(database.db, sql`select received_at::text from outcome_changes`)).toEqual(before);
  });

  it("reads the events back in the engine's shape, instants to the millisecond", async () => {
    const rows = await database.db.select().from(services).where(eq(services.organizationId, organizationId));
    const checkout = rows.find((row) => row.name === "checkout");
    expect(checkout?.teamId).toBeNull();
    const events = await loadOutcomeEvents(database.db, organizationId, [checkout?.id ?? ""]);
    expect(events).toEqual([
      {
        type: "change",
        service: "checkout",
        externalId: "pr-1",
        author: "ada",
        firstCommitAt: "2024-03-04T08:00:00.123Z",
        openedAt: "2024-03-04T08:00:00.000Z",
        firstReviewAt: null,
        mergedAt: "2024-03-04T10:00:00.000Z",
      },
      {
        type: "deployment",
        service: "checkout",
        externalId: "dep-1",
        environment: "production",
        result: "success",
        startedAt: "2024-03-04T11:00:00.000Z",
        finishedAt: "2024-03-04T11:10:00.000Z",
        changes: ["pr-1"],
      },
    ]);
  });

  it("replaces a changed event and keeps the last of duplicates within a batch", async () => {
    const resolved = parseOutcomeEvents([
      { ...batch[2], resolvedAt: "2024-03-05T12:00:00Z" },
      { ...batch[2], resolvedAt: "2024-03-05T13:00:00Z" },
    ]);
    const result = await ingestOutcomeEvents(database.db, organizationId, "api", resolved);
    expect(result).toEqual({ stored: 1, unchanged: 0, servicesCreated: [] });
    const rows = await queryRows<{ resolved_at: Date }>(
      database.db,
      sql`select resolved_at from outcome_incidents`,
    );
    expect(rows.map((row) => new Date(row.resolved_at).toISOString())).toEqual(["2024-03-05T13:00:00.000Z"]);
  });

  it("reads the engine's records straight from the store exactly as prepareDoraDataset makes them", async () => {
    const deployment = batch[1] as Extract<OutcomeEventInput, { type: "deployment" }>;
    // Another source reports dep-1 again, later, as failed: the later report wins, so it no longer counts.
    await ingestOutcomeEvents(
      database.db,
      organizationId,
      "csv",
      parseOutcomeEvents([
        { ...deployment, result: "failure" },
        { ...deployment, externalId: "dep-2", environment: "staging" },
        {
          ...deployment,
          externalId: "dep-3",
          finishedAt: "2024-03-04T11:20:00.5Z",
          changes: ["pr-1", "pr-9"],
        },
      ]),
    );
    const rows = await database.db.select({ id: services.id, name: services.name }).from(services);
    const ids = rows.map((row) => row.id);
    const dataset = await loadDoraDataset(database.db, organizationId, ids);
    // The store's records carry the service's id where the events carry its name.
    const idOfName = new Map(rows.map((row) => [row.name, row.id]));
    const expected = prepareDoraDataset(
      (await loadOutcomeEvents(database.db, organizationId, ids)).map((event) => ({
        ...event,
        service: idOfName.get(event.service) ?? "",
      })),
    );
    expect(dataset).toEqual(expected);
    expect(dataset.deployments.map((row) => row.externalId)).toEqual(["dep-3"]);
    expect(dataset.deployments[0]?.finishedMs).toBe(Date.parse("2024-03-04T11:20:00.500Z"));
  });

  it("refuses an unknown service, naming it, when auto-creation is off, and stores nothing", async () => {
    await database.db.insert(outcomeSettings).values({ organizationId, autoCreateServices: false });
    const events = parseOutcomeEvents([
      { ...batch[2], externalId: "inc-2" },
      { ...batch[2], service: "billing", externalId: "inc-3" },
    ]);
    await expect(ingestOutcomeEvents(database.db, organizationId, "api", events)).rejects.toMatchObject({
      code: "unprocessable",
      detail: expect.stringContaining('"billing"'),
      fieldErrors: [{ path: "events[1].service", message: 'names the unknown service "billing"' }],
    });
    expect(await counts()).toEqual({ changes: 1, deployments: 4, incidents: 1 });
  });
});
