import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { type Query, type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { DatabaseTarget } from "../config.ts";
import * as tables from "./tables.ts";

export type Tables = typeof tables;
/** Drizzle over either engine; repositories take this (or a transaction, which is one too). */
export type Db = PgDatabase<PgQueryResultHKT, Tables>;
export type Engine = DatabaseTarget["engine"];

export interface Database {
  engine: Engine;
  db: Db;
  /** The embedded instance, when the engine is PGlite (pg-boss runs over it). */
  pglite: PGlite | null;
  /** The connection string, when the engine is PostgreSQL (pg-boss opens its own pool). */
  url: string | null;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(
  target: DatabaseTarget | { engine: "pglite"; dataDir: "memory://" },
): Promise<Database> {
  if (target.engine === "pglite") {
    const pglite = await PGlite.create(target.dataDir);
    const db = drizzlePglite(pglite, { schema: tables }) as unknown as Db;
    return {
      engine: "pglite",
      db,
      pglite,
      url: null,
      ping: async () => {
        await pglite.query("select 1");
      },
      close: async () => {
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = drizzlePostgres(pool, { schema: tables }) as unknown as Db;
  await db.execute(sql`select 1`);
  let closed = false;
  return {
    engine: "postgresql",
    db,
    pglite: null,
    url: target.url,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

const dialect = new PgDialect();
const statementNames = new Map<string, string>();

/** Values bound by name to a statement's `sql.placeholder(name)`s. */
export type StatementValues = Record<string, unknown>;

/**
 * Runs raw SQL and returns its rows (both drivers answer `{ rows }`), as a named prepared
 * statement: each pooled PostgreSQL connection then parses and plans the statement once instead
 * of on every call. These are the product's hottest reads (the token lookup, list pages), where
 * planning cost PostgreSQL more than executing (bench/README.md). The name is derived from the
 * text, because a connection refuses one name prepared with two texts; the texts are bounded
 * (values are always parameters, or bounded literals such as a page size), so the
 * per-connection caches stay small. `values` fills the statement's `sql.placeholder`s, if any.
 */
export async function queryRows<Row>(db: Db, query: SQL, values: StatementValues = {}): Promise<Row[]> {
  return runBuiltStatement<Row>(db, dialect.sqlToQuery(query), values);
}

/**
 * queryRows for a hot statement whose text drizzle builds once per shape instead of on every
 * call. `build` writes the statement for a shape with `sql.placeholder(name)` in place of every
 * value, so the text depends on the shape alone (`key` names the shape); each call binds its
 * values by name. Building the text walks every chunk of the template, column by column: on the
 * applications list it was 17.6 % of the server's main thread (bench/README.md).
 */
export function preparedStatements<Shape, Row>(
  key: (shape: Shape) => string,
  build: (shape: Shape) => SQL,
): (db: Db, shape: Shape, values: StatementValues) => Promise<Row[]> {
  const builtByShape = new Map<string, Query>();
  return (db, shape, values) => {
    const shapeKey = key(shape);
    let built = builtByShape.get(shapeKey);
    if (built === undefined) {
      built = dialect.sqlToQuery(build(shape));
      builtByShape.set(shapeKey, built);
    }
    return runBuiltStatement<Row>(db, built, values);
  };
}

/** preparedStatements for a statement of one shape. */
export function preparedStatement<Row>(
  build: () => SQL,
): (db: Db, values: StatementValues) => Promise<Row[]> {
  const run = preparedStatements<null, Row>(() => "", build);
  return (db, values) => run(db, null, values);
}

async function runBuiltStatement<Row>(db: Db, built: Query, values: StatementValues): Promise<Row[]> {
  let name = statementNames.get(built.sql);
  if (name === undefined) {
    name = `evident_${createHash("sha256").update(built.sql).digest("hex").slice(0, 24)}`;
    statementNames.set(built.sql, name);
  }
  const result = (await db._.session.prepareQuery(built, undefined, name, false).execute(values)) as {
    rows: Row[];
  };
  return result.rows;
}
