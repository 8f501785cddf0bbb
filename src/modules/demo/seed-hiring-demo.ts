import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import type { MemberRole } from "../../platform/db/schema.ts";
import { type Actor, systemActor } from "../audit/audit-log.ts";
import { changeApplicationStatus, moveApplicationStage } from "../candidates/applications.ts";
import { createCandidate } from "../candidates/candidates.ts";
import type { rejectionReasons } from "../candidates/candidates-table.ts";
import { getDecisionSummary, recordDecision } from "../decisions/decisions.ts";
import { scheduleInterview } from "../interviews/interviews.ts";
import { submitScorecard } from "../interviews/scorecards.ts";
import { requireKitVersion } from "../kits/kits.ts";
import { addMember, findUserByEmail } from "../members/members.ts";
import { listTeams } from "../outcomes/teams.ts";
import { createPlanFromTemplate, type PlanStageView, replacePlan } from "../plans/plans.ts";
import { interviewStageTypes, type StageType } from "../plans/plans-table.ts";
import { createRole, decideWorkModel, type RoleInput } from "../roles/roles.ts";
import type { WorkModel } from "../roles/roles-table.ts";
import { adviseWorkModel } from "../workmodel/advisor.ts";
import { defaultWorkModelFactors, type WorkModelFactors } from "../workmodel/factors.ts";

/**
 * Sample hiring data for the demo organisation: three roles (onsite, remote, hybrid) decided
 * with the advisor, their plans, 60 candidates spread across the stages, interviews with
 * scorecards from several interviewers, and a few decisions. Everything goes through the same
 * services the API uses, so the data obeys every rule a real organisation's would.
 * Names come from fixed lists and scores from a seeded generator: every demo looks the same.
 */

type Deps = { db: Db; clock: Clock };

/**
 * The demo's decisions leave their candidate emails as drafts; their portal link follows the
 * server's public address as the scorecard nudges do (the demo is seeded without the config).
 */
function demoDecisionDeps(deps: Deps) {
  return { ...deps, baseUrl: process.env.EVIDENT_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}` };
}
type Progress = (done: number, total: number, label: string) => void;

export const DEMO_CANDIDATES_PER_ROLE = 20;
const DAY_MS = 86_400_000;

/** Extra interviewers, so every interview can have two independent raters from a pool. */
export const demoPanel: { email: string; name: string; role: MemberRole }[] = [
  { email: "priya.interviewer@example.com", name: "Priya Raman", role: "interviewer" },
  { email: "tomas.interviewer@example.com", name: "Tomás Ferreira", role: "interviewer" },
  { email: "amara.interviewer@example.com", name: "Amara Okafor", role: "interviewer" },
  { email: "jonas.interviewer@example.com", name: "Jonas Lindqvist", role: "interviewer" },
];

interface DemoRole {
  input: RoleInput;
  factors: WorkModelFactors;
  intendedModel: WorkModel;
  overrideReason: string;
}

const demoRoles: DemoRole[] = [
  {
    input: {
      title: "Backend Engineer, Card Vault",
      team: "Payments Security",
      seniority: "mid",
      techStack: ["Java", "PostgreSQL", "HSM"],
      officeLocations: ["Lisbon"],
      timezone: { fromUtcOffset: 0, toUtcOffset: 1 },
      complianceNeeds: ["PCI DSS"],
      headcount: 1,
      status: "open",
      hireThreshold: 3,
    },
    factors: {
      ...defaultWorkModelFactors,
      complianceLevel: 4,
      onPremAccessRequired: true,
      juniorMentorshipNeed: 3,
    },
    intendedModel: "onsite",
    overrideReason: "Card data and the hardware security modules stay in the Lisbon vault.",
  },
  {
    input: {
      title: "Senior Backend Engineer, Metrics Ingestion",
      team: "Observability",
      seniority: "senior",
      techStack: ["Go", "Kafka", "ClickHouse"],
      officeLocations: [],
      timezone: { fromUtcOffset: -5, toUtcOffset: 3 },
      complianceNeeds: [],
      headcount: 2,
      status: "open",
      hireThreshold: 3,
    },
    factors: {
      ...defaultWorkModelFactors,
      talentPoolBreadth: 4,
      asyncMaturity: 4,
      deepFocusNeed: 4,
      juniorMentorshipNeed: 0,
      coDesignNeed: 1,
      timezoneSpreadHours: 8,
    },
    intendedModel: "remote",
    overrideReason: "The team already spans eight hours of time zones and works in writing.",
  },
  {
    input: {
      title: "Backend Engineer, Catalogue API",
      team: "Catalogue",
      seniority: "junior",
      techStack: ["TypeScript", "PostgreSQL", "Redis"],
      officeLocations: ["Berlin"],
      timezone: { fromUtcOffset: 0, toUtcOffset: 2 },
      complianceNeeds: [],
      headcount: 2,
      status: "open",
      hireThreshold: 2.8,
    },
    factors: {
      ...defaultWorkModelFactors,
      juniorMentorshipNeed: 3,
      coDesignNeed: 3,
      talentPoolBreadth: 3,
      deepFocusNeed: 3,
    },
    intendedModel: "hybrid",
    overrideReason: "Juniors pair with their mentors on office days; focus work happens at home.",
  },
];

const firstNames = [
  "Aisha",
  "Bruno",
  "Chen",
  "Dara",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jamal",
  "Kaja",
  "Luca",
  "Maya",
  "Nikolai",
  "Olu",
  "Paula",
  "Quentin",
  "Rosa",
  "Sami",
  "Tara",
];
const lastNames = [
  "Andersen",
  "Baptiste",
  "Costa",
  "Dubois",
  "Eze",
  "Fischer",
  "Gomez",
  "Haddad",
  "Ivanova",
  "Jensen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Nakamura",
  "Oliveira",
  "Petrov",
  "Quinn",
  "Rossi",
  "Silva",
  "Tanaka",
];
/** Stages whose evidence is scorecards: live interviews and reviews of handed-in work. */
const scoredByRaters = (type: StageType) =>
  interviewStageTypes.includes(type) || type === "async_collaboration" || type === "written_exercise";

const rejectionReasonsCycle: (typeof rejectionReasons)[number][] = [
  "skills_gap",
  "experience_level",
  "work_model_mismatch",
];

/** Interviews at office hours (09:00 or 14:00 UTC) on the day `dayOffset` days from now. */
function demoInterviewTime(now: Date, dayOffset: number): Date {
  const day = new Date(now.getTime() + dayOffset * DAY_MS);
  day.setUTCHours(Math.abs(dayOffset) % 2 === 0 ? 9 : 14, 0, 0, 0);
  return day;
}

/** A small deterministic generator (mulberry32), so demo scores are the same on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A demo role as seeded: its plan's stages and the interviewer pool of its live-interview stages. */
export interface SeededDemoRole {
  roleId: string;
  stages: PlanStageView[];
  pool: string[];
}

export async function seedHiringDemo(
  deps: Deps,
  organizationId: string,
  staff: { managerId: string; recruiterId: string; interviewerId: string; adminId: string },
  onProgress: Progress = () => {},
): Promise<SeededDemoRole[]> {
  const seeded: SeededDemoRole[] = [];
  const random = seededRandom(20_261_129);
  const panelIds = [staff.interviewerId, staff.managerId];
  for (const member of demoPanel) {
    const existing = await findUserByEmail(deps.db, member.email);
    const added = await addMember(deps, systemActor, organizationId, {
      ...member,
      password: existing ? undefined : "evident-demo",
    });
    panelIds.push(added.userId);
  }
  const recruiter: Actor = { ...systemActor, type: "user", userId: staff.recruiterId };
  const manager = { ...systemActor, type: "user" as const, userId: staff.managerId };
  const managerViewer = { userId: staff.managerId, role: "hiring_manager" as const };

  const total = demoRoles.length * DEMO_CANDIDATES_PER_ROLE;
  let done = 0;
  // The demo teams exist by now (seed-outcomes-demo.ts): each role joins the team of its name.
  const teamIds = new Map((await listTeams(deps.db, organizationId)).map((team) => [team.name, team.id]));
  for (const [roleIndex, demo] of demoRoles.entries()) {
    const role = await createRole(deps, recruiter, organizationId, {
      ...demo.input,
      teamId: teamIds.get(demo.input.team) ?? null,
    });
    const advice = adviseWorkModel(demo.factors);
    await decideWorkModel(deps, manager, organizationId, role.id, {
      factors: demo.factors,
      chosenModel: demo.intendedModel,
      overrideReason: advice.recommendation === demo.intendedModel ? undefined : demo.overrideReason,
    });
    const plan = await createPlanFromTemplate(deps, recruiter, organizationId, role.id, {});
    // Give every live-interview stage a pool of four, rotating so pools differ between roles.
    const pool = [0, 1, 2, 3].map((offset) => panelIds[(roleIndex + offset) % panelIds.length] as string);
    const stages = (
      await replacePlan(deps, recruiter, organizationId, role.id, {
        stages: plan.stages.map((stage) => ({
          id: stage.id,
          name: stage.name,
          type: stage.type,
          mode: stage.mode,
          kitVersionId: stage.kitVersionId ?? undefined,
          interviewerPool: interviewStageTypes.includes(stage.type) ? pool : stage.interviewerPool,
          requiredRaters: stage.requiredRaters,
          weight: stage.weight,
          isBlind: stage.isBlind,
          challengeId: stage.challengeId,
          deadlineDays: stage.deadlineDays,
        })),
      })
    ).stages;
    seeded.push({ roleId: role.id, stages, pool });

    for (let index = 0; index < DEMO_CANDIDATES_PER_ROLE; index++) {
      const number = roleIndex * DEMO_CANDIDATES_PER_ROLE + index;
      const first = firstNames[number % firstNames.length] as string;
      const last = lastNames[(number * 7 + roleIndex) % lastNames.length] as string;
      onProgress(done, total, `${first} ${last}`);
      const candidate = await createCandidate(deps, recruiter, organizationId, {
        fullName: `${first} ${last}`,
        email: `${first}.${last}.${number}@example.net`.toLowerCase(),
        phone: null,
        location: index % 2 === 0 ? "Lisbon" : "Remote",
        links: [],
        source: index % 3 === 0 ? "referral" : "careers page",
        roleId: role.id,
      });
      const application = candidate.applications[0];
      if (!application) throw new Error("the demo candidate has no application");
      // Earlier candidates got further: a funnel, as real pipelines look.
      const reach = Math.min(stages.length - 1, Math.floor((DEMO_CANDIDATES_PER_ROLE - index) / 3.2));
      const strength = 1.6 + random() * 2.4;
      for (let position = 1; position <= reach; position++) {
        const previous = stages[position - 1] as PlanStageView;
        if (scoredByRaters(previous.type)) {
          await interviewWithScorecards(
            deps,
            organizationId,
            application.id,
            previous,
            pool,
            strength,
            random,
            -(reach - position + 2),
          );
        }
        await moveApplicationStage(deps, recruiter, organizationId, application.id, {
          stageId: (stages[position] as PlanStageView).id,
          note: position === reach ? "Moved on after the stage's evidence was in." : undefined,
        });
      }
      const current = stages[reach] as PlanStageView;
      if (scoredByRaters(current.type)) {
        // Candidates sitting in an interview stage have one coming up: nobody has scored it yet.
        await interviewWithScorecards(
          deps,
          organizationId,
          application.id,
          current,
          pool,
          strength,
          random,
          2 + (index % 5),
          false,
        );
      }
      if (current.type === "decision") {
        // The demo's challenge submissions are graded by the worker after start-up, so the formula
        // is incomplete when these decisions are recorded; they follow the interview evidence and say so.
        const summary = await getDecisionSummary(deps.db, organizationId, managerViewer, application.id);
        const outcome = (summary.formulaScore ?? 0) >= demo.input.hireThreshold ? "hire" : "no_hire";
        await recordDecision(demoDecisionDeps(deps), manager, managerViewer, organizationId, application.id, {
          outcome,
          overrideReason:
            summary.formulaOutcome === outcome
              ? undefined
              : "Decided on the interview and review evidence before the coding challenge's grading was in.",
        });
      } else if (index % 6 === 5) {
        await changeApplicationStatus(deps, recruiter, organizationId, application.id, {
          kind: "rejected",
          reason: rejectionReasonsCycle[index % rejectionReasonsCycle.length] ?? "other",
          note: "Not enough evidence of the skills this role needs at this stage.",
        });
      } else if (index === DEMO_CANDIDATES_PER_ROLE - 1) {
        await changeApplicationStatus(deps, recruiter, organizationId, application.id, {
          kind: "withdrawn",
          note: "Accepted another offer.",
        });
      }
      done++;
    }
  }
  onProgress(total, total, "done");
  return seeded;

  async function interviewWithScorecards(
    deps: Deps,
    organizationId: string,
    applicationId: string,
    stage: PlanStageView,
    pool: string[],
    strength: number,
    next: () => number,
    dayOffset: number,
    withScorecards = true,
  ) {
    const interviewers = [pool[0], pool[1 + Math.floor(next() * (pool.length - 1))]] as string[];
    const kitMinutes = stage.kitVersionId
      ? (await requireKitVersion(deps.db, organizationId, stage.kitVersionId)).content.minimumDurationMinutes
      : 60;
    const remote = stage.mode !== "onsite";
    const interview = await scheduleInterview(
      deps,
      recruiter as Actor & { userId: string },
      { userId: staff.recruiterId, role: "recruiter" },
      organizationId,
      {
        applicationId,
        stageId: stage.id,
        scheduledAt: demoInterviewTime(deps.clock.now(), dayOffset),
        durationMinutes: kitMinutes,
        interviewerIds: interviewers,
        mode: remote ? "remote" : "onsite",
        room: remote ? null : "Room 2.14",
        videoLink: remote ? "https://meet.example.com/evident-demo" : null,
      },
    );
    if (!withScorecards || !interview.kit) return;
    for (const interviewerId of interviewers) {
      const ratings = interview.kit.rubric.map((attribute) => {
        const level = Math.max(1, Math.min(4, Math.round(strength + (next() - 0.5) * 1.4))) as 1 | 2 | 3 | 4;
        const anchor =
          attribute.levels.find((candidateLevel) => candidateLevel.level === level)?.anchor ?? "";
        return { attributeId: attribute.id, level, evidence: `Observed: ${anchor}` };
      });
      const mean = ratings.reduce((sum, rating) => sum + rating.level, 0) / ratings.length;
      const recommendation =
        mean >= 3.4 ? "strong_yes" : mean >= 2.6 ? "yes" : mean >= 1.8 ? "no" : "strong_no";
      const member = { ...systemActor, type: "user" as const, userId: interviewerId };
      await submitScorecard(
        deps,
        member,
        { userId: interviewerId, role: "interviewer" },
        organizationId,
        interview.id,
        {
          ratings,
          recommendation,
        },
      );
    }
  }
}
