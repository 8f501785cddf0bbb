/**
 * Test set-up for challenges in the hiring process: a remote role whose template plan has an
 * async challenge stage, candidates moved to that stage with a portal session, and their Runs
 * and Submits through the real portal API, graded by the test server's real worker.
 */
import { eq } from "drizzle-orm";
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { moveApplicationStage } from "../../src/modules/candidates/applications.ts";
import { createCandidate } from "../../src/modules/candidates/candidates.ts";
import { createPlanFromTemplate } from "../../src/modules/plans/plans.ts";
import { planStages } from "../../src/modules/plans/plans-table.ts";
import { createCandidateSession } from "../../src/modules/portal/candidate-sessions.ts";
import { createRole, decideWorkModel } from "../../src/modules/roles/roles.ts";
import { defaultWorkModelFactors } from "../../src/modules/workmodel/factors.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { call, type SeededOrganization, type TestServer } from "./server.ts";

export interface ChallengeRole {
  roleId: string;
  /** The plan's async_challenge stage. */
  stageId: string;
}

export interface ChallengeTaker {
  applicationId: string;
  /** `evident_candidate=…`, for the Cookie header. */
  cookie: string;
  csrf: string;
}

const recruiterOf = (org: SeededOrganization) => ({
  ...systemActor,
  type: "user" as const,
  userId: org.users.recruiter.id,
});

/** A remote role from the template plan; its async challenge stage uses `challengeId` when given. */
export async function createChallengeRole(
  server: TestServer,
  org: SeededOrganization,
  options: {
    title?: string;
    challengeId?: string;
    isBlind?: boolean;
    deadlineDays?: number;
    maxSubmits?: number;
  } = {},
): Promise<ChallengeRole> {
  const deps = { db: server.database.db, clock: systemClock };
  const recruiter = recruiterOf(org);
  const role = await createRole(deps, recruiter, org.id, {
    title: options.title ?? "Backend Engineer",
    team: "Payments",
    seniority: "mid",
    techStack: [],
    officeLocations: [],
    timezone: { fromUtcOffset: 0, toUtcOffset: 2 },
    complianceNeeds: [],
    headcount: 1,
    status: "open",
    hireThreshold: 3,
  });
  await decideWorkModel(deps, recruiter, org.id, role.id, {
    factors: defaultWorkModelFactors,
    chosenModel: "remote",
    overrideReason: "A test role for challenges.",
  });
  const plan = await createPlanFromTemplate(deps, recruiter, org.id, role.id, {});
  const stage = plan.stages.find((candidate) => candidate.type === "async_challenge");
  if (!stage) throw new Error("the remote template has no async_challenge stage");
  const { challengeId, isBlind, deadlineDays, maxSubmits } = options;
  if (
    challengeId !== undefined ||
    isBlind !== undefined ||
    deadlineDays !== undefined ||
    maxSubmits !== undefined
  ) {
    await server.database.db
      .update(planStages)
      .set({
        ...(challengeId !== undefined ? { challengeId } : {}),
        ...(isBlind !== undefined ? { isBlind } : {}),
        ...(deadlineDays !== undefined ? { deadlineDays } : {}),
        ...(maxSubmits !== undefined ? { maxSubmits } : {}),
      })
      .where(eq(planStages.id, stage.id));
  }
  return { roleId: role.id, stageId: stage.id };
}

/** A candidate of the role moved to its challenge stage, signed in to the portal. */
export async function addChallengeTaker(
  server: TestServer,
  org: SeededOrganization,
  role: ChallengeRole,
  person: { fullName: string; email: string },
): Promise<ChallengeTaker> {
  const deps = { db: server.database.db, clock: systemClock };
  const recruiter = recruiterOf(org);
  const candidate = await createCandidate(deps, recruiter, org.id, {
    ...person,
    phone: null,
    location: null,
    links: [],
    source: null,
    roleId: role.roleId,
  });
  const applicationId = candidate.applications[0]?.id ?? "";
  await moveApplicationStage(deps, recruiter, org.id, applicationId, { stageId: role.stageId });
  const session = await createCandidateSession(server.database.db, systemClock, {
    organizationId: org.id,
    candidateId: candidate.id,
  });
  const cookie = `evident_candidate=${session.token}`;
  const me = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie } });
  return { applicationId, cookie, csrf: String(me.body.csrfToken) };
}

/** POSTs a Run or a Submit of the given files; answers the raw response. */
export function sendCode(
  server: TestServer,
  taker: ChallengeTaker,
  mode: "run" | "submit",
  language: string,
  files: Record<string, string>,
) {
  return call(
    server,
    "POST",
    `/api/v1/portal/applications/${taker.applicationId}/challenge/${mode === "run" ? "runs" : "submissions"}`,
    { headers: { cookie: taker.cookie, "x-csrf-token": taker.csrf }, body: { language, files } },
  );
}

/** Polls the candidate's view of a submission until it is graded or failed. */
export async function waitForGrading(server: TestServer, taker: ChallengeTaker, submissionId: string) {
  for (let waited = 0; waited < 180_000; waited += 250) {
    const response = await call(server, "GET", `/api/v1/portal/challenge-submissions/${submissionId}`, {
      headers: { cookie: taker.cookie },
    });
    if (response.body.status !== "queued" && response.body.status !== "grading") return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`submission ${submissionId} was not graded within 180 s`);
}
