/**
 * The pad benchmark's clients, in a child process of their own (bench/pads.ts forks this file)
 * so they share neither the server's event loop nor its heap or garbage collector: real
 * WebSocket clients, two per pad, each typing `rate` updates per second. Each update
 * carries its send time; the other client of the pad records how long it took to arrive.
 * Mode "evident" speaks Hocuspocus to the Evident server; mode "echo" sends the same-sized
 * messages through a bare `ws` relay (the baseline).
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { WebSocket } from "ws";
import * as Y from "yjs";

export interface ClientSettings {
  mode: "evident" | "echo";
  url: string;
  headers: Record<string, string>;
  documents: string[];
  ratePerSecond: number;
  seconds: number;
}

/** What the child tells its parent over the fork's IPC channel. */
export type ClientMessage = { type: "ready" } | { type: "done"; latencies: number[] };

const settings = JSON.parse(process.argv[2] ?? "{}") as ClientSettings;
const send = (message: ClientMessage) => process.send?.(message);
const latencies: number[] = [];
const now = () => performance.timeOrigin + performance.now();

function withHeaders(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

async function runEvident(): Promise<() => void> {
  const clients: { doc: Y.Doc; side: string; close: () => void }[] = [];
  await Promise.all(
    settings.documents.flatMap((name) =>
      ["a", "b"].map(
        (side) =>
          new Promise<void>((resolve, reject) => {
            const doc = new Y.Doc();
            const socket = new HocuspocusProviderWebsocket({
              url: settings.url,
              WebSocketPolyfill: withHeaders(settings.headers),
            });
            const provider = new HocuspocusProvider({
              websocketProvider: socket,
              name: name,
              document: doc,
              token: "bench",
              onSynced: () => resolve(),
              onAuthenticationFailed: () => reject(new Error("authentication failed")),
            });
            provider.attach();
            const other = side === "a" ? "b" : "a";
            doc.getMap<number>("bench").observe((event) => {
              if (event.transaction.local || !event.keysChanged.has(other)) return;
              const sentAt = doc.getMap<number>("bench").get(other);
              if (sentAt !== undefined) latencies.push(now() - sentAt);
            });
            clients.push({
              doc,
              side,
              close: () => {
                provider.destroy();
                socket.destroy();
              },
            });
          }),
      ),
    ),
  );
  const timers = clients.map((client) =>
    setInterval(() => {
      client.doc.transact(() => {
        client.doc.getText("code").insert(0, "x");
        client.doc.getMap<number>("bench").set(client.side, now());
      });
    }, 1000 / settings.ratePerSecond),
  );
  return () => {
    for (const timer of timers) clearInterval(timer);
    for (const client of clients) client.close();
  };
}

async function runEcho(): Promise<() => void> {
  const sockets: WebSocket[] = [];
  await Promise.all(
    settings.documents.flatMap((name) =>
      ["a", "b"].map(
        () =>
          new Promise<void>((resolve) => {
            const socket = new WebSocket(`${settings.url}/${encodeURIComponent(name)}`);
            socket.on("open", () => resolve());
            socket.on("message", (data) => {
              const sentAt = Number((data as Buffer).subarray(0, 20).toString().trim());
              latencies.push(now() - sentAt);
            });
            sockets.push(socket);
          }),
      ),
    ),
  );
  // About the size of a one-character Yjs update with its timestamp and Hocuspocus framing.
  const padding = " ".repeat(60);
  const timers = sockets.map((socket) =>
    setInterval(() => socket.send(`${String(now()).padEnd(20)}${padding}`), 1000 / settings.ratePerSecond),
  );
  return () => {
    for (const timer of timers) clearInterval(timer);
    for (const socket of sockets) socket.close();
  };
}

const stop = settings.mode === "evident" ? await runEvident() : await runEcho();
send({ type: "ready" });
setTimeout(() => {
  stop();
  // Exit once the parent has the figures (the IPC channel would keep this process alive).
  process.send?.({ type: "done", latencies } satisfies ClientMessage, () => process.disconnect());
}, settings.seconds * 1000);
