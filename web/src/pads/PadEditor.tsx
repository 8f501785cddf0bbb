import { indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { sql } from "@codemirror/lang-sql";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef } from "react";
import { yCollab } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { LARGE_PASTE_CHARS } from "./pad-document";
import type { PadLanguage } from "./types";

function languageSupport(language: PadLanguage): Extension {
  switch (language) {
    case "typescript":
      return javascript({ typescript: true });
    case "javascript":
      return javascript();
    case "python":
      return python();
    case "sql":
      return sql();
  }
}

function editability(readOnly: boolean): Extension {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}

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
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const compartments = useRef({ language: new Compartment(), editability: new Compartment() });
  const onLargePasteRef = useRef(onLargePaste);
  onLargePasteRef.current = onLargePaste;

  // biome-ignore lint/correctness/useExhaustiveDependencies: one editor per text; language and readOnly are reconfigured below.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          compartments.current.language.of(languageSupport(language)),
          compartments.current.editability.of(editability(readOnly)),
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
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [text, awareness]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.current.language.reconfigure(languageSupport(language)),
    });
  }, [language]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.current.editability.reconfigure(editability(readOnly)),
    });
  }, [readOnly]);

  return <div ref={hostRef} className="code-editor pad-editor" data-testid="pad-editor" />;
}
