import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import type * as Y from "yjs";
import { useAttachWhiteboardExport } from "../interviews/interviews";
import { FormError } from "../ui/FormError";
import {
  LazyWhiteboard,
  useYjsWhiteboard,
  type WhiteboardElement,
  type WhiteboardHandle,
} from "../whiteboard";
import { PadEditor } from "./PadEditor";
import {
  type ConnectionStatus,
  type PadRun,
  padLanguageLabels,
  padLanguages,
  useLanguage,
  usePadConnection,
  usePresence,
  useRuns,
} from "./pad-document";
import type { Pad, PadLanguage } from "./types";
import "./pads.css";

const statusLabels: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  connected: "Live",
  refused: "Not allowed in this pad now",
  disconnected: "Disconnected, reconnecting…",
};

/**
 * The pad as everyone in it sees it: the shared editor with presence, Run and its streamed
 * output, the whiteboard of system-design pads, and the video link or room. `panel` (the
 * interviewer's) is placed beside it; presentation mode (onsite, one shared screen) drops the
 * panel and enlarges everything.
 */
export function PadWorkspace({
  pad,
  audience,
  presentation = false,
  panel,
  headerActions,
}: {
  pad: Pad;
  audience: "staff" | "candidate";
  presentation?: boolean;
  panel?: ReactNode;
  headerActions?: ReactNode;
}) {
  const { connection, status, isSynced } = usePadConnection(pad.documentName);
  const doc = connection?.doc ?? null;
  const provider = connection?.provider ?? null;
  const language = useLanguage(doc, pad.language);
  const runs = useRuns(doc);
  const presence = usePresence(provider);
  const readOnly = pad.isLocked || status !== "connected";
  const lastRun = runs.at(-1);
  const isRunning = lastRun !== undefined && lastRun.finishedAt === null;

  // The candidate's browser says when its tab is hidden; playback marks it (never judged).
  useEffect(() => {
    if (audience !== "candidate" || !provider) return;
    const report = () =>
      provider.sendStateless(JSON.stringify({ type: "visibility", hidden: document.hidden }));
    document.addEventListener("visibilitychange", report);
    return () => document.removeEventListener("visibilitychange", report);
  }, [audience, provider]);

  const setLanguage = (next: PadLanguage) => doc?.getMap("meta").set("language", next);
  const run = () => provider?.sendStateless(JSON.stringify({ type: "run" }));

  return (
    <div className={presentation ? "pad pad-presentation" : "pad"}>
      <div className="pad-toolbar">
        <p className={`pad-status pad-status-${status}`} role="status">
          {pad.isLocked ? "Read-only: the interview has ended" : statusLabels[status]}
        </p>
        <ul className="pad-presence" aria-label="In the pad">
          {presence.map((person) => (
            <li key={person.clientId} style={{ borderColor: person.color }}>
              <span className="pad-presence-dot" style={{ background: person.color }} aria-hidden="true" />
              {person.name}
            </li>
          ))}
        </ul>
        <label className="pad-language">
          Language{" "}
          <select
            value={language}
            disabled={readOnly}
            onChange={(event) => setLanguage(event.target.value as PadLanguage)}
          >
            {padLanguages.map((option) => (
              <option key={option} value={option}>
                {padLanguageLabels[option]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={run} disabled={readOnly || isRunning}>
          {isRunning ? "Running…" : "Run"}
        </button>
        {headerActions}
      </div>
      <PadPlace pad={pad} />
      <div className={panel && !presentation ? "pad-body pad-body-with-panel" : "pad-body"}>
        <div className="pad-main">
          {doc && isSynced ? (
            <PadEditor
              text={doc.getText("code")}
              awareness={provider?.awareness ?? null}
              language={language}
              readOnly={readOnly}
              onLargePaste={(chars) => provider?.sendStateless(JSON.stringify({ type: "paste", chars }))}
            />
          ) : (
            <p className="muted">{status === "refused" ? statusLabels.refused : "Loading the pad…"}</p>
          )}
          <RunOutput runs={runs} />
          {pad.kind === "design" && doc && isSynced && (
            <PadWhiteboard
              doc={doc}
              readOnly={readOnly}
              attachToInterviewId={audience === "staff" ? pad.interviewId : null}
            />
          )}
        </div>
        {panel && !presentation && <aside className="pad-panel">{panel}</aside>}
      </div>
    </div>
  );
}

function PadPlace({ pad }: { pad: Pad }) {
  if (pad.mode === "onsite") return pad.room ? <p className="pad-place">On site, room: {pad.room}</p> : null;
  if (!pad.videoLink) return null;
  return (
    <p className="pad-place">
      Remote:{" "}
      {/^https?:\/\//.test(pad.videoLink) ? (
        <a href={pad.videoLink} target="_blank" rel="noopener noreferrer">
          join the video call<span className="visually-hidden"> (opens in a new tab)</span>
        </a>
      ) : (
        pad.videoLink
      )}
    </p>
  );
}

export function RunOutput({ runs }: { runs: PadRun[] }) {
  const last = runs.at(-1);
  return (
    <section className="pad-output" aria-labelledby="pad-output-heading" aria-live="polite">
      <h2 id="pad-output-heading">Output</h2>
      {!last ? (
        <p className="muted">Press Run to run the code; everyone in the pad sees the output.</p>
      ) : (
        <>
          <p className="pad-run-summary" data-testid="run-summary">
            Run by {last.by}:{" "}
            {last.finishedAt ? runStatusLabel(last) : last.status === "queued" ? "waiting…" : "running…"}
            {last.finishedAt && last.wallMs !== null && (
              <span className="muted">
                {" "}
                · {last.wallMs} ms wall
                {/* SQL runs in a database of its own: no sandbox CPU or memory figures. */}
                {last.cpuMs !== null && `, ${last.cpuMs} ms CPU`}
                {last.maxRssKb !== null && `, ${Math.round(last.maxRssKb / 1024)} MiB`}
              </span>
            )}
          </p>
          <pre className="pad-run-output" data-testid="run-output">
            {last.output.map((chunk, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: chunks only ever append.
              <span key={index} className={chunk.stream === "stderr" ? "pad-stderr" : undefined}>
                {chunk.text}
              </span>
            ))}
            {last.outputTruncated && "\n[output truncated at the limit]"}
          </pre>
        </>
      )}
    </section>
  );
}

function runStatusLabel(run: PadRun): string {
  switch (run.status) {
    case "ok":
      return `exit ${run.exitCode}`;
    case "runtime_error":
      return `error, exit ${run.exitCode}`;
    case "time_limit":
      return "stopped at the time limit";
    case "memory_limit":
      return "stopped at the memory limit";
    case "output_limit":
      return "stopped at the output limit";
    case "not_run":
      return "not run";
    default:
      return run.status;
  }
}

function PadWhiteboard({
  doc,
  readOnly,
  attachToInterviewId,
}: {
  doc: Y.Doc;
  readOnly: boolean;
  /** Staff may attach a snapshot to the interview; the candidate's pad only exports locally. */
  attachToInterviewId: string | null;
}) {
  const map = useMemo(() => doc.getMap<WhiteboardElement>("whiteboard"), [doc]);
  const { elements, onChange } = useYjsWhiteboard(map);
  const handle = useRef<WhiteboardHandle>(null);
  const [attachMessage, setAttachMessage] = useState<ReactNode>("");
  const exportAs = async (kind: "png" | "svg"): Promise<Blob | null> => {
    if (!handle.current) return null;
    return kind === "png"
      ? handle.current.exportPng()
      : new Blob([await handle.current.exportSvg()], { type: "image/svg+xml" });
  };
  const download = async (kind: "png" | "svg") => {
    const blob = await exportAs(kind);
    if (!blob) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `whiteboard.${kind}`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <section className="pad-whiteboard" aria-labelledby="pad-whiteboard-heading">
      <div className="pad-whiteboard-heading">
        <h2 id="pad-whiteboard-heading">Whiteboard</h2>
        <button type="button" className="button button-secondary" onClick={() => void download("png")}>
          Export PNG
        </button>
        <button type="button" className="button button-secondary" onClick={() => void download("svg")}>
          Export SVG
        </button>
        {attachToInterviewId && (
          <AttachWhiteboard
            interviewId={attachToInterviewId}
            exportAs={exportAs}
            onMessage={setAttachMessage}
          />
        )}
      </div>
      {attachToInterviewId && (
        <div className="pad-whiteboard-message" role="status">
          {attachMessage}
        </div>
      )}
      <LazyWhiteboard
        ref={handle}
        elements={elements}
        onChange={onChange}
        readOnly={readOnly}
        label="Design whiteboard"
      />
    </section>
  );
}

/** Buttons that store a snapshot of the whiteboard with the interview; the confirmation shows below them. */
function AttachWhiteboard({
  interviewId,
  exportAs,
  onMessage,
}: {
  interviewId: string;
  exportAs: (kind: "png" | "svg") => Promise<Blob | null>;
  onMessage: (message: ReactNode) => void;
}) {
  const attach = useAttachWhiteboardExport(interviewId);
  const attachAs = async (kind: "png" | "svg") => {
    onMessage("Attaching…");
    const blob = await exportAs(kind);
    if (!blob) return onMessage("");
    attach.mutate(Object.assign(blob, { name: `whiteboard.${kind}` }), {
      onSuccess: (stored) =>
        onMessage(`Attached ${stored.filename} to the interview: it is listed on the interview page.`),
      onError: (error) => onMessage(<FormError error={error} />),
    });
  };
  return (
    <>
      {(["png", "svg"] as const).map((kind) => (
        <button
          key={kind}
          type="button"
          className="button button-secondary"
          disabled={attach.isPending}
          onClick={() => void attachAs(kind)}
        >
          Attach {kind.toUpperCase()} to the interview
        </button>
      ))}
    </>
  );
}
