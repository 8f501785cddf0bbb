import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase, testEngines } from "../../test/support/databases.ts";
import { createEventBus, defineTopic, type EventBus, MAX_EVENT_BYTES } from "./events.ts";

const gradedTopic = defineTopic("test.graded", z.object({ submissionId: z.string(), score: z.number() }));
const otherTopic = defineTopic("test.other", z.object({ note: z.string() }));

/** Resolves with the first `count` events the topic delivers, or fails after a while. */
function collect<Payload>(bus: EventBus, topic: typeof gradedTopic | typeof otherTopic, count: number) {
  const received: Payload[] = [];
  let stop = () => {};
  const done = new Promise<Payload[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${received.length} of ${count} events arrived`)),
      5000,
    );
    stop = bus.subscribe(topic as never, (event: Payload) => {
      received.push(event);
      if (received.length === count) {
        clearTimeout(timer);
        resolve(received);
      }
    });
  });
  return { done, received, stop: () => stop() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe.each(testEngines)("event bus (%s)", (engine) => {
  let database: TestDatabase;
  let bus: EventBus;
  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrate: false });
    bus = await createEventBus(database);
  }, 60_000);
  afterAll(async () => {
    await bus?.close();
    await database?.drop();
  });

  it("delivers a published event to each subscriber of its topic, and only of its topic", async () => {
    const first = collect(bus, gradedTopic, 2);
    const second = collect(bus, gradedTopic, 2);
    const other = collect(bus, otherTopic, 1);
    await bus.publish(gradedTopic, { submissionId: "a", score: 3 });
    await bus.publish(gradedTopic, { submissionId: "b", score: 5 });
    expect(await first.done).toEqual([
      { submissionId: "a", score: 3 },
      { submissionId: "b", score: 5 },
    ]);
    expect(await second.done).toEqual(await first.done);
    await settle();
    expect(first.received).toHaveLength(2);
    expect(other.received).toEqual([]);
    for (const each of [first, second, other]) each.stop();
  });

  it("stops delivering to a subscriber that unsubscribed", async () => {
    const kept = collect(bus, gradedTopic, 1);
    const dropped = collect(bus, gradedTopic, 1);
    dropped.stop();
    await bus.publish(gradedTopic, { submissionId: "c", score: 1 });
    await kept.done;
    await settle();
    expect(dropped.received).toEqual([]);
    kept.stop();
  });

  it("refuses an event that does not match its topic's schema", async () => {
    await expect(bus.publish(gradedTopic, { submissionId: "d" } as never)).rejects.toThrow();
  });

  it("keeps a failing subscriber from stopping the others", async () => {
    const stopFailing = bus.subscribe(gradedTopic, () => {
      throw new Error("subscriber bug");
    });
    const healthy = collect(bus, gradedTopic, 1);
    await bus.publish(gradedTopic, { submissionId: "e", score: 2 });
    expect(await healthy.done).toEqual([{ submissionId: "e", score: 2 }]);
    stopFailing();
    healthy.stop();
  });
});

describe.runIf(testEngines.includes("postgresql"))("event bus across connections (postgresql)", () => {
  let database: TestDatabase;
  let publisher: EventBus;
  let subscriber: EventBus;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql", { migrate: false });
    // Two buses, two LISTEN connections: as a worker process and a server process would have.
    publisher = await createEventBus(database);
    subscriber = await createEventBus(database);
  }, 60_000);
  afterAll(async () => {
    await publisher?.close();
    await subscriber?.close();
    await database?.drop();
  });

  it("carries an event from one connection to another through NOTIFY", async () => {
    const elsewhere = collect(subscriber, gradedTopic, 1);
    const here = collect(publisher, gradedTopic, 1);
    await publisher.publish(gradedTopic, { submissionId: "f", score: 4 });
    expect(await elsewhere.done).toEqual([{ submissionId: "f", score: 4 }]);
    expect(await here.done).toEqual([{ submissionId: "f", score: 4 }]);
    await settle();
    // Once each: the publisher's own subscribers hear it through LISTEN, not a second path.
    expect(here.received).toHaveLength(1);
    elsewhere.stop();
    here.stop();
  });

  it("refuses an event too large for NOTIFY with a message saying why", async () => {
    await expect(publisher.publish(otherTopic, { note: "x".repeat(MAX_EVENT_BYTES) })).rejects.toThrow(
      /events carry ids/,
    );
  });

  it("delivers nothing after close", async () => {
    const closing = await createEventBus(database);
    const received: unknown[] = [];
    closing.subscribe(gradedTopic, (event) => received.push(event));
    await closing.close();
    await publisher.publish(gradedTopic, { submissionId: "g", score: 0 });
    await settle();
    expect(received).toEqual([]);
  });
});
