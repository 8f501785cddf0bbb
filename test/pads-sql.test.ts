import { describe, expect, it } from "vitest";
import { formatRows, SQL_ROWS_SHOWN, splitSqlStatements } from "../src/modules/pads/pad-sql-run.ts";

describe("SQL in pads: statements and tables", () => {
  it("splits at top-level semicolons only, with each statement's starting line", () => {
    const script = [
      "-- a comment; not a statement",
      "select 'a;b' as text;",
      "",
      "create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql;",
      '/* block; comment */ select "odd;name" from t;',
      "select 1",
    ].join("\n");
    expect(splitSqlStatements(script)).toEqual([
      { sql: "-- a comment; not a statement\nselect 'a;b' as text", line: 1 },
      {
        sql: "create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql",
        line: 4,
      },
      { sql: '/* block; comment */ select "odd;name" from t', line: 5 },
      { sql: "select 1", line: 6 },
    ]);
    expect(splitSqlStatements("-- only a comment\n;  ;")).toEqual([]);
    expect(splitSqlStatements("select 'it''s; fine'")).toEqual([{ sql: "select 'it''s; fine'", line: 1 }]);
  });

  it("prints rows as a text table, NULL as such, and counts what it leaves out", () => {
    expect(
      formatRows(
        [{ name: "id" }, { name: "name" }],
        [
          ["1", "Ada"],
          ["22", null],
        ],
      ),
    ).toBe(["id | name", "---+-----", "1  | Ada", "22 | NULL", "(2 rows)"].join("\n"));
    const many = Array.from({ length: SQL_ROWS_SHOWN + 5 }, (_, index) => [String(index)]);
    const table = formatRows([{ name: "n" }], many);
    expect(table.split("\n")).toHaveLength(SQL_ROWS_SHOWN + 3);
    expect(table.endsWith(`(${SQL_ROWS_SHOWN + 5} rows, ${SQL_ROWS_SHOWN} shown)`)).toBe(true);
  });
});
