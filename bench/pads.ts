/**
 * Live pads (issue 12, Performance): PADS pads × 2 real WebSocket clients typing RATE updates/s
 * each for SECONDS against one Evident server; relay latency from one client's send to the
 * other's receive (p50/p99), as a ratio to a bare `ws` relay carrying the same messages in the
 * same run; server heap per open pad; and the start of playback for a recorded session of
 * ~20,000 updates (fetch, decode, first frame).
 */
import { fork } from "node:child_process";
import { createServer } from "node:http";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { type WebSocket, WebSocketServer } from "ws";
import * as Y from "yjs";
import { appendUpdates, SNAPSHOT_EVERY, saveSnapshot } from "../src/modules/pads/pad-log.ts";
import { systemClock } from "../src/platform/clock.ts";
import { seedApplication } from "../test/support/hiring-seed.ts";
import { schedulePadInterview, seedPadScene, socketUrl } from "../test/support/pad-seed.ts";
import { call, startTestServer } from "../test/support/server.ts";
import { createTimeline, type RecordedLog } from "../web/src/pads/playback.ts";
import type { ClientMessage, ClientSettings } from "./pads-clients.ts";
import type { Progress } from "./progress.ts";

const PADS = Number(process.env.BENCH_PADS ?? 50);
const SECONDS = Number(process.env.BENCH_PADS_SECONDS ?? 60);
const RATE = 5;
const PLAYBACK_UPDATES = 20_000;

export interface PadsReport {
  pads: number;
  clients: number;
  seconds: number;
  evident: { p50Ms: number; p99Ms: number; messages: number };
  bareRelay: { p50Ms: number; p99Ms: number; messages: number };
  p99Ratio: number;
  /** How late the server's event loop ran while the Evident clients typed (its longest tasks). */
  serverLoopDelay: { p99Ms: number; maxMs: number };
  /**
   * CPU time the server process spent while the Evident clients typed (user + system): what the
   * relay costs, independent of how much of the machine it got (the machine may be shared).
   */
  serverCpuMs: number;
  heapPerPadKb: number;
  playbackStartMs: number;
  playbackColdStartMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100) / 100
  );
}

/** `gc()` without starting node with --expose-gc: the flag can be set at runtime for new contexts. */
function exposeGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  return () => gc();
}

/**
 * Runs the clients in a child process (the issue asks for real clients, not in-process ones: a
 * worker thread still shares the server's process, its heap and garbage collector).
 */
function runClients(settings: ClientSettings, onReady: () => void): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, "pads-clients.ts"), [JSON.stringify(settings)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let latencies: number[] | null = null;
    child.on("message", (message: ClientMessage) => {
      if (message.type === "ready") onReady();
      else latencies = message.latencies;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (latencies) resolve(latencies);
      else reject(new Error(`the pad bench clients exited with ${code} before reporting`));
    });
  });
}

/** A bare relay: each message goes to the other sockets of the same path, nothing else. */
async function startEchoRelay(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on("connection", (socket, request) => {
    const room = rooms.get(request.url ?? "") ?? new Set();
    rooms.set(request.url ?? "", room);
    room.add(socket);
    socket.on("message", (data) => {
      for (const other of room) if (other !== socket) other.send(data);
    });
    socket.on("close", () => room.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        wss.close();
        server.close(() => resolve());
      }),
  };
}

export async function runPadsBenchmark(progress: Progress): Promise<PadsReport> {
  progress.phase(`[pads] preparing ${PADS} pads`);
  const server = await startTestServer("pglite");
  try {
    const scene = await seedPadScene(server, "Bench", systemClock);
    const interviewer = scene.interviewers[0];
    if (!interviewer) throw new Error("no interviewer");
    const documents: string[] = [];
    for (let index = 0; index < PADS; index += 1) {
      const { applicationId } = await seedApplication(
        server.database,
        scene.org.id,
        await roleIdOf(server, scene.candidate.applicationId),
        {
          fullName: `Bench Candidate ${index}`,
          email: `bench.${index}@candidates.test`,
        },
      );
      const interviewId = await schedulePadInterview(
        server,
        { ...scene, candidate: { ...scene.candidate, applicationId } },
        scene.pairing.id,
        new Date(Date.now() + 10 * 60_000),
      );
      const pad = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, {
        token: interviewer.token,
      });
      documents.push(String(pad.body.documentName));
      progress.detail(`${index + 1}/${PADS}`);
    }

    const echo = await startEchoRelay();
    progress.phase(`[pads] bare ws relay, ${SECONDS} s`);
    const bare = await runClients(
      { mode: "echo", url: echo.url, headers: {}, documents, ratePerSecond: RATE, seconds: SECONDS },
      () => {},
    );
    await echo.close();

    progress.phase(`[pads] Evident, ${PADS * 2} clients, ${SECONDS} s`);
    // Heap per pad: a full collection before both readings, so the difference is what the open
    // pads (documents, awareness, connections) keep alive, not garbage from seeding or typing.
    const collectGarbage = exposeGc();
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapLoaded = heapBefore;
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    let cpuAtReady = process.cpuUsage();
    const evident = await runClients(
      {
        mode: "evident",
        url: socketUrl(server),
        headers: { origin: server.url, authorization: `Bearer ${interviewer.token}` },
        documents,
        ratePerSecond: RATE,
        seconds: SECONDS,
      },
      () => {
        collectGarbage();
        heapLoaded = process.memoryUsage().heapUsed;
        loopDelay.enable();
        cpuAtReady = process.cpuUsage();
      },
    );
    loopDelay.disable();
    const cpuSpent = process.cpuUsage(cpuAtReady);

    progress.phase(`[pads] playback of ${PLAYBACK_UPDATES} updates`);
    const playbackStart = await measurePlaybackStart(server, scene, interviewer.token);
    const evidentSummary = {
      p50Ms: percentile(evident, 50),
      p99Ms: percentile(evident, 99),
      messages: evident.length,
    };
    const bareSummary = { p50Ms: percentile(bare, 50), p99Ms: percentile(bare, 99), messages: bare.length };
    progress.finish();
    return {
      pads: PADS,
      clients: PADS * 2,
      seconds: SECONDS,
      evident: evidentSummary,
      bareRelay: bareSummary,
      p99Ratio: Math.round((evidentSummary.p99Ms / Math.max(0.01, bareSummary.p99Ms)) * 100) / 100,
      serverLoopDelay: {
        p99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
        maxMs: Math.round(loopDelay.max / 1e4) / 100,
      },
      serverCpuMs: Math.round((cpuSpent.user + cpuSpent.system) / 1000),
      heapPerPadKb: Math.round((heapLoaded - heapBefore) / PADS / 1024),
      playbackStartMs: playbackStart.warmMs,
      playbackColdStartMs: playbackStart.coldMs,
    };
  } finally {
    await server.close();
  }
}

async function roleIdOf(server: Awaited<ReturnType<typeof startTestServer>>, applicationId: string) {
  const rows = (await server.database.db.execute(
    `select role_id from applications where id = '${applicationId}'` as never,
  )) as unknown as { rows?: { role_id: string }[] } | { role_id: string }[];
  const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
  return list[0]?.role_id ?? "";
}

/** Records ~20k one-character updates (with snapshots as the server takes them), then times playback's start. */
async function measurePlaybackStart(
  server: Awaited<ReturnType<typeof startTestServer>>,
  scene: Awaited<ReturnType<typeof seedPadScene>>,
  token: string,
): Promise<{ coldMs: number; warmMs: number }> {
  const interviewId = await schedulePadInterview(
    server,
    scene,
    scene.design.id,
    new Date(Date.now() + 20 * 60_000),
  );
  const pad = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, { token });
  const padId = String(pad.body.id);
  const doc = new Y.Doc();
  const started = Date.now() - 3_600_000;
  let batch: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => batch.push(update));
  for (let index = 0; index < PLAYBACK_UPDATES; index += 1) {
    doc.getText("code").insert(index % 500, String.fromCharCode(97 + (index % 26)));
    if (batch.length === SNAPSHOT_EVERY) {
      const last = await appendUpdates(
        server.database.db,
        padId,
        batch.map((update, offset) => ({
          receivedAt: new Date(started + ((index - SNAPSHOT_EVERY + offset) * 3_600_000) / PLAYBACK_UPDATES),
          authorKind: "candidate" as const,
          authorId: null,
          update,
        })),
      );
      await saveSnapshot(server.database.db, padId, last, Y.encodeStateAsUpdate(doc), new Date());
      batch = [];
    }
  }
  // The first request in a server process also pays for compiling the route's serializer and
  // the query; a reviewer opening a second recording does not. Both are reported.
  const times: number[] = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const begin = performance.now();
    const playback = await call(server, "GET", `/api/v1/pads/${padId}/playback`, { token });
    // What the web player does first (web/src/pads/playback.ts, run here as is): index the log
    // stream, then build the frame in the middle of the session from the snapshot before it.
    const timeline = createTimeline(playback.body as unknown as RecordedLog);
    const frame = timeline.seek(timeline.countAt(timeline.durationMs / 2));
    if (frame.getText("code").length === 0) throw new Error("playback produced an empty frame");
    times.push(Math.round(performance.now() - begin));
  }
  return { coldMs: times[0] ?? 0, warmMs: Math.min(...times.slice(1)) };
}

export function formatPadsTable(report: PadsReport): string {
  return [
    `Live pads: ${report.pads} pads × 2 clients, ${RATE} updates/s each, ${report.seconds} s`,
    `  relay latency   Evident p50 ${report.evident.p50Ms} ms, p99 ${report.evident.p99Ms} ms (${report.evident.messages} messages)`,
    `                  bare ws p50 ${report.bareRelay.p50Ms} ms, p99 ${report.bareRelay.p99Ms} ms (${report.bareRelay.messages} messages)`,
    `                  p99 ratio ${report.p99Ratio}× the bare relay`,
    `  server loop     delay p99 ${report.serverLoopDelay.p99Ms} ms, max ${report.serverLoopDelay.maxMs} ms while the Evident clients typed`,
    `  server CPU      ${report.serverCpuMs} ms while the Evident clients typed (${report.seconds} s)`,
    `  heap per pad    ${report.heapPerPadKb} KiB`,
    `  playback start  ${report.playbackStartMs} ms for ${PLAYBACK_UPDATES} updates (fetch, decode, seek to the middle; ${report.playbackColdStartMs} ms on the server's first request)`,
  ].join("\n");
}
