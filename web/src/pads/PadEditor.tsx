import { EditorView } from "@codemirror/view";
import { useRef } from "react";
import { yCollab } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useCodeMirror } from "../ui/CodeEditor";
import { LARGE_PASTE_CHARS } from "./pad-document";
import type { PadLanguage } from "./types";

/**
 * CodeMirror 6 bound to the pad's Y.Text with y-codemirror.next: every keystroke is a Yjs
 * update, and the others' cursors and selections show in their colours with their names.
 */
export function PadEditor({
  text,
  awareness,
  language,
  readOnly,
  onLargePaste,
}: {
  text: Y.Text;
  awareness: Awareness | null;
  language: PadLanguage;
  readOnly: boolean;
  onLargePaste?: (chars: number) => void;
}) {
  const onLargePasteRef = useRef(onLargePaste);
  onLargePasteRef.current = onLargePaste;

  // One editor per text; language and readOnly change in place.
  const { hostRef } = useCodeMirror({
    doc: () => text.toString(),
    language,
    readOnly,
    extensions: () => [
      EditorView.contentAttributes.of({ "aria-label": "Pad code" }),
      EditorView.domEventHandlers({
        paste(event) {
          const pasted = event.clipboardData?.getData("text/plain") ?? "";
          if (pasted.length >= LARGE_PASTE_CHARS) onLargePasteRef.current?.(pasted.length);
          return false;
        },
      }),
      yCollab(text, awareness),
    ],
    rebuildOn: [text, awareness],
  });

  return <div ref={hostRef} className="code-editor pad-editor" data-testid="pad-editor" />;
}
