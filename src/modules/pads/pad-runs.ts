/**
 * Run from the pad: the pad's current code runs in the bubblewrap sandbox with the challenges'
 * default limits (SQL: in a fresh PGlite of its own, pad-sql-run.ts), and its output is written into the pad's document (Y.Array "runs") as it
 * arrives, so everyone in the pad sees it stream, it is persisted with the code, and playback
 * shows it. Runs start directly, at most PAD_RUN_CONCURRENCY at once per server, instead of
 * waiting behind batch grading in the job queue.
 */
import { transform } from "esbuild";
import * as Y from "yjs";
import type { Clock } from "../../platform/clock.ts";
import { newId } from "../../platform/ids.ts";
import type { Logger } from "../../platform/logger.ts";
import { defaultSandboxLimits, runInSandbox, type SandboxRun } from "../sandbox/sandbox.ts";
import { runPadSql } from "./pad-sql-run.ts";
import type { PadLanguage } from "./pads.ts";

export const PAD_RUN_CONCURRENCY = 2;
/** The most runs kept in a pad's document; older ones drop off (they stay in the log). */
const KEPT_RUNS = 20;
const RUN_ORIGIN = { source: "pads-run" };

let running = 0;
const waiting: (() => void)[] = [];

async function withRunSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PAD_RUN_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** What the sandbox runs for the pad's language; null with a reason when it cannot run. */
export async function sandboxRunFor(
  language: Exclude<PadLanguage, "sql">,
  code: string,
): Promise<{ run: Omit<SandboxRun, "onOutput"> } | { refusal: string }> {
  switch (language) {
    case "javascript":
      return { run: { runtime: "node", files: { "main.mjs": code }, command: ["node", "main.mjs"] } };
    case "typescript": {
      try {
        const { code: javascript } = await transform(code, { loader: "ts", format: "esm", target: "node22" });
        return { run: { runtime: "node", files: { "main.mjs": javascript }, command: ["node", "main.mjs"] } };
      } catch (error) {
        return { refusal: `TypeScript did not compile:\n${(error as Error).message}` };
      }
    }
    case "python":
      return {
        run: { runtime: "python", files: { "main.py": code }, command: ["python3", "-I", "-B", "main.py"] },
      };
  }
}

export function padLanguageOf(document: Y.Doc): PadLanguage {
  const language = document.getMap("meta").get("language");
  return language === "javascript" || language === "python" || language === "sql" ? language : "typescript";
}

/** Starts a run of the document's code; its progress and result land in the document. */
export function startPadRun(document: Y.Doc, by: string, clock: Clock, logger?: Logger): void {
  const language = padLanguageOf(document);
  const code = document.getText("code").toString();
  const runs = document.getArray<Y.Map<unknown>>("runs");
  const entry = new Y.Map<unknown>();
  const chunks = new Y.Array<{ stream: "stdout" | "stderr"; text: string }>();
  document.transact(() => {
    entry.set("id", newId());
    entry.set("by", by);
    entry.set("language", language);
    entry.set("startedAt", clock.now().toISOString());
    entry.set("status", "queued");
    entry.set("chunks", chunks);
    runs.push([entry]);
    if (runs.length > KEPT_RUNS) runs.delete(0, runs.length - KEPT_RUNS);
  }, RUN_ORIGIN);
  const write = (change: () => void) => document.transact(change, RUN_ORIGIN);

  void withRunSlot(async () => {
    if (language === "sql") {
      write(() => entry.set("status", "running"));
      const result = await runPadSql(code, {
        wallMs: defaultSandboxLimits.wallMs,
        onOutput: (stream, text) => write(() => chunks.push([{ stream, text }])),
      });
      write(() => {
        entry.set("status", result.status);
        entry.set("exitCode", result.exitCode);
        entry.set("wallMs", result.wallMs);
        entry.set("outputTruncated", false);
        entry.set("finishedAt", clock.now().toISOString());
      });
      return;
    }
    const prepared = await sandboxRunFor(language, code);
    if ("refusal" in prepared) {
      write(() => {
        chunks.push([{ stream: "stderr", text: prepared.refusal }]);
        entry.set("status", "not_run");
        entry.set("finishedAt", clock.now().toISOString());
      });
      return;
    }
    write(() => entry.set("status", "running"));
    const result = await runInSandbox(
      {
        ...prepared.run,
        limits: defaultSandboxLimits,
        onOutput: (stream, chunk) => write(() => chunks.push([{ stream, text: chunk.toString("utf8") }])),
      },
      // People are watching a pad run: it takes the next free box before any grading.
      { priority: "interactive" },
    );
    write(() => {
      entry.set("status", result.status);
      entry.set("exitCode", result.exitCode);
      entry.set("cpuMs", result.cpuMs);
      entry.set("wallMs", result.wallMs);
      entry.set("maxRssKb", result.maxRssKb);
      entry.set("outputTruncated", result.outputTruncated);
      entry.set("finishedAt", clock.now().toISOString());
    });
  }).catch((error: unknown) => {
    logger?.error({ err: error }, "pad run failed");
    write(() => {
      chunks.push([{ stream: "stderr", text: (error as Error).message }]);
      entry.set("status", "not_run");
      entry.set("finishedAt", clock.now().toISOString());
    });
  });
}
