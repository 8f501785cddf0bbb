import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpApp } from "../src/server/http-types.ts";
import { type LoggedApp, startLoggedApp } from "./support/logged-app.ts";

describe("request logging of the HTTP app", () => {
  let logged: LoggedApp;
  let app: HttpApp;
  let lines: string[];

  beforeAll(async () => {
    logged = await startLoggedApp("info");
    ({ app, lines } = logged);
  });
  afterAll(() => logged?.close());

  it("writes one line per request with method, path, status and time, never the query or credentials", async () => {
    lines.length = 0;
    const response = await app.inject({
      method: "GET",
      url: "/api/health?q=someone%40private.test",
      headers: { authorization: "Bearer evd_notlogged", cookie: "evident_session=notlogged" },
    });
    expect(response.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, method: "GET", path: "/api/health", status: 200 });
    expect(line.msg).toMatch(/^GET \/api\/health 200 \d+(\.\d)? ms$/);
    expect(typeof line.ms).toBe("number");
    for (const secret of ["private.test", "evd_notlogged", "notlogged"]) {
      expect(lines[0]).not.toContain(secret);
    }
  });

  it("logs refused requests the same way, one line each", async () => {
    lines.length = 0;
    await app.inject({
      method: "GET",
      url: "/api/v1/members",
      headers: { authorization: "Bearer evd_wrong" },
    });
    await app.inject({ method: "GET", url: "/api/v1/no-such-route" });
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/members 401 /),
      expect.stringMatching(/^GET \/api\/v1\/no-such-route 404 /),
    ]);
  });

  it("answers the demo status without a session: absent when this server creates no demo", async () => {
    const response = await app.inject({ method: "GET", url: "/api/demo/status" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ state: "absent", percent: 0 });
  });
});
