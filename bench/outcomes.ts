/**
 * The outcomes engine at scale (issue 14, "Performance").
 *
 * Ingestion: N delivery events (1,000,000 by default; BENCH_OUTCOMES_EVENTS) posted to
 * `POST /api/v1/outcomes/events` in batches of 1000 by 8 concurrent clients (BENCH_OUTCOMES_CLIENTS), on PostgreSQL,
 * against a bare `COPY … FROM STDIN` of the very rows the API stored into tables of the same
 * columns (no index, no constraint), measured in the same run on the same database.
 *
 * DORA: `GET /api/v1/outcomes/dora` for one service and for one team over a year, against the
 * single hand-written SQL query modelled on DevLake's dashboard (src/modules/outcomes/dora/devlake-sql.ts)
 * over DevLake-shaped tables loaded with the same events (its enrichment, which DevLake runs in
 * its pipeline before any dashboard query, is done beforehand and not timed). Both answers must
 * be equal, or the baseline computes something else. Medians of 5 runs after one warm-up. The
 * ratio is taken on getDoraMetrics called in the process (the store read and the engine), as the
 * SQL query is; the HTTP route's time (token check, routing, JSON) is shown beside it.
 *
 * PGlite: BENCH_OUTCOMES_PGLITE_EVENTS (100,000 by default) through the same API, timed.
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import {
  clearDevlakeTables,
  createDevlakeTables,
  loadDevlakeTables,
  queryDevlakeDora,
  refreshDevlakeMetrics,
} from "../src/modules/outcomes/dora/devlake-sql.ts";
import type { OutcomeEventInput } from "../src/modules/outcomes/dora/events.ts";
import { loadOutcomeEvents } from "../src/modules/outcomes/events-store.ts";
import { getDoraMetrics } from "../src/modules/outcomes/metrics.ts";
import { systemClock } from "../src/platform/clock.ts";
import type { Engine } from "../src/platform/db/client.ts";
import { queryRows } from "../src/platform/db/client.ts";
import { seedOrganization, startTestServer, type TestServer } from "../test/support/server.ts";
import { formatRatio, formatTable, ratio, roundSignificant } from "./format.ts";
import type { Progress } from "./progress.ts";

export const OUTCOMES_SETTINGS = {
  /** BENCH_OUTCOMES_SERVICES: fewer services with fewer events give the default run's DORA sizes in a shorter run. */
  services: Number(process.env.BENCH_OUTCOMES_SERVICES ?? 50),
  servicesPerTeam: 5,
  batchSize: 1000,
  concurrency: Number(process.env.BENCH_OUTCOMES_CLIENTS ?? 8),
  doraRuns: 5,
  year: { from: "2025-01-01", to: "2025-12-31" },
};

export interface IngestionMeasurement {
  engine: Engine;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface CopyMeasurement {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface OutcomesReport {
  settings: typeof OUTCOMES_SETTINGS & { events: number; pgliteEvents: number };
  postgresql: {
    ingestion: IngestionMeasurement;
    copy: CopyMeasurement;
    /** ingestion events/s ÷ COPY rows/s; the target is ≥ 0.2. */
    ingestionToCopyRatio: number | null;
    dora: {
      scope: "service" | "team";
      events: number;
      /** GET /api/v1/outcomes/dora over HTTP: token check, routing, serialisation included. */
      apiMs: number;
      /** getDoraMetrics in the process: the store read and the engine, as the SQL is timed. */
      engineMs: number;
      sqlMs: number;
      /** engine ÷ SQL; the target is ≤ 1.5. */
      ratio: number | null;
      /** HTTP API ÷ SQL. */
      apiRatio: number | null;
    }[];
  } | null;
  pglite: IngestionMeasurement & { doraServiceMs: number };
}

/**
 * The events of the run, deterministic: 50 services over a year; each step of a service is a
 * merged change and the successful production deployment shipping it, and every tenth step an
 * incident after that deployment, resolved an hour later.
 */
export function generateBenchEvents(total: number): OutcomeEventInput[] {
  const { services } = OUTCOMES_SETTINGS;
  const perStep = 2.1;
  const steps = Math.ceil(total / perStep / services);
  const yearStart = Date.parse(`${OUTCOMES_SETTINGS.year.from}T00:00:00Z`);
  const spacing = Math.floor((365 * 86_400_000) / steps);
  const iso = (ms: number) => new Date(ms).toISOString();
  const events: OutcomeEventInput[] = [];
  for (let step = 0; step < steps && events.length < total; step += 1) {
    for (let index = 0; index < services && events.length < total; index += 1) {
      const service = `service-${String(index).padStart(2, "0")}`;
      const deployedMs = yearStart + step * spacing + index * 1000;
      const mergedMs = deployedMs - (20 + ((step * 7 + index) % 300)) * 60_000;
      events.push({
        type: "change",
        service,
        externalId: `pr-${step}`,
        author: `dev-${step % 9}`,
        firstCommitAt: iso(mergedMs - 5 * 3_600_000),
        openedAt: iso(mergedMs - 3 * 3_600_000),
        firstReviewAt: iso(mergedMs - 3_600_000),
        mergedAt: iso(mergedMs),
      });
      if (events.length >= total) break;
      events.push({
        type: "deployment",
        service,
        externalId: `deploy-${step}`,
        environment: "production",
        result: "success",
        startedAt: iso(deployedMs - 600_000),
        finishedAt: iso(deployedMs),
        changes: [`pr-${step}`],
      });
      if (step % 10 === 0 && events.length < total) {
        events.push({
          type: "incident",
          service,
          externalId: `incident-${step}`,
          createdAt: iso(deployedMs + 300_000),
          resolvedAt: iso(deployedMs + 3_900_000),
        });
      }
    }
  }
  return events;
}

async function ingestThroughApi(
  progress: Progress,
  server: TestServer,
  token: string,
  events: OutcomeEventInput[],
  label: string,
): Promise<IngestionMeasurement> {
  const { batchSize, concurrency } = OUTCOMES_SETTINGS;
  const batches: OutcomeEventInput[][] = [];
  for (let start = 0; start < events.length; start += batchSize)
    batches.push(events.slice(start, start + batchSize));
  // The request bodies are built before the clock starts: the client's JSON work is not the server's.
  const bodies = batches.map((batch) => JSON.stringify({ events: batch }));
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] ?? "";
      const response = await fetch(`${server.url}/api/v1/outcomes/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
      const answer = await response.text();
      if (response.status !== 200)
        throw new Error(`POST /api/v1/outcomes/events answered ${response.status}: ${answer}`);
      done += 1;
      if (done % 20 === 0) progress.detail(`${done}/${bodies.length} batches`);
    }
  };
  progress.phase(
    `[outcomes] ${label}: ingesting ${events.length.toLocaleString("en")} events through the API…`,
  );
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    engine: server.database.engine,
    events: events.length,
    seconds,
    eventsPerSecond: events.length / seconds,
  };
}

/**
 * `COPY … FROM STDIN` through pg's own protocol hooks (what pg-copy-streams does, in a few
 * lines): the client sends the CSV in 1 MiB chunks once the server asks for it.
 */
function copyFromCsv(client: pg.Client, statement: string, csv: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: unknown = null;
    const submittable = {
      submit(connection: { query(text: string): void }) {
        connection.query(statement);
      },
      handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }) {
        const buffer = Buffer.from(csv);
        for (let start = 0; start < buffer.length; start += 1 << 20) {
          connection.sendCopyFromChunk(buffer.subarray(start, start + (1 << 20)));
        }
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve();
      },
      handleError(error: unknown) {
        failed = error;
      },
    };
    (client as unknown as { query(submittable: object): void }).query(submittable);
  });
}

const copyColumns = {
  outcome_changes:
    "organization_id, service_id, source, external_id, author, first_commit_at, opened_at, first_review_at, merged_at",
  outcome_deployments:
    "organization_id, service_id, source, external_id, environment, result, started_at, finished_at, change_external_ids",
  outcome_incidents: "organization_id, service_id, source, external_id, created_at, resolved_at",
} as const;

/** The rows the API stored, as CSV (exported with COPY TO before the clock starts), copied into same-shaped tables. */
async function measureBareCopy(progress: Progress, url: string): Promise<CopyMeasurement> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exported: [string, string][] = [];
    for (const [table, columns] of Object.entries(copyColumns)) {
      const rows = await client.query(`select ${columns} from ${table}`);
      const csv = rows.rows
        .map((row: Record<string, unknown>) =>
          Object.values(row)
            .map((value) => {
              if (value === null) return "";
              if (value instanceof Date) return value.toISOString();
              if (Array.isArray(value)) return `"{${value.map((item) => `""${item}""`).join(",")}}"`;
              return `"${String(value).replaceAll('"', '""')}"`;
            })
            .join(","),
        )
        .join("\n");
      await client.query(`drop table if exists bench_copy_${table}`);
      await client.query(`create table bench_copy_${table} (like ${table} including defaults)`);
      exported.push([table, csv ? `${csv}\n` : ""]);
    }
    const rows = exported.reduce((sum, [, csv]) => sum + (csv.match(/\n/g)?.length ?? 0), 0);
    progress.phase(`[outcomes] bare COPY of the same ${rows.toLocaleString("en")} rows…`);
    const started = performance.now();
    for (const [table, csv] of exported) {
      await copyFromCsv(
        client,
        `copy bench_copy_${table} (${copyColumns[table as keyof typeof copyColumns]}) from stdin with (format csv)`,
        csv,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    for (const [table] of exported) await client.query(`drop table bench_copy_${table}`);
    return { rows, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await client.end();
  }
}

/**
 * The indexes a DevLake database would have for these joins (its tables are keyed and indexed by
 * id and scope); without them the enrichment and the query scan quadratically, and the baseline
 * would be slow for a reason DevLake does not have.
 */
const devlakeTables = [
  "project_mapping",
  "pull_requests",
  "pull_request_commits",
  "pull_request_comments",
  "cicd_deployment_commits",
  "deployment_changes",
  "issues",
  "board_issues",
  "project_pr_metrics",
  "project_issue_metrics",
];

const devlakeIndexes = [
  'create index if not exists project_mapping_row on devlake.project_mapping (row_id, "table")',
  "create index if not exists pr_commits_pr on devlake.pull_request_commits (pull_request_id)",
  "create index if not exists pr_comments_pr on devlake.pull_request_comments (pull_request_id)",
  "create index if not exists pull_requests_repo on devlake.pull_requests (base_repo_id)",
  "create index if not exists deployment_commits_scope on devlake.cicd_deployment_commits (cicd_scope_id, finished_date)",
  "create index if not exists deployment_changes_pr on devlake.deployment_changes (pull_request_id)",
  "create index if not exists deployment_changes_deployment on devlake.deployment_changes (deployment_commit_id)",
  "create index if not exists board_issues_issue on devlake.board_issues (issue_id)",
  "create index if not exists board_issues_board on devlake.board_issues (board_id)",
  "create index if not exists pr_metrics_deployment on devlake.project_pr_metrics (deployment_commit_id)",
  "create index if not exists issue_metrics_deployment on devlake.project_issue_metrics (deployment_id)",
];

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function measureDora(
  progress: Progress,
  server: TestServer,
  token: string,
  organizationId: string,
): Promise<NonNullable<OutcomesReport["postgresql"]>["dora"]> {
  const { db } = server.database;
  const { year, doraRuns, servicesPerTeam } = OUTCOMES_SETTINGS;
  const query = { ...year, report: 2023 as const };
  // One team of the first five services; the service is its first.
  const team = await fetch(`${server.url}/api/v1/outcomes/teams`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench team", workModel: "remote" }),
  }).then((response) => response.json() as Promise<{ id: string }>);
  const serviceRows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from services where organization_id = ${organizationId} order by name limit ${servicesPerTeam}`,
  );
  await db.execute(
    sql`update services set team_id = ${team.id} where id in (${sql.join(
      serviceRows.map((row) => sql`${row.id}`),
      sql`, `,
    )})`,
  );
  const results: NonNullable<OutcomesReport["postgresql"]>["dora"] = [];
  for (const scope of ["service", "team"] as const) {
    const members = scope === "service" ? serviceRows.slice(0, 1) : serviceRows;
    const url =
      scope === "service"
        ? `${server.url}/api/v1/outcomes/dora?service=${members[0]?.name}&from=${year.from}&to=${year.to}`
        : `${server.url}/api/v1/outcomes/dora?team=${team.id}&from=${year.from}&to=${year.to}`;
    // The stored events, read back as the API reads them, feed the DevLake tables.
    const events = await loadOutcomeEvents(
      db,
      organizationId,
      members.map((row) => row.id),
    );
    progress.phase(
      `[outcomes] DORA for one ${scope} (${events.length.toLocaleString("en")} events): loading DevLake tables…`,
    );
    await createDevlakeTables(db);
    for (const statement of devlakeIndexes) await db.execute(sql.raw(statement));
    await clearDevlakeTables(db);
    await loadDevlakeTables(db, events);
    // Fresh tables have no statistics: without them the planner runs the enrichment quadratically.
    await db.execute(sql.raw(`analyze ${devlakeTables.map((table) => `devlake.${table}`).join(", ")}`));
    await refreshDevlakeMetrics(db);
    await db.execute(sql.raw(`analyze ${devlakeTables.map((table) => `devlake.${table}`).join(", ")}`));
    const projects = members.map((row) => row.name);
    const viaApi = async () => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      return response.json();
    };
    const [apiAnswer, sqlAnswer] = [await viaApi(), await queryDevlakeDora(db, projects, query)];
    if (JSON.stringify(apiAnswer) !== JSON.stringify(sqlAnswer)) {
      throw new Error(
        `The DevLake SQL answers differently from the API for the ${scope}:\n${JSON.stringify(apiAnswer)}\n${JSON.stringify(sqlAnswer)}`,
      );
    }
    progress.phase(`[outcomes] DORA for one ${scope}: timing the API and the SQL query…`);
    const apiMs = await median(doraRuns, viaApi);
    const scopeQuery = scope === "service" ? { service: members[0]?.name } : { team: team.id };
    const engineMs = await median(doraRuns, () =>
      getDoraMetrics({ db, clock: systemClock }, organizationId, scopeQuery, query),
    );
    const sqlMs = await median(doraRuns, () => queryDevlakeDora(db, projects, query));
    results.push({
      scope,
      events: events.length,
      apiMs,
      engineMs,
      sqlMs,
      ratio: ratio(engineMs, sqlMs),
      apiRatio: ratio(apiMs, sqlMs),
    });
  }
  return results;
}

export async function runOutcomesBenchmark(
  progress: Progress,
  env: NodeJS.ProcessEnv,
): Promise<OutcomesReport> {
  const total = Number(env.BENCH_OUTCOMES_EVENTS ?? 1_000_000);
  const pgliteTotal = Number(env.BENCH_OUTCOMES_PGLITE_EVENTS ?? 100_000);
  if (env.BENCH_DATABASE_URL) env.TEST_DATABASE_URL = env.BENCH_DATABASE_URL;

  let postgresql: OutcomesReport["postgresql"] = null;
  if (env.TEST_DATABASE_URL) {
    progress.phase("[outcomes] starting a PostgreSQL-backed server…");
    const server = await startTestServer("postgresql");
    try {
      const organization = await seedOrganization(server.database, "Outcomes bench");
      const token = organization.users.admin.token;
      const events = generateBenchEvents(total);
      const ingestion = await ingestThroughApi(progress, server, token, events, "postgresql");
      const copy = await measureBareCopy(progress, server.database.url ?? "");
      const dora = await measureDora(progress, server, token, organization.id);
      postgresql = {
        ingestion,
        copy,
        ingestionToCopyRatio: ratio(ingestion.eventsPerSecond, copy.rowsPerSecond),
        dora,
      };
    } finally {
      await server.close();
    }
  }

  progress.phase("[outcomes] starting a PGlite-backed server…");
  const server = await startTestServer("pglite");
  try {
    const organization = await seedOrganization(server.database, "Outcomes bench");
    const token = organization.users.admin.token;
    const ingestion = await ingestThroughApi(
      progress,
      server,
      token,
      generateBenchEvents(pgliteTotal),
      "pglite",
    );
    const url = `${server.url}/api/v1/outcomes/dora?service=service-00&from=${OUTCOMES_SETTINGS.year.from}&to=${OUTCOMES_SETTINGS.year.to}`;
    const doraServiceMs = await median(OUTCOMES_SETTINGS.doraRuns, async () => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      await response.text();
    });
    return {
      settings: { ...OUTCOMES_SETTINGS, events: total, pgliteEvents: pgliteTotal },
      postgresql,
      pglite: { ...ingestion, doraServiceMs },
    };
  } finally {
    await server.close();
  }
}

export function formatOutcomesTable(report: OutcomesReport): string {
  const round = (value: number) => String(roundSignificant(value, 4));
  const lines: string[] = [];
  const pgReport = report.postgresql;
  if (pgReport) {
    lines.push(
      `Outcomes ingestion on PostgreSQL (${report.settings.events.toLocaleString("en")} events, batches of ${report.settings.batchSize}, ${report.settings.concurrency} clients)`,
      formatTable(
        ["", "rows", "seconds", "rows/s"],
        [
          [
            "POST /api/v1/outcomes/events",
            String(pgReport.ingestion.events),
            round(pgReport.ingestion.seconds),
            round(pgReport.ingestion.eventsPerSecond),
          ],
          [
            "bare COPY, same rows",
            String(pgReport.copy.rows),
            round(pgReport.copy.seconds),
            round(pgReport.copy.rowsPerSecond),
          ],
        ],
      ),
      `ingestion ÷ COPY: ${formatRatio(pgReport.ingestionToCopyRatio)} (target ≥ 0.2×)`,
      "",
      `DORA over ${report.settings.year.from}…${report.settings.year.to} (median of ${report.settings.doraRuns})`,
      formatTable(
        ["", "events", "engine ms", "HTTP API ms", "DevLake SQL ms", "engine ÷ SQL", "HTTP ÷ SQL"],
        pgReport.dora.map((row) => [
          `one ${row.scope}`,
          String(row.events),
          round(row.engineMs),
          round(row.apiMs),
          round(row.sqlMs),
          formatRatio(row.ratio),
          formatRatio(row.apiRatio),
        ]),
      ),
      "engine = getDoraMetrics (store read + computeDoraMetrics) in the process, as the SQL query is run; target ≤ 1.5×",
      "",
    );
  } else {
    lines.push(
      "Outcomes on PostgreSQL: skipped; set BENCH_DATABASE_URL to a PostgreSQL server to run it.",
      "",
    );
  }
  lines.push(
    `Outcomes on PGlite: ${report.pglite.events.toLocaleString("en")} events ingested through the API in ${round(report.pglite.seconds)} s (${round(report.pglite.eventsPerSecond)} events/s); DORA for one service: ${round(report.pglite.doraServiceMs)} ms`,
  );
  return lines.join("\n");
}
