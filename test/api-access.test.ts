import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/platform/db/client.ts";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/** Who may do what: roles, organisations, tokens and the shape of every refusal. */
describe.each(testEngines)("API access rules on %s", (engine) => {
  let server: TestServer;
  let orgA: SeededOrganization;
  let orgB: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    orgA = await seedOrganization(server.database, "Alpha");
    orgB = await seedOrganization(server.database, "Beta");
  });
  afterAll(async () => server?.close());

  it("answers 401 problem+json without credentials", async () => {
    const response = await call(server, "GET", "/api/v1/members");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body).toMatchObject({ status: 401, title: "Authentication required" });
    expect(String(response.body.detail)).toMatch(/Bearer/);
  });

  it("answers 401 for a malformed or unknown bearer token", async () => {
    for (const authorization of ["Bearer nonsense", "Bearer evd_unknownunknownunknown", "Basic abc"]) {
      const response = await call(server, "GET", "/api/v1/members", { headers: { authorization } });
      expect(response.status).toBe(401);
    }
  });

  it("answers 400 listing the offending fields for schema violations", async () => {
    const response = await call(server, "POST", "/api/v1/members", {
      token: orgA.users.admin.token,
      body: { email: "not-an-email", role: "overlord" },
    });
    expect(response.status).toBe(400);
    const paths = (response.body.errors as { path: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(["body.email", "body.name", "body.role"]);
    expect(String(response.body.detail)).toContain("body.email");
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await call(server, "POST", "/api/v1/tokens", {
      token: orgA.users.admin.token,
      rawBody: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(String(response.body.detail)).toMatch(/not valid JSON/);
  });

  it("answers 413 for a body over the size limit", async () => {
    const response = await call(server, "POST", "/api/v1/tokens", {
      token: orgA.users.admin.token,
      body: { name: "x".repeat(2 * 1024 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.status).toBe(413);
  });

  it("answers 404 problem+json for unknown API routes and bad ids", async () => {
    expect((await call(server, "GET", "/api/v1/nothing-here")).status).toBe(404);
    const badId = await call(server, "DELETE", "/api/v1/tokens/not-a-uuid", {
      token: orgA.users.admin.token,
    });
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ path: "params.tokenId", message: "must be a UUID" }]);
  });

  it("lets only admins manage members and read the audit log (403 for the other roles)", async () => {
    for (const role of ["recruiter", "hiring_manager", "interviewer"] as const) {
      const token = orgA.users[role].token;
      const add = await call(server, "POST", "/api/v1/members", {
        token,
        body: {
          email: `new-${role}@alpha.test`,
          name: "New",
          role: "interviewer",
          password: "long-enough-password",
        },
      });
      expect(add.status).toBe(403);
      // In plain words: who may, and the caller's own role, never the role's identifier.
      const roleWord = {
        recruiter: "Recruiter",
        hiring_manager: "Hiring manager",
        interviewer: "Interviewer",
      }[role];
      expect(String(add.body.detail)).toMatch(
        new RegExp(`^Only admins can do this; your role in .+ is ${roleWord}\\.`),
      );
      expect(String(add.body.detail)).not.toContain(role);
      expect(
        (
          await call(server, "PATCH", `/api/v1/members/${orgA.users.interviewer.id}`, {
            token,
            body: { role: "admin" },
          })
        ).status,
      ).toBe(403);
      expect(
        (await call(server, "DELETE", `/api/v1/members/${orgA.users.interviewer.id}`, { token })).status,
      ).toBe(403);
      expect((await call(server, "GET", "/api/v1/audit", { token })).status).toBe(403);
      // Reading the member list is open to every member.
      expect((await call(server, "GET", "/api/v1/members", { token })).status).toBe(200);
    }
    const members = await call(server, "GET", "/api/v1/members", { token: orgA.users.admin.token });
    expect(members.body.items).toHaveLength(4);
  });

  it("keeps organisations apart: another organisation's objects are 404 and stay unchanged", async () => {
    const intruder = orgA.users.admin.token;
    const victimUserId = orgB.users.interviewer.id;

    const patch = await call(server, "PATCH", `/api/v1/members/${victimUserId}`, {
      token: intruder,
      body: { role: "admin" },
    });
    expect(patch.status).toBe(404);
    const remove = await call(server, "DELETE", `/api/v1/members/${victimUserId}`, { token: intruder });
    expect(remove.status).toBe(404);

    const orgBTokens = await call(server, "GET", "/api/v1/tokens", { token: orgB.users.admin.token });
    const victimToken = (orgBTokens.body.items as { id: string; user: { id: string } }[]).find(
      (token) => token.user.id === victimUserId,
    );
    expect(victimToken).toBeDefined();
    const revoke = await call(server, "DELETE", `/api/v1/tokens/${victimToken?.id}`, { token: intruder });
    expect(revoke.status).toBe(404);

    // Nothing changed in organisation B, and A's listings never show B's rows.
    const bMembers = await call(server, "GET", "/api/v1/members", { token: orgB.users.admin.token });
    expect(bMembers.body.items).toContainEqual(
      expect.objectContaining({ userId: victimUserId, role: "interviewer" }),
    );
    expect(
      (await call(server, "GET", "/api/v1/members", { token: orgB.users.interviewer.token })).status,
    ).toBe(200);
    const aMembers = await call(server, "GET", "/api/v1/members", { token: intruder });
    expect(JSON.stringify(aMembers.body)).not.toContain(victimUserId);
    const aTokens = await call(server, "GET", "/api/v1/tokens", { token: intruder });
    expect(JSON.stringify(aTokens.body)).not.toContain(victimToken?.id);
    const aAudit = await call(server, "GET", "/api/v1/audit?limit=200", { token: intruder });
    expect(JSON.stringify(aAudit.body)).not.toContain(orgB.id);
  });

  it("shows non-admins only their own tokens and lets them revoke only their own", async () => {
    const recruiter = orgA.users.recruiter;
    const own = await call(server, "GET", "/api/v1/tokens", { token: recruiter.token });
    const ownTokens = own.body.items as { id: string; user: { id: string } }[];
    expect(ownTokens.length).toBeGreaterThan(0);
    expect(ownTokens.every((token) => token.user.id === recruiter.id)).toBe(true);

    const all = await call(server, "GET", "/api/v1/tokens", { token: orgA.users.admin.token });
    const interviewerToken = (all.body.items as { id: string; user: { id: string } }[]).find(
      (token) => token.user.id === orgA.users.interviewer.id,
    );
    const attempt = await call(server, "DELETE", `/api/v1/tokens/${interviewerToken?.id}`, {
      token: recruiter.token,
    });
    expect(attempt.status).toBe(404);
    expect(
      (await call(server, "GET", "/api/v1/members", { token: orgA.users.interviewer.token })).status,
    ).toBe(200);
  });

  it("creates a token whose secret is shown once, works at once, and stops working the moment it is revoked", async () => {
    const created = await call(server, "POST", "/api/v1/tokens", {
      token: orgA.users.hiring_manager.token,
      body: { name: "deploy bot", expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    const token = created.body.token as { id: string; prefix: string; expiresAt: string };
    expect(secret).toMatch(/^evd_[\w-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    expect((await call(server, "GET", "/api/v1/members", { token: secret })).status).toBe(200);
    const listing = await call(server, "GET", "/api/v1/tokens", { token: secret });
    expect(JSON.stringify(listing.body)).not.toContain(secret);

    expect((await call(server, "DELETE", `/api/v1/tokens/${token.id}`, { token: secret })).status).toBe(204);
    const after = await call(server, "GET", "/api/v1/members", { token: secret });
    expect(after.status).toBe(401);
    expect(String(after.body.detail)).toMatch(/revoked/);
    const stillListed = await call(server, "GET", "/api/v1/tokens", {
      token: orgA.users.hiring_manager.token,
    });
    expect(stillListed.body.items).toContainEqual(
      expect.objectContaining({ id: token.id, revokedAt: expect.any(String) }),
    );
  });

  it("manages members: add, change role, remove (which revokes their tokens), never the last admin", async () => {
    const admin = orgA.users.admin.token;
    const added = await call(server, "POST", "/api/v1/members", {
      token: admin,
      body: { email: "Grace@Alpha.test", name: "Grace", role: "interviewer", password: "a-long-password-1" },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email: "grace@alpha.test", role: "interviewer" });
    const userId = added.body.userId as string;

    const duplicate = await call(server, "POST", "/api/v1/members", {
      token: admin,
      body: { email: "grace@alpha.test", name: "Grace", role: "recruiter" },
    });
    expect(duplicate.status).toBe(409);

    const noPassword = await call(server, "POST", "/api/v1/members", {
      token: admin,
      body: { email: "newcomer@alpha.test", name: "New", role: "recruiter" },
    });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.errors).toEqual([{ path: "password", message: "required for a new user" }]);

    // An existing user of another organisation joins without a new password.
    const crossMember = await call(server, "POST", "/api/v1/members", {
      token: orgB.users.admin.token,
      body: { email: "grace@alpha.test", name: "Grace", role: "recruiter" },
    });
    expect(crossMember.status).toBe(201);
    expect(crossMember.body.userId).toBe(userId);

    const promoted = await call(server, "PATCH", `/api/v1/members/${userId}`, {
      token: admin,
      body: { role: "admin" },
    });
    expect(promoted.body).toMatchObject({ role: "admin" });

    // Grace, now an admin with a token, is removed: her token stops working at once.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "grace@alpha.test", password: "a-long-password-1" }),
    });
    expect(login.status).toBe(200);
    expect((await call(server, "DELETE", `/api/v1/members/${userId}`, { token: admin })).status).toBe(204);
    const members = await call(server, "GET", "/api/v1/members", { token: admin });
    expect(JSON.stringify(members.body)).not.toContain(userId);

    const lastAdmin = await call(server, "PATCH", `/api/v1/members/${orgA.users.admin.id}`, {
      token: admin,
      body: { role: "recruiter" },
    });
    expect(lastAdmin.status).toBe(409);
    expect(String(lastAdmin.body.detail)).toMatch(/at least one admin/);
    expect(
      (await call(server, "DELETE", `/api/v1/members/${orgA.users.admin.id}`, { token: admin })).status,
    ).toBe(409);
  });

  it("writes an audit record for every mutation, readable by admins newest first with a cursor", async () => {
    const admin = orgA.users.admin;
    await call(server, "POST", "/api/v1/tokens", { token: admin.token, body: { name: "audited" } });
    const firstPage = await call(server, "GET", "/api/v1/audit?limit=3", {
      token: admin.token,
      headers: { "user-agent": "audit-test-agent" },
    });
    expect(firstPage.status).toBe(200);
    const items = firstPage.body.items as {
      id: string;
      action: string;
      actor: { type: string; email: string | null };
      userAgent: string | null;
      ip: string | null;
    }[];
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      action: "api_token.created",
      actor: { type: "token", email: admin.email },
    });
    expect(items[0]?.ip).toBe("127.0.0.1");
    expect(Number(items[0]?.id)).toBeGreaterThan(Number(items[1]?.id));

    const all: { action: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(server, "GET", `/api/v1/audit?limit=5${cursor ? `&cursor=${cursor}` : ""}`, {
        token: admin.token,
      });
      all.push(...(page.body.items as { action: string }[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    const actions = new Set(all.map((event) => event.action));
    for (const action of [
      "organization.created",
      "member.added",
      "member.role_changed",
      "member.removed",
      "api_token.created",
      "api_token.revoked",
      "session.signed_in",
    ]) {
      expect(actions).toContain(action);
    }
    const badCursor = await call(server, "GET", "/api/v1/audit?cursor=abc", { token: admin.token });
    expect(badCursor.status).toBe(400);
  });

  it("refuses to change or delete audit records, even from SQL", async () => {
    const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };
    await expect(
      server.database.db.execute(sql`update audit_events set action = 'forged'`),
    ).rejects.toMatchObject(refused);
    await expect(server.database.db.execute(sql`delete from audit_events`)).rejects.toMatchObject(refused);
    const [row] = await queryRows<{ n: number }>(
      server.database.db,
      sql`select count(*)::int as n from audit_events where action = 'forged'`,
    );
    expect(row?.n).toBe(0);
  });

  it("reports health with the engine in use", async () => {
    const health = await call(server, "GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: "ok", database: engine, queue: "disabled", sandbox: "ok" });
  });

  it("publishes an OpenAPI 3.1 document covering every v1 route", async () => {
    const document = await call(server, "GET", "/api/openapi.json");
    expect(document.body.openapi).toBe("3.1.0");
    const paths = Object.keys(document.body.paths as object);
    for (const path of [
      "/api/v1/auth/login",
      "/api/v1/members/{userId}",
      "/api/v1/tokens/{tokenId}",
      "/api/v1/audit",
      "/api/health",
    ]) {
      expect(paths).toContain(path);
    }
    const docs = await fetch(`${server.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger");
  });
});
