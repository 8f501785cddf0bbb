import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listApplications } from "../src/modules/candidates/applications.ts";
import type { Db } from "../src/platform/db/client.ts";
import * as tables from "../src/platform/db/tables.ts";
import { createTestDatabase, type TestDatabase } from "./support/databases.ts";
import { seedScaleOrganization } from "./support/scale-organization.ts";

/**
 * The applications list is the product's busiest read. Its page statement is prepared once per
 * pooled connection, and PostgreSQL should then reuse one generic plan. With the page size
 * passed as a parameter (`limit $n`) it never did: the generic plan was costed for a tenth of
 * the matching rows, so every request was planned anew, which cost more than executing it.
 * Plans are per connection, so the list runs over a pool of one.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("the applications page statement on PostgreSQL", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    pool = new pg.Pool({ connectionString: database.testUrl ?? "", max: 1 });
    db = drizzle(pool, { schema: tables }) as unknown as Db;
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("is planned a few times and then served from its cached generic plan", async () => {
    const { organization, roleIds } = await seedScaleOrganization(database, { applications: 8000, roles: 4 });
    const filter = { roleId: roleIds[0] as string, status: "active" as const, limit: 25 };
    const requests = 12;
    let firstPage: string[] = [];
    for (let request = 0; request < requests; request++) {
      const page = await listApplications(db, organization.id, filter);
      expect(page.items).toHaveLength(25);
      if (request === 0) firstPage = page.items.map((item) => item.id);
      else expect(page.items.map((item) => item.id)).toEqual(firstPage);
    }
    const { rows } = await pool.query<{ generic_plans: string; custom_plans: string }>(
      `select generic_plans, custom_plans from pg_prepared_statements
        where name like 'evident_%' and statement like '%from "applications"%order by%'`,
    );
    expect(rows).toHaveLength(1);
    const [statement] = rows;
    // PostgreSQL tries five custom plans before it compares them with the generic one.
    expect(Number(statement?.custom_plans)).toBeLessThanOrEqual(5);
    expect(Number(statement?.generic_plans)).toBeGreaterThanOrEqual(requests - 5);
  }, 60_000);
});
