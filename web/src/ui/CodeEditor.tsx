import { indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { sql } from "@codemirror/lang-sql";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef } from "react";

export type CodeLanguage = "typescript" | "javascript" | "python" | "sql";

function languageSupport(language: CodeLanguage): Extension {
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
 * A CodeMirror 6 view in `hostRef`'s element with what every editor here has: CodeMirror's basic
 * setup, Tab to indent, and the language and read-only state, which change in place. `extensions`
 * add the editor's own parts; the view is built once, and again only when a value in `rebuildOn`
 * changes (as a collaborative editor's document does).
 */
export function useCodeMirror({
  doc,
  language,
  readOnly,
  extensions,
  rebuildOn,
}: {
  doc: () => string;
  language: CodeLanguage;
  readOnly: boolean;
  extensions: () => Extension[];
  rebuildOn: readonly unknown[];
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const compartments = useRef({ language: new Compartment(), editability: new Compartment() });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what needs a new view; language and readOnly are reconfigured below.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: doc(),
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          compartments.current.language.of(languageSupport(language)),
          compartments.current.editability.of(editability(readOnly)),
          ...extensions(),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [...rebuildOn]);

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

  return { hostRef, viewRef };
}

/**
 * A CodeMirror 6 editor as a controlled React component. `label` names the editing area for
 * assistive technology; Tab indents, and Escape then Tab leaves the editor (CodeMirror's own
 * escape hatch), which `describedBy` can point a hint at.
 */
export function CodeEditor({
  value,
  onChange,
  language,
  label,
  readOnly = false,
  describedBy,
}: {
  value: string;
  onChange?: (value: string) => void;
  language: CodeLanguage;
  label: string;
  readOnly?: boolean;
  describedBy?: string;
}) {
  // The editor is created once; these let its extensions see the latest props without rebuilding it.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const attributes = useRef(new Compartment());

  const contentAttributes = (): Extension =>
    EditorView.contentAttributes.of({
      "aria-label": label,
      ...(describedBy ? { "aria-describedby": describedBy } : {}),
    });

  const { hostRef, viewRef } = useCodeMirror({
    doc: () => value,
    language,
    readOnly,
    extensions: () => [
      attributes.current.of(contentAttributes()),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
      }),
    ],
    rebuildOn: [],
  });

  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.state.doc.toString() === value) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
  }, [value, viewRef]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: contentAttributes reads exactly these two props.
  useEffect(() => {
    viewRef.current?.dispatch({ effects: attributes.current.reconfigure(contentAttributes()) });
  }, [label, describedBy]);

  return <div ref={hostRef} className={readOnly ? "code-editor code-editor-read-only" : "code-editor"} />;
}
