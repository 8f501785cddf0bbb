/**
 * Planning a trial day: the hiring team drafts the day (date, the candidate's zone, place, an
 * agenda of sessions with hosts and observers), sends it (the candidate and the team get the
 * invitation), edits it (an update) or cancels it. The staff view of the day is built here too,
 * with the observation forms each reader may see and the payment for those who may see it.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { memberships, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { isKnownTimeZone } from "../exercises/time-zones.ts";
import { HIRING_TEAM_ROLES } from "../interviews/interviews.ts";
import type { KitContent } from "../kits/kit-schema.ts";
import { ensureKitVersion, requireKitVersion } from "../kits/kits.ts";
import { onsiteTrialDayKit } from "../kits/library/onsite-trial-day.ts";
import { planStages } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import {
  behavioursOfSession,
  findAgendaProblems,
  inAgendaOrder,
  instantOf,
  isCalendarDate,
  isScoredKind,
} from "./agenda.ts";
import type {
  TrialDayObservationView,
  TrialDayPaymentView,
  TrialDayPlanInput,
  TrialDayStageView,
  TrialDayView,
} from "./schemas.ts";
import {
  type TrialDaySession,
  trialDayObservations,
  trialDayPayments,
  trialDays,
} from "./trial-days-table.ts";

export interface TrialDayDeps {
  db: Db;
  clock: Clock;
}

/** Who plans, sends and cancels trial days. */
export const TRIAL_DAY_PLANNERS = HIRING_TEAM_ROLES;
/** Who sees and records the candidate's payment for the day. */
export const PAYMENT_KEEPERS = ["admin", "recruiter"] as const;

export type TrialDay = typeof trialDays.$inferSelect;

/** What happened to a day that was already with the candidate, which decides the emails. */
export type TrialDayChange = "sent" | "updated" | "cancelled";

const isPlanner = (member: MemberContext) => TRIAL_DAY_PLANNERS.includes(member.role);
const isPeopleOf = (day: TrialDay, userId: string) =>
  day.sessions.some((session) => session.hostIds.includes(userId) || session.observerIds.includes(userId));

/**
 * The application, its trial-day stage and its day, if planned. The stage is the day's own once
 * planned (the application may have moved on), else the application's current stage, which must
 * be a trial day. Interviewers reach only a day they host or observe in.
 */
async function trialDayContext(deps: TrialDayDeps, member: MemberContext, applicationId: string) {
  const [row] = await deps.db
    .select({ application: applications, candidate: candidates, roleTitle: roles.title })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, member.organizationId)));
  if (!row) throw new AppError("not_found", "There is no such application.");
  const [day] = await deps.db
    .select()
    .from(trialDays)
    .where(
      and(eq(trialDays.applicationId, applicationId), eq(trialDays.organizationId, member.organizationId)),
    )
    .orderBy(desc(trialDays.createdAt))
    .limit(1);
  if (!isPlanner(member) && !(day && isPeopleOf(day, member.userId))) {
    // An interviewer learns nothing of a day they take no part in, not even that it exists.
    throw new AppError("not_found", "There is no trial day of yours for this application.");
  }
  const stageId = day?.stageId ?? row.application.currentStageId;
  if (!stageId) {
    throw new AppError("conflict", "The application is in no stage; move it to a trial-day stage first.");
  }
  const [stage] = await deps.db
    .select()
    .from(planStages)
    .where(and(eq(planStages.id, stageId), eq(planStages.organizationId, member.organizationId)));
  if (!stage) throw new AppError("not_found", "The trial day's stage was removed.");
  if (stage.type !== "trial_day") {
    throw new AppError(
      "conflict",
      `The application is in the stage "${stage.name}", which is not a trial day; move it to a trial-day stage to plan one.`,
    );
  }
  return { ...row, stage, day: day ?? null };
}

async function kitOfStage(
  deps: TrialDayDeps,
  organizationId: string,
  stage: { kitVersionId: string | null },
  day: TrialDay | null,
) {
  if (day) return requireKitVersion(deps.db, organizationId, day.kitVersionId);
  if (stage.kitVersionId) {
    const kit = await requireKitVersion(deps.db, organizationId, stage.kitVersionId);
    if (kit.content.kind === "trial_day") return kit;
  }
  return ensureKitVersion(deps, organizationId, onsiteTrialDayKit.slug);
}

export function behavioursView(kit: KitContent) {
  return kit.rubric.map((attribute) => ({
    id: attribute.id,
    name: attribute.name,
    description: attribute.description,
    levels: attribute.levels.map(({ level, label, anchor }) => ({ level, label, anchor })),
  }));
}

async function namesOf(db: Db, organizationId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, [...userIds])));
  return new Map(rows.map((row) => [row.id, row.name]));
}

function paymentView(row: typeof trialDayPayments.$inferSelect): TrialDayPaymentView {
  return {
    isPaid: row.isPaid,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    paidAt: row.paidAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The staff view of a day: sessions with their instants, the forms the reader may see, payment if allowed. */
export async function describeTrialDay(
  deps: TrialDayDeps,
  member: MemberContext,
  context: Awaited<ReturnType<typeof trialDayContext>> & { day: TrialDay },
  kit: { id: string; slug: string; content: KitContent },
): Promise<TrialDayView> {
  const { day } = context;
  const rubricIds = kit.content.rubric.map((attribute) => attribute.id);
  const [forms, payment] = await Promise.all([
    deps.db
      .select()
      .from(trialDayObservations)
      .where(eq(trialDayObservations.trialDayId, day.id))
      .orderBy(asc(trialDayObservations.submittedAt)),
    deps.db.select().from(trialDayPayments).where(eq(trialDayPayments.trialDayId, day.id)),
  ]);
  const personIds = new Set(day.sessions.flatMap((session) => [...session.hostIds, ...session.observerIds]));
  for (const form of forms) personIds.add(form.observerId);
  const names = await namesOf(deps.db, member.organizationId, [...personIds]);
  const nameOf = (id: string) => names.get(id) ?? "A former member";
  const canSeePayment = (PAYMENT_KEEPERS as readonly string[]).includes(member.role);
  return {
    id: day.id,
    applicationId: day.applicationId,
    stageId: day.stageId,
    stageName: context.stage.name,
    candidateName: context.candidate.fullName,
    roleTitle: context.roleTitle,
    status: day.status,
    date: day.date,
    candidateTimeZone: day.candidateTimeZone,
    dayStart: day.dayStart,
    dayEnd: day.dayEnd,
    location: day.location,
    calendarSequence: day.calendarSequence,
    firstSentAt: day.firstSentAt?.toISOString() ?? null,
    kit: { id: kit.id, slug: kit.slug, title: kit.content.title },
    behaviours: behavioursView(kit.content),
    people: [...personIds]
      .map((id) => ({ id, name: nameOf(id) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    sessions: inAgendaOrder(day.sessions).map((session) => {
      const sessionForms = forms.filter((form) => form.sessionId === session.id);
      const isMyObservation = session.observerIds.includes(member.userId);
      const hasMyForm = sessionForms.some((form) => form.observerId === member.userId);
      // Independent forms, as scorecards: an observer sees the others' once theirs is filed; the
      // hiring team sees them all unless they observe the session themselves.
      const seesOthers = hasMyForm || (isPlanner(member) && !isMyObservation);
      const visible = sessionForms.filter((form) => form.observerId === member.userId || seesOthers);
      return {
        id: session.id,
        kind: session.kind,
        title: session.title,
        startTime: session.startTime,
        endTime: session.endTime,
        startsAt: instantOf(day.date, session.startTime, day.candidateTimeZone).toISOString(),
        endsAt: instantOf(day.date, session.endTime, day.candidateTimeZone).toISOString(),
        room: session.room,
        hostIds: session.hostIds,
        observerIds: session.observerIds,
        behaviourIds: behavioursOfSession(session, rubricIds),
        chosenBehaviourIds: session.behaviourIds,
        isScored: isScoredKind(session.kind),
        isOptional: !isScoredKind(session.kind),
        isMyObservation,
        hasMyForm,
        observations: visible.map((form) => observationView(form, member.userId, nameOf)),
        filedCount: sessionForms.length,
      };
    }),
    canPlan: isPlanner(member),
    canSeePayment,
    payment: canSeePayment && payment[0] ? paymentView(payment[0]) : null,
  };
}

export function observationView(
  row: typeof trialDayObservations.$inferSelect,
  viewerId: string,
  nameOf: (id: string) => string,
): TrialDayObservationView {
  return {
    id: row.id,
    sessionId: row.sessionId,
    observerId: row.observerId,
    observerName: nameOf(row.observerId),
    isMine: row.observerId === viewerId,
    ratings: row.ratings,
    flaggedTerms: row.flaggedTerms,
    submittedAt: row.submittedAt.toISOString(),
  };
}

/** The application's trial-day stage, its kit and its day (null until planned). */
export async function readTrialDay(
  deps: TrialDayDeps,
  member: MemberContext,
  applicationId: string,
): Promise<TrialDayStageView> {
  const context = await trialDayContext(deps, member, applicationId);
  const kit = await kitOfStage(deps, member.organizationId, context.stage, context.day);
  return {
    applicationId,
    stageId: context.stage.id,
    stageName: context.stage.name,
    candidateName: context.candidate.fullName,
    roleTitle: context.roleTitle,
    kit: { id: kit.id, slug: kit.slug, title: kit.content.title },
    behaviours: behavioursView(kit.content),
    trialDay: context.day
      ? await describeTrialDay(deps, member, { ...context, day: context.day }, kit)
      : null,
  };
}

/** The day as the service left it, for the route, which sends the emails after the commit. */
export interface TrialDayOutcome {
  view: TrialDayStageView;
  trialDayId: string;
  change: TrialDayChange | null;
}

function requirePlanner(member: MemberContext) {
  if (!isPlanner(member)) {
    throw new AppError("forbidden", "Only admins, recruiters and hiring managers plan trial days.");
  }
}

/**
 * Saves the plan. A draft stays a draft; a day the candidate already has is updated, and its
 * invitation goes out again under the same UID with a higher SEQUENCE; a cancelled day becomes
 * a draft again, to be sent anew.
 */
export async function saveTrialDayPlan(
  deps: TrialDayDeps,
  member: MemberContext,
  applicationId: string,
  input: TrialDayPlanInput,
): Promise<TrialDayOutcome> {
  requirePlanner(member);
  const context = await trialDayContext(deps, member, applicationId);
  const kit = await kitOfStage(deps, member.organizationId, context.stage, context.day);
  if (!isCalendarDate(input.date)) {
    throw new AppError("bad_request", `"${input.date}" is not a calendar date.`, {
      fieldErrors: [{ path: "date", message: "a real date, YYYY-MM-DD" }],
    });
  }
  if (!isKnownTimeZone(input.candidateTimeZone)) {
    throw new AppError(
      "bad_request",
      `Unknown time zone "${input.candidateTimeZone}"; use an IANA name such as Europe/Lisbon.`,
      { fieldErrors: [{ path: "candidateTimeZone", message: "an IANA time zone name" }] },
    );
  }
  const sessions: TrialDaySession[] = input.sessions.map((session) => ({
    id: session.id ?? newId(),
    kind: session.kind,
    title: session.title,
    startTime: session.startTime,
    endTime: session.endTime,
    room: session.room?.length ? session.room : null,
    hostIds: session.hostIds,
    observerIds: session.observerIds,
    behaviourIds: session.behaviourIds,
  }));
  const people = [...new Set(sessions.flatMap((session) => [...session.hostIds, ...session.observerIds]))];
  const names = await namesOf(deps.db, member.organizationId, people);
  const problems = findAgendaProblems(
    { ...input, sessions },
    new Set(names.keys()),
    (id) => names.get(id) ?? "someone",
    kit.content.rubric.map((attribute) => attribute.id),
  );
  if (problems.length > 0) {
    throw new AppError(
      "bad_request",
      `The trial day cannot be saved: ${problems.map((problem) => problem.message).join("; ")}.`,
      { fieldErrors: problems },
    );
  }
  const previous = context.day;
  if (previous) {
    // A session that already has filed forms keeps its kind, so no form loses its session.
    const filed = await deps.db
      .selectDistinct({ sessionId: trialDayObservations.sessionId })
      .from(trialDayObservations)
      .where(eq(trialDayObservations.trialDayId, previous.id));
    for (const { sessionId } of filed) {
      const kept = sessions.find((session) => session.id === sessionId);
      if (!kept || !isScoredKind(kept.kind)) {
        const title = previous.sessions.find((session) => session.id === sessionId)?.title ?? "a session";
        throw new AppError(
          "conflict",
          `"${title}" already has observation forms filed, so it cannot be removed or made unscored.`,
        );
      }
    }
  }
  const now = deps.clock.now();
  const change: TrialDayChange | null = previous?.status === "sent" ? "updated" : null;
  const values = {
    date: input.date,
    candidateTimeZone: input.candidateTimeZone,
    dayStart: input.dayStart,
    dayEnd: input.dayEnd,
    location: input.location,
    sessions,
    updatedAt: now,
  };
  const trialDayId = previous?.id ?? newId();
  await deps.db.transaction(async (tx) => {
    if (previous) {
      await tx
        .update(trialDays)
        .set({
          ...values,
          status: previous.status === "cancelled" ? "draft" : previous.status,
          calendarSequence: change ? previous.calendarSequence + 1 : previous.calendarSequence,
        })
        .where(eq(trialDays.id, previous.id));
    } else {
      await tx.insert(trialDays).values({
        ...values,
        id: trialDayId,
        organizationId: member.organizationId,
        applicationId,
        stageId: context.stage.id,
        kitVersionId: kit.id,
        status: "draft",
        calendarSequence: 0,
        firstSentAt: null,
        createdBy: member.userId,
        createdAt: now,
      });
    }
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: previous ? "trial_day.updated" : "trial_day.planned",
      objectType: "trial_day",
      objectId: trialDayId,
      detail: { applicationId, sessions: sessions.length, date: input.date, resent: change !== null },
    });
  });
  return { view: await readTrialDay(deps, member, applicationId), trialDayId, change };
}

/** Sends the drafted day: the candidate and every host and observer get the invitation. */
export async function sendTrialDay(
  deps: TrialDayDeps,
  member: MemberContext,
  applicationId: string,
): Promise<TrialDayOutcome> {
  requirePlanner(member);
  const { day } = await trialDayContext(deps, member, applicationId);
  if (!day) throw new AppError("conflict", "Plan the trial day before sending it.");
  if (day.status === "sent") {
    throw new AppError(
      "conflict",
      "The candidate already has this trial day; save a change to send an update.",
    );
  }
  const now = deps.clock.now();
  // Sent before (then cancelled): the same event comes back with a higher SEQUENCE.
  const sequence = day.firstSentAt ? day.calendarSequence + 1 : 0;
  await deps.db.transaction(async (tx) => {
    await tx
      .update(trialDays)
      .set({
        status: "sent",
        calendarSequence: sequence,
        firstSentAt: day.firstSentAt ?? now,
        updatedAt: now,
      })
      .where(eq(trialDays.id, day.id));
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "trial_day.sent",
      objectType: "trial_day",
      objectId: day.id,
      detail: { applicationId, sequence },
    });
  });
  return { view: await readTrialDay(deps, member, applicationId), trialDayId: day.id, change: "sent" };
}

/** Cancels the day; if the candidate had it, everyone gets a cancellation (METHOD:CANCEL). */
export async function cancelTrialDay(
  deps: TrialDayDeps,
  member: MemberContext,
  applicationId: string,
): Promise<TrialDayOutcome> {
  requirePlanner(member);
  const { day } = await trialDayContext(deps, member, applicationId);
  if (!day) throw new AppError("not_found", "No trial day is planned for this application.");
  if (day.status === "cancelled") throw new AppError("conflict", "This trial day is already cancelled.");
  const wasSent = day.status === "sent";
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(trialDays)
      .set({
        status: "cancelled",
        calendarSequence: wasSent ? day.calendarSequence + 1 : day.calendarSequence,
        updatedAt: now,
      })
      .where(eq(trialDays.id, day.id));
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "trial_day.cancelled",
      objectType: "trial_day",
      objectId: day.id,
      detail: { applicationId, notified: wasSent },
    });
  });
  return {
    view: await readTrialDay(deps, member, applicationId),
    trialDayId: day.id,
    change: wasSent ? "cancelled" : null,
  };
}

export { isPlanner, kitOfStage, namesOf, trialDayContext };
