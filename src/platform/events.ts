import pg from "pg";
import type { z } from "zod";
import type { Database } from "./db/client.ts";

/**
 * The platform event bus: publish and subscribe by topic, payloads checked by the topic's zod
 * schema. Events are hints that something changed ("this submission is graded now"); the
 * database stays the source of truth, so a subscriber that must not miss a state reads it
 * after subscribing (see the challenge events stream in challenges/submission-events.ts).
 *
 * Two implementations: in one process (the embedded PGlite mode, where API, web and worker
 * share a process, and tests), and PostgreSQL LISTEN/NOTIFY, so a worker process's event
 * reaches every `evident serve` process on the same database.
 */
export interface EventTopic<Payload> {
  name: string;
  schema: z.ZodType<Payload>;
}

export function defineTopic<Schema extends z.ZodType>(
  name: string,
  schema: Schema,
): EventTopic<z.infer<Schema>> {
  return { name, schema: schema as z.ZodType<z.infer<Schema>> };
}

export interface EventBus {
  /**
   * Delivers the event to every subscriber of the topic. Rejects only for a programming error
   * (an event that does not match its topic, or too large to send); a delivery that fails
   * (PostgreSQL unreachable) goes to `onError` instead, as the change it announces is stored.
   */
  publish<Payload>(topic: EventTopic<Payload>, event: Payload): Promise<void>;
  /** Listens from the moment it returns; call the answer to stop. */
  subscribe<Payload>(topic: EventTopic<Payload>, listener: (event: Payload) => void): () => void;
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** Where failures go (a publish that could not reach PostgreSQL, a malformed notification). */
  onError?: (error: unknown, context: string) => void;
}

/** The PostgreSQL channel every event travels on; the topic is inside the payload. */
export const EVENT_CHANNEL = "evident_events";
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_EVENT_BYTES = 7900;

/** The bus that fits the database: LISTEN/NOTIFY on PostgreSQL, in-process on PGlite. */
export async function createEventBus(database: Database, options: EventBusOptions = {}): Promise<EventBus> {
  // A PGlite database belongs to one process (the data-directory lock), so every publisher and
  // subscriber is in this process. PGlite has LISTEN/NOTIFY too, but it would only route
  // through the same single process at the cost of a query per event.
  if (database.engine === "pglite" || !database.url) return createInProcessEventBus(options);
  return createPostgresEventBus(database.url, options);
}

/** Subscribers by topic name, shared by both implementations. */
function createSubscriberTable(options: EventBusOptions) {
  const listeners = new Map<string, Set<(event: unknown) => void>>();
  return {
    add(topic: string, listener: (event: unknown) => void) {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(topic);
      };
    },
    /** Delivers to a copy of the set, so a listener may unsubscribe while being called. */
    deliver(topic: string, event: unknown) {
      for (const listener of [...(listeners.get(topic) ?? [])]) {
        try {
          listener(event);
        } catch (error) {
          options.onError?.(error, `a subscriber of ${topic} failed`);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}

export function createInProcessEventBus(options: EventBusOptions = {}): EventBus {
  const subscribers = createSubscriberTable(options);
  return {
    async publish(topic, event) {
      const parsed = topic.schema.parse(event);
      // After the publisher's current step, as NOTIFY would: a subscriber never runs inside it.
      await Promise.resolve();
      subscribers.deliver(topic.name, parsed);
    },
    subscribe(topic, listener) {
      return subscribers.add(topic.name, listener as (event: unknown) => void);
    },
    async close() {
      subscribers.clear();
    },
  };
}

/**
 * LISTEN on one dedicated connection and NOTIFY through it. Every process on the database,
 * this one included, receives each event once, through its own LISTEN connection. A dropped
 * connection is reopened; events published while it was down are not received.
 */
export async function createPostgresEventBus(url: string, options: EventBusOptions = {}): Promise<EventBus> {
  const subscribers = createSubscriberTable(options);
  const topicsByName = new Map<string, EventTopic<unknown>>();
  let closed = false;
  let client = await connect();

  async function connect(): Promise<pg.Client> {
    const connection = new pg.Client({ connectionString: url });
    connection.on("notification", (message) => {
      if (message.channel !== EVENT_CHANNEL) return;
      receive(message.payload ?? "");
    });
    connection.on("error", (error) => {
      options.onError?.(error, "the event bus lost its PostgreSQL connection");
      if (!closed) reconnectSoon();
    });
    await connection.connect();
    await connection.query(`listen ${EVENT_CHANNEL}`);
    return connection;
  }

  let reconnecting: Promise<void> | null = null;
  function reconnectSoon() {
    if (reconnecting) return;
    const previous = client;
    reconnecting = (async () => {
      previous.end().catch(() => {});
      while (!closed) {
        try {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (closed) return;
          client = await connect();
          return;
        } catch (error) {
          options.onError?.(error, "the event bus could not reconnect to PostgreSQL");
        }
      }
    })().finally(() => {
      reconnecting = null;
    });
  }

  function receive(payload: string) {
    let message: { topic?: unknown; event?: unknown };
    try {
      message = JSON.parse(payload) as { topic?: unknown; event?: unknown };
    } catch (error) {
      options.onError?.(error, "a notification on the event channel was not JSON");
      return;
    }
    if (typeof message.topic !== "string") return;
    // Only topics someone here subscribed to are known, and only those need parsing.
    const topic = topicsByName.get(message.topic);
    if (!topic) return;
    const parsed = topic.schema.safeParse(message.event);
    if (!parsed.success) {
      options.onError?.(parsed.error, `an event of ${message.topic} did not match its schema`);
      return;
    }
    subscribers.deliver(topic.name, parsed.data);
  }

  return {
    async publish(topic, event) {
      const payload = JSON.stringify({ topic: topic.name, event: topic.schema.parse(event) });
      if (Buffer.byteLength(payload) > MAX_EVENT_BYTES) {
        throw new Error(
          `An event of ${topic.name} is ${Buffer.byteLength(payload)} bytes; events carry ids, not data.`,
        );
      }
      try {
        await client.query("select pg_notify($1, $2)", [EVENT_CHANNEL, payload]);
      } catch (error) {
        options.onError?.(error, `an event of ${topic.name} could not be published`);
      }
    },
    subscribe(topic, listener) {
      topicsByName.set(topic.name, topic as EventTopic<unknown>);
      return subscribers.add(topic.name, listener as (event: unknown) => void);
    },
    async close() {
      closed = true;
      subscribers.clear();
      await reconnecting;
      await client.end().catch(() => {});
    },
  };
}
