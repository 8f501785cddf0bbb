import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

interface AuditItem {
  id: string;
  at: string;
  action: string;
  objectType: string;
  objectId: string | null;
  objectLabel: string | null;
  actor: { userId: string | null; name: string | null; email: string | null };
}

/** The audit log's filters and names, and the rule that nobody removes themselves. */
describe.each(testEngines)("audit log filters and member removal on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Audit");
    other = await seedOrganization(server.database, "Elsewhere");
    // One role created by the recruiter and a role change by the admin: two actors, two objects.
    const role = await call(server, "POST", "/api/v1/roles", {
      token: org.users.recruiter.token,
      body: {
        title: "Platform engineer",
        team: "Platform",
        seniority: "senior",
        techStack: ["Go"],
        officeLocations: ["Lisbon"],
        timezone: { fromUtcOffset: -1, toUtcOffset: 3 },
        complianceNeeds: [],
        headcount: 1,
      },
    });
    expect(role.status).toBe(201);
    const changed = await call(server, "PATCH", `/api/v1/members/${org.users.interviewer.id}`, {
      token: org.users.admin.token,
      body: { role: "recruiter" },
    });
    expect(changed.status).toBe(200);
  });
  afterAll(async () => server?.close());

  async function audit(query: string) {
    const response = await call(server, "GET", `/api/v1/audit?limit=200${query}`, {
      token: org.users.admin.token,
    });
    expect(response.status).toBe(200);
    return response.body.items as AuditItem[];
  }

  it("filters by actor, action and object type, and names actors and objects", async () => {
    const byRecruiter = await audit(`&actorUserId=${org.users.recruiter.id}`);
    expect(byRecruiter.length).toBeGreaterThan(0);
    expect(byRecruiter.every((item) => item.actor.userId === org.users.recruiter.id)).toBe(true);
    expect(byRecruiter[0]?.actor.name).toBe("Audit recruiter");

    const roleChanges = await audit("&action=member.role_changed");
    expect(roleChanges).toHaveLength(1);
    expect(roleChanges[0]).toMatchObject({
      objectType: "membership",
      objectId: org.users.interviewer.id,
      objectLabel: "Audit interviewer",
    });

    const roles = await audit("&objectType=role");
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.every((item) => item.objectType === "role")).toBe(true);
    expect(roles.find((item) => item.action === "role.created")?.objectLabel).toBe("Platform engineer");
  });

  it("filters by a time range, from inclusive and to exclusive, and pages within the filter", async () => {
    const all = await audit("");
    const newest = all[0];
    if (newest === undefined) throw new Error("the log is empty");
    const onlyNewest = await audit(`&from=${encodeURIComponent(newest.at)}`);
    expect(onlyNewest.map((item) => item.id)).toContain(newest.id);
    expect(onlyNewest.every((item) => item.at >= newest.at)).toBe(true);
    const beforeNewest = await audit(`&to=${encodeURIComponent(newest.at)}`);
    expect(beforeNewest.map((item) => item.id)).not.toContain(newest.id);
    expect(beforeNewest.length + onlyNewest.length).toBe(all.length);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        server,
        "GET",
        `/api/v1/audit?limit=1&objectType=membership${cursor ? `&cursor=${cursor}` : ""}`,
        { token: org.users.admin.token },
      );
      const items = page.body.items as AuditItem[];
      expect(items.every((item) => item.objectType === "membership")).toBe(true);
      seen.push(...items.map((item) => item.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual((await audit("&objectType=membership")).map((item) => item.id));
  });

  it("refuses bad filters with the field named, and keeps each organisation's log its own", async () => {
    const badTime = await call(server, "GET", "/api/v1/audit?from=yesterday", {
      token: org.users.admin.token,
    });
    expect(badTime.status).toBe(400);
    expect(JSON.stringify(badTime.body.errors)).toContain("from");
    const backwards = await call(
      server,
      "GET",
      "/api/v1/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
      { token: org.users.admin.token },
    );
    expect(backwards.status).toBe(400);
    expect(String(backwards.body.detail)).toMatch(/earlier than to/);
    const badActor = await call(server, "GET", "/api/v1/audit?actorUserId=someone", {
      token: org.users.admin.token,
    });
    expect(badActor.status).toBe(400);

    const foreignActor = await call(server, "GET", `/api/v1/audit?actorUserId=${org.users.recruiter.id}`, {
      token: other.users.admin.token,
    });
    expect(foreignActor.status).toBe(200);
    expect(foreignActor.body.items).toEqual([]);

    const facets = await call(server, "GET", "/api/v1/audit/facets", { token: org.users.admin.token });
    expect(facets.status).toBe(200);
    expect(facets.body.actions).toEqual(expect.arrayContaining(["member.role_changed", "role.created"]));
    expect(facets.body.objectTypes).toEqual(expect.arrayContaining(["membership", "role"]));
    const otherFacets = await call(server, "GET", "/api/v1/audit/facets", { token: other.users.admin.token });
    expect(otherFacets.body.actions).not.toContain("role.created");
    expect(
      (await call(server, "GET", "/api/v1/audit/facets", { token: org.users.recruiter.token })).status,
    ).toBe(403);
  });

  it("refuses to let an admin remove themselves, even with another admin present", async () => {
    const promoted = await call(server, "PATCH", `/api/v1/members/${org.users.hiring_manager.id}`, {
      token: org.users.admin.token,
      body: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    const self = await call(server, "DELETE", `/api/v1/members/${org.users.admin.id}`, {
      token: org.users.admin.token,
    });
    expect(self.status).toBe(409);
    expect(String(self.body.detail)).toMatch(/cannot remove yourself/);
    const members = await call(server, "GET", "/api/v1/members", { token: org.users.admin.token });
    expect((members.body.items as { userId: string }[]).map((m) => m.userId)).toContain(org.users.admin.id);
    // Another admin may.
    const byOther = await call(server, "DELETE", `/api/v1/members/${org.users.admin.id}`, {
      token: org.users.hiring_manager.token,
    });
    expect(byOther.status).toBe(204);
  });
});
