/**
 * The whiteboard: Excalidraw (MIT) as a controlled component. Elements come in, changed
 * elements go out through onChange (only when the drawing changed, not on every pointer move),
 * readOnly shows it without tools, and the handle exports PNG or SVG. It knows nothing of
 * Yjs or the server: live pads bind it to a Y.Map with useYjsWhiteboard (y-whiteboard.ts), and
 * anything else (the async exercise) may keep the elements however it likes.
 *
 * Import it through LazyWhiteboard (index.ts): Excalidraw is large and loads only on pages
 * that draw.
 */
import {
  CaptureUpdateAction,
  Excalidraw,
  exportToBlob,
  exportToSvg,
  hashElementsVersion,
} from "@excalidraw/excalidraw";
import "@excalidraw/excalidraw/index.css";
import "./whiteboard.css";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { type Ref, useEffect, useImperativeHandle, useRef } from "react";
import type { WhiteboardElement, WhiteboardHandle } from "./types";

export interface WhiteboardProps {
  elements: readonly WhiteboardElement[];
  /** Every element (deleted ones flagged isDeleted), after the drawing changed. */
  onChange?: (elements: readonly WhiteboardElement[]) => void;
  readOnly?: boolean;
  /** Accessible name of the drawing area. */
  label?: string;
  ref?: Ref<WhiteboardHandle>;
}

const exportAppState = { exportBackground: true, viewBackgroundColor: "#ffffff" };

export default function Whiteboard({
  elements,
  onChange,
  readOnly = false,
  label = "Whiteboard",
  ref,
}: WhiteboardProps) {
  const apiRef = useRef<ExcalidrawImperativeAPI | null>(null);
  // The version of the drawing last seen (received or emitted): equal versions need no update.
  const shownVersion = useRef(hashElementsVersion(elements as never));
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const api = apiRef.current;
    const version = hashElementsVersion(elements as never);
    if (version === shownVersion.current || !api) return;
    // Read-only boards (playback) show exactly what they are given, even an earlier state.
    // Editable ones merge: an element replaces the one on screen only when it is newer, so an
    // echo of this client's own earlier change never undoes the stroke in progress.
    const next = readOnly ? elements : mergeNewer(api.getSceneElementsIncludingDeleted(), elements);
    if (next === null) return;
    shownVersion.current = hashElementsVersion(next as never);
    api.updateScene({ elements: next as never, captureUpdate: CaptureUpdateAction.NEVER });
  }, [elements, readOnly]);

  // A read-only board (a reviewer's, a playback's) fits the drawing to its frame once the scene
  // has loaded and whenever the frame is resized, so a phone shows all of it, not the middle.
  const frameRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const frame = frameRef.current;
    if (!readOnly || !frame) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const fitDrawing = (attemptsLeft: number) => {
      clearTimeout(retry);
      const api = apiRef.current;
      // Excalidraw loads its initial scene asynchronously: wait for it a little.
      if (!api || api.getSceneElements().length === 0) {
        if (attemptsLeft > 0) retry = setTimeout(() => fitDrawing(attemptsLeft - 1), 100);
        return;
      }
      api.scrollToContent(undefined, { fitToViewport: true, viewportZoomFactor: 0.85, animate: false });
    };
    const observer = new ResizeObserver(() => fitDrawing(30));
    observer.observe(frame);
    return () => {
      observer.disconnect();
      clearTimeout(retry);
    };
  }, [readOnly]);

  useImperativeHandle(ref, () => ({
    exportPng: () =>
      exportToBlob({
        elements: currentElements(apiRef.current, elements) as never,
        appState: exportAppState,
        files: null,
        mimeType: "image/png",
      }),
    exportSvg: async () => {
      const svg = await exportToSvg({
        elements: currentElements(apiRef.current, elements) as never,
        appState: exportAppState,
        files: null,
      });
      // XML, not HTML, serialisation: the file must be a well-formed SVG document on its own.
      return new XMLSerializer().serializeToString(svg);
    },
  }));

  return (
    <section ref={frameRef} className="whiteboard" aria-label={label} data-readonly={readOnly || undefined}>
      <Excalidraw
        excalidrawAPI={(api) => {
          apiRef.current = api;
        }}
        // A board opened with a drawing on it shows the drawing, however narrow the screen.
        initialData={{
          elements: elements as never,
          appState: { viewBackgroundColor: "#ffffff" },
          scrollToContent: elements.length > 0,
        }}
        viewModeEnabled={readOnly}
        onChange={(next) => {
          const version = hashElementsVersion(next);
          if (version === shownVersion.current) return;
          shownVersion.current = version;
          onChangeRef.current?.(next as readonly WhiteboardElement[]);
        }}
        UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false, export: false } }}
      />
    </section>
  );
}

function currentElements(api: ExcalidrawImperativeAPI | null, fallback: readonly WhiteboardElement[]) {
  return (api?.getSceneElements() ?? fallback).filter((element) => !element.isDeleted);
}

/** The scene with every incoming element that is newer than its copy on screen; null if none is. */
function mergeNewer(
  onScreen: readonly WhiteboardElement[],
  incoming: readonly WhiteboardElement[],
): WhiteboardElement[] | null {
  const byId = new Map(onScreen.map((element) => [element.id, element]));
  let isChanged = false;
  for (const element of incoming) {
    const shown = byId.get(element.id);
    if (!shown || element.version > shown.version) {
      byId.set(element.id, element);
      isChanged = true;
    }
  }
  if (!isChanged) return null;
  return [...byId.values()].sort((a, b) =>
    (a.index ?? "") < (b.index ?? "") ? -1 : (a.index ?? "") > (b.index ?? "") ? 1 : 0,
  );
}
