/**
 * The applications list at scale: 100,000 applications in one organisation on PostgreSQL, a
 * filtered page (one role, active, newest first) requested by 20 concurrent connections, beside
 * two baselines measured right before it in the same run: the bare Fastify hello-world, and a
 * bare Fastify route that runs the same SQL as the endpoint with `pg` directly (what the
 * database work alone costs, without Evident's hooks, validation, mapping and serialisation).
 *
 * The endpoint is measured as it runs (its token and page caches on, so after the first
 * request every one is a hit, as when a board is polled and nothing changed), and again with
 * the caches off (EVIDENT_RESPONSE_CACHE=false: every request reads the token and the page, as
 * right after a change), so both paths are on record.
 */
import { createHash } from "node:crypto";
import Fastify from "fastify";
import pg from "pg";
import { systemClock } from "../src/platform/clock.ts";
import { buildApp } from "../src/server/app.ts";
import { seedScaleOrganization } from "../test/support/scale-organization.ts";
import { startTestServer, type TestServer } from "../test/support/server.ts";
import { formatRatio, formatTable, ratio } from "./format.ts";
import {
  type HttpMeasurement,
  measureEndpoint,
  measurementCells,
  startBaselineServer,
} from "./http-throughput.ts";
import type { Progress } from "./progress.ts";

export const APPLICATIONS_SETTINGS = {
  applications: 100_000,
  roles: 4,
  connections: 20,
  pageSize: 25,
};

export interface ApplicationsListReport {
  settings: typeof APPLICATIONS_SETTINGS & { endpoint: string };
  baseline: HttpMeasurement;
  bareSql: HttpMeasurement;
  subject: HttpMeasurement;
  /** The same endpoint on a second server over the same database with its caches off. */
  uncached: HttpMeasurement;
  /** subject ÷ hello baseline */
  requestsPerSecondRatio: number | null;
  p99Ratio: number | null;
  /** subject ÷ bare-SQL baseline */
  bareSqlRequestsPerSecondRatio: number | null;
  bareSqlP99Ratio: number | null;
  seedSeconds: number;
}

export async function runApplicationsListBenchmark(progress: Progress): Promise<ApplicationsListReport> {
  const baseline = await startBaselineServer();
  progress.phase("[applications] starting a PostgreSQL-backed server…");
  const server = await startTestServer("postgresql");
  try {
    progress.phase(
      `[applications] inserting ${APPLICATIONS_SETTINGS.applications.toLocaleString("en")} applications…`,
    );
    const started = performance.now();
    const { organization, roleIds } = await seedScaleOrganization(server.database, APPLICATIONS_SETTINGS);
    const seedSeconds = (performance.now() - started) / 1000;

    const roleId = roleIds[0] ?? "";
    const url = `${server.url}/api/v1/applications?roleId=${roleId}&status=active&limit=${APPLICATIONS_SETTINGS.pageSize}`;
    const headers = { authorization: `Bearer ${organization.users.recruiter.token}` };
    const probe = await fetch(url, { headers });
    const page = (await probe.json()) as { items?: unknown[] };
    if (probe.status !== 200 || page.items?.length !== APPLICATIONS_SETTINGS.pageSize) {
      throw new Error(
        `GET ${url} answered ${probe.status} with ${page.items?.length ?? "no"} items; expected a full page.`,
      );
    }
    const bareSqlServer = await startBareSqlServer(server.database.url ?? "");
    const uncachedServer = await startUncachedServer(server);
    try {
      const bareSqlUrl = `${bareSqlServer.url}?roleId=${roleId}&status=active&limit=${APPLICATIONS_SETTINGS.pageSize}`;
      await assertSamePage(url, bareSqlUrl, headers);
      const connections = APPLICATIONS_SETTINGS.connections;
      const baselineResult = await measureEndpoint(progress, "baseline", baseline.url, {}, connections);
      const bareSql = await measureEndpoint(progress, "bare-sql", bareSqlUrl, headers, connections);
      const subject = await measureEndpoint(progress, "applications-postgresql", url, headers, connections);
      const uncachedUrl = url.replace(server.url, uncachedServer.url);
      await assertSamePage(url, uncachedUrl, headers);
      const uncached = await measureEndpoint(
        progress,
        "applications-uncached",
        uncachedUrl,
        headers,
        connections,
      );
      return {
        settings: {
          ...APPLICATIONS_SETTINGS,
          endpoint: "/api/v1/applications?roleId=…&status=active&limit=25",
        },
        baseline: baselineResult,
        bareSql,
        subject,
        uncached,
        requestsPerSecondRatio: ratio(subject.requestsPerSecond, baselineResult.requestsPerSecond),
        p99Ratio: ratio(subject.p99Ms, baselineResult.p99Ms),
        bareSqlRequestsPerSecondRatio: ratio(subject.requestsPerSecond, bareSql.requestsPerSecond),
        bareSqlP99Ratio: ratio(subject.p99Ms, bareSql.p99Ms),
        seedSeconds,
      };
    } finally {
      await uncachedServer.close();
      await bareSqlServer.close();
    }
  } finally {
    await server.close();
    await baseline.close();
  }
}

/**
 * The bare-SQL baseline: the same two statements the endpoint needs per request (resolve the
 * bearer token with its membership, then the page), over a `pg` pool of the same size as
 * Evident's, as named prepared statements like Evident's (planned once per connection),
 * answering the rows as Fastify's default JSON. No hooks, no validation, no mapping. The page size is
 * written into the page statement, as the endpoint does (applications.ts literalRowCount).
 */
const TOKEN_SQL = `select t.organization_id, t.user_id, t.expires_at, m.role
  from api_tokens t
  join users u on u.id = t.user_id
  join organizations o on o.id = t.organization_id
  join memberships m on m.organization_id = t.organization_id and m.user_id = t.user_id
  where t.token_hash = $1 and t.revoked_at is null`;
const PAGE_SQL = `select a.id, a.status, a.rejection_reason, a.created_at, a.updated_at,
    to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_created_at,
    c.id as candidate_id, c.full_name, c.email, r.id as role_id, r.title, r.work_model,
    s.id as stage_id, s.name as stage_name, s.type as stage_type
  from applications a
  join candidates c on c.id = a.candidate_id
  join roles r on r.id = a.role_id
  left join plan_stages s on s.id = a.current_stage_id
  where a.organization_id = $1 and a.role_id = $2 and a.status = $3
  order by a.created_at desc nulls last, a.id desc nulls last
  limit ${APPLICATIONS_SETTINGS.pageSize + 1}`;

async function startBareSqlServer(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify({ logger: false });
  app.get("/applications", async (request, reply) => {
    const secret = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
    const hash = createHash("sha256").update(secret).digest("hex");
    const token = (await pool.query({ name: "token", text: TOKEN_SQL, values: [hash] })).rows[0] as
      | { organization_id: string }
      | undefined;
    if (!token) return reply.code(401).send({ title: "unauthenticated" });
    const query = request.query as { roleId: string; status: string; limit: string };
    const limit = Number(query.limit);
    const pageValues = [token.organization_id, query.roleId, query.status];
    const rows = (await pool.query({ name: "page", text: PAGE_SQL, values: pageValues })).rows as {
      cursor_created_at: string;
      id: string;
    }[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor: rows.length > limit && last ? `${last.cursor_created_at},${last.id}` : null,
    };
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url: `${address}/applications`,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

/** The product's app with its caches off, on the benchmark server's database. */
async function startUncachedServer(server: TestServer): Promise<{ url: string; close(): Promise<void> }> {
  const app = await buildApp({
    config: { ...server.config, responseCache: false },
    database: server.database,
    queue: null,
    clock: systemClock,
    mailer: server.mailer,
    events: server.events,
    logger: false,
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, close: () => app.close() };
}

/** Both routes must answer the same applications, or the baseline measures different work. */
async function assertSamePage(endpointUrl: string, bareSqlUrl: string, headers: Record<string, string>) {
  const ids = async (url: string) => {
    const response = await fetch(url, { headers });
    const body = (await response.json()) as { items?: { id: string }[] };
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}.`);
    return (body.items ?? []).map((item) => item.id).join(",");
  };
  const [endpoint, bare] = [await ids(endpointUrl), await ids(bareSqlUrl)];
  if (endpoint !== bare) throw new Error("The bare-SQL baseline answers a different page than the endpoint.");
}

export function formatApplicationsListTable(report: ApplicationsListReport): string {
  const { applications, connections } = report.settings;
  return [
    `Applications list: ${applications.toLocaleString("en")} applications in one organisation (PostgreSQL), ` +
      `GET ${report.settings.endpoint}; ${connections} connections; seeded in ${report.seedSeconds.toFixed(1)} s`,
    formatTable(
      ["", "req/s", "p50 ms", "p99 ms", "req/s ÷ hello", "p99 ÷ hello", "req/s ÷ bare-sql", "p99 ÷ bare-sql"],
      [
        [...measurementCells(report.baseline), "", "", "", ""],
        [
          ...measurementCells(report.bareSql),
          formatRatio(ratio(report.bareSql.requestsPerSecond, report.baseline.requestsPerSecond)),
          formatRatio(ratio(report.bareSql.p99Ms, report.baseline.p99Ms)),
          "",
          "",
        ],
        [
          ...measurementCells(report.subject),
          formatRatio(report.requestsPerSecondRatio),
          formatRatio(report.p99Ratio),
          formatRatio(report.bareSqlRequestsPerSecondRatio),
          formatRatio(report.bareSqlP99Ratio),
        ],
        [
          ...measurementCells(report.uncached),
          formatRatio(ratio(report.uncached.requestsPerSecond, report.baseline.requestsPerSecond)),
          formatRatio(ratio(report.uncached.p99Ms, report.baseline.p99Ms)),
          formatRatio(ratio(report.uncached.requestsPerSecond, report.bareSql.requestsPerSecond)),
          formatRatio(ratio(report.uncached.p99Ms, report.bareSql.p99Ms)),
        ],
      ],
    ),
  ].join("\n");
}
