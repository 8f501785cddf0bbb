import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

function collectLines() {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { sink, text: () => chunks.join("") };
}

const secrets = ["evd_secretvalue", "abc123", "hunter2hunter2", "evd_othersecret", "s3cr3t"];

function logCredentials(logger: ReturnType<typeof createLogger>) {
  logger.info(
    {
      req: { headers: { authorization: "Bearer evd_secretvalue", cookie: "evident_session=abc123" } },
      body: { email: "a@b.test", password: "hunter2hunter2" },
      created: { token: "evd_othersecret", secret: "s3cr3t" },
    },
    "request",
  );
}

describe("createLogger", () => {
  it("writes JSON lines by default and redacts credentials wherever they appear", () => {
    const { sink, text } = collectLines();
    logCredentials(createLogger("info", { destination: sink }));
    const output = text();
    for (const secret of secrets) expect(output).not.toContain(secret);
    const line = JSON.parse(output.trim()) as { msg: string; body: { email: string; password: string } };
    expect(line.msg).toBe("request");
    expect(line.body).toEqual({ email: "a@b.test", password: "[redacted]" });
  });

  it("writes human-readable lines when asked (a terminal), still redacting", () => {
    const { sink, text } = collectLines();
    const logger = createLogger("info", { destination: sink, pretty: true });
    logger.info({ method: "GET", path: "/api/health", status: 200, ms: 1.5 }, "GET /api/health 200 1.5 ms");
    const requestLine = text();
    // One line: time, level, message; the request's fields are already in the message.
    expect(requestLine.trimEnd().split("\n")).toHaveLength(1);
    expect(requestLine).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: GET \/api\/health 200 1\.5 ms\n$/);
    expect(() => JSON.parse(requestLine)).toThrow();

    logCredentials(logger);
    const output = text();
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).toContain("[redacted]");
  });

  it("leaves out Fastify's own listening line: the CLI prints the address once", () => {
    const { sink, text } = collectLines();
    const logger = createLogger("info", { destination: sink });
    logger.info("Server listening at http://127.0.0.1:3000");
    logger.info("something else");
    expect(text()).not.toContain("Server listening");
    expect(text()).toContain("something else");
  });
});
