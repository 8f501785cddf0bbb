import { parsePatch } from "diff";
import { type ReactNode, useMemo } from "react";

export interface DiffLineRef {
  file: string;
  side: "old" | "new";
  line: number;
}

interface Cell {
  line: number;
  text: string;
  change: "removed" | "added" | "context";
}

interface Row {
  old: Cell | null;
  new: Cell | null;
}

/** A unified diff's hunks as side-by-side rows: removals beside the additions that replace them. */
export function sideBySideRows(diff: string): { file: string; hunks: { header: string; rows: Row[] }[] }[] {
  return parsePatch(diff).map((file) => ({
    file: (file.newFileName ?? file.oldFileName ?? "").replace(/^[ab]\//, ""),
    hunks: file.hunks.map((hunk) => {
      const rows: Row[] = [];
      let oldLine = hunk.oldStart;
      let newLine = hunk.newStart;
      let removed: Cell[] = [];
      let added: Cell[] = [];
      const flush = () => {
        for (let i = 0; i < Math.max(removed.length, added.length); i++) {
          rows.push({ old: removed[i] ?? null, new: added[i] ?? null });
        }
        removed = [];
        added = [];
      };
      for (const line of hunk.lines) {
        const text = line.slice(1);
        if (line.startsWith("-")) removed.push({ line: oldLine++, text, change: "removed" });
        else if (line.startsWith("+")) added.push({ line: newLine++, text, change: "added" });
        else if (line.startsWith(" ")) {
          flush();
          rows.push({
            old: { line: oldLine++, text, change: "context" },
            new: { line: newLine++, text, change: "context" },
          });
        }
      }
      flush();
      return { header: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, rows };
    }),
  }));
}

const refKey = (ref: DiffLineRef) => `${ref.file}:${ref.side}:${ref.line}`;

/**
 * A unified diff rendered side by side (old left, new right). Each line can carry comments
 * (rendered under its row) and, when `onLineAction` is given, a button to comment on it.
 * On a phone the two sides stack, each still labelled.
 */
export function SideBySideDiff({
  diff,
  renderComments,
  onLineAction,
  lineActionLabel = "Comment",
}: {
  diff: string;
  renderComments?: (ref: DiffLineRef) => ReactNode;
  onLineAction?: (ref: DiffLineRef) => void;
  lineActionLabel?: string;
}) {
  const files = useMemo(() => {
    try {
      return sideBySideRows(diff);
    } catch {
      return null;
    }
  }, [diff]);
  if (!files) return <pre className="diff-raw">{diff}</pre>;

  const cell = (file: string, side: "old" | "new", value: Cell | null) => {
    if (!value) return <td className="diff-cell diff-empty" colSpan={2} />;
    const ref = { file, side, line: value.line };
    return (
      <>
        <td className="diff-line-number">
          {onLineAction && value.change !== "context" ? (
            <button
              type="button"
              className="diff-line-button"
              onClick={() => onLineAction(ref)}
              aria-label={`${lineActionLabel} on ${side} line ${value.line} of ${file}`}
            >
              {value.line}
            </button>
          ) : (
            value.line
          )}
        </td>
        <td className={`diff-cell diff-${value.change}`}>
          <code>{value.text || " "}</code>
        </td>
      </>
    );
  };

  return (
    <div className="side-by-side-diff">
      {files.map((file) => (
        <section key={file.file} className="diff-file" aria-label={`Changes to ${file.file}`}>
          <h3 className="diff-file-name">{file.file}</h3>
          <div className="diff-scroll">
            <table className="diff-table">
              <thead>
                <tr>
                  <th colSpan={2} scope="col">
                    Before
                  </th>
                  <th colSpan={2} scope="col">
                    After
                  </th>
                </tr>
              </thead>
              {file.hunks.map((hunk) => (
                <tbody key={hunk.header}>
                  <tr className="diff-hunk-header">
                    <td colSpan={4}>
                      <code>{hunk.header}</code>
                    </td>
                  </tr>
                  {hunk.rows.map((row) => {
                    const refs = [
                      row.old && { file: file.file, side: "old" as const, line: row.old.line },
                      row.new && { file: file.file, side: "new" as const, line: row.new.line },
                    ].filter((ref): ref is DiffLineRef => ref !== null);
                    const comments = renderComments
                      ? refs.map((ref) => ({ ref, node: renderComments(ref) }))
                      : [];
                    return [
                      <tr key={`${row.old?.line}-${row.new?.line}`}>
                        {cell(file.file, "old", row.old)}
                        {cell(file.file, "new", row.new)}
                      </tr>,
                      ...comments
                        .filter((comment) => comment.node)
                        .map((comment) => (
                          <tr key={refKey(comment.ref)} className="diff-comment-row">
                            <td colSpan={4}>{comment.node}</td>
                          </tr>
                        )),
                    ];
                  })}
                </tbody>
              ))}
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
