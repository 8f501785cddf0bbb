import pg from "pg";
import { type Database, type Engine, openDatabase } from "../../src/platform/db/client.ts";
import { migrateDatabase } from "../../src/platform/db/migrate.ts";
import { newId } from "../../src/platform/ids.ts";

/**
 * Every database test runs on the embedded PGlite and, when TEST_DATABASE_URL points at a
 * PostgreSQL server (CI sets it), on PostgreSQL too. Each test file gets fresh databases.
 */
export const testEngines: Engine[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];

export interface TestDatabase extends Database {
  /** The connection string of the fresh PostgreSQL database (null on PGlite). */
  testUrl: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(
  engine: Engine,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  let database: Database;
  let dropDatabase = async () => {};
  let testUrl: string | null = null;
  if (engine === "pglite") {
    database = await openDatabase({ engine: "pglite", dataDir: "memory://" });
  } else {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
    const name = `evident_test_${newId().replaceAll("-", "").slice(0, 16)}`;
    await withAdminClient(adminUrl, (client) => client.query(`create database ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    testUrl = url.toString();
    database = await openDatabase({ engine: "postgresql", url: testUrl });
    dropDatabase = () =>
      withAdminClient(adminUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      ).then(() => {});
  }
  if (options.migrate ?? true) await migrateDatabase(database);
  return {
    ...database,
    testUrl,
    drop: async () => {
      await database.close();
      await dropDatabase();
    },
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
