import type { PlotOptions } from "@observablehq/plot";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

type PlotModule = typeof import("@observablehq/plot");

export interface DataTable {
  columns: string[];
  rows: { key: string; cells: ReactNode[] }[];
}

/**
 * A chart drawn by Observable Plot, as a figure a screen reader can read: the drawing is one
 * image named by `title` and described by `description` (a sentence with every figure in it),
 * `caption` says how to read it, and `table`, when given, holds the same figures as a data table.
 *
 * `plot` builds the Plot options for the width the figure has, so a chart redraws to fit a
 * phone. Plot is loaded on first use: pages without charts do not pay for it.
 */
export function PlotFigure({
  title,
  description,
  caption,
  table,
  plot,
  className,
}: {
  title: string;
  description: string;
  caption?: ReactNode;
  table?: DataTable;
  plot: (Plot: PlotModule, width: number) => PlotOptions;
  className?: string;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const canvas = useRef<HTMLDivElement>(null);
  const width = useElementWidth(canvas);
  const [Plot, setPlot] = useState<PlotModule | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void import("@observablehq/plot").then((module) => {
      if (isCurrent) setPlot(module);
    });
    return () => {
      isCurrent = false;
    };
  }, []);

  useEffect(() => {
    const element = canvas.current;
    if (!Plot || !element || width === 0) return;
    // The figure names and describes the image; Plot's own aria attributes would repeat it.
    const drawing = Plot.plot({ ...plot(Plot, width), ariaLabel: null, ariaDescription: null });
    drawing.setAttribute("aria-hidden", "true");
    element.replaceChildren(drawing);
    return () => drawing.remove();
  }, [Plot, plot, width]);

  return (
    <figure className={className ? `plot-figure ${className}` : "plot-figure"}>
      <div
        ref={canvas}
        className="plot-canvas"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
      />
      <figcaption>
        <span id={titleId} className="plot-title">
          {title}
        </span>
        {caption && <span className="plot-caption"> {caption}</span>}
        <span id={descriptionId} className="visually-hidden">
          {description}
        </span>
      </figcaption>
      {table && (
        <details className="plot-data">
          <summary>The figures as a table</summary>
          <table>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell, index) => (
                    <td key={table.columns[index]}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

/**
 * How many ems of label text fit in a left margin of `marginPx` at the charts' 13 px type, less
 * the tick and its gap: Plot wraps or cuts axis labels to a width given in ems.
 */
export function labelEms(marginPx: number): number {
  return (marginPx - 16) / 13;
}

/** The element's content width, kept current as the layout changes. */
function useElementWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
