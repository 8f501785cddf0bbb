import { and, asc, eq, gt, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { type MemberRole, memberships, users } from "../../platform/db/schema.ts";
import { AppError, type FieldError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { freezeKitVersion, requireKitVersion } from "../kits/kits.ts";
import { kitVersions } from "../kits/kits-table.ts";
import { interviewStageTypes, planStages, type StageType } from "../plans/plans-table.ts";
import { roles } from "../roles/roles-table.ts";
import {
  type BlindScrubber,
  blindScrubberFor,
  findBlindApplicationsForUser,
  isCandidateHidden,
  summariseCandidate,
} from "./blind.ts";
import {
  type interviewModes,
  interviewParticipants,
  type interviewStatuses,
  interviews,
  scorecards,
} from "./interviews-table.ts";
import type { InterviewDetailView, InterviewView } from "./schemas.ts";

type Deps = { db: Db; clock: Clock };

/** Roles that schedule interviews and oversee every interview of the organisation. */
export const HIRING_TEAM_ROLES: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

/**
 * Stages whose raters review handed-in work (a written exercise, an async collaboration
 * exercise) against a kit's rubric rather than interview live.
 */
export const reviewStageTypes: readonly StageType[] = ["async_collaboration", "written_exercise"];

/** Live interview stages need at least two independent raters whatever the plan says (Campion et al. 1997). */
export const MIN_INTERVIEW_RATERS = 2;

/** The person asking, with their role in the organisation: what they may see depends on both. */
export interface Viewer {
  userId: string;
  role: MemberRole;
}

export const isHiringTeam = (viewer: Viewer) => HIRING_TEAM_ROLES.includes(viewer.role);

export type InterviewMode = (typeof interviewModes)[number];
export type InterviewStatus = (typeof interviewStatuses)[number];

export interface ScheduleInterviewInput {
  applicationId: string;
  stageId: string;
  scheduledAt: Date;
  durationMinutes: number;
  interviewerIds: string[];
  mode: InterviewMode;
  room?: string | null | undefined;
  videoLink?: string | null | undefined;
}

/**
 * How many interviewers a stage needs: its requiredRaters, and never fewer than two in a live
 * interview stage.
 */
export function requiredInterviewerCount(stage: { type: StageType; requiredRaters: number }): number {
  return interviewStageTypes.includes(stage.type)
    ? Math.max(MIN_INTERVIEW_RATERS, stage.requiredRaters)
    : stage.requiredRaters;
}

/** Where the interview happens: a room onsite, an https video link remotely. Returns what is wrong. */
export function checkInterviewPlace(input: Pick<ScheduleInterviewInput, "mode" | "room" | "videoLink">): {
  room: string | null;
  videoLink: string | null;
  problems: FieldError[];
} {
  const room = input.room?.trim() || null;
  const videoLink = input.videoLink?.trim() || null;
  const problems: FieldError[] = [];
  if (input.mode === "onsite" && !room) {
    problems.push({ path: "room", message: "required for an onsite interview" });
  }
  if (videoLink !== null && !isHttpsUrl(videoLink)) {
    problems.push({ path: "videoLink", message: "must be an https:// link" });
  } else if (input.mode === "remote" && !videoLink) {
    problems.push({ path: "videoLink", message: "required for a remote interview: an https:// link" });
  }
  return { room, videoLink, problems };
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * Schedules an interview of an application in one stage of its role's plan. The interview gets
 * the stage's kit version and freezes it, so every candidate of the role is asked the same
 * questions. Refuses stages of another role, stages nobody interviews in, too few interviewers,
 * interviewers outside the organisation or the stage's pool, a slot shorter than the kit's
 * minimum, and applications that are no longer active.
 */
export async function scheduleInterview(
  deps: Deps,
  actor: Actor & { userId: string },
  viewer: Viewer,
  organizationId: string,
  input: ScheduleInterviewInput,
): Promise<InterviewDetailView> {
  const place = checkInterviewPlace(input);
  if (place.problems.length > 0) throw invalidSchedule(place.problems);

  const interviewId = await deps.db.transaction(async (tx) => {
    const [application] = await tx
      .select({ id: applications.id, roleId: applications.roleId, status: applications.status })
      .from(applications)
      .where(and(eq(applications.organizationId, organizationId), eq(applications.id, input.applicationId)));
    if (!application) throw new AppError("not_found", "That application was not found.");
    const [stage] = await tx
      .select()
      .from(planStages)
      .where(and(eq(planStages.organizationId, organizationId), eq(planStages.id, input.stageId)));
    if (!stage) throw new AppError("not_found", "That plan stage was not found.");
    if (application.status !== "active") {
      throw new AppError(
        "conflict",
        `The application is ${application.status}; interviews are scheduled only for active applications.`,
      );
    }

    if (stage.roleId !== application.roleId) {
      throw invalidSchedule([{ path: "stageId", message: "belongs to another role's plan" }]);
    }
    if (!interviewStageTypes.includes(stage.type) && !reviewStageTypes.includes(stage.type)) {
      throw invalidSchedule([
        {
          path: "stageId",
          message: `is a ${stage.type} stage; interviews are held in interview or review stages only`,
        },
      ]);
    }
    if (!stage.kitVersionId) {
      throw invalidSchedule([
        { path: "stageId", message: "has no interview kit; give the stage a kit before scheduling" },
      ]);
    }

    const interviewerIds = [...new Set(input.interviewerIds)];
    if (interviewerIds.length !== input.interviewerIds.length) {
      throw invalidSchedule([{ path: "interviewerIds", message: "names the same person twice" }]);
    }
    const needed = requiredInterviewerCount(stage);
    if (interviewerIds.length < needed) {
      throw invalidSchedule([
        {
          path: "interviewerIds",
          message: `this stage needs at least ${needed} independent interviewers; ${interviewerIds.length} given`,
        },
      ]);
    }
    const memberRows = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, interviewerIds)),
      );
    const memberIds = new Set(memberRows.map((row) => row.userId));
    const pool = new Set(stage.interviewerPool);
    const interviewerProblems: FieldError[] = [];
    interviewerIds.forEach((userId, index) => {
      if (!memberIds.has(userId)) {
        interviewerProblems.push({
          path: `interviewerIds.${index}`,
          message: "is not a member of this organisation",
        });
      } else if (pool.size > 0 && !pool.has(userId)) {
        interviewerProblems.push({
          path: `interviewerIds.${index}`,
          message: "is not in this stage's interviewer pool (the same pool interviews every candidate)",
        });
      }
    });
    if (interviewerProblems.length > 0) throw invalidSchedule(interviewerProblems);

    const kitVersion = await requireKitVersion(tx, organizationId, stage.kitVersionId);
    if (input.durationMinutes < kitVersion.content.minimumDurationMinutes) {
      throw invalidSchedule([
        {
          path: "durationMinutes",
          message: `the kit "${kitVersion.content.title}" needs at least ${kitVersion.content.minimumDurationMinutes} minutes`,
        },
      ]);
    }

    const now = deps.clock.now();
    const id = newId();
    await tx.insert(interviews).values({
      id,
      organizationId,
      applicationId: application.id,
      stageId: stage.id,
      kitVersionId: kitVersion.id,
      scheduledAt: input.scheduledAt,
      durationMinutes: input.durationMinutes,
      mode: input.mode,
      room: place.room,
      videoLink: place.videoLink,
      createdBy: actor.userId,
      createdAt: now,
    });
    await tx
      .insert(interviewParticipants)
      .values(interviewerIds.map((userId) => ({ interviewId: id, userId, organizationId })));
    await freezeKitVersion(tx, organizationId, kitVersion.id, now);
    await recordAudit(tx, actor, {
      organizationId,
      action: "interview.scheduled",
      objectType: "interview",
      objectId: id,
      detail: {
        applicationId: application.id,
        stageId: stage.id,
        kitVersionId: kitVersion.id,
        scheduledAt: input.scheduledAt.toISOString(),
        mode: input.mode,
        interviewerIds,
      },
    });
    return id;
  });
  return getInterview(deps.db, organizationId, viewer, interviewId);
}

function invalidSchedule(problems: FieldError[]): AppError {
  return new AppError(
    "bad_request",
    `The interview cannot be scheduled: ${problems.map((problem) => `${problem.path} ${problem.message}`).join("; ")}.`,
    { fieldErrors: problems },
  );
}

export interface InterviewFilter {
  /** Only interviews the caller takes part in; always true for interviewers. */
  mine?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  applicationId?: string | undefined;
  roleId?: string | undefined;
  /** Interviews this member takes part in (the hiring team's filter; interviewers see only theirs anyway). */
  interviewerId?: string | undefined;
  status?: InterviewStatus | undefined;
  limit?: number | undefined;
}

const DEFAULT_LIST_LIMIT = 200;

/**
 * Interviews in time order. Interviewers see only those they take part in; the hiring team sees
 * every interview unless it asks for its own. Candidates are redacted wherever blind review applies.
 */
export async function listInterviews(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  filter: InterviewFilter,
): Promise<InterviewView[]> {
  const conditions: SQL[] = [];
  if (filter.mine || !isHiringTeam(viewer))
    conditions.push(participatesIn(db, organizationId, viewer.userId));
  if (filter.from) conditions.push(gte(interviews.scheduledAt, filter.from));
  if (filter.to) conditions.push(lt(interviews.scheduledAt, filter.to));
  if (filter.applicationId) conditions.push(eq(interviews.applicationId, filter.applicationId));
  if (filter.roleId) conditions.push(eq(applications.roleId, filter.roleId));
  if (filter.interviewerId) conditions.push(participatesIn(db, organizationId, filter.interviewerId));
  if (filter.status) conditions.push(eq(interviews.status, filter.status));
  return loadInterviewViews(db, organizationId, viewer, conditions, filter.limit ?? DEFAULT_LIST_LIMIT);
}

function participatesIn(db: Db, organizationId: string, userId: string): SQL {
  return inArray(
    interviews.id,
    db
      .select({ id: interviewParticipants.interviewId })
      .from(interviewParticipants)
      .where(
        and(
          eq(interviewParticipants.organizationId, organizationId),
          eq(interviewParticipants.userId, userId),
        ),
      ),
  );
}

/**
 * One interview, if the caller may see it: participants and the hiring team may, other
 * interviewers get "not found".
 */
export async function requireVisibleInterview(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
): Promise<InterviewView> {
  const [view] = await loadInterviewViews(db, organizationId, viewer, [eq(interviews.id, interviewId)], 1);
  if (!view || (!view.isParticipant && !isHiringTeam(viewer))) {
    throw new AppError("not_found", "That interview was not found.");
  }
  return view;
}

/** One interview with its kit content and the caller's own scorecard. */
export async function getInterview(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  interviewId: string,
): Promise<InterviewDetailView> {
  const view = await requireVisibleInterview(db, organizationId, viewer, interviewId);
  const kit = view.kitVersion
    ? (await requireKitVersion(db, organizationId, view.kitVersion.id)).content
    : null;
  const myScorecard = await latestOwnScorecard(db, organizationId, interviewId, viewer.userId);
  return { ...view, kit, myScorecard };
}

async function latestOwnScorecard(db: Db, organizationId: string, interviewId: string, userId: string) {
  const rows = await db
    .select({ id: scorecards.id, version: scorecards.version })
    .from(scorecards)
    .where(
      and(
        eq(scorecards.organizationId, organizationId),
        eq(scorecards.interviewId, interviewId),
        eq(scorecards.interviewerId, userId),
      ),
    );
  return rows.reduce<{ id: string; version: number } | null>(
    (latest, row) => (latest === null || row.version > latest.version ? row : latest),
    null,
  );
}

/** Cancels a scheduled interview; its scorecards, if any, no longer count in the decision. */
export async function cancelInterview(
  deps: Deps,
  actor: Actor,
  viewer: Viewer,
  organizationId: string,
  interviewId: string,
): Promise<InterviewView> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: interviews.status })
      .from(interviews)
      .where(and(eq(interviews.organizationId, organizationId), eq(interviews.id, interviewId)))
      .for("update");
    if (!row) throw new AppError("not_found", "That interview was not found.");
    if (row.status !== "scheduled") {
      throw new AppError(
        "conflict",
        `The interview is ${row.status}; only a scheduled interview can be cancelled.`,
      );
    }
    await tx
      .update(interviews)
      .set({ status: "cancelled", calendarSequence: sql`${interviews.calendarSequence} + 1` })
      .where(and(eq(interviews.organizationId, organizationId), eq(interviews.id, interviewId)));
    await recordAudit(tx, actor, {
      organizationId,
      action: "interview.cancelled",
      objectType: "interview",
      objectId: interviewId,
    });
  });
  return requireVisibleInterview(deps.db, organizationId, viewer, interviewId);
}

export interface RescheduleInput {
  scheduledAt: Date;
  durationMinutes?: number | undefined;
  mode?: InterviewMode | undefined;
  room?: string | null | undefined;
  videoLink?: string | null | undefined;
}

/**
 * Moves a scheduled interview to a new time (and optionally length or place). The interview keeps
 * its id, so its calendar invitation keeps its UID; the SEQUENCE goes up so calendars replace the
 * event. The kit's minimum duration still applies.
 */
export async function rescheduleInterview(
  deps: Deps,
  actor: Actor,
  viewer: Viewer,
  organizationId: string,
  interviewId: string,
  input: RescheduleInput,
): Promise<InterviewDetailView> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(interviews)
      .where(and(eq(interviews.organizationId, organizationId), eq(interviews.id, interviewId)))
      .for("update");
    if (!row) throw new AppError("not_found", "That interview was not found.");
    if (row.status !== "scheduled") {
      throw new AppError(
        "conflict",
        `The interview is ${row.status}; only a scheduled interview can be rescheduled.`,
      );
    }
    const mode = input.mode ?? row.mode;
    const place = checkInterviewPlace({
      mode,
      room: input.room === undefined ? row.room : input.room,
      videoLink: input.videoLink === undefined ? row.videoLink : input.videoLink,
    });
    if (place.problems.length > 0) throw invalidSchedule(place.problems);
    const durationMinutes = input.durationMinutes ?? row.durationMinutes;
    if (row.kitVersionId) {
      const kitVersion = await requireKitVersion(tx, organizationId, row.kitVersionId);
      if (durationMinutes < kitVersion.content.minimumDurationMinutes) {
        throw invalidSchedule([
          {
            path: "durationMinutes",
            message: `the kit "${kitVersion.content.title}" needs at least ${kitVersion.content.minimumDurationMinutes} minutes`,
          },
        ]);
      }
    }
    await tx
      .update(interviews)
      .set({
        scheduledAt: input.scheduledAt,
        durationMinutes,
        mode,
        room: place.room,
        videoLink: place.videoLink,
        calendarSequence: row.calendarSequence + 1,
      })
      .where(and(eq(interviews.organizationId, organizationId), eq(interviews.id, interviewId)));
    await recordAudit(tx, actor, {
      organizationId,
      action: "interview.rescheduled",
      objectType: "interview",
      objectId: interviewId,
      detail: {
        from: row.scheduledAt.toISOString(),
        to: input.scheduledAt.toISOString(),
        durationMinutes,
        mode,
      },
    });
  });
  return getInterview(deps.db, organizationId, viewer, interviewId);
}

/**
 * Cancels the application's interviews still to come (scheduled, starting after now), for a
 * rejection or withdrawal; interviews already held stay, so their scorecards can still be filed.
 * Answers the cancelled interviews' ids, for their cancellation emails.
 */
export async function cancelFutureInterviews(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  applicationId: string,
  reason: "rejected" | "withdrawn",
): Promise<string[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const cancelled = await tx
      .update(interviews)
      .set({ status: "cancelled", calendarSequence: sql`${interviews.calendarSequence} + 1` })
      .where(
        and(
          eq(interviews.organizationId, organizationId),
          eq(interviews.applicationId, applicationId),
          eq(interviews.status, "scheduled"),
          gt(interviews.scheduledAt, now),
        ),
      )
      .returning({ id: interviews.id });
    for (const { id } of cancelled) {
      await recordAudit(tx, actor, {
        organizationId,
        action: "interview.cancelled",
        objectType: "interview",
        objectId: id,
        detail: { because: `application.${reason}` },
      });
    }
    return cancelled.map(({ id }) => id);
  });
}

async function loadInterviewViews(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  conditions: SQL[],
  limit: number,
): Promise<InterviewView[]> {
  const rows = await db
    .select({
      interview: interviews,
      // Only what an interview may show about the candidate; never phone, resume or demographics.
      candidate: {
        fullName: candidates.fullName,
        email: candidates.email,
        location: candidates.location,
        links: candidates.links,
        // Read only to find the candidate in the room and video link; never returned.
        phone: candidates.phone,
      },
      role: { id: roles.id, title: roles.title },
      stage: { id: planStages.id, name: planStages.name, type: planStages.type, isBlind: planStages.isBlind },
      kitVersion: {
        id: kitVersions.id,
        slug: kitVersions.slug,
        version: kitVersions.version,
        title: kitVersions.title,
      },
    })
    .from(interviews)
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .innerJoin(planStages, eq(planStages.id, interviews.stageId))
    .leftJoin(kitVersions, eq(kitVersions.id, interviews.kitVersionId))
    .where(and(eq(interviews.organizationId, organizationId), ...conditions))
    .orderBy(asc(interviews.scheduledAt), asc(interviews.id))
    .limit(limit);
  if (rows.length === 0) return [];

  const interviewIds = rows.map((row) => row.interview.id);
  const participants = await db
    .select({
      interviewId: interviewParticipants.interviewId,
      id: users.id,
      name: users.name,
      email: users.email,
    })
    .from(interviewParticipants)
    .innerJoin(users, eq(users.id, interviewParticipants.userId))
    .where(
      and(
        eq(interviewParticipants.organizationId, organizationId),
        inArray(interviewParticipants.interviewId, interviewIds),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
  const submitted = await db
    .selectDistinct({ interviewId: scorecards.interviewId, interviewerId: scorecards.interviewerId })
    .from(scorecards)
    .where(and(eq(scorecards.organizationId, organizationId), inArray(scorecards.interviewId, interviewIds)));
  const submittedKeys = new Set(submitted.map((row) => `${row.interviewId}:${row.interviewerId}`));
  const blindApplicationIds = await findBlindApplicationsForUser(
    db,
    organizationId,
    viewer.userId,
    rows.map((row) => row.interview.applicationId),
  );

  return rows.map(({ interview, candidate, role, stage, kitVersion }) => {
    const interviewers = participants
      .filter((participant) => participant.interviewId === interview.id)
      .map(({ id, name, email }) => ({
        id,
        name,
        email,
        hasSubmitted: submittedKeys.has(`${interview.id}:${id}`),
      }));
    const isParticipant = interviewers.some((interviewer) => interviewer.id === viewer.userId);
    const isHidden = isCandidateHidden(
      { applicationId: interview.applicationId, stageIsBlind: stage.isBlind },
      blindApplicationIds,
    );
    const place = isHidden
      ? placeForBlindReview(interview, blindScrubberFor(interview.applicationId, candidate))
      : { room: interview.room, videoLink: interview.videoLink };
    return {
      id: interview.id,
      applicationId: interview.applicationId,
      candidate: summariseCandidate(interview.applicationId, candidate, isHidden),
      role,
      stage,
      kitVersion,
      scheduledAt: interview.scheduledAt.toISOString(),
      durationMinutes: interview.durationMinutes,
      mode: interview.mode,
      room: place.room,
      videoLink: place.videoLink,
      status: interview.status,
      interviewers,
      isParticipant,
      hasSubmitted: submittedKeys.has(`${interview.id}:${viewer.userId}`),
      createdAt: interview.createdAt.toISOString(),
    };
  });
}

/**
 * Where a blind interview happens, as its interviewers may read it. A room is described in
 * words, so a mention of the candidate becomes their pseudonym ("Interview room: Candidate
 * 4F2A"). A video link with the candidate in it cannot be rewritten without breaking it, so it
 * is withheld: the interviewer sees no link rather than the name, and whoever scheduled the
 * interview must give a neutral one. A link that does not name the candidate is kept, so the
 * interviewers can still join.
 */
export function placeForBlindReview(
  interview: { room: string | null; videoLink: string | null },
  scrub: BlindScrubber,
): { room: string | null; videoLink: string | null } {
  const videoLink = interview.videoLink === null ? null : scrub(interview.videoLink);
  return {
    room: interview.room === null ? null : scrub(interview.room),
    videoLink: videoLink === interview.videoLink ? videoLink : null,
  };
}
