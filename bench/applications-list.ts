/**
 * The applications list at scale: 100,000 applications in one organisation on PostgreSQL, a
 * filtered page (one role, active, newest first) requested by 20 concurrent connections, beside
 * the bare Fastify hello-world measured right before it in the same run.
 */
import { sql } from "drizzle-orm";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { createPlanFromTemplate } from "../src/modules/plans/plans.ts";
import { createRole, decideWorkModel } from "../src/modules/roles/roles.ts";
import { defaultWorkModelFactors } from "../src/modules/workmodel/factors.ts";
import { systemClock } from "../src/platform/clock.ts";
import { queryRows } from "../src/platform/db/client.ts";
import { seedOrganization, startTestServer } from "../test/support/server.ts";
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
  subject: HttpMeasurement;
  requestsPerSecondRatio: number | null;
  p99Ratio: number | null;
  seedSeconds: number;
}

export async function runApplicationsListBenchmark(progress: Progress): Promise<ApplicationsListReport> {
  const baseline = await startBaselineServer();
  progress.phase("[applications] starting a PostgreSQL-backed server…");
  const server = await startTestServer("postgresql");
  try {
    const organization = await seedOrganization(server.database, "Scale");
    const deps = { db: server.database.db, clock: systemClock };
    const actor = { ...systemActor, type: "user" as const, userId: organization.users.admin.id };
    const roleIds: string[] = [];
    for (let index = 0; index < APPLICATIONS_SETTINGS.roles; index++) {
      const role = await createRole(deps, actor, organization.id, {
        title: `Backend Engineer ${index + 1}`,
        team: "Platform",
        seniority: "mid",
        techStack: [],
        officeLocations: [],
        timezone: { fromUtcOffset: -2, toUtcOffset: 2 },
        complianceNeeds: [],
        headcount: 1,
        status: "open",
        hireThreshold: 3,
      });
      await decideWorkModel(deps, actor, organization.id, role.id, {
        factors: defaultWorkModelFactors,
        chosenModel: "remote",
        overrideReason: "Benchmark roles are remote.",
      });
      await createPlanFromTemplate(deps, actor, organization.id, role.id, {});
      roleIds.push(role.id);
    }
    progress.phase(
      `[applications] inserting ${APPLICATIONS_SETTINGS.applications.toLocaleString("en")} applications…`,
    );
    const started = performance.now();
    await seedApplicationsInBulk(server.database.db, organization.id, roleIds);
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
    const connections = APPLICATIONS_SETTINGS.connections;
    const baselineResult = await measureEndpoint(progress, "baseline", baseline.url, {}, connections);
    const subject = await measureEndpoint(progress, "applications-postgresql", url, headers, connections);
    return {
      settings: {
        ...APPLICATIONS_SETTINGS,
        endpoint: "/api/v1/applications?roleId=…&status=active&limit=25",
      },
      baseline: baselineResult,
      subject,
      requestsPerSecondRatio: ratio(subject.requestsPerSecond, baselineResult.requestsPerSecond),
      p99Ratio: ratio(subject.p99Ms, baselineResult.p99Ms),
      seedSeconds,
    };
  } finally {
    await server.close();
    await baseline.close();
  }
}

/**
 * Candidates and applications straight in SQL (one statement each): going through the API would
 * take longer than the measurement. Each application sits in its role's first stage; one in
 * five is rejected, so the status filter has something to filter.
 */
async function seedApplicationsInBulk(
  db: Parameters<typeof queryRows>[0],
  organizationId: string,
  roleIds: string[],
) {
  const total = APPLICATIONS_SETTINGS.applications;
  await db.execute(sql`
    insert into candidates (id, organization_id, email, full_name, created_at, updated_at)
    select gen_random_uuid(), ${organizationId}, 'candidate-' || n || '@scale.test', 'Candidate ' || n,
           now() - (n || ' seconds')::interval, now()
    from generate_series(1, ${total}) as n`);
  await db.execute(sql`
    with numbered as (
      select id, row_number() over (order by created_at) as n from candidates where organization_id = ${organizationId}
    ), roles_in_order as (
      select r.id as role_id, (row_number() over (order by r.created_at, r.id)) - 1 as slot,
             (select s.id from plan_stages s where s.role_id = r.id order by s.position limit 1) as first_stage
      from roles r where r.organization_id = ${organizationId}
    )
    insert into applications (id, organization_id, candidate_id, role_id, current_stage_id, status, rejection_reason, created_at, updated_at)
    select gen_random_uuid(), ${organizationId}, numbered.id, roles_in_order.role_id, roles_in_order.first_stage,
           case when numbered.n % 5 = 0 then 'rejected' else 'active' end,
           case when numbered.n % 5 = 0 then 'skills_gap' end,
           now() - (numbered.n || ' seconds')::interval, now()
    from numbered join roles_in_order on roles_in_order.slot = numbered.n % ${roleIds.length}`);
  await db.execute(sql`analyze candidates`);
  await db.execute(sql`analyze applications`);
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from applications where organization_id = ${organizationId}`,
  );
  if (count?.n !== total) throw new Error(`Expected ${total} applications, found ${count?.n}.`);
}

export function formatApplicationsListTable(report: ApplicationsListReport): string {
  const { applications, connections } = report.settings;
  return [
    `Applications list: ${applications.toLocaleString("en")} applications in one organisation (PostgreSQL), ` +
      `GET ${report.settings.endpoint}; ${connections} connections; seeded in ${report.seedSeconds.toFixed(1)} s`,
    formatTable(
      ["", "req/s", "p50 ms", "p99 ms", "req/s ÷ baseline", "p99 ÷ baseline"],
      [
        [...measurementCells(report.baseline), "", ""],
        [
          ...measurementCells(report.subject),
          formatRatio(report.requestsPerSecondRatio),
          formatRatio(report.p99Ratio),
        ],
      ],
    ),
  ].join("\n");
}
