/**
 * Replaying a pad from its log: the document at any moment is the latest snapshot at or before
 * it plus the updates after that, so a one-hour session (~20k updates) starts at once and a
 * scrub never replays more than one snapshot interval. Playing forward applies updates
 * incrementally to the same document.
 */
import * as Y from "yjs";

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** One record's header bytes in the log stream (src/modules/pads/playback-log.ts writes it). */
const RECORD_HEADER_BYTES = 17;

export interface PlaybackIndex {
  sequences: Uint32Array;
  /** Milliseconds since the first update. */
  offsets: Float64Array;
  /** Where each update's bytes start in `bytes`, and how many. */
  starts: Uint32Array;
  lengths: Uint32Array;
  bytes: Uint8Array;
}

/**
 * Indexes the log stream without copying any update: a one-hour session decodes in one pass,
 * and updates are applied straight from sub-arrays of the one buffer.
 */
export function indexPlaybackLog(log: string, count: number): PlaybackIndex {
  const bytes = decodeBase64(log);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const index: PlaybackIndex = {
    sequences: new Uint32Array(count),
    offsets: new Float64Array(count),
    starts: new Uint32Array(count),
    lengths: new Uint32Array(count),
    bytes,
  };
  let position = 0;
  for (let record = 0; record < count && position + RECORD_HEADER_BYTES <= bytes.byteLength; record += 1) {
    index.sequences[record] = view.getUint32(position, true);
    index.offsets[record] = view.getFloat64(position + 4, true);
    const length = view.getUint32(position + 13, true);
    index.starts[record] = position + RECORD_HEADER_BYTES;
    index.lengths[record] = length;
    position += RECORD_HEADER_BYTES + length;
  }
  return index;
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

/** The parts of the playback response (PadPlayback) the timeline reads. */
export interface RecordedLog {
  startedAt: string | null;
  updateCount: number;
  log: string;
  snapshots: { sequence: number; state: string }[];
}

export function createTimeline(playback: RecordedLog): Timeline {
  const log = indexPlaybackLog(playback.log, playback.updateCount);
  const total = playback.updateCount;
  const startedAt = playback.startedAt ? Date.parse(playback.startedAt) : 0;
  const offsets = Array.from(log.offsets);
  const updateAt = (index: number) =>
    log.bytes.subarray(log.starts[index], (log.starts[index] ?? 0) + (log.lengths[index] ?? 0));
  // The snapshot holds the first `count` updates (the log's sequences start at 1); snapshot
  // states are decoded only when a seek needs them.
  const firstAfter = (sequence: number) => {
    const found = log.sequences.findIndex((candidate) => candidate > sequence);
    return found === -1 ? total : found;
  };
  const snapshots = playback.snapshots.map((snapshot) => {
    let state: Uint8Array | null = null;
    return {
      count: firstAfter(snapshot.sequence),
      get state() {
        state ??= decodeBase64(snapshot.state);
        return state;
      },
    };
  });
  let doc = new Y.Doc();
  let applied = 0;

  return {
    offsets,
    startedAt,
    durationMs: offsets.at(-1) ?? 0,
    seek(count) {
      const target = Math.max(0, Math.min(count, total));
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
            Y.applyUpdate(doc, updateAt(index));
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
