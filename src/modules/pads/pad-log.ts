/**
 * The pad's storage: the append-only log of Yjs updates, snapshots every SNAPSHOT_EVERY
 * updates, playback markers and the interviewer panel's state. All SQL of the pads module.
 */
import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "../../platform/db/client.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { interviews } from "../interviews/interviews-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { padMarkers, padPanelStates, padSnapshots, pads, padUpdates } from "./pads-table.ts";

/** A snapshot after this many updates, so loading and playback never replay more than that. */
export const SNAPSHOT_EVERY = 500;

export type AuthorKind = "staff" | "candidate" | "system";

export interface LoggedUpdate {
  receivedAt: Date;
  authorKind: AuthorKind;
  authorId: string | null;
  update: Uint8Array;
}

/** Appends one pad's updates in order; returns the last sequence written. */
export async function appendUpdates(
  db: Db,
  padId: string,
  updates: readonly LoggedUpdate[],
): Promise<number> {
  const written = await appendUpdatesForPads(db, new Map([[padId, updates]]));
  return written.get(padId) ?? 0;
}

/**
 * Appends several pads' updates in one transaction of two statements (the pads' last
 * sequences, then one INSERT for all), so a server relaying many pads writes its log in one
 * round trip per flush instead of one per pad. The rows travel as one JSON parameter
 * (updates in base64) unpacked by json_to_recordset: on PGlite, which runs on the server's
 * own thread, binding six parameters per row cost 3–10× more than the whole JSON document
 * (drizzle's per-parameter building and PostgreSQL's parsing of a statement with a thousand
 * placeholders), and that time was taken from the relay.
 * Sequences continue from each pad's last one; two server instances appending at once collide
 * on the primary key, and the loser retries with fresh numbers.
 * Returns each pad's last sequence written.
 */
export async function appendUpdatesForPads(
  db: Db,
  batches: ReadonlyMap<string, readonly LoggedUpdate[]>,
): Promise<Map<string, number>> {
  const padIds = [...batches.keys()].filter((padId) => (batches.get(padId)?.length ?? 0) > 0);
  if (padIds.length === 0) return new Map();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction(async (tx) => {
        const lastRows = await tx
          .select({ padId: padUpdates.padId, sequence: sql<number>`max(${padUpdates.sequence})` })
          .from(padUpdates)
          .where(inArray(padUpdates.padId, padIds))
          .groupBy(padUpdates.padId);
        const lastOf = new Map(lastRows.map((row) => [row.padId, Number(row.sequence)]));
        const written = new Map<string, number>();
        const rows = padIds.flatMap((padId) => {
          const updates = batches.get(padId) ?? [];
          const first = (lastOf.get(padId) ?? 0) + 1;
          written.set(padId, first + updates.length - 1);
          return updates.map((entry, index) => ({
            pad_id: padId,
            sequence: first + index,
            received_at: entry.receivedAt.toISOString(),
            author_kind: entry.authorKind,
            author_id: entry.authorId,
            update: Buffer.from(
              entry.update.buffer,
              entry.update.byteOffset,
              entry.update.byteLength,
            ).toString("base64"),
          }));
        });
        await tx.execute(sql`
          insert into pad_updates (pad_id, sequence, received_at, author_kind, author_id, update)
          select entry.pad_id, entry.sequence, entry.received_at, entry.author_kind, entry.author_id,
                 decode(entry.update, 'base64')
          from json_to_recordset(${JSON.stringify(rows)}::json) as entry(
            pad_id uuid, sequence integer, received_at timestamptz, author_kind text, author_id uuid,
            update text
          )`);
        return written;
      });
    } catch (error) {
      if (attempt >= 5 || !isUniqueViolation(error)) throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  return code === "23505";
}

/** The whole document as one update: the latest snapshot merged with the updates after it. */
export async function loadPadState(db: Db, padId: string): Promise<{ state: Uint8Array; sequence: number }> {
  const [snapshot] = await db
    .select()
    .from(padSnapshots)
    .where(eq(padSnapshots.padId, padId))
    .orderBy(desc(padSnapshots.sequence))
    .limit(1);
  const after = snapshot?.sequence ?? 0;
  const rows = await db
    .select({ sequence: padUpdates.sequence, update: padUpdates.update })
    .from(padUpdates)
    .where(and(eq(padUpdates.padId, padId), gt(padUpdates.sequence, after)))
    .orderBy(asc(padUpdates.sequence));
  const parts = [
    ...(snapshot ? [new Uint8Array(snapshot.state)] : []),
    ...rows.map((row) => new Uint8Array(row.update)),
  ];
  return {
    state: parts.length === 0 ? new Uint8Array() : Y.mergeUpdates(parts),
    sequence: rows.at(-1)?.sequence ?? after,
  };
}

/** Stores the document after `sequence` updates (idempotent: a second instance's copy is ignored). */
export async function saveSnapshot(
  db: Db,
  padId: string,
  sequence: number,
  state: Uint8Array,
  takenAt: Date,
) {
  await db
    .insert(padSnapshots)
    .values({ padId, sequence, takenAt, state: Buffer.from(state) })
    .onConflictDoNothing();
}

export async function addMarker(
  db: Db,
  marker: {
    padId: string;
    at: Date;
    kind: (typeof padMarkers.$inferInsert)["kind"];
    actorKind: "staff" | "candidate";
    actorId: string | null;
    detail: string | null;
  },
) {
  await db.insert(padMarkers).values(marker);
}

/** A paste marker's detail: the pasted length, never the text. */
export const pasteMarkerDetail = (chars: number) => `${chars} characters`;

/** The pasted length a paste marker records, or null when it has none. */
export function pastedChars(detail: string | null): number | null {
  const match = /^(\d+) characters$/.exec(detail ?? "");
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * The large pastes the application's candidate made in the pads of its interviews, oldest first,
 * with the pad's interview and stage. Only the candidate's own markers: staff pasting a snippet
 * for the candidate is part of the interview, not something to ask the candidate about.
 */
export async function candidatePasteMarkers(db: Db, organizationId: string, applicationId: string) {
  return db
    .select({
      padId: pads.id,
      interviewId: interviews.id,
      at: padMarkers.at,
      detail: padMarkers.detail,
      scheduledAt: interviews.scheduledAt,
      durationMinutes: interviews.durationMinutes,
      stageName: planStages.name,
      stageIsBlind: planStages.isBlind,
      candidateName: candidates.fullName,
    })
    .from(padMarkers)
    .innerJoin(pads, eq(pads.id, padMarkers.padId))
    .innerJoin(interviews, eq(interviews.id, pads.interviewId))
    .innerJoin(planStages, eq(planStages.id, interviews.stageId))
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(
      and(
        eq(pads.organizationId, organizationId),
        eq(interviews.applicationId, applicationId),
        eq(padMarkers.kind, "paste"),
        eq(padMarkers.actorKind, "candidate"),
        eq(padMarkers.actorId, applications.candidateId),
      ),
    )
    .orderBy(asc(padMarkers.at), asc(padMarkers.id));
}

/** Everything playback needs, in order: snapshots (for scrubbing), every update, the markers. */
export async function readPlaybackLog(db: Db, padId: string) {
  const [snapshots, updates, markers] = await Promise.all([
    db
      .select({ sequence: padSnapshots.sequence, takenAt: padSnapshots.takenAt, state: padSnapshots.state })
      .from(padSnapshots)
      .where(eq(padSnapshots.padId, padId))
      .orderBy(asc(padSnapshots.sequence)),
    db
      .select({
        sequence: padUpdates.sequence,
        receivedAt: padUpdates.receivedAt,
        authorKind: padUpdates.authorKind,
        update: padUpdates.update,
      })
      .from(padUpdates)
      .where(eq(padUpdates.padId, padId))
      .orderBy(asc(padUpdates.sequence)),
    // Markers stored in the same millisecond keep the order they were stored in.
    db
      .select()
      .from(padMarkers)
      .where(eq(padMarkers.padId, padId))
      .orderBy(asc(padMarkers.at), asc(padMarkers.id)),
  ]);
  return { snapshots, updates, markers };
}

export async function loadPanelState(db: Db, padId: string, userId: string): Promise<Uint8Array | null> {
  const [row] = await db
    .select()
    .from(padPanelStates)
    .where(and(eq(padPanelStates.padId, padId), eq(padPanelStates.userId, userId)));
  return row ? new Uint8Array(row.state) : null;
}

export async function savePanelState(db: Db, padId: string, userId: string, state: Uint8Array, at: Date) {
  await db
    .insert(padPanelStates)
    .values({ padId, userId, state: Buffer.from(state), updatedAt: at })
    .onConflictDoUpdate({
      target: [padPanelStates.padId, padPanelStates.userId],
      set: { state: Buffer.from(state), updatedAt: at },
    });
}

/** Erasure: the pads' content, log, snapshots, markers and panel notes go; the pad rows stay, marked. */
export async function erasePadContent(db: Db, padIds: readonly string[]) {
  if (padIds.length === 0) return;
  const ids = [...padIds];
  await db.delete(padUpdates).where(inArray(padUpdates.padId, ids));
  await db.delete(padSnapshots).where(inArray(padSnapshots.padId, ids));
  await db.delete(padMarkers).where(inArray(padMarkers.padId, ids));
  await db.delete(padPanelStates).where(inArray(padPanelStates.padId, ids));
}

/** How many updates a pad holds (tests and the benchmark). */
export async function countUpdates(db: Db, padId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(padUpdates)
    .where(eq(padUpdates.padId, padId));
  return row?.count ?? 0;
}
