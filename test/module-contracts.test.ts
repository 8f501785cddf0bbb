import { getTableName, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  candidateDataHoldings,
  declaredTables,
  moduleContracts,
  moduleJobs,
} from "../src/modules/contracts.ts";
import { type Db, queryRows } from "../src/platform/db/client.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "./support/databases.ts";

/** Column types that can carry what a person wrote or what describes them. */
const TEXT_TYPES = ["text", "varchar", "bpchar", "citext", "json", "jsonb", "bytea"];

/** Tables of the migrated database with a column that can hold text, and those columns. */
async function tablesWithTextColumns(db: Db): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`select c.table_name, c.column_name
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        left join pg_type ty on ty.typname = c.udt_name
        left join pg_type element on element.oid = ty.typelem
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
          and (c.udt_name in ${sql.raw(`(${TEXT_TYPES.map((type) => `'${type}'`).join(", ")})`)}
               or element.typname in ${sql.raw(`(${TEXT_TYPES.map((type) => `'${type}'`).join(", ")})`)})
        order by c.table_name, c.column_name`,
  );
  const tables = new Map<string, string[]>();
  for (const row of rows)
    tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  return tables;
}

/** Tables with a text column that no module contract accounts for. */
async function undeclaredTables(db: Db): Promise<string[]> {
  const declared = declaredTables();
  const tables = await tablesWithTextColumns(db);
  return [...tables.keys()].filter((table) => !declared.has(table));
}

describe.each(testEngines)("module contracts (%s)", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  }, 120_000);
  afterAll(() => database?.drop());

  it("account for every table with a text column: personal data, or free of it with a reason", async () => {
    const tables = await tablesWithTextColumns(database.db);
    // The scan must see the tables we know hold people's data, or it proves nothing.
    expect([...tables.keys()]).toEqual(expect.arrayContaining(["candidates", "outbound_emails", "users"]));
    expect(tables.get("candidates")).toEqual(expect.arrayContaining(["links", "full_name"]));
    expect(await undeclaredTables(database.db)).toEqual([]);
  });

  it("fail for a new table with a text column that no contract mentions", async () => {
    await database.db.execute(sql`create table interview_notes_draft (id uuid primary key, body text)`);
    try {
      expect(await undeclaredTables(database.db)).toEqual(["interview_notes_draft"]);
    } finally {
      await database.db.execute(sql`drop table interview_notes_draft`);
    }
  });

  it("name only tables and columns that exist", async () => {
    const tables = await tablesWithTextColumns(database.db);
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      database.db,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    const existing = new Set(columns.map((row) => `${row.table_name}.${row.column_name}`));
    for (const contract of moduleContracts) {
      for (const holding of contract.personalData) {
        const table = getTableName(holding.table);
        expect(tables.has(table), `${contract.name}: ${table}`).toBe(true);
        expect(holding.columns.length, `${contract.name}: ${table} names its columns`).toBeGreaterThan(0);
        for (const column of holding.columns) {
          expect(existing.has(`${table}.${column.name}`), `${contract.name}: ${table}.${column.name}`).toBe(
            true,
          );
        }
      }
    }
  });
});

describe("module contracts", () => {
  it("declare each table once, and give a reason for each table free of personal data", () => {
    for (const [table, declarations] of declaredTables()) {
      expect(
        declarations,
        `${table} is declared by ${declarations.map((each) => each.module).join(", ")}`,
      ).toHaveLength(1);
    }
    for (const contract of moduleContracts) {
      for (const free of contract.freeOfPersonalData) expect(free.reason.length).toBeGreaterThan(20);
    }
  });

  it("say how each candidate holding is exported (or why not) and erased", () => {
    expect(candidateDataHoldings.length).toBeGreaterThanOrEqual(12);
    for (const holding of candidateDataHoldings) {
      expect(holding.erasure.length, getTableName(holding.table)).toBeGreaterThan(5);
      if (typeof holding.export !== "function") expect(holding.export.notExported.length).toBeGreaterThan(20);
    }
  });

  it("give the worker every module's jobs, each queue once", () => {
    const queues = moduleJobs.map((job) => job.definition.queue);
    expect(new Set(queues).size).toBe(queues.length);
    expect(queues).toEqual(
      expect.arrayContaining([
        "grade-submission",
        "validate-challenge-package",
        "regrade-infrastructure-failures",
        "auth.cleanup-expired-sessions",
        "mail.send-scheduled-emails",
        "privacy.candidate-retention",
        "outcomes.process-webhook",
        "outcomes.github-backfill",
        "outcomes.schedule-uptime-probes",
        "outcomes.run-uptime-probe",
        "analytics.post-hire-review-reminders",
        "work-queue.scorecard-nudges",
      ]),
    );
    expect(
      moduleJobs
        .filter((job) => job.schedule)
        .map((job) => job.definition.queue)
        .sort(),
    ).toEqual([
      "analytics.post-hire-review-reminders",
      "auth.cleanup-expired-sessions",
      "mail.send-scheduled-emails",
      "outcomes.schedule-uptime-probes",
      "privacy.candidate-retention",
      "regrade-infrastructure-failures",
      "team-practices.update-digests",
      "team-practices.update-prompts",
      "work-queue.scorecard-nudges",
    ]);
  });
});
