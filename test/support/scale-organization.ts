import { sql } from "drizzle-orm";
import { type Actor, systemActor } from "../../src/modules/audit/audit-log.ts";
import { createPlanFromTemplate } from "../../src/modules/plans/plans.ts";
import { createRole, decideWorkModel } from "../../src/modules/roles/roles.ts";
import { defaultWorkModelFactors } from "../../src/modules/workmodel/factors.ts";
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import { type Db, queryRows } from "../../src/platform/db/client.ts";
import type { TestDatabase } from "./databases.ts";
import { seedOrganization } from "./server.ts";

/** An open remote role with the default plan, as the benchmarks and scale tests need one. */
export async function createRemoteRoleWithPlan(
  deps: { db: Db; clock: Clock },
  actor: Actor & { userId: string },
  organizationId: string,
  role: { title: string; team: string },
) {
  const created = await createRole(deps, actor, organizationId, {
    ...role,
    seniority: "mid",
    techStack: [],
    officeLocations: [],
    timezone: { fromUtcOffset: -2, toUtcOffset: 2 },
    complianceNeeds: [],
    headcount: 1,
    status: "open",
    hireThreshold: 3,
  });
  await decideWorkModel(deps, actor, organizationId, created.id, {
    factors: defaultWorkModelFactors,
    chosenModel: "remote",
    overrideReason: "Benchmark roles are remote.",
  });
  const plan = await createPlanFromTemplate(deps, actor, organizationId, created.id, {});
  return { role: created, plan };
}

/**
 * One organisation with four remote roles (each with its plan) and many applications (the
 * applications-list benchmark's 100,000; fewer in tests that look at query plans).
 */
export async function seedScaleOrganization(
  database: TestDatabase,
  size: { applications: number; roles: number },
) {
  const organization = await seedOrganization(database, "Scale");
  const deps = { db: database.db, clock: systemClock };
  const actor = { ...systemActor, type: "user" as const, userId: organization.users.admin.id };
  const roleIds: string[] = [];
  for (let index = 0; index < size.roles; index++) {
    const { role } = await createRemoteRoleWithPlan(deps, actor, organization.id, {
      title: `Backend Engineer ${index + 1}`,
      team: "Platform",
    });
    roleIds.push(role.id);
  }
  await seedApplicationsInBulk(database.db, organization.id, roleIds, size.applications);
  return { organization, roleIds };
}

/**
 * Candidates and applications straight in SQL (one statement each): going through the API would
 * take longer than the benchmark's measurement. Each application sits in its role's first stage; one in
 * five is rejected, so the status filter has something to filter.
 */
async function seedApplicationsInBulk(db: Db, organizationId: string, roleIds: string[], total: number) {
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
