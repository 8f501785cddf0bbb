/**
 * The whiteboard's public face: a lazily loaded component (Excalidraw stays out of every other
 * page's bundle), its types, and the Yjs binding live pads use.
 */
import { lazy, Suspense } from "react";
import type { WhiteboardProps } from "./Whiteboard";

export type { WhiteboardElement, WhiteboardHandle } from "./types";
export type { WhiteboardProps } from "./Whiteboard";
export { useYjsWhiteboard } from "./y-whiteboard";

const Whiteboard = lazy(() => import("./Whiteboard"));

export function LazyWhiteboard(props: WhiteboardProps) {
  return (
    <Suspense fallback={<p className="whiteboard-loading">Loading the whiteboard…</p>}>
      <Whiteboard {...props} />
    </Suspense>
  );
}
