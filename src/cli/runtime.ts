import { type Clock, systemClock } from "../platform/clock.ts";
import type { Config } from "../platform/config.ts";
import { type Database, openDatabase } from "../platform/db/client.ts";
import { acquireDataDirLock, type DataDirLock } from "../platform/db/data-dir-lock.ts";
import { migrateDatabase } from "../platform/db/migrate.ts";

export interface Runtime {
  config: Config;
  database: Database;
  clock: Clock;
  /** Records where the running process serves, for the CLI and for "already running" messages. */
  advertise(details: Partial<DataDirLock>): void;
  close(): Promise<void>;
}

/**
 * Opens the configured database and applies migrations. The embedded database is locked to
 * this process first, so a second process is refused before it can touch the files.
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const lock =
    config.database.engine === "pglite"
      ? acquireDataDirLock(config.dataDir, { url: null, controlSocket: null })
      : null;
  try {
    const database = await openDatabase(config.database);
    await migrateDatabase(database);
    return {
      config,
      database,
      clock: systemClock,
      advertise: (details) => lock?.update(details),
      close: async () => {
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
