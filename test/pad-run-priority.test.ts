import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { systemClock } from "../src/platform/clock.ts";

// One box slot for this file (the slot limit is read when the sandbox module loads, and every
// test file gets its own modules), so the order in which waiting callers get it is observable.
process.env.EVIDENT_SANDBOX_SLOTS = "1";
const { assertSandboxAvailable, runInSandbox } = await import("../src/modules/sandbox/sandbox.ts");
const { startPadRun } = await import("../src/modules/pads/pad-runs.ts");

const settled = new Set(["ok", "runtime_error", "timeout", "memory_limit", "output_limit", "not_run"]);

/** Resolves when the pad's latest run has a final status. */
function padRunFinished(document: Y.Doc): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const runs = document.getArray<Y.Map<unknown>>("runs");
      const status = runs.get(runs.length - 1)?.get("status");
      if (typeof status === "string" && settled.has(status)) {
        document.off("update", check);
        resolve(status);
      }
    };
    document.on("update", check);
    check();
  });
}

describe("live pad runs and the sandbox's box slots", () => {
  beforeAll(() => assertSandboxAvailable());

  it("starts a pad run at once, beside the grading holding the only slot, ahead of gradings waiting longer", async () => {
    const finished: string[] = [];
    const quick = { runtime: "python" as const, files: {}, command: ["python3", "-c", "print('graded')"] };
    // A grading holds the only slot while the others queue behind it.
    const holder = runInSandbox(
      { runtime: "python", files: {}, command: ["python3", "-c", "import time; time.sleep(1.5)"] },
      { priority: "batch" },
    ).then(() => finished.push("holder"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const gradings = [1, 2].map((n) =>
      runInSandbox(quick, { priority: "batch" }).then((result) => {
        expect(result.stdout).toBe("graded\n");
        finished.push(`grading-${n}`);
      }),
    );
    const submit = runInSandbox(quick, { priority: "submit" }).then(() => finished.push("submit"));
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Queued last, through the pad's own code path.
    const document = new Y.Doc();
    document.getMap("meta").set("language", "javascript");
    document.getText("code").insert(0, 'console.log("pad");\n');
    startPadRun(document, "interviewer", systemClock);
    const padStatus = await padRunFinished(document);
    finished.push("pad");

    await Promise.all([holder, ...gradings, submit]);
    expect(padStatus).toBe("ok");
    const runs = document.getArray<Y.Map<unknown>>("runs");
    const chunks = runs.get(0)?.get("chunks") as Y.Array<{ text: string }>;
    expect(
      chunks
        .toArray()
        .map((chunk) => chunk.text)
        .join(""),
    ).toBe("pad\n");
    // The pad run did not wait for the holder (Runs and pads may use a slot beyond the gradings'
    // limit); the Submit and the batch gradings then get the slot in priority, then arrival order.
    expect(finished).toEqual(["pad", "holder", "submit", "grading-1", "grading-2"]);
  }, 60_000);
});
