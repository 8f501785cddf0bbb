import { type ReactNode, useEffect, useRef } from "react";

/**
 * A table that becomes a list of cards under 640 px (styles.css `.card-table`): each cell shows
 * its column's heading before its value. The headings are copied from the table's <thead> into
 * each body cell's `data-label`, again whenever rows change, so a page wraps its table in this
 * and writes no labels by hand; a cell that sets its own data-label keeps it.
 */
export function CardTable({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const label = () => {
      for (const table of root.querySelectorAll("table")) {
        const headings = [...(table.tHead?.rows[0]?.cells ?? [])].flatMap((cell) =>
          Array.from({ length: cell.colSpan }, () => cell.textContent?.trim() ?? ""),
        );
        for (const body of table.tBodies) {
          for (const row of body.rows) {
            let column = 0;
            for (const cell of row.cells) {
              const heading = headings[column];
              if (heading && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
                cell.setAttribute("data-label", heading);
              }
              column += cell.colSpan;
            }
          }
        }
      }
    };
    label();
    // Only added and removed nodes: the labels this sets are attributes, so they cannot loop.
    const observer = new MutationObserver(label);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={ref} className={`table-scroll card-table${className ? ` ${className}` : ""}`}>
      {children}
    </div>
  );
}
