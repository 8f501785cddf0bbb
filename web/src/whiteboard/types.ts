import type { ExcalidrawElement } from "@excalidraw/excalidraw/element/types";

/** One drawn element: Excalidraw's JSON (id, version, isDeleted, type, geometry, style). */
export type WhiteboardElement = ExcalidrawElement;

/** What a whiteboard's owner can ask of it. */
export interface WhiteboardHandle {
  exportPng(): Promise<Blob>;
  /** The drawing as a standalone SVG document. */
  exportSvg(): Promise<string>;
}
