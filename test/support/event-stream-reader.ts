/** One server-sent event as a browser's EventSource would dispatch it. */
export interface ReceivedEvent {
  event: string;
  data: unknown;
}

/**
 * Opens a server-sent events stream with fetch and reads it event by event, as EventSource
 * would (Accept: text/event-stream), keeping comments (keep-alives) apart.
 */
export async function openEventStreamReader(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const comments: string[] = [];
  let buffer = "";
  let ended = false;
  const reader =
    response.ok && response.body ? response.body.pipeThrough(new TextDecoderStream()).getReader() : null;

  async function readMore(): Promise<boolean> {
    if (!reader || ended) return false;
    const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (chunk.done) {
      ended = true;
      return false;
    }
    buffer += chunk.value;
    return true;
  }

  /** The next event (comments and `retry:` lines skipped), or null once the stream ended. */
  async function next(timeoutMs = 60_000): Promise<ReceivedEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) comments.push(line.slice(1).trim());
          else if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data.push(line.slice(6));
        }
        if (data.length > 0) return { event, data: JSON.parse(data.join("\n")) };
        continue;
      }
      if (Date.now() > deadline) throw new Error(`no event within ${timeoutMs} ms; got so far: ${buffer}`);
      if (!(await readMore())) return null;
    }
  }

  return {
    response,
    comments,
    next,
    /** Waits until the server ends the stream (true) or the time runs out (false). */
    async ended(timeoutMs: number): Promise<boolean> {
      const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs));
      const drained = (async () => {
        while (await readMore()) buffer = "";
        return true as const;
      })();
      return Promise.race([drained, timer]);
    },
    close: () => controller.abort(),
  };
}
