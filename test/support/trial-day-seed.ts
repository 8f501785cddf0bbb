/**
 * Test set-up for trial days: an onsite role whose template plan ends with the structured
 * trial-day stage. Candidates are added and moved there with addExerciseCandidate, which moves
 * an application to any stage and opens a portal session.
 */
import { systemActor } from "../../src/modules/audit/audit-log.ts";
import { createPlanFromTemplate } from "../../src/modules/plans/plans.ts";
import { createRole, decideWorkModel } from "../../src/modules/roles/roles.ts";
import { defaultWorkModelFactors } from "../../src/modules/workmodel/factors.ts";
import { systemClock } from "../../src/platform/clock.ts";
import type { SeededOrganization, TestServer } from "./server.ts";

export interface TrialDayRole {
  roleId: string;
  stageId: string;
  /** Another stage of the plan, for an application that is not at its trial day. */
  otherStageId: string;
}

export async function createTrialDayRole(server: TestServer, org: SeededOrganization): Promise<TrialDayRole> {
  const deps = { db: server.database.db, clock: systemClock };
  const recruiter = { ...systemActor, type: "user" as const, userId: org.users.recruiter.id };
  const role = await createRole(deps, recruiter, org.id, {
    title: "Backend Engineer (onsite)",
    team: "Orders",
    seniority: "mid",
    techStack: [],
    officeLocations: ["Lisbon"],
    timezone: { fromUtcOffset: -1, toUtcOffset: 2 },
    complianceNeeds: [],
    headcount: 1,
    status: "open",
    hireThreshold: 3,
  });
  await decideWorkModel(deps, recruiter, org.id, role.id, {
    factors: defaultWorkModelFactors,
    chosenModel: "onsite",
    overrideReason: "A test role for trial days.",
  });
  const plan = await createPlanFromTemplate(deps, recruiter, org.id, role.id, {});
  const stage = plan.stages.find((candidate) => candidate.type === "trial_day");
  const other = plan.stages.find((candidate) => candidate.type === "system_design");
  if (!stage || !other) throw new Error("the onsite template has no trial_day or system_design stage");
  return { roleId: role.id, stageId: stage.id, otherStageId: other.id };
}
