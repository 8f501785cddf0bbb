import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gradeLoaded } from "../src/modules/grading-engine/engine.ts";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import type { LoadedChallenge } from "../src/modules/grading-engine/manifest.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import { planIndexNamesOn } from "../src/modules/grading-engine/sql/plan-checks.ts";
import { compareRows, normalizeDecimal } from "../src/modules/grading-engine/sql/row-checks.ts";
import { loadSqlTests } from "../src/modules/grading-engine/sql/test-files.ts";

const dir = path.join(builtInChallengesDir, "orders-schema");
const raw = JSON.parse(readFileSync(path.join(dir, "challenge.json"), "utf8")) as {
  id: string;
  kind: string;
  limits: { wallMs?: number };
  wrong: Record<string, { description: string; mustFail: string[] }>;
};
const challenge = loadChallenge(dir);
/** Grades through the engine, as the worker and the CLI do. */
const gradeSql = (loaded: LoadedChallenge, files: Record<string, string>) =>
  gradeLoaded(loaded, "sql", files);

function solution(folder: string): Record<string, string> {
  const base = path.join(dir, folder, "sql");
  return {
    "schema.sql": readFileSync(path.join(base, "schema.sql"), "utf8"),
    "queries.sql": readFileSync(path.join(base, "queries.sql"), "utf8"),
  };
}

const slow = { timeout: 120_000 };

describe("orders-schema package", () => {
  it("has well-formed tests covering visible and hidden rules, and wrong solutions naming real tests", () => {
    const tests = loadSqlTests(dir);
    const names = new Set(tests.map((test) => test.name));
    expect(tests.some((test) => test.visibility === "visible")).toBe(true);
    expect(tests.some((test) => test.visibility === "hidden")).toBe(true);
    expect(Object.keys(raw.wrong).length).toBeGreaterThanOrEqual(2);
    for (const wrong of Object.values(raw.wrong))
      for (const name of wrong.mustFail) expect(names).toContain(name);
  });

  it("the reference scores full marks", slow, async () => {
    const report = await gradeSql(challenge, solution("reference"));
    expect(report.tests.filter((test) => !test.passed)).toEqual([]);
    expect(report.verdict).toBe("passed");
    expect(report.score).toBe(report.maxScore);
    expect(report.language).toBe("sql");
  });

  for (const [name, wrong] of Object.entries(raw.wrong)) {
    it(`wrong/${name} fails ${wrong.mustFail.join(", ")}`, slow, async () => {
      const report = await gradeSql(challenge, solution(`wrong/${name}`));
      expect(report.verdict).toBe("failed");
      expect(report.score).toBeLessThan(report.maxScore);
      for (const testName of wrong.mustFail) {
        const test = report.tests.find((t) => t.name === testName);
        expect(test?.passed, testName).toBe(false);
      }
    });
  }

  it("the starter grades without crashing and fails", slow, async () => {
    const report = await gradeSql(challenge, solution("starter"));
    expect(report.verdict).toBe("failed");
    expect(report.score).toBeLessThan(report.maxScore);
  });
});

describe("sql grading failure modes", () => {
  it("reports a syntax error in schema.sql as verdict error with the message and line", slow, async () => {
    const files = solution("reference");
    files["schema.sql"] = `-- broken\ncreate tabel customers (id bigint);\n`;
    const report = await gradeSql(challenge, files);
    expect(report.verdict).toBe("error");
    expect(report.score).toBe(0);
    expect(report.tests.every((test) => !test.passed)).toBe(true);
    expect(report.tests[0]?.message).toMatch(/^schema\.sql:2: syntax error at or near "tabel"/);
    expect(report.tests[0]?.message).not.toMatch(/\/tmp\/|\/work\//);
  });

  it("stops an endless view with verdict time_limit", slow, async () => {
    const files = solution("reference");
    files["queries.sql"] = `create view monthly_revenue as
      with recursive r(n) as (select 1 union all select n + 1 from r)
      select date '2026-01-01' as month, count(*)::bigint as revenue_cents from r;`;
    const started = performance.now();
    const report = await gradeSql(challenge, files);
    expect(report.verdict).toBe("time_limit");
    const timed = report.tests.find((test) => /time limit/.test(test.message));
    expect(timed?.name).toBe("monthly_revenue sums paid and shipped orders");
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it("stops an endless schema.sql with verdict time_limit", slow, async () => {
    const files = solution("reference");
    files["schema.sql"] = `${files["schema.sql"]}\nselect pg_sleep(30);\n`;
    const report = await gradeSql(challenge, files);
    expect(report.verdict).toBe("time_limit");
    expect(report.tests[0]?.message).toMatch(/schema\.sql exceeded the time limit/);
  });

  it("stops a memory bomb in schema.sql with verdict memory_limit, in its own process", slow, async () => {
    const files = solution("reference");
    // Left alone this grows the database to about 1.45 GB before PostgreSQL's own "out of memory";
    // in a worker thread of the grader, that memory was the grading process's.
    files["schema.sql"] =
      `${files["schema.sql"]}\nselect length(string_agg(repeat('x', 1000000), '')) from generate_series(1, 900);\n`;
    const graderRssBefore = process.memoryUsage.rss();
    const report = await gradeSql(challenge, files);
    expect(report.verdict).toBe("memory_limit");
    expect(report.tests[0]?.message).toMatch(/schema\.sql: The database used more than 256 MB of memory/);
    // The bomb's memory was the database process's, not the grader's.
    expect(process.memoryUsage.rss() - graderRssBefore).toBeLessThan(256 * 1024 * 1024);
  });

  it("reports the database process's own peak memory and CPU time", slow, async () => {
    const report = await gradeSql(challenge, solution("reference"));
    expect(report.resources.maxRssKb).toBeGreaterThan(0);
    expect(report.resources.cpuMs).toBeGreaterThanOrEqual(0);
  });

  it("requires schema.sql and queries.sql", async () => {
    await expect(gradeSql(challenge, { "schema.sql": "" })).rejects.toThrow(/queries\.sql/);
  });
});

describe("typed row comparison", () => {
  const numeric = { name: "v", dataTypeID: 1700 };
  const integer = { name: "v", dataTypeID: 23 };
  const bigint = { name: "v", dataTypeID: 20 };
  const text = { name: "v", dataTypeID: 25 };
  const step = (columns?: Record<string, "integer" | "numeric" | "number" | "bigint">) => ({
    columns,
    expectRows: [{ v: 9 }],
    ordered: true,
  });

  it("numeric 9.0 equals 9 when the test declares a number or numeric, and not when it declares integer", () => {
    expect(compareRows(step(), [numeric], [["9.0"]])).toBeUndefined();
    expect(compareRows(step({ v: "number" }), [numeric], [["9.0"]])).toBeUndefined();
    expect(compareRows(step({ v: "numeric" }), [numeric], [["9.0"]])).toBeUndefined();
    expect(compareRows(step({ v: "integer" }), [numeric], [["9.0"]])).toMatch(
      /type numeric, expected integer/,
    );
    expect(compareRows(step({ v: "integer" }), [integer], [["9"]])).toBeUndefined();
    expect(compareRows(step({ v: "numeric" }), [integer], [["9"]])).toMatch(/type integer, expected numeric/);
  });

  it("a number never equals text, and 9.5 never equals 9", () => {
    expect(compareRows(step(), [text], [["9"]])).toMatch(/row 1/);
    expect(compareRows(step(), [numeric], [["9.5"]])).toMatch(/row 1/);
  });

  it("bigints compare exactly, beyond 2^53 as decimal strings", () => {
    expect(
      compareRows({ expectRows: [{ v: 10_000_000_000 }], ordered: true }, [bigint], [["10000000000"]]),
    ).toBe(undefined);
    const big = { expectRows: [{ v: "9007199254740993" }], ordered: true };
    expect(compareRows(big, [bigint], [["9007199254740993"]])).toBeUndefined();
    expect(compareRows(big, [bigint], [["9007199254740992"]])).toMatch(/row 1/);
  });

  it("normalizes decimals", () => {
    expect(normalizeDecimal("-009.500")).toBe("-9.5");
    expect(normalizeDecimal("-0.000")).toBe("0");
    expect(normalizeDecimal("12")).toBe("12");
    expect(normalizeDecimal("abc")).toBeUndefined();
  });
});

describe("plan index names", () => {
  const plan = [
    {
      Plan: {
        "Node Type": "Nested Loop",
        Plans: [
          {
            "Node Type": "Bitmap Heap Scan",
            "Relation Name": "orders",
            Plans: [
              {
                "Node Type": "BitmapAnd",
                Plans: [
                  { "Node Type": "Bitmap Index Scan", "Index Name": "orders_customer_idx" },
                  { "Node Type": "Bitmap Index Scan", "Index Name": "orders_status_idx" },
                ],
              },
            ],
          },
          { "Node Type": "Index Scan", "Relation Name": "items", "Index Name": "items_order_idx" },
          { "Node Type": "Seq Scan", "Relation Name": "customers" },
        ],
      },
    },
  ];

  it("names the indexes read directly and those under a bitmap heap scan, per table", () => {
    expect(planIndexNamesOn(plan, "orders").sort()).toEqual(["orders_customer_idx", "orders_status_idx"]);
    expect(planIndexNamesOn(plan, "items")).toEqual(["items_order_idx"]);
    expect(planIndexNamesOn(plan, "customers")).toEqual([]);
  });
});

describe("grader setup files and index definition checks", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "evident-sql-kind-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A throwaway sql package: tests/before.sql and tests/after.sql around the submission. */
  function makePackage(name: string, before: string): LoadedChallenge {
    const packageDir = path.join(scratch, name);
    mkdirSync(path.join(packageDir, "tests"), { recursive: true });
    writeFileSync(path.join(packageDir, "tests", "before.sql"), before);
    writeFileSync(path.join(packageDir, "tests", "after.sql"), "analyze;\n");
    const tests = [
      {
        name: "the open jobs are read through a partial index",
        visibility: "hidden",
        points: 10,
        steps: [
          {
            explain: "select id from jobs where state = 'open' order by id limit 5",
            expectIndexScanOn: "jobs",
            indexDefinition: "\\) WHERE ",
          },
        ],
      },
      {
        name: "the grader's rows are there",
        visibility: "visible",
        points: 5,
        steps: [{ query: "select count(*)::int as n from jobs", expectRows: [{ n: 20000 }] }],
      },
    ];
    writeFileSync(path.join(packageDir, "tests", "1-tests.json"), JSON.stringify({ tests }));
    const manifest = { id: name, title: name, kind: "sql", languages: ["sql"], limits: { wallMs: 20_000 } };
    writeFileSync(path.join(packageDir, "challenge.json"), JSON.stringify(manifest));
    return loadChallenge(packageDir);
  }
  const before = `create table jobs (id bigint primary key, state text not null);
insert into jobs select g, case when g % 200 = 0 then 'open' else 'done' end from generate_series(1, 20000) g;`;

  it("runs before.sql before and after.sql after the submission; a partial index passes", slow, async () => {
    const loaded = makePackage("partial-ok", before);
    const report = await gradeSql(loaded, {
      "schema.sql": "create index jobs_open_idx on jobs (id) where state = 'open';",
      "queries.sql": "",
    });
    expect(report.tests.filter((test) => !test.passed)).toEqual([]);
    expect(report.verdict).toBe("passed");
  });

  it("fails the definition check when the plan uses an index that does not match", slow, async () => {
    const loaded = makePackage("full-index", before);
    const report = await gradeSql(loaded, {
      "schema.sql": "create index jobs_state_idx on jobs (state, id);",
      "queries.sql": "",
    });
    const check = report.tests.find((test) => test.name === "the open jobs are read through a partial index");
    expect(check?.passed).toBe(false);
    expect(check?.message).toMatch(/through an index matching .* it used jobs_state_idx/);
    expect(report.tests.find((test) => test.name === "the grader's rows are there")?.passed).toBe(true);
  });

  it("reports a failing before.sql as verdict error", slow, async () => {
    const loaded = makePackage("broken-setup", "create tabel jobs (id bigint);");
    const report = await gradeSql(loaded, { "schema.sql": "", "queries.sql": "" });
    expect(report.verdict).toBe("error");
    expect(report.tests[0]?.message).toMatch(/grader's setup before your files failed: syntax error/);
  });

  it("rejects an invalid indexDefinition regex when loading tests", () => {
    const loaded = makePackage("bad-regex", before);
    const file = path.join(loaded.dir, "tests", "1-tests.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("\\\\) WHERE ", "(unclosed"));
    expect(() => loadSqlTests(loaded.dir)).toThrow(/valid regular expression/);
  });
});
