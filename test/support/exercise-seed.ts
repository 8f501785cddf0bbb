/**
 * Test set-up for async exercises: a remote role whose template plan's async collaboration stage
 * is turned into an async_exercise stage (blind, reviewed by a pool), a three-step exercise
 * (design doc, code review of a diff, question thread) and candidates moved to that stage with
 * a portal session.
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
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import { call, type SeededOrganization, type TestServer } from "./server.ts";

export const REVIEW_DIFF = `--- a/src/retry.ts
+++ b/src/retry.ts
@@ -1,4 +1,6 @@
 export async function deliver(hook: Hook) {
-  await send(hook);
+  for (let attempt = 0; attempt < 100; attempt++) {
+    await send(hook);
+  }
   return "sent";
 }
`;

/** Monday 7 December 2026, 09:00 in Lisbon (UTC+0 in winter): when the test exercises start. */
export const EXERCISE_START = new Date("2026-12-07T09:00:00Z");

/** Three steps over three days; every deadline at 17:00 in Lisbon. */
export function threeStepExercise(latePolicy: "refuse" | "accept_marked") {
  return {
    latePolicy,
    steps: [
      {
        id: "design-doc",
        kind: "design_doc",
        title: "Design document: outbound webhooks",
        brief: "Write a one-page design for **outbound webhooks** with retries.",
        releaseAfterHours: 0,
        responseHours: 32,
        rubricAttributeIds: ["design-doc-clarity", "assumptions-decisions-next-steps"],
      },
      {
        id: "code-review",
        kind: "code_review",
        title: "Review the retry worker",
        brief: "Review this pull request as you would a teammate's.",
        releaseAfterHours: 24,
        responseHours: 32,
        diff: REVIEW_DIFF,
        rubricAttributeIds: ["pr-review-quality"],
      },
      {
        id: "questions",
        kind: "question_thread",
        title: "Change of requirements",
        brief: "Product now wants webhooks signed. Ask what you need to know.",
        releaseAfterHours: 48,
        responseHours: 8,
        answerDelayWorkingHours: 4,
        rubricAttributeIds: ["responsiveness"],
      },
    ],
  };
}

/** A design document on day one, then the async whiteboard on day two; deadlines at 17:00 in Lisbon. */
export function whiteboardExercise(latePolicy: "refuse" | "accept_marked") {
  const [designDoc] = threeStepExercise(latePolicy).steps;
  return {
    latePolicy,
    steps: [
      designDoc,
      {
        id: "whiteboard",
        kind: "whiteboard",
        title: "Whiteboard: the delivery flow",
        brief:
          "Extend the delivery flow with retries, backoff and dead-lettering, and leave notes so a teammate can continue tomorrow.",
        releaseAfterHours: 24,
        responseHours: 32,
        rubricAttributeIds: ["design-doc-clarity", "assumptions-decisions-next-steps"],
      },
    ],
  };
}

export interface ExerciseRole {
  roleId: string;
  stageId: string;
}

const recruiterOf = (org: SeededOrganization) => ({
  ...systemActor,
  type: "user" as const,
  userId: org.users.recruiter.id,
});

/** A remote role with the remote template's plan, as a recruiter would create it. */
export async function createRemoteRoleWithPlan(
  server: TestServer,
  org: SeededOrganization,
  title = "Backend Engineer (remote)",
) {
  const deps = { db: server.database.db, clock: systemClock };
  const recruiter = recruiterOf(org);
  const role = await createRole(deps, recruiter, org.id, {
    title,
    team: "Integrations",
    seniority: "mid",
    techStack: [],
    officeLocations: [],
    timezone: { fromUtcOffset: -1, toUtcOffset: 3 },
    complianceNeeds: [],
    headcount: 1,
    status: "open",
    hireThreshold: 3,
  });
  await decideWorkModel(deps, recruiter, org.id, role.id, {
    factors: defaultWorkModelFactors,
    chosenModel: "remote",
    overrideReason: "A test role for async exercises.",
  });
  const plan = await createPlanFromTemplate(deps, recruiter, org.id, role.id, {});
  return { roleId: role.id, plan };
}

/** A remote role whose exercise stage is blind and reviewed by the given pool. */
export async function createExerciseRole(
  server: TestServer,
  org: SeededOrganization,
  reviewerIds: string[],
): Promise<ExerciseRole> {
  const { roleId, plan } = await createRemoteRoleWithPlan(server, org);
  const stage = plan.stages.find((candidate) => candidate.type === "async_collaboration");
  if (!stage) throw new Error("the remote template has no async_collaboration stage");
  await server.database.db
    .update(planStages)
    .set({
      type: "async_exercise",
      name: "Multi-day async exercise",
      isBlind: true,
      deadlineDays: null,
      interviewerPool: reviewerIds,
    })
    .where(eq(planStages.id, stage.id));
  return { roleId, stageId: stage.id };
}

export interface ExerciseCandidate {
  applicationId: string;
  candidateId: string;
  cookie: string;
  csrf: string;
}

export async function addExerciseCandidate(
  server: TestServer,
  org: SeededOrganization,
  role: ExerciseRole,
  person: { fullName: string; email: string },
  sessionClock: Clock = systemClock,
): Promise<ExerciseCandidate> {
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
  const session = await createCandidateSession(server.database.db, sessionClock, {
    organizationId: org.id,
    candidateId: candidate.id,
  });
  const cookie = `evident_candidate=${session.token}`;
  const me = await call(server, "GET", "/api/v1/portal/me", { headers: { cookie } });
  return { applicationId, candidateId: candidate.id, cookie, csrf: String(me.body.csrfToken) };
}
