import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("createLogger", () => {
  it("redacts credentials wherever they appear in a log line", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("info", sink);
    logger.info(
      {
        req: { headers: { authorization: "Bearer evd_secretvalue", cookie: "evident_session=abc123" } },
        body: { email: "a@b.test", password: "hunter2hunter2" },
        created: { token: "evd_othersecret", secret: "s3cr3t" },
      },
      "request",
    );
    const output = lines.join("");
    for (const secret of ["evd_secretvalue", "abc123", "hunter2hunter2", "evd_othersecret", "s3cr3t"]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain("a@b.test");
    expect(output).toContain("[redacted]");
  });
});
