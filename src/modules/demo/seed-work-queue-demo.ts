/**
 * Work for every demo user's Home on first start. The sample hiring data alone leaves the queue
 * empty: it is all written at seeding time, so nothing has waited, and every interview is either
 * scored or days away. Four more candidates, put where the work queue's rules look
 * (work-queue/work-queue.ts), through the same services the API uses, at times relative to now:
 *
 * - an interview that ended two days ago, scored by one of its interviewers but not by the demo
 *   interviewer: an overdue scorecard for interviewer@example.com;
 * - an interview later today with the demo interviewer and the hiring manager;
 * - an interview whose scorecards are all in: a decision ready for the hiring team;
 * - an application that has sat in its first stage for twelve days: stalled past the plan's target.
 *
 * The challenge result the hiring team sees comes from seed-challenge-demo.ts, once the worker has
 * graded it.
 */
import type { Clock } from "../../platform/clock.ts";
import { fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, systemActor } from "../audit/audit-log.ts";
import { moveApplicationStage } from "../candidates/applications.ts";
import { createCandidate } from "../candidates/candidates.ts";
import { scheduleInterview } from "../interviews/interviews.ts";
import { submitScorecard } from "../interviews/scorecards.ts";
import { requireKitVersion } from "../kits/kits.ts";
import type { PlanStageView } from "../plans/plans.ts";
import { interviewStageTypes } from "../plans/plans-table.ts";
import type { SeededDemoRole } from "./seed-hiring-demo.ts";

type Deps = { db: Db; clock: Clock };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The people the queue items are about; fixed, like the rest of the demo's names. */
const workQueueCandidates = {
  overdue: { fullName: "Lena Marquardt", email: "lena.marquardt@example.net" },
  today: { fullName: "Kofi Mensah", email: "kofi.mensah@example.net" },
  decision: { fullName: "Sofia Brandão", email: "sofia.brandao@example.net" },
  stalled: { fullName: "Yusuf Demir", email: "yusuf.demir@example.net" },
};

/**
 * When "later today" is, seen from `now`: an hour from now on the same UTC day, or, late in the
 * evening, an interview that started twenty minutes ago and is still going, so it is today's
 * either way (the queue shows interviews of today that are not over yet).
 */
export function laterToday(now: Date): Date {
  const inAnHour = new Date(now.getTime() + HOUR_MS);
  inAnHour.setUTCMinutes(Math.ceil(inAnHour.getUTCMinutes() / 15) * 15, 0, 0);
  return inAnHour.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)
    ? inAnHour
    : new Date(now.getTime() - 20 * 60_000);
}

export async function seedWorkQueueDemo(
  deps: Deps,
  organizationId: string,
  staff: { recruiterId: string; managerId: string; interviewerId: string },
  roles: SeededDemoRole[],
): Promise<void> {
  // The first role's live-interview pool starts with the demo interviewer (seed-hiring-demo.ts).
  const role = roles[0];
  const stage = role?.stages.find((candidate) => interviewStageTypes.includes(candidate.type));
  if (!role || !stage?.kitVersionId || !role.pool.includes(staff.interviewerId)) {
    throw new Error("the demo's first role needs a live-interview stage whose pool has the demo interviewer");
  }
  const colleague = role.pool.find((id) => id !== staff.interviewerId && id !== staff.managerId);
  if (!colleague) throw new Error("the demo's first role needs a second interviewer in its pool");
  const recruiter: Actor & { userId: string } = { ...systemActor, type: "user", userId: staff.recruiterId };
  const kit = await requireKitVersion(deps.db, organizationId, stage.kitVersionId);
  const now = deps.clock.now().getTime();
  /** The same services, as they would have run `ago` milliseconds before now. */
  const before = (ago: number): Deps => ({ db: deps.db, clock: fixedClock(new Date(now - ago)) });

  async function applyAndReach(
    who: { fullName: string; email: string },
    target: PlanStageView | null,
    enteredAgo: number,
  ) {
    const at = before(enteredAgo);
    const candidate = await createCandidate(at, recruiter, organizationId, {
      ...who,
      phone: null,
      location: "Lisbon",
      links: [],
      source: "careers page",
      roleId: role?.roleId,
    });
    const applicationId = candidate.applications[0]?.id;
    if (!applicationId) throw new Error("the demo candidate has no application");
    if (target)
      await moveApplicationStage(at, recruiter, organizationId, applicationId, { stageId: target.id });
    return applicationId;
  }

  async function interview(
    applicationId: string,
    startsAt: Date,
    interviewerIds: string[],
    scheduledAgo: number,
  ) {
    return scheduleInterview(
      before(scheduledAgo),
      recruiter,
      { userId: staff.recruiterId, role: "recruiter" },
      organizationId,
      {
        applicationId,
        stageId: stage?.id ?? "",
        scheduledAt: startsAt,
        durationMinutes: kit.content.minimumDurationMinutes,
        interviewerIds,
        mode: "onsite",
        room: "Room 2.14",
        videoLink: null,
      },
    );
  }

  async function fileScorecard(interviewId: string, interviewerId: string, level: 2 | 3, filedAgo: number) {
    const ratings = kit.content.rubric.map((attribute) => ({
      attributeId: attribute.id,
      level,
      evidence: `Observed: ${attribute.levels.find((anchored) => anchored.level === level)?.anchor ?? ""}`,
    }));
    await submitScorecard(
      before(filedAgo),
      { ...systemActor, type: "user", userId: interviewerId },
      { userId: interviewerId, role: "interviewer" },
      organizationId,
      interviewId,
      { ratings, recommendation: level === 3 ? "yes" : "no" },
    );
  }

  // Overdue: ended two days ago; the colleague filed the next morning, the demo interviewer not yet.
  const overdueApplication = await applyAndReach(workQueueCandidates.overdue, stage, 9 * DAY_MS);
  const ended = await interview(
    overdueApplication,
    new Date(now - 2 * DAY_MS),
    [staff.interviewerId, colleague],
    6 * DAY_MS,
  );
  await fileScorecard(ended.id, colleague, 3, 1.5 * DAY_MS);

  // Today: the demo interviewer and the hiring manager interview together.
  const todayApplication = await applyAndReach(workQueueCandidates.today, stage, 5 * DAY_MS);
  await interview(
    todayApplication,
    laterToday(new Date(now)),
    [staff.interviewerId, staff.managerId],
    3 * DAY_MS,
  );

  // Decision ready: both scorecards of yesterday's interview are in (two colleagues, so the demo
  // users' own queues are not crowded with it).
  const decisionApplication = await applyAndReach(workQueueCandidates.decision, stage, 6 * DAY_MS);
  const otherColleague =
    role.pool.find((id) => ![staff.interviewerId, staff.managerId, colleague].includes(id)) ??
    staff.managerId;
  const decided = await interview(
    decisionApplication,
    new Date(now - DAY_MS),
    [colleague, otherColleague],
    4 * DAY_MS,
  );
  await fileScorecard(decided.id, colleague, 3, 20 * HOUR_MS);
  await fileScorecard(decided.id, otherColleague, 3, 18 * HOUR_MS);

  // Stalled: applied twelve days ago and nobody has moved it since (the plan's target is 7 days).
  await applyAndReach(workQueueCandidates.stalled, null, 12 * DAY_MS);
}
