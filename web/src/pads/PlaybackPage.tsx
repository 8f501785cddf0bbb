import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import type * as Y from "yjs";
import { apiFetch, isNotFound } from "../api/client";
import { LoadFailed, Loading } from "../ui/QueryState";
import { LazyWhiteboard, type WhiteboardElement } from "../whiteboard";
import { RunOutput } from "./PadWorkspace";
import { readRuns } from "./pad-document";
import { createTimeline } from "./playback";
import type { PadMarker, PadPlayback } from "./types";
import "./pads.css";

const speeds = [1, 2, 4, 8, 16, 32] as const;
const markerLabels: Record<PadMarker["kind"], string> = {
  run: "Run",
  paste: "Large paste (flagged, not judged)",
  tab_hidden: "Left the tab",
  tab_visible: "Came back",
};
const TICK_MS = 100;

/** Reviewers replay a pad: play, pause, speed, scrubbing, and markers to jump to. */
export function PlaybackPage() {
  const { padId = "" } = useParams();
  const playback = useQuery({
    queryKey: ["pads", padId, "playback"],
    queryFn: ({ signal }) =>
      apiFetch<PadPlayback>(`/api/v1/pads/${encodeURIComponent(padId)}/playback`, { signal }),
    retry: false,
  });
  if (playback.isPending) return <Loading what="the recording" />;
  if (playback.isError) {
    if (isNotFound(playback.error)) return <h1>Recording not found</h1>;
    return <LoadFailed error={playback.error} onRetry={() => void playback.refetch()} />;
  }
  return <Player playback={playback.data} />;
}

function Player({ playback }: { playback: PadPlayback }) {
  const timeline = useMemo(() => createTimeline(playback), [playback]);
  const [offset, setOffset] = useState(0);
  const [isPlaying, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof speeds)[number]>(4);

  useEffect(() => {
    if (!isPlaying) return;
    const interval = setInterval(() => {
      setOffset((current) => {
        const next = current + TICK_MS * speed;
        if (next >= timeline.durationMs) {
          setPlaying(false);
          return timeline.durationMs;
        }
        return next;
      });
    }, TICK_MS);
    return () => clearInterval(interval);
  }, [isPlaying, speed, timeline]);

  const count = timeline.countAt(offset);
  const doc = useMemo(() => timeline.seek(count), [timeline, count]);
  const markers = playback.markers.map((marker) => ({
    ...marker,
    offset: Date.parse(marker.at) - timeline.startedAt,
  }));

  return (
    <>
      <title>Pad replay – Evident</title>
      <div className="page-heading">
        <div>
          <h1>Pad replay</h1>
          <p className="muted">
            <Link to={`/interviews/${playback.interviewId}`}>Back to the interview</Link> ·{" "}
            {playback.updateCount} changes over {formatClock(timeline.durationMs)}
          </p>
        </div>
      </div>
      <div className="playback-controls">
        <button
          type="button"
          className="button"
          onClick={() => setPlaying(!isPlaying)}
          disabled={timeline.durationMs === 0}
        >
          {isPlaying ? "Pause" : "Play"}
        </button>
        <label>
          Speed{" "}
          <select
            value={speed}
            onChange={(event) => setSpeed(Number(event.target.value) as (typeof speeds)[number])}
          >
            {speeds.map((option) => (
              <option key={option} value={option}>
                {option}×
              </option>
            ))}
          </select>
        </label>
        <label className="playback-scrubber">
          <span className="visually-hidden">Position</span>
          <input
            type="range"
            min={0}
            max={timeline.durationMs}
            step={100}
            value={offset}
            onChange={(event) => setOffset(Number(event.target.value))}
          />
        </label>
        <output data-testid="playback-time">
          {formatClock(offset)} / {formatClock(timeline.durationMs)}
        </output>
      </div>
      <ol className="playback-markers" aria-label="Markers">
        {markers.map((marker) => (
          <li key={`${marker.at}-${marker.kind}`}>
            <button
              type="button"
              className="link-button"
              onClick={() => setOffset(Math.max(0, marker.offset))}
            >
              {formatClock(marker.offset)} {markerLabels[marker.kind]}
              {marker.detail ? ` (${marker.detail})` : ""} · {marker.who}
            </button>
          </li>
        ))}
      </ol>
      <ReplayedPad doc={doc} count={count} isDesign={playback.kind === "design"} />
    </>
  );
}

function ReplayedPad({ doc, count, isDesign }: { doc: Y.Doc; count: number; isDesign: boolean }) {
  // `count` changes whenever the document did (the timeline reuses one Y.Doc while playing forward).
  const code = useMemo(() => (count >= 0 ? doc.getText("code").toString() : ""), [doc, count]);
  const runs = useMemo(() => (count >= 0 ? readRuns(doc) : []), [doc, count]);
  const elements = useMemo(
    () => (count >= 0 ? [...doc.getMap<WhiteboardElement>("whiteboard").values()] : []),
    [doc, count],
  );
  return (
    <div className="pad-main">
      <pre className="playback-code" data-testid="playback-code">
        {code}
      </pre>
      <RunOutput runs={runs} />
      {isDesign && elements.length > 0 && (
        <LazyWhiteboard elements={elements} readOnly label="Whiteboard as it was" />
      )}
    </div>
  );
}

function formatClock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
