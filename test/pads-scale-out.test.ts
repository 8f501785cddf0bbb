/**
 * Scaling out (issue 12): two Evident servers over one PostgreSQL database share a pad through
 * the Hocuspocus Redis extension (REDIS_URL; Redis runs at 127.0.0.1:6379 on development and CI
 * machines). A client on each edits; both converge, and each update is logged once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createFileMailer } from "../src/modules/mail/mailer.ts";
import { countUpdates, loadPadState } from "../src/modules/pads/pad-log.ts";
import { systemClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import { createEventBus, type EventBus } from "../src/platform/events.ts";
import { buildApp } from "../src/server/app.ts";
import type { HttpApp } from "../src/server/http-types.ts";
import { createTestDatabase, type TestDatabase } from "./support/databases.ts";
import {
  connectPad,
  type PadScene,
  schedulePadInterview,
  seedPadScene,
  waitFor,
} from "./support/pad-seed.ts";
import { call, type TestServer } from "./support/server.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function startInstance(
  database: TestDatabase,
): Promise<{ app: HttpApp; url: string; events: EventBus }> {
  const config = loadConfig({
    NODE_ENV: "test",
    EVIDENT_SECRET: "test-secret-test-secret-test-secret-0123",
    EVIDENT_DATA_DIR: "/nonexistent-evident-test-dir",
    PORT: "0",
    DATABASE_URL: database.testUrl ?? "",
    REDIS_URL,
  });
  const events = await createEventBus(database);
  const app = await buildApp({
    config,
    database,
    queue: null,
    clock: systemClock,
    mailer: createFileMailer(
      mkdtempSync(path.join(tmpdir(), "evident-outbox-")),
      "Evident <no-reply@evident.test>",
    ),
    events,
    logger: false,
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, url, events };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "pads shared by two servers through Redis (PostgreSQL)",
  () => {
    let database: TestDatabase;
    let instances: { app: HttpApp; url: string; events: EventBus }[] = [];
    let scene: PadScene;
    let documentName = "";
    let padId = "";

    /** The test helpers take a TestServer; only url and database are used. */
    const asServer = (index: number) =>
      ({ url: instances[index]?.url ?? "", database }) as unknown as TestServer;

    beforeAll(async () => {
      database = await createTestDatabase("postgresql");
      instances = [await startInstance(database), await startInstance(database)];
      scene = await seedPadScene(asServer(0), "ScaleOut", systemClock);
      const interviewId = await schedulePadInterview(
        asServer(0),
        scene,
        scene.pairing.id,
        new Date(Date.now() + 5 * 60_000),
      );
      const pad = await call(asServer(1), "GET", `/api/v1/interviews/${interviewId}/pad`, {
        token: scene.interviewers[0]?.token,
      });
      expect(pad.status).toBe(200);
      documentName = String(pad.body.documentName);
      padId = String(pad.body.id);
    }, 120_000);
    afterAll(async () => {
      for (const instance of instances) {
        await instance.app.close();
        await instance.events.close();
      }
      await database?.drop();
    });

    it("converges edits made on different servers and logs each once", async () => {
      const onFirst = connectPad(asServer(0), documentName, {
        authorization: `Bearer ${scene.interviewers[0]?.token}`,
      });
      const onSecond = connectPad(asServer(1), documentName, { cookie: scene.candidate.cookie });
      await Promise.all([onFirst.synced, onSecond.synced]);
      const before = await countUpdates(database.db, padId);
      onFirst.doc.getText("code").insert(0, "// from the first server\n");
      onSecond.doc.getText("code").insert(0, "// from the second server\n");
      const text = (doc: Y.Doc) => doc.getText("code").toString();
      await waitFor(
        () =>
          text(onFirst.doc) === text(onSecond.doc) &&
          text(onFirst.doc).includes("from the first server") &&
          text(onFirst.doc).includes("from the second server"),
        "both edits on both servers",
      );
      // Each server logs the updates of its own clients only: two edits, two new log entries.
      await waitFor(async () => (await countUpdates(database.db, padId)) === before + 2, "both edits logged");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await countUpdates(database.db, padId)).toBe(before + 2);
      const replayed = new Y.Doc();
      Y.applyUpdate(replayed, (await loadPadState(database.db, padId)).state);
      expect(text(replayed)).toBe(text(onFirst.doc));
      onFirst.close();
      onSecond.close();
    }, 90_000);
  },
);
