import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "./errors.ts";

/** How often an idle stream sends a comment, so proxies and browsers do not drop it. */
export const KEEP_ALIVE_MS = 15_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2_000;

/** A server-sent events response (text/event-stream) that a route writes events to. */
export interface EventStream {
  send(event: string, data: unknown): void;
  /** Ends the response; safe to call more than once. */
  close(): void;
  readonly isClosed: boolean;
  /** Called once when the stream ends, whoever ended it (the client, the server, close()). */
  onClose(listener: () => void): void;
}

/**
 * Streams are for EventSource (which always asks for text/event-stream); anything else gets a
 * problem+json 406 instead of a response that never ends.
 */
export function requireEventStreamAccept(request: FastifyRequest) {
  if (!(request.headers.accept ?? "").includes("text/event-stream")) {
    throw new AppError(
      "not_acceptable",
      "This is a server-sent events stream: open it with EventSource (Accept: text/event-stream).",
    );
  }
}

/**
 * Takes over the reply and opens a server-sent events stream on it, with keep-alive comments.
 * The headers Fastify and its plugins set so far (security headers) are kept. Streams register
 * in `openStreams` so a closing server can end them (an open response would hold its close).
 */
export function openEventStream(
  reply: FastifyReply,
  openStreams: Set<EventStream>,
  options: { keepAliveMs?: number } = {},
): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    // nginx and similar proxies would otherwise hold events back in their buffers.
    "x-accel-buffering": "no",
  });
  raw.write(`retry: ${RETRY_MS}\n\n`);
  const closeListeners: (() => void)[] = [];
  const keepAlive = setInterval(() => raw.write(": keep-alive\n\n"), options.keepAliveMs ?? KEEP_ALIVE_MS);
  let isClosed = false;
  const stream: EventStream = {
    send(event, data) {
      if (isClosed) return;
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (!raw.writableEnded) raw.end();
      finish();
    },
    get isClosed() {
      return isClosed;
    },
    onClose(listener) {
      if (isClosed) listener();
      else closeListeners.push(listener);
    },
  };
  function finish() {
    if (isClosed) return;
    isClosed = true;
    clearInterval(keepAlive);
    openStreams.delete(stream);
    for (const listener of closeListeners.splice(0)) listener();
  }
  raw.on("close", finish);
  openStreams.add(stream);
  return stream;
}
