/**
 * One status line per phase on stderr, so stdout carries only the final tables. On a terminal
 * the line is rewritten in place; in CI logs (not a TTY) each phase is printed once, because a
 * log full of "3/10 s, 4/10 s, …" lines says nothing more than the phase did.
 */
export interface Progress {
  /** Starts a phase, e.g. "[http] evident-pglite measuring…". */
  phase(label: string): void;
  /** Updates the phase's detail, e.g. "6/10 s" (shown on terminals only). */
  detail(text: string): void;
  /** Ends the current line so that whatever is printed next starts on a clean line. */
  finish(): void;
}

export function createProgress(stream: NodeJS.WriteStream): Progress {
  const interactive = stream.isTTY === true;
  let currentLabel = "";
  let lineOpen = false;

  function rewrite(text: string) {
    // \x1b[2K erases the previous, possibly longer, text before the carriage return rewrites it.
    stream.write(`\r\x1b[2K${text}`);
    lineOpen = true;
  }

  return {
    phase(label) {
      currentLabel = label;
      if (interactive) rewrite(label);
      else stream.write(`${label}\n`);
    },
    detail(text) {
      if (interactive) rewrite(`${currentLabel} ${text}`);
    },
    finish() {
      if (interactive && lineOpen) stream.write("\r\x1b[2K");
      lineOpen = false;
    },
  };
}

/** Shows "elapsed/total s" for a timed phase every second; returns a function that stops it. */
export function showCountdown(progress: Progress, totalSeconds: number): () => void {
  const startedAt = performance.now();
  progress.detail(`0/${totalSeconds} s`);
  const timer = setInterval(() => {
    const elapsed = Math.min(totalSeconds, Math.floor((performance.now() - startedAt) / 1000));
    progress.detail(`${elapsed}/${totalSeconds} s`);
  }, 1000);
  return () => clearInterval(timer);
}
