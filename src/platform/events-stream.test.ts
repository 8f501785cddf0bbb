import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { openEventStreamReader } from "../../test/support/event-stream-reader.ts";
import { AppError } from "./errors.ts";
import { type EventStream, openEventStream, requireEventStreamAccept } from "./events-stream.ts";

describe("server-sent event streams", () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function serve(onOpen: (stream: EventStream) => void) {
    const openStreams = new Set<EventStream>();
    app = Fastify();
    app.setErrorHandler((error, _request, reply) =>
      reply.code(error instanceof AppError ? error.status : 500).send({ detail: (error as Error).message }),
    );
    app.addHook("preClose", async () => {
      for (const stream of [...openStreams]) stream.close();
    });
    app.get("/stream", async (request, reply) => {
      requireEventStreamAccept(request);
      reply.header("x-content-type-options", "nosniff");
      onOpen(openEventStream(reply, openStreams, { keepAliveMs: 50 }));
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    return { url: `${url}/stream`, openStreams };
  }

  it("sends events as JSON, keep-alive comments while idle, and the headers set before it opened", async () => {
    const { url } = await serve((stream) => stream.send("hello", { text: "two\nlines" }));
    const reader = await openEventStreamReader(url);
    expect(reader.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(reader.response.headers.get("cache-control")).toContain("no-cache");
    expect(reader.response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await reader.next()).toEqual({ event: "hello", data: { text: "two\nlines" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pending = reader.next(300).catch(() => null);
    await pending;
    expect(reader.comments.filter((comment) => comment === "keep-alive").length).toBeGreaterThanOrEqual(2);
    reader.close();
  });

  it("forgets a stream the client closed, and tells its owner", async () => {
    let closedByClient = false;
    const { url, openStreams } = await serve((stream) => {
      stream.onClose(() => {
        closedByClient = true;
      });
      stream.send("ready", {});
    });
    const reader = await openEventStreamReader(url);
    await reader.next();
    expect(openStreams.size).toBe(1);
    reader.close();
    for (let waited = 0; waited < 2000 && openStreams.size > 0; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(openStreams.size).toBe(0);
    expect(closedByClient).toBe(true);
  });

  it("refuses a caller that does not ask for text/event-stream", async () => {
    const { url } = await serve(() => {});
    const response = await fetch(url, { headers: { accept: "application/json" } });
    expect(response.status).toBe(406);
    expect(((await response.json()) as { detail: string }).detail).toContain("EventSource");
  });
});
