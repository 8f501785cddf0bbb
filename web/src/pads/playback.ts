/**
 * Replaying a pad from its log: the document at any moment is the latest snapshot at or before
 * it plus the updates after that, so a one-hour session (~20k updates) starts at once and a
 * scrub never replays more than one snapshot interval. Playing forward applies updates
 * incrementally to the same document.
 */
import * as Y from "yjs";
import type { PadPlayback } from "./types";

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export interface Timeline {
  /** Milliseconds since the first update, per update in log order. */
  offsets: number[];
  startedAt: number;
  durationMs: number;
  /** Rebuilds (or advances) the document to hold the first `count` updates. */
  seek(count: number): Y.Doc;
  /** How many updates were received at or before `offsetMs`. */
  countAt(offsetMs: number): number;
}

export function createTimeline(playback: PadPlayback): Timeline {
  const updates = playback.updates.map((update) => decodeBase64(update.update));
  const sequences = playback.updates.map((update) => update.sequence);
  const times = playback.updates.map((update) => Date.parse(update.at));
  const startedAt = times[0] ?? 0;
  const offsets = times.map((time) => time - startedAt);
  const snapshots = playback.snapshots.map((snapshot) => ({
    // The snapshot holds the first `count` updates (the log's sequences start at 1).
    count:
      sequences.findIndex((sequence) => sequence > snapshot.sequence) === -1
        ? updates.length
        : sequences.findIndex((sequence) => sequence > snapshot.sequence),
    state: decodeBase64(snapshot.state),
  }));
  let doc = new Y.Doc();
  let applied = 0;

  return {
    offsets,
    startedAt,
    durationMs: offsets.at(-1) ?? 0,
    seek(count) {
      const target = Math.max(0, Math.min(count, updates.length));
      if (target < applied) {
        const snapshot = [...snapshots].reverse().find((candidate) => candidate.count <= target);
        doc = new Y.Doc();
        applied = 0;
        if (snapshot) {
          Y.applyUpdate(doc, snapshot.state);
          applied = snapshot.count;
        }
      } else if (target - applied > 1000) {
        const snapshot = [...snapshots]
          .reverse()
          .find((candidate) => candidate.count <= target && candidate.count > applied);
        if (snapshot) {
          doc = new Y.Doc();
          Y.applyUpdate(doc, snapshot.state);
          applied = snapshot.count;
        }
      }
      if (target > applied) {
        doc.transact(() => {
          for (let index = applied; index < target; index += 1) {
            const update = updates[index];
            if (update) Y.applyUpdate(doc, update);
          }
        });
        applied = target;
      }
      return doc;
    },
    countAt(offsetMs) {
      let low = 0;
      let high = offsets.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if ((offsets[middle] ?? 0) <= offsetMs) low = middle + 1;
        else high = middle;
      }
      return low;
    },
  };
}
