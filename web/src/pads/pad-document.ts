/**
 * The pad's Yjs document as client and server share it (server: modules/pads):
 * - Y.Text "code": the code; Y.Map "meta": { language };
 * - Y.Array "runs": one Y.Map per run (by, status, exitCode, cpuMs, wallMs, maxRssKb,
 *   chunks: Y.Array<{ stream, text }>), written by the server as the sandbox streams;
 * - Y.Map "whiteboard": Excalidraw element id → element (system-design pads).
 * Stateless messages to the server: { type: "run" }, { type: "paste", chars },
 * { type: "visibility", hidden }.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import * as Y from "yjs";
import type { PadLanguage } from "./types";

export const padLanguages: readonly PadLanguage[] = ["typescript", "javascript", "python", "sql"];
export const padLanguageLabels: Record<PadLanguage, string> = {
  typescript: "TypeScript",
  javascript: "JavaScript",
  python: "Python",
  sql: "SQL",
};

/** A paste at least this long is flagged on the playback timeline (never judged). */
export const LARGE_PASTE_CHARS = 200;

const presenceColors = ["#1f4fd1", "#b3261e", "#1e6b3a", "#8a4baf", "#c2410c", "#0e7490"];

export function padSocketUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/api/v1/pads/socket`;
}

export type ConnectionStatus = "connecting" | "connected" | "refused" | "disconnected";

export interface PadConnection {
  doc: Y.Doc;
  provider: HocuspocusProvider;
}

/**
 * Opens one of the pad's documents over the pad socket (the browser sends the session cookie;
 * the server authenticates the upgrade and authorises the document). The presence colour is
 * chosen here; the name is set by the server from who signed in.
 */
export function usePadConnection(documentName: string | null) {
  const [connection, setConnection] = useState<PadConnection | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [isSynced, setSynced] = useState(false);
  useEffect(() => {
    if (!documentName) return;
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url: padSocketUrl() });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName,
      document: doc,
      token: "session",
      onSynced: () => setSynced(true),
      onAuthenticationFailed: () => setStatus("refused"),
      onStatus: ({ status: next }) =>
        setStatus((current) =>
          current === "refused"
            ? current
            : next === "connected"
              ? "connected"
              : next === "connecting"
                ? "connecting"
                : "disconnected",
        ),
    });
    provider.attach();
    const color = presenceColors[doc.clientID % presenceColors.length] ?? "#1f4fd1";
    provider.setAwarenessField("user", { name: "", color, colorLight: `${color}33` });
    setConnection({ doc, provider });
    return () => {
      provider.destroy();
      socket.destroy();
      doc.destroy();
      setConnection(null);
      setSynced(false);
    };
  }, [documentName]);
  return { connection, status, isSynced };
}

export interface PresenceEntry {
  clientId: number;
  name: string;
  color: string;
  kind: "staff" | "candidate" | undefined;
}

/** Who is in the pad now, from the awareness states (names as the server set them). */
export function usePresence(provider: HocuspocusProvider | null): PresenceEntry[] {
  const [entries, setEntries] = useState<PresenceEntry[]>([]);
  useEffect(() => {
    const awareness = provider?.awareness;
    if (!awareness) return;
    const refresh = () =>
      setEntries(
        [...awareness.getStates().entries()]
          .filter(([, state]) => typeof state.user?.name === "string" && state.user.name !== "")
          .map(([clientId, state]) => ({
            clientId,
            name: state.user.name as string,
            color: (state.user.color as string) ?? "#1f4fd1",
            kind: state.user.kind as PresenceEntry["kind"],
          })),
      );
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [provider]);
  return entries;
}

export interface PadRun {
  id: string;
  by: string;
  language: string;
  status: string;
  exitCode: number | null;
  cpuMs: number | null;
  wallMs: number | null;
  maxRssKb: number | null;
  outputTruncated: boolean;
  finishedAt: string | null;
  output: { stream: "stdout" | "stderr"; text: string }[];
}

export function readRuns(doc: Y.Doc): PadRun[] {
  return doc
    .getArray<Y.Map<unknown>>("runs")
    .toArray()
    .map((run) => ({
      id: String(run.get("id") ?? ""),
      by: String(run.get("by") ?? ""),
      language: String(run.get("language") ?? ""),
      status: String(run.get("status") ?? "queued"),
      exitCode: (run.get("exitCode") as number | null | undefined) ?? null,
      cpuMs: (run.get("cpuMs") as number | undefined) ?? null,
      wallMs: (run.get("wallMs") as number | undefined) ?? null,
      maxRssKb: (run.get("maxRssKb") as number | undefined) ?? null,
      outputTruncated: run.get("outputTruncated") === true,
      finishedAt: (run.get("finishedAt") as string | undefined) ?? null,
      output: ((run.get("chunks") as Y.Array<PadRun["output"][number]> | undefined)?.toArray() ?? []).slice(),
    }));
}

/** The runs in the document, re-read whenever the server writes to them. */
export function useRuns(doc: Y.Doc | null): PadRun[] {
  const [runs, setRuns] = useState<PadRun[]>([]);
  useEffect(() => {
    if (!doc) return;
    const array = doc.getArray<Y.Map<unknown>>("runs");
    const refresh = () => setRuns(readRuns(doc));
    refresh();
    array.observeDeep(refresh);
    return () => array.unobserveDeep(refresh);
  }, [doc]);
  return runs;
}

export function readLanguage(doc: Y.Doc, fallback: PadLanguage): PadLanguage {
  const value = doc.getMap("meta").get("language");
  return padLanguages.includes(value as PadLanguage) ? (value as PadLanguage) : fallback;
}

export function useLanguage(doc: Y.Doc | null, fallback: PadLanguage): PadLanguage {
  const [language, setLanguage] = useState(fallback);
  useEffect(() => {
    if (!doc) return;
    const meta = doc.getMap("meta");
    const refresh = () => setLanguage(readLanguage(doc, fallback));
    refresh();
    meta.observe(refresh);
    return () => meta.unobserve(refresh);
  }, [doc, fallback]);
  return language;
}
