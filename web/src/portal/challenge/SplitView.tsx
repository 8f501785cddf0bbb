import { type KeyboardEvent, type PointerEvent, type ReactNode, useRef, useState } from "react";

const MIN_PERCENT = 20;
const MAX_PERCENT = 70;
const KEY_STEP = 5;
const clamp = (percent: number) => Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, Math.round(percent)));

/**
 * Two panes side by side with a splitter between them (the ARIA window-splitter pattern): drag
 * it, or focus it and use the arrow keys (Home and End for the limits). The first pane may be
 * collapsed, which gives the second the whole width. Under 900 px the panes stack and the
 * splitter is hidden by CSS.
 */
export function SplitView({
  first,
  second,
  isFirstCollapsed,
  splitterLabel,
  firstId,
}: {
  first: ReactNode;
  second: ReactNode;
  isFirstCollapsed: boolean;
  splitterLabel: string;
  firstId: string;
}) {
  const [percent, setPercent] = useState(40);
  const containerRef = useRef<HTMLDivElement>(null);

  function moveTo(clientX: number) {
    const box = containerRef.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    setPercent(clamp(((clientX - box.left) / box.width) * 100));
  }

  function startDrag(event: PointerEvent<HTMLDivElement>) {
    event.preventDefault();
    const splitter = event.currentTarget;
    splitter.setPointerCapture(event.pointerId);
    const move = (moveEvent: globalThis.PointerEvent) => moveTo(moveEvent.clientX);
    const stop = () => {
      splitter.removeEventListener("pointermove", move);
      splitter.removeEventListener("pointerup", stop);
      splitter.removeEventListener("pointercancel", stop);
    };
    splitter.addEventListener("pointermove", move);
    splitter.addEventListener("pointerup", stop);
    splitter.addEventListener("pointercancel", stop);
  }

  function moveWithKeys(event: KeyboardEvent<HTMLDivElement>) {
    const next: Record<string, number> = {
      ArrowLeft: percent - KEY_STEP,
      ArrowRight: percent + KEY_STEP,
      Home: MIN_PERCENT,
      End: MAX_PERCENT,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    setPercent(clamp(target));
  }

  return (
    <div
      ref={containerRef}
      className={`portal-challenge-split${isFirstCollapsed ? " portal-challenge-split-collapsed" : ""}`}
      style={{ "--split-first": `${percent}%` } as React.CSSProperties}
    >
      <div className="portal-challenge-pane" id={firstId} hidden={isFirstCollapsed}>
        {first}
      </div>
      {!isFirstCollapsed && (
        // biome-ignore lint/a11y/useSemanticElements: a focusable window splitter is a div with role separator (WAI-ARIA APG); <hr> cannot take focus or pointer drags.
        <div
          role="separator"
          aria-orientation="vertical"
          aria-label={splitterLabel}
          aria-controls={firstId}
          aria-valuenow={percent}
          aria-valuemin={MIN_PERCENT}
          aria-valuemax={MAX_PERCENT}
          tabIndex={0}
          className="portal-challenge-splitter"
          onPointerDown={startDrag}
          onKeyDown={moveWithKeys}
        />
      )}
      <div className="portal-challenge-pane">{second}</div>
    </div>
  );
}
