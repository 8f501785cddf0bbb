import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { countUpdates, type LoggedUpdate, loadPadState } from "../src/modules/pads/pad-log.ts";
import { createPadLogWriter, slicesOf } from "../src/modules/pads/pad-log-writer.ts";
import { padUpdates } from "../src/modules/pads/pads-table.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import { connectPad, schedulePadInterview, seedPadScene, waitFor } from "./support/pad-seed.ts";
import { call, startTestServer, type TestServer } from "./support/server.ts";

/** A document typing `count` characters, one update each, as a client would send them. */
function typedUpdates(count: number, letter: string): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let index = 0; index < count; index += 1) {
    doc.getText("code").insert(index, `${letter}${index % 10}`);
  }
  return { doc, updates };
}

const entry = (update: Uint8Array, at: number): LoggedUpdate => ({
  receivedAt: new Date(Date.UTC(2030, 4, 4, 9, 0, 0, at)),
  authorKind: "staff",
  authorId: null,
  update,
});

describe("pad log slices", () => {
  it("cuts queued updates into slices of at most N rows, each pad's entries in order", () => {
    const a = typedUpdates(5, "a").updates.map((update, index) => entry(update, index));
    const b = typedUpdates(3, "b").updates.map((update, index) => entry(update, index));
    const slices = slicesOf(
      new Map([
        ["pad-a", { entries: a }],
        ["pad-b", { entries: b }],
      ]),
      3,
    );
    expect(slices.map((slice) => [...slice].map(([pad, rows]) => [pad, rows.length]))).toEqual([
      [["pad-a", 3]],
      [
        ["pad-a", 2],
        ["pad-b", 1],
      ],
      [["pad-b", 2]],
    ]);
    expect(slices.flatMap((slice) => slice.get("pad-a") ?? [])).toEqual(a);
    expect(slices.flatMap((slice) => slice.get("pad-b") ?? [])).toEqual(b);
  });
});

describe.each(testEngines)("pad log writer (%s)", (engine) => {
  const clock = fixedClock(new Date("2030-05-04T08:50:00Z"));
  let server: TestServer;
  const padIds: string[] = [];
  let documentName = "";
  let token = "";

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    const scene = await seedPadScene(server, "Writer", clock);
    token = scene.interviewers[0]?.token ?? "";
    for (const hour of [9, 11, 13]) {
      const interviewId = await schedulePadInterview(
        server,
        scene,
        scene.pairing.id,
        new Date(Date.UTC(2030, 4, 4, hour)),
      );
      const pad = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, { token });
      padIds.push(String(pad.body.id));
      documentName = String(pad.body.documentName);
    }
  }, 120_000);
  afterAll(async () => server?.close());

  const loggedUpdates = async (padId: string) =>
    (
      await server.database.db
        .select({ sequence: padUpdates.sequence, update: padUpdates.update })
        .from(padUpdates)
        .where(eq(padUpdates.padId, padId))
        .orderBy(asc(padUpdates.sequence))
    ).map((row) => ({ sequence: row.sequence, update: new Uint8Array(row.update) }));

  it("holds updates until the flush, then writes every pad's in arrival order across slices and overlapping flushes", async () => {
    const [padA, padB] = padIds as [string, string];
    const writer = createPadLogWriter({
      db: server.database.db,
      clock,
      flushAfterMs: 60_000,
      maxRowsPerWrite: 7,
    });
    const a = typedUpdates(40, "a");
    const b = typedUpdates(23, "b");
    const document = new Y.Doc();
    // Interleaved, as two pads' clients type at once.
    for (let index = 0; index < 30; index += 1) {
      const fromA = a.updates[index];
      const fromB = b.updates[index];
      if (fromA) writer.append(padA, entry(fromA, index), document);
      if (fromB) writer.append(padB, entry(fromB, index), document);
    }
    expect(writer.pendingCount()).toBe(53);
    // Nothing is written before the flush (each pad holds only its starting content).
    expect(await countUpdates(server.database.db, padA)).toBe(1);
    const first = writer.flushAll();
    // Updates arriving while a write is under way go in the next one, after it.
    for (const [index, update] of a.updates.slice(30).entries())
      writer.append(padA, entry(update, 30 + index), document);
    const second = writer.flushAll();
    await Promise.all([first, second]);
    expect(writer.pendingCount()).toBe(0);

    for (const [padId, typed] of [
      [padA, a],
      [padB, b],
    ] as const) {
      const logged = await loggedUpdates(padId);
      expect(logged.map((row) => row.sequence)).toEqual(logged.map((_, index) => index + 1));
      // After the starting content, exactly the appended updates, byte for byte, in order.
      expect(logged.slice(1).map((row) => Buffer.from(row.update).toString("hex"))).toEqual(
        typed.updates.map((update) => Buffer.from(update).toString("hex")),
      );
      const replayed = new Y.Doc();
      Y.applyUpdate(replayed, (await loadPadState(server.database.db, padId)).state);
      expect(replayed.getText("code").toString()).toContain(typed.doc.getText("code").toString());
    }
  });

  it("writes on its own once the wait is over", async () => {
    const padC = padIds[2] as string;
    const writer = createPadLogWriter({ db: server.database.db, clock, flushAfterMs: 50 });
    const typed = typedUpdates(5, "c");
    for (const [index, update] of typed.updates.entries())
      writer.append(padC, entry(update, index), typed.doc);
    await waitFor(async () => (await countUpdates(server.database.db, padC)) === 6, "the timed flush");
    expect(writer.pendingCount()).toBe(0);
  });

  it("loses no update when the server closes right after the typing", async () => {
    const client = connectPad(server, documentName, { authorization: `Bearer ${token}` });
    await client.synced;
    const padId = padIds[2] as string;
    const before = await countUpdates(server.database.db, padId);
    for (let index = 0; index < 30; index += 1) client.doc.getText("code").insert(0, "z");
    // The server has them once a second client sees them.
    const watcher = connectPad(server, documentName, { authorization: `Bearer ${token}` });
    await watcher.synced;
    await waitFor(
      () => watcher.doc.getText("code").toString().startsWith("z".repeat(30)),
      "the relayed edits",
    );
    // Closing flushes what the writer still holds (its 500 ms wait has not passed).
    await server.app.padCollaboration.close();
    const logged = await countUpdates(server.database.db, padId);
    expect(logged).toBeGreaterThan(before);
    const replayed = new Y.Doc();
    Y.applyUpdate(replayed, (await loadPadState(server.database.db, padId)).state);
    expect(replayed.getText("code").toString().startsWith("z".repeat(30))).toBe(true);
    client.close();
    watcher.close();
  });
});
