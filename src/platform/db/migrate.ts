import { fileURLToPath } from "node:url";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { Database } from "./client.ts";

export const migrationsFolder = fileURLToPath(new URL("../../../migrations", import.meta.url));

/** An arbitrary constant: every Evident instance takes this advisory lock while it migrates. */
const MIGRATION_LOCK_KEY = 7_402_119_301;

/**
 * Applies the committed SQL migrations (forward-only). On PostgreSQL several instances may start
 * at once, so they queue on an advisory lock and the later ones find nothing left to do.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.engine === "pglite") {
    // biome-ignore lint/suspicious/noExplicitAny: drizzle's migrators are typed per driver.
    await migratePglite(database.db as any, { migrationsFolder });
    return;
  }
  const lockClient = new pg.Client({ connectionString: database.url ?? undefined });
  await lockClient.connect();
  try {
    await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    // biome-ignore lint/suspicious/noExplicitAny: drizzle's migrators are typed per driver.
    await migratePostgres(database.db as any, { migrationsFolder });
  } finally {
    await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await lockClient.end();
  }
}
