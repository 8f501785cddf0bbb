import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../src/platform/clock.ts";
import { testEngines } from "./support/databases.ts";
import { seedScaleOrganization } from "./support/scale-organization.ts";
import { call, type SeededOrganization, startTestServer, type TestServer } from "./support/server.ts";

/**
 * The server's in-process caches (API tokens, applications pages) against the database's
 * data-change feed, on every engine. To see that a cache serves at all, a change is made with
 * the triggers switched off (session_replication_role = replica), which no cache can hear of:
 * the old answer must still come back, until something the cache does hear of.
 */

/** SQL on the server's database with its triggers off for this session, so nobody is notified. */
async function changeUnheard(server: TestServer, statement: string) {
  const text = `set session_replication_role = replica; ${statement}; set session_replication_role = origin;`;
  if (server.database.pglite) {
    await server.database.pglite.exec(text);
    return;
  }
  await onOwnConnection(server, (client) => client.query(text));
}

/** SQL on a connection of its own, as another process would make the change. */
async function changeElsewhere(server: TestServer, statement: string) {
  if (server.database.pglite) {
    await server.database.pglite.exec(statement);
    return;
  }
  await onOwnConnection(server, (client) => client.query(statement));
}

async function onOwnConnection(server: TestServer, work: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: server.database.testUrl ?? "" });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Polls until `check` passes: on PostgreSQL another connection's change reaches the cache by
 * notification after its commit, within milliseconds but not before the statement returns.
 */
async function eventually(check: () => Promise<void>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A clock the test moves forward, to reach the caches' time limit. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
  };
}

describe.each(testEngines)("response caches (%s)", (engine) => {
  let server: TestServer;
  let organization: SeededOrganization;
  let roleId: string;
  const clock = movableClock();

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    const seeded = await seedScaleOrganization(server.database, { applications: 6, roles: 1 });
    organization = seeded.organization;
    roleId = seeded.roleIds[0] ?? "";
  });
  afterAll(async () => {
    await server?.close();
  });

  const listPage = async () => {
    const response = await call(server, "GET", `/api/v1/applications?roleId=${roleId}&limit=3`, {
      token: organization.users.recruiter.token,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    return response.body as unknown as {
      items: { id: string; status: string; candidate: { id: string; fullName: string } }[];
      nextCursor: string | null;
    };
  };

  it("serves a page again from the cache, and forgets it when the database reports a change", async () => {
    const first = await listPage();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const candidate = first.items[0]?.candidate;
    if (!candidate) throw new Error("no candidate on the page");

    await changeUnheard(
      server,
      `update candidates set full_name = 'Unheard Name' where id = '${candidate.id}'`,
    );
    expect((await listPage()).items[0]?.candidate.fullName).toBe(candidate.fullName);

    await changeElsewhere(
      server,
      `update candidates set full_name = 'Heard Name' where id = '${candidate.id}'`,
    );
    await eventually(async () => {
      expect((await listPage()).items[0]?.candidate.fullName).toBe("Heard Name");
    });
  });

  it("shows the writer its own write at once: the next page after an API change is current", async () => {
    const before = await listPage();
    const application = before.items[0];
    if (!application) throw new Error("no application on the page");
    // Warm the cache, then change the application through the API (no waiting allowed).
    await listPage();
    const rejected = await call(server, "POST", `/api/v1/applications/${application.id}/reject`, {
      token: organization.users.recruiter.token,
      body: { reason: "skills_gap" },
    });
    expect(rejected.status).toBe(200);
    const after = await listPage();
    expect(after.items.find((item) => item.id === application.id)?.status).toBe("rejected");
  });

  it("forgets the organisation's pages when a role's title changes, and keeps other filters apart", async () => {
    const page = await listPage();
    const all = await call(server, "GET", "/api/v1/applications?limit=3", {
      token: organization.users.recruiter.token,
    });
    expect(all.status).toBe(200);
    await changeElsewhere(server, `update roles set title = 'Renamed Role' where id = '${roleId}'`);
    await eventually(async () => {
      const items = (await listPage()).items as unknown as { role: { title: string } }[];
      expect(items.every((item) => item.role.title === "Renamed Role")).toBe(true);
    });
    expect(page.items).toHaveLength(3);
  });

  it("expires what it keeps after a minute even when no change was heard", async () => {
    const first = await listPage();
    const candidate = first.items[1]?.candidate;
    if (!candidate) throw new Error("no candidate on the page");
    await changeUnheard(
      server,
      `update candidates set full_name = 'Silent Rename' where id = '${candidate.id}'`,
    );
    expect((await listPage()).items[1]?.candidate.fullName).toBe(candidate.fullName);
    clock.advance(61_000);
    expect((await listPage()).items[1]?.candidate.fullName).toBe("Silent Rename");
  });

  it("refuses a revoked token at once, even when another process revoked it", async () => {
    const token = organization.users.hiring_manager.token;
    // The first use records the token's last use, a change to api_tokens the cache hears of;
    // the second reads it again and keeps it.
    for (let use = 0; use < 2; use++) {
      expect((await call(server, "GET", "/api/v1/applications?limit=1", { token })).status).toBe(200);
    }
    await changeUnheard(
      server,
      `update memberships set role = 'interviewer' where user_id = '${organization.users.hiring_manager.id}'`,
    );
    // The token (with its role) is cached: the unheard demotion does not apply yet.
    expect((await call(server, "GET", "/api/v1/applications?limit=1", { token })).status).toBe(200);
    await changeElsewhere(
      server,
      `update api_tokens set revoked_at = now() where user_id = '${organization.users.hiring_manager.id}'`,
    );
    await eventually(async () => {
      expect((await call(server, "GET", "/api/v1/applications?limit=1", { token })).status).toBe(401);
    });
  });

  it("applies a role change made through the API to the member's next request", async () => {
    const token = organization.users.interviewer.token;
    const refused = await call(server, "GET", "/api/v1/applications?limit=1", { token });
    expect(refused.status).toBe(403);
    const promoted = await call(server, "PATCH", `/api/v1/members/${organization.users.interviewer.id}`, {
      token: organization.users.admin.token,
      body: { role: "recruiter" },
    });
    expect(promoted.status).toBe(200);
    expect((await call(server, "GET", "/api/v1/applications?limit=1", { token })).status).toBe(200);
  });
});

describe.runIf(testEngines.includes("postgresql"))(
  "response caches when notifications stop (postgresql)",
  () => {
    let server: TestServer;
    let organization: SeededOrganization;

    beforeAll(async () => {
      server = await startTestServer("postgresql");
      ({ organization } = await seedScaleOrganization(server.database, { applications: 3, roles: 1 }));
    });
    afterAll(async () => {
      await server?.close();
    });

    it("forgets everything when the LISTEN connection drops, as changes may have been missed", async () => {
      const path = "/api/v1/applications?limit=1";
      const token = organization.users.recruiter.token;
      const first = await call(server, "GET", path, { token });
      const item = (first.body.items as { candidate: { id: string; fullName: string } }[])[0];
      if (!item) throw new Error("no application");
      await changeUnheard(
        server,
        `update candidates set full_name = 'Missed Rename' where id = '${item.candidate.id}'`,
      );
      const cached = await call(server, "GET", path, { token });
      expect((cached.body.items as (typeof item)[])[0]?.candidate.fullName).toBe(item.candidate.fullName);

      await onOwnConnection(server, (client) =>
        client.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'listen %'",
        ),
      );
      await eventually(async () => {
        const fresh = await call(server, "GET", path, { token });
        expect((fresh.body.items as (typeof item)[])[0]?.candidate.fullName).toBe("Missed Rename");
      });
    });
  },
);
