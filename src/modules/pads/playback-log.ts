/**
 * The compact form of a pad's update log for playback. A one-hour session holds ~20k updates;
 * sending them as 20k JSON objects (each serialised through zod, each its own base64 string)
 * took seconds, so the log travels as one binary record stream, base64 in one string, which the
 * player decodes lazily (web/src/pads/playback.ts reads the same layout).
 *
 * Layout, per update, little-endian:
 *   uint32 sequence · float64 milliseconds since `startedAt` · uint8 author (AUTHOR_CODES) ·
 *   uint32 byte length · the Yjs update bytes
 */
export const PLAYBACK_RECORD_HEADER_BYTES = 17;
export const AUTHOR_CODES = ["staff", "candidate", "system"] as const;
export type PlaybackAuthor = (typeof AUTHOR_CODES)[number];

export interface LoggedUpdate {
  sequence: number;
  receivedAt: Date;
  authorKind: PlaybackAuthor;
  update: Uint8Array;
}

export function encodePlaybackLog(updates: LoggedUpdate[]): { startedAt: string | null; log: string } {
  const first = updates[0];
  if (!first) return { startedAt: null, log: "" };
  const startedAt = first.receivedAt.getTime();
  let total = 0;
  for (const entry of updates) total += PLAYBACK_RECORD_HEADER_BYTES + entry.update.byteLength;
  const buffer = Buffer.allocUnsafe(total);
  let position = 0;
  for (const entry of updates) {
    position = buffer.writeUInt32LE(entry.sequence, position);
    position = buffer.writeDoubleLE(entry.receivedAt.getTime() - startedAt, position);
    position = buffer.writeUInt8(AUTHOR_CODES.indexOf(entry.authorKind), position);
    position = buffer.writeUInt32LE(entry.update.byteLength, position);
    buffer.set(entry.update, position);
    position += entry.update.byteLength;
  }
  return { startedAt: first.receivedAt.toISOString(), log: buffer.toString("base64") };
}
