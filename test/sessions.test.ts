import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_RATE_LIMIT } from "../src/modules/auth/routes.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from "./support/server.ts";

/** Browser sessions: cookie attributes, CSRF defence, rate-limited login, switching organisations. */
describe.each(testEngines)("sessions on %s", (engine) => {
  let server: TestServer;
  let orgA: SeededOrganization;
  let orgB: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    orgA = await seedOrganization(server.database, "Alpha");
    orgB = await seedOrganization(server.database, "Beta");
  });
  afterAll(async () => server?.close());

  async function signIn(email: string, password = TEST_PASSWORD) {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    const body = (await response.json()) as { csrfToken: string; activeOrganization: { id: string } | null };
    const setCookie = response.headers.get("set-cookie") ?? "";
    return { response, body, setCookie, cookie: setCookie.split(";")[0] ?? "" };
  }

  it("sets an httpOnly, SameSite session cookie and answers with the user's organisations", async () => {
    const { response, body, setCookie } = await signIn(orgA.users.recruiter.email.toUpperCase());
    expect(response.status).toBe(200);
    expect(setCookie).toMatch(/^evident_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(body).toMatchObject({
      user: { email: orgA.users.recruiter.email },
      activeOrganization: { id: orgA.id, role: "recruiter" },
      organizations: [{ id: orgA.id, role: "recruiter" }],
    });
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const unknown = await signIn("nobody@nowhere.test", "whatever-password");
    const wrong = await signIn(orgA.users.interviewer.email, "wrong-password-123");
    expect(unknown.response.status).toBe(401);
    expect(wrong.response.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.setCookie).toBe("");
  });

  it("requires the CSRF token for unsafe requests made with the cookie, not for reads", async () => {
    const { cookie, body } = await signIn(orgA.users.admin.email);
    const read = await call(server, "GET", "/api/v1/members", { headers: { cookie } });
    expect(read.status).toBe(200);

    const forged = await call(server, "POST", "/api/v1/tokens", {
      headers: { cookie },
      body: { name: "forged" },
    });
    expect(forged.status).toBe(403);
    expect(String(forged.body.detail)).toMatch(/X-CSRF-Token/);
    const wrongToken = await call(server, "POST", "/api/v1/tokens", {
      headers: { cookie, "x-csrf-token": `${body.csrfToken.slice(0, -2)}xx` },
      body: { name: "forged" },
    });
    expect(wrongToken.status).toBe(403);

    const genuine = await call(server, "POST", "/api/v1/tokens", {
      headers: { cookie, "x-csrf-token": body.csrfToken },
      body: { name: "genuine" },
    });
    expect(genuine.status).toBe(201);
    const tokens = await call(server, "GET", "/api/v1/tokens", { headers: { cookie } });
    const names = (tokens.body.items as { name: string }[]).map((token) => token.name);
    expect(names).toContain("genuine");
    expect(names).not.toContain("forged");
  });

  it("switches the active organisation only among the user's own organisations", async () => {
    // Make Alpha's admin a member of Beta too.
    await call(server, "POST", "/api/v1/members", {
      token: orgB.users.admin.token,
      body: { email: orgA.users.admin.email, name: "Shared", role: "interviewer" },
    });
    const { cookie, body } = await signIn(orgA.users.admin.email);
    const headers = { cookie, "x-csrf-token": body.csrfToken };
    const switched = await call(server, "POST", "/api/v1/auth/switch-organization", {
      headers,
      body: { organizationId: orgB.id },
    });
    expect(switched.status).toBe(200);
    expect(switched.body.activeOrganization).toMatchObject({ id: orgB.id, role: "interviewer" });
    // In Beta this user is an interviewer: admin-only routes are now refused.
    expect((await call(server, "GET", "/api/v1/audit", { headers })).status).toBe(403);

    const foreign = await call(server, "POST", "/api/v1/auth/switch-organization", {
      headers,
      body: { organizationId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(foreign.status).toBe(404);
  });

  it("ends the session on sign-out; the old cookie no longer works", async () => {
    const { cookie, body } = await signIn(orgA.users.hiring_manager.email);
    const out = await call(server, "POST", "/api/v1/auth/logout", {
      headers: { cookie, "x-csrf-token": body.csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await call(server, "GET", "/api/v1/auth/session", { headers: { cookie } })).status).toBe(401);
  });

  it("does not let an API token act as a browser session", async () => {
    const response = await call(server, "GET", "/api/v1/auth/session", { token: orgA.users.admin.token });
    expect(response.status).toBe(403);
  });

  it("rate-limits repeated login attempts for one address and email", async () => {
    const email = "rate-limited@alpha.test";
    await call(server, "POST", "/api/v1/members", {
      token: orgA.users.admin.token,
      body: { email, name: "Probe", role: "interviewer", password: TEST_PASSWORD },
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_RATE_LIMIT.max + 2; attempt++) {
      statuses.push((await signIn(email, "wrong-password-123")).response.status);
    }
    expect(statuses.slice(0, LOGIN_RATE_LIMIT.max).every((status) => status === 401)).toBe(true);
    const limited = await signIn(email, TEST_PASSWORD);
    expect(limited.response.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 429, title: "Too many requests" });
    // Another account from the same address is not locked out by it.
    expect((await signIn(orgA.users.recruiter.email)).response.status).toBe(200);
  });
});
