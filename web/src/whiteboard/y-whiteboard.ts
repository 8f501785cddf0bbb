import { useCallback, useEffect, useState } from "react";
import type * as Y from "yjs";
import type { WhiteboardElement } from "./types";

/** Elements in drawing order: Excalidraw's fractional `index`, then id for a stable tie-break. */
function ordered(map: Y.Map<WhiteboardElement>): WhiteboardElement[] {
  return [...map.values()].sort((a, b) => {
    const left = a.index ?? "";
    const right = b.index ?? "";
    return left < right ? -1 : left > right ? 1 : a.id < b.id ? -1 : 1;
  });
}

/**
 * Binds a whiteboard to a Y.Map of element id → element, so every client sees the same
 * drawing: local changes write only the elements whose version moved on; remote ones re-render.
 * Yjs settles concurrent edits of one element by last writer; Excalidraw's own versions make
 * sure an older copy never overwrites a newer one from this client.
 */
export function useYjsWhiteboard(map: Y.Map<WhiteboardElement> | null) {
  const [elements, setElements] = useState<readonly WhiteboardElement[]>(() => (map ? ordered(map) : []));
  useEffect(() => {
    if (!map) return;
    const refresh = () => setElements(ordered(map));
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [map]);
  const onChange = useCallback(
    (next: readonly WhiteboardElement[]) => {
      if (!map) return;
      const changed = next.filter((element) => (map.get(element.id)?.version ?? -1) < element.version);
      if (changed.length === 0) return;
      map.doc?.transact(() => {
        for (const element of changed) map.set(element.id, element);
      });
    },
    [map],
  );
  return { elements, onChange };
}
