import { type KeyboardEvent, useId, useRef, useState } from "react";

export interface LineRange {
  file: string;
  startLine: number;
  endLine: number;
}

/**
 * Read-only code with a tab per file and line numbers. Lines inside `highlights` are marked
 * with <mark> and a gutter sign as well as a colour, so the match is not told by colour alone.
 */
export function CodeFiles({
  files,
  label,
  highlights = [],
  initialFile,
}: {
  files: Record<string, string>;
  /** Names the tab list, e.g. "Submitted code". */
  label: string;
  highlights?: LineRange[];
  initialFile?: string | undefined;
}) {
  const names = Object.keys(files).sort();
  const [selected, setSelected] = useState(
    initialFile !== undefined && names.includes(initialFile) ? initialFile : (names[0] ?? ""),
  );
  const baseId = useId();
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());

  if (names.length === 0) return <p className="muted">No files.</p>;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = names.indexOf(selected);
    const target =
      event.key === "ArrowRight"
        ? names[(index + 1) % names.length]
        : event.key === "ArrowLeft"
          ? names[(index - 1 + names.length) % names.length]
          : event.key === "Home"
            ? names[0]
            : event.key === "End"
              ? names.at(-1)
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    setSelected(target);
    tabRefs.current.get(target)?.focus();
  }

  const tabId = (name: string) => `${baseId}-tab-${names.indexOf(name)}`;
  const panelId = `${baseId}-panel`;
  const lines = (files[selected] ?? "").replace(/\n$/, "").split("\n");
  const marked = highlights.filter((range) => range.file === selected);
  const isMarked = (line: number) => marked.some((range) => line >= range.startLine && line <= range.endLine);

  return (
    <div className="code-files">
      <div role="tablist" aria-label={label} className="code-tabs" onKeyDown={onKeyDown}>
        {names.map((name) => (
          <button
            key={name}
            ref={(element) => {
              if (element) tabRefs.current.set(name, element);
              else tabRefs.current.delete(name);
            }}
            id={tabId(name)}
            type="button"
            role="tab"
            aria-selected={name === selected}
            aria-controls={panelId}
            tabIndex={name === selected ? 0 : -1}
            className="code-tab"
            onClick={() => setSelected(name)}
          >
            {name}
          </button>
        ))}
      </div>
      <div id={panelId} role="tabpanel" aria-labelledby={tabId(selected)} className="code-panel">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long listing must scroll by keyboard */}
        <pre className="code-listing" tabIndex={0}>
          <code>
            {lines.map((text, index) => {
              const line = index + 1;
              const content = (
                <>
                  <span className="code-line-number" aria-hidden="true">
                    {line}
                  </span>
                  <span className="code-line-gutter" aria-hidden="true">
                    {isMarked(line) ? "▍" : " "}
                  </span>
                  {text}
                  {"\n"}
                </>
              );
              return isMarked(line) ? (
                <mark key={line} className="code-line code-line-matched" data-line={line}>
                  {content}
                </mark>
              ) : (
                <span key={line} className="code-line" data-line={line}>
                  {content}
                </span>
              );
            })}
          </code>
        </pre>
      </div>
    </div>
  );
}
