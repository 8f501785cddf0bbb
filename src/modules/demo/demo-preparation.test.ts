import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../platform/clock.ts";
import { openDatabase } from "../../platform/db/client.ts";
import { createLogger } from "../../platform/logger.ts";
import { prepareDemoInBackground } from "./demo-preparation.ts";

describe("prepareDemoInBackground", () => {
  it("reports preparing at once, then failed with the cause logged, without rejecting", {
    timeout: 180_000,
  }, async () => {
    // A closed database makes the very first query fail: the server must stay up regardless.
    const database = await openDatabase({ engine: "pglite", dataDir: "memory://" });
    await database.close();
    const logged: string[] = [];
    const logger = createLogger("error", {
      destination: new Writable({
        write(chunk, _encoding, done) {
          logged.push(String(chunk));
          done();
        },
      }),
    });
    let readyCalls = 0;
    const demo = prepareDemoInBackground({ db: database.db, clock: systemClock, queue: null, logger }, () => {
      readyCalls += 1;
    });
    expect(demo.status()).toEqual({ state: "preparing", percent: 0 });
    await expect(demo.finished).resolves.toMatchObject({ state: "failed" });
    expect(demo.status().state).toBe("failed");
    expect(readyCalls).toBe(0);
    expect(logged.join("")).toContain("creating the demo organisation failed");
  });
});
