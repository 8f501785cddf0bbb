import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedStatements } from "../src/platform/db/client.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "./support/databases.ts";

describe.each(testEngines)("prepared statements built once per shape, on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrate: false });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("builds a shape's text once and binds each call's values by name", async () => {
    const built: string[] = [];
    const numbers = preparedStatements<{ doubled: boolean }, { n: number; label: string }>(
      (shape) => (shape.doubled ? "doubled" : "plain"),
      (shape) => {
        built.push(shape.doubled ? "doubled" : "plain");
        const n = shape.doubled ? sql`${sql.placeholder("n")}::int * 2` : sql`${sql.placeholder("n")}::int`;
        // One placeholder may stand in several places.
        return sql`select ${n} as n, ${sql.placeholder("label")}::text || '-' || ${sql.placeholder("label")}::text as label`;
      },
    );
    expect(await numbers(database.db, { doubled: false }, { n: 3, label: "a" })).toEqual([
      { n: 3, label: "a-a" },
    ]);
    expect(await numbers(database.db, { doubled: false }, { n: 4, label: "b" })).toEqual([
      { n: 4, label: "b-b" },
    ]);
    expect(await numbers(database.db, { doubled: true }, { n: 4, label: "c" })).toEqual([
      { n: 8, label: "c-c" },
    ]);
    expect(await numbers(database.db, { doubled: true }, { n: 5, label: "d" })).toEqual([
      { n: 10, label: "d-d" },
    ]);
    expect(built).toEqual(["plain", "doubled"]);
  });

  it("refuses a call that leaves a placeholder without a value, before anything runs", async () => {
    const one = preparedStatements<null, { n: number }>(
      () => "",
      () => sql`select ${sql.placeholder("n")}::int as n`,
    );
    await expect(one(database.db, null, {})).rejects.toThrow(/placeholder "n"/);
  });
});
