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
  /**
   * Committed changes to the tables in-process caches are built from, made by any process on
   * the database (see DataChange). Listens from the moment it returns; call the answer to stop.
   */
  onDataChange(listener: (change: DataChange) => void): () => void;
  close(): Promise<void>;
}

/**
 * One committed change reported by the database's triggers (migrations/0023_data_change_feed.sql):
 * the table and the organisation (or, for users, the user) whose rows changed, or "*" for every
 * one of them. EVERYTHING_CHANGED is heard when changes may have been missed (the LISTEN
 * connection dropped, or came back): a cache then forgets all it holds.
 */
export interface DataChange {
  table: string;
  key: string;
}
export const EVERYTHING_CHANGED: DataChange = { table: "*", key: "*" };
/** The channel the triggers notify on, separate from the events' own. */
export const DATA_CHANGE_CHANNEL = "evident_data_changed";

/** "<table> <key>" as the trigger sends it. */
export function parseDataChange(payload: string): DataChange | null {
  const space = payload.indexOf(" ");
  if (space <= 0 || space === payload.length - 1) return null;
  return { table: payload.slice(0, space), key: payload.slice(space + 1) };
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
  // through the same single process at the cost of a query per event. Data changes, though,
  // come from triggers, so they are heard through PGlite's LISTEN, which calls the listener
  // before the statement that caused the change resolves: a write is never followed by a read
  // of a cache that has not heard of it.
  if (database.engine === "pglite" || !database.url) {
    const bus = createInProcessEventBus(options);
    const stopListening = await database.pglite?.listen(DATA_CHANGE_CHANNEL, (payload) => {
      const change = parseDataChange(payload);
      if (change) bus.deliverDataChange(change);
    });
    return {
      ...bus,
      async close() {
        await stopListening?.().catch(() => undefined);
        await bus.close();
      },
    };
  }
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

/** Listeners of data changes, shared by both implementations. */
function createDataChangeListeners(options: EventBusOptions) {
  const listeners = new Set<(change: DataChange) => void>();
  return {
    add(listener: (change: DataChange) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    deliver(change: DataChange) {
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch (error) {
          options.onError?.(error, "a listener of data changes failed");
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}

/**
 * The bus of one process. Data changes reach it only through `deliverDataChange`, which
 * createEventBus wires to PGlite's LISTEN; a bus made without a database hears none.
 */
export function createInProcessEventBus(
  options: EventBusOptions = {},
): EventBus & { deliverDataChange(change: DataChange): void } {
  const subscribers = createSubscriberTable(options);
  const dataChanges = createDataChangeListeners(options);
  return {
    onDataChange: (listener) => dataChanges.add(listener),
    deliverDataChange: (change) => dataChanges.deliver(change),
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
      dataChanges.clear();
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
  const dataChanges = createDataChangeListeners(options);
  const topicsByName = new Map<string, EventTopic<unknown>>();
  let closed = false;
  let client = await connect();

  async function connect(): Promise<pg.Client> {
    const connection = new pg.Client({ connectionString: url });
    connection.on("notification", (message) => {
      if (message.channel === EVENT_CHANNEL) receive(message.payload ?? "");
      if (message.channel === DATA_CHANGE_CHANNEL) {
        const change = parseDataChange(message.payload ?? "");
        if (change) dataChanges.deliver(change);
      }
    });
    connection.on("error", (error) => {
      options.onError?.(error, "the event bus lost its PostgreSQL connection");
      // Changes made from now until the connection is back are not heard.
      dataChanges.deliver(EVERYTHING_CHANGED);
      if (!closed) reconnectSoon();
    });
    await connection.connect();
    await connection.query(`listen ${EVENT_CHANNEL}; listen ${DATA_CHANGE_CHANNEL}`);
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
          // What was cached while the connection was down may have missed a change.
          dataChanges.deliver(EVERYTHING_CHANGED);
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
    onDataChange: (listener) => dataChanges.add(listener),
    async close() {
      closed = true;
      subscribers.clear();
      dataChanges.clear();
      await reconnecting;
      await client.end().catch(() => {});
    },
  };
}
