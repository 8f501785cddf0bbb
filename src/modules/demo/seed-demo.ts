import { eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { type MemberRole, organizations } from "../../platform/db/schema.ts";
import type { JobQueue } from "../../platform/queue.ts";
import { importHistory } from "../analytics/history-import.ts";
import { systemActor } from "../audit/audit-log.ts";
import { addMember, findUserByEmail } from "../members/members.ts";
import { createOrganization, findOrganizationBySlug } from "../organizations/organizations.ts";
import { DEMO_HISTORY_APPLICATIONS, generateHistory } from "./analytics-history.ts";
import { seedChallengeDemo } from "./seed-challenge-demo.ts";
import { seedHiringDemo } from "./seed-hiring-demo.ts";
import { seedOutcomeEvents, seedOutcomeTeams } from "./seed-outcomes-demo.ts";
import { seedTeamPracticesDemo } from "./seed-team-practices-demo.ts";
import { seedWorkQueueDemo } from "./seed-work-queue-demo.ts";

export const DEMO_ORGANIZATION = { slug: "demo", name: "Evident Demo (sample data)" };
/** Known on purpose: the demo organisation is for trying Evident out, never for real candidates. */
export const DEMO_PASSWORD = "evident-demo";
export const demoUsers: { email: string; name: string; role: MemberRole }[] = [
  { email: "admin@example.com", name: "Ada Admin", role: "admin" },
  { email: "recruiter@example.com", name: "Rae Recruiter", role: "recruiter" },
  { email: "manager@example.com", name: "Hana Hiring-Manager", role: "hiring_manager" },
  { email: "interviewer@example.com", name: "Ivo Interviewer", role: "interviewer" },
];

/**
 * Creates the demo organisation with one user per role (and, on request, its sample hiring
 * data). Running it again changes nothing, so start-up can call it every time.
 */
export async function seedDemoOrganization(
  deps: { db: Db; clock: Clock },
  options: {
    /**
     * Also create roles, plans, 64 candidates, interviews, scorecards and decisions, and an imported
     * history of past applications for the analytics.
     */
    withHiringData?: boolean;
    onProgress?: (done: number, total: number, label: string) => void;
    /** With hiring data: queue some candidates' challenge submissions for the worker to grade. */
    queue?: JobQueue;
  } = {},
): Promise<{ created: boolean; organizationId: string }> {
  const existing = await findOrganizationBySlug(deps.db, DEMO_ORGANIZATION.slug);
  if (existing) return { created: false, organizationId: existing.id };
  const organization = await createOrganization(deps, systemActor, { ...DEMO_ORGANIZATION, isDemo: true });
  // The demo's generated history uses the US EEO-1 categories, so its portal asks the same ones.
  await deps.db
    .update(organizations)
    .set({ demographicPreset: "us_eeo" })
    .where(eq(organizations.id, organization.id));
  const ids = {} as Record<MemberRole, string>;
  for (const user of demoUsers) {
    const known = await findUserByEmail(deps.db, user.email);
    const member = await addMember(deps, systemActor, organization.id, {
      ...user,
      password: known ? undefined : DEMO_PASSWORD,
    });
    ids[user.role] = member.userId;
  }
  if (options.withHiringData) {
    // Teams first: the demo's hire decisions then join the team their role names.
    await seedOutcomeTeams(deps.db, organization.id);
    const staff = {
      adminId: ids.admin,
      recruiterId: ids.recruiter,
      managerId: ids.hiring_manager,
      interviewerId: ids.interviewer,
    };
    const roles = await seedHiringDemo(deps, organization.id, staff, options.onProgress);
    // Something to do on every demo user's Home from the first sign-in.
    await seedWorkQueueDemo(deps, organization.id, staff, roles);
    await seedOutcomeEvents(deps, organization.id);
    await seedTeamPracticesDemo(deps, organization.id);
    if (options.queue) await seedChallengeDemo({ ...deps, queue: options.queue }, organization.id);
    // Two years of past applications through the same import an organisation uses, generated with
    // known effects so every analytics chart shows something on first start (analytics-history.ts).
    await importHistory(
      deps,
      systemActor,
      organization.id,
      generateHistory({
        applications: DEMO_HISTORY_APPLICATIONS,
        endDate: deps.clock.now().toISOString().slice(0, 10),
      }),
    );
  }
  return { created: true, organizationId: organization.id };
}
