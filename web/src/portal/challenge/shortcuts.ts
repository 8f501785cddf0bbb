import { useEffect, useRef } from "react";

/** Apple keyboards use ⌘ where others use Ctrl; the hint and aria-keyshortcuts follow. */
export function isMacLike(): boolean {
  return (
    typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
  );
}

/**
 * Ctrl/⌘+Enter runs the visible tests, Ctrl/⌘+Shift+Enter asks to submit, from anywhere on the
 * page, the editor included. Listened to in the capture phase so CodeMirror's own Mod-Enter
 * (insert a blank line) does not get there first.
 */
export function useRunShortcuts(options: { isEnabled: boolean; onRun: () => void; onSubmit: () => void }) {
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      event.preventDefault();
      event.stopPropagation();
      const { isEnabled, onRun, onSubmit } = latest.current;
      if (!isEnabled) return;
      if (event.shiftKey) onSubmit();
      else onRun();
    };
    document.addEventListener("keydown", onKeyDown, true);
    return () => document.removeEventListener("keydown", onKeyDown, true);
  }, []);
}
