/**
 * The pads' log writer: buffers each pad's Yjs updates and writes them in batches, in order,
 * one write at a time, with a snapshot each time a pad's log passes a multiple of
 * SNAPSHOT_EVERY. Hocuspocus has already broadcast an update when it reaches the writer, so
 * the relay never waits on the database; the writes only have to stay small and rare.
 *
 * Why the writes are cut into slices with a turn of the event loop between them: on PGlite
 * the database runs synchronously on the server's own thread, and its promises resolve as
 * microtasks, so one flush of a few hundred rows (and the snapshots after it) used to run as a
 * single task of 50–300 ms during which no pad message was relayed (the profile of the pads
 * benchmark: the relay's p99 was the length of those tasks). A slice of at most
 * MAX_ROWS_PER_WRITE rows keeps every task short; the order of each pad's updates holds
 * because slices are written one after the other, each pad's entries in arrival order.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import * as Y from "yjs";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import type { Logger } from "../../platform/logger.ts";
import { appendUpdatesForPads, type LoggedUpdate, SNAPSHOT_EVERY, saveSnapshot } from "./pad-log.ts";

/** How long an update may wait in memory before it is written. */
export const LOG_FLUSH_MS = 500;
/** At most this many rows per INSERT (one event-loop task on PGlite). */
export const MAX_ROWS_PER_WRITE = 100;

export interface PadLogWriterDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** Tests shorten or lengthen the wait; the server uses LOG_FLUSH_MS. */
  flushAfterMs?: number;
  maxRowsPerWrite?: number;
}

export interface PadLogWriter {
  /** The pad's last logged sequence when its document was loaded (snapshots count from it). */
  setKnownSequence(padId: string, sequence: number): void;
  /** Queues one update; it is written within flushAfterMs. */
  append(padId: string, entry: LoggedUpdate, document: Y.Doc): void;
  /** Writes everything queued so far; resolves once it is in the database. */
  flushAll(): Promise<void>;
  /** How many updates wait in memory (tests). */
  pendingCount(): number;
}

export function createPadLogWriter(deps: PadLogWriterDeps): PadLogWriter {
  const flushAfterMs = deps.flushAfterMs ?? LOG_FLUSH_MS;
  const maxRows = deps.maxRowsPerWrite ?? MAX_ROWS_PER_WRITE;
  let pending = new Map<string, { entries: LoggedUpdate[]; document: Y.Doc }>();
  let pendingCount = 0;
  let writing: Promise<void> = Promise.resolve();
  const lastSequence = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  /** Writes one batch of pads, slice by slice, then the snapshots it made due. */
  async function write(batches: Map<string, { entries: LoggedUpdate[]; document: Y.Doc }>) {
    const snapshotsDue = new Map<string, { sequence: number; document: Y.Doc }>();
    for (const slice of slicesOf(batches, maxRows)) {
      await nextTurn();
      const written = await appendUpdatesForPads(deps.db, slice);
      for (const [padId, last] of written) {
        const before = lastSequence.get(padId) ?? 0;
        lastSequence.set(padId, last);
        const document = batches.get(padId)?.document;
        if (document && Math.floor(last / SNAPSHOT_EVERY) > Math.floor(before / SNAPSHOT_EVERY)) {
          snapshotsDue.set(padId, { sequence: last, document });
        }
      }
    }
    for (const [padId, { sequence, document }] of snapshotsDue) {
      await nextTurn();
      // The live document may already hold a few later updates; replaying them again is harmless.
      await saveSnapshot(deps.db, padId, sequence, Y.encodeStateAsUpdate(document), deps.clock.now());
    }
  }

  function flushAll(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const next = writing.then(async () => {
      const batches = pending;
      pending = new Map();
      pendingCount = 0;
      if (batches.size > 0) await write(batches);
    });
    const settled = next.catch((error: unknown) =>
      deps.logger?.error({ err: error }, "pad log write failed"),
    );
    writing = settled;
    return settled;
  }

  return {
    setKnownSequence(padId, sequence) {
      lastSequence.set(padId, sequence);
    },
    append(padId, entry, document) {
      const batch = pending.get(padId) ?? { entries: [], document };
      batch.entries.push(entry);
      pending.set(padId, batch);
      pendingCount += 1;
      timer ??= setTimeout(() => void flushAll(), flushAfterMs);
    },
    flushAll,
    pendingCount: () => pendingCount,
  };
}

/**
 * Cuts the pads' queued updates into slices of at most `maxRows` rows, each pad's entries in
 * order (a pad may span several consecutive slices).
 */
export function slicesOf(
  batches: ReadonlyMap<string, { entries: readonly LoggedUpdate[] }>,
  maxRows: number,
): Map<string, LoggedUpdate[]>[] {
  const slices: Map<string, LoggedUpdate[]>[] = [];
  let current = new Map<string, LoggedUpdate[]>();
  let rows = 0;
  for (const [padId, { entries }] of batches) {
    for (const entry of entries) {
      if (rows === maxRows) {
        slices.push(current);
        current = new Map();
        rows = 0;
      }
      const list = current.get(padId) ?? [];
      list.push(entry);
      current.set(padId, list);
      rows += 1;
    }
  }
  if (rows > 0) slices.push(current);
  return slices;
}
