import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../platform/clock.ts";
import { type Db, queryRows } from "../../platform/db/client.ts";
import type { MemberRole } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobDefinition } from "../../platform/queue.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { sendEmail } from "../mail/mail.ts";
import { reviewPeriodLabel } from "../mail/templates.ts";
import type { WorkerDependencies } from "../module-contract.ts";
import { postToTeamSlack } from "../team-practices/team-slack.ts";
import {
  leavingReasons,
  type PostHireRating,
  postHireReviewReminders,
  postHireReviews,
  type ReviewPeriod,
  reviewDimensions,
  reviewPeriods,
} from "./analytics-table.ts";

/**
 * Post-hire reviews: at 90 days, 6 months and 12 months after a hire, the hire's manager rates
 * the five dimensions on anchored 1–4 levels with evidence, gives an overall 1–4 and, at 12
 * months, says whether the hire is still employed. Reviews fall due counted from the hire's start
 * date (the outcomes module's hire record), else from the hire decision. The hire's manager is whoever recorded the
 * hire decision (a hiring manager or an admin); admins may file for them. Nothing here reads or
 * returns the hiring scorecards: the review is made without them.
 */

/** Days from the hire to each review. */
export const REVIEW_DUE_DAYS: Record<ReviewPeriod, number> = { "90d": 90, "6m": 182, "12m": 365 };
const DAY = 86_400_000;

/** The anchors every level of every dimension means (docs/analytics.md shows them to reviewers). */
export const REVIEW_ANCHORS: Record<(typeof reviewDimensions)[number], [string, string, string, string]> = {
  problem_solving: [
    "Needs the problem framed and the approach given; solutions often miss the real constraint.",
    "Solves well-framed problems; misses trade-offs or edge cases a peer catches in review.",
    "Frames problems, weighs alternatives and ships solutions that hold up in production.",
    "Finds the problem behind the problem; their designs simplify the systems around them.",
  ],
  operational_ownership: [
    "Changes have caused incidents they did not follow up; on-call duties were missed or handed off.",
    "Handles their own incidents when asked; follow-ups sometimes stall.",
    "Owns their services' stability: alerts, runbooks, post-incident fixes done without prompting.",
    "Raises the team's reliability: removes classes of incidents, improves observability for others.",
  ],
  delivery: [
    "Work regularly slips without warning or lands incomplete.",
    "Delivers planned work with frequent help; surprises are raised late.",
    "Delivers what they commit to, in small safe steps, and flags risks early.",
    "Delivers consistently and unblocks others' delivery; plans hold because of them.",
  ],
  collaboration: [
    "Works alone; reviews and hand-offs cause friction.",
    "Cooperates when asked; reviews are slow or shallow.",
    "Helpful, timely reviews; shares context; resolves disagreements on the merits.",
    "Multiplies the team: mentors, pairs, and makes decisions easier for others.",
  ],
  written_communication: [
    "Writing is hard to follow or missing where the team relies on it.",
    "Writes what is needed, but others must ask follow-up questions to act on it.",
    "Clear design docs, PR descriptions and updates that others act on without asking.",
    "Their writing sets the standard: decisions and trade-offs recorded so others can reuse them.",
  ],
};

export const reviewRatingSchema = z.object({
  dimension: z.enum(reviewDimensions),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  evidence: z.string().trim().min(1, "describe the evidence for this level").max(2000),
});

export const reviewInputSchema = z
  .object({
    period: z.enum(reviewPeriods),
    ratings: z
      .array(reviewRatingSchema)
      .length(reviewDimensions.length, `rate each of the ${reviewDimensions.length} dimensions once`)
      .refine(
        (ratings) => new Set(ratings.map((rating) => rating.dimension)).size === reviewDimensions.length,
        "rate each dimension once",
      ),
    overall: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    stillEmployed: z.boolean().optional().describe("Required at 12 months"),
    leavingReason: z.enum(leavingReasons).optional().describe("Required when stillEmployed is false"),
  })
  .superRefine((input, context) => {
    if (input.period === "12m" && input.stillEmployed === undefined) {
      context.addIssue({ code: "custom", path: ["stillEmployed"], message: "is required at 12 months" });
    }
    if (input.stillEmployed === false && input.leavingReason === undefined) {
      context.addIssue({
        code: "custom",
        path: ["leavingReason"],
        message: "is required when the hire has left",
      });
    }
    if (input.stillEmployed !== false && input.leavingReason !== undefined) {
      context.addIssue({ code: "custom", path: ["leavingReason"], message: "only when the hire has left" });
    }
  });
export type ReviewInput = z.infer<typeof reviewInputSchema>;

interface HireRow {
  application_id: string;
  candidate_id: string;
  candidate_name: string | null;
  role_title: string;
  hired_at: Date | string;
  manager_id: string | null;
  team_name: string | null;
  start_date: string | null;
}

/** The organisation's hires: the hire event's time and who recorded the hire decision. */
async function readHires(db: Db, organizationId: string, applicationId?: string): Promise<HireRow[]> {
  const only = applicationId === undefined ? sql`` : sql` and a.id = ${applicationId}`;
  return queryRows<HireRow>(
    db,
    sql`select a.id as application_id, a.candidate_id, c.full_name as candidate_name, r.title as role_title,
        coalesce((select (h.start_date::timestamp at time zone 'UTC') from hires h where h.application_id = a.id),
          (select min(e.created_at) from application_events e where e.application_id = a.id and e.kind = 'hired')) as hired_at,
        (select d.decided_by from hiring_decisions d where d.application_id = a.id and d.outcome = 'hire'
          order by d.decided_at desc limit 1) as manager_id,
        (select t.name from hires h join teams t on t.id = h.team_id where h.application_id = a.id) as team_name,
        (select h.start_date::text from hires h where h.application_id = a.id) as start_date
      from applications a join candidates c on c.id = a.candidate_id join roles r on r.id = a.role_id
      where a.organization_id = ${organizationId} and a.status = 'hired'${only}
      order by a.id`,
  );
}

const hiredAtOf = (row: HireRow) => new Date(row.hired_at);
export const reviewDueAt = (hiredAt: Date, period: ReviewPeriod) =>
  new Date(hiredAt.getTime() + REVIEW_DUE_DAYS[period] * DAY);

export interface HireReviewStatus {
  applicationId: string;
  candidateName: string | null;
  roleTitle: string;
  hiredAt: string;
  teamName: string | null;
  startDate: string | null;
  managerUserId: string | null;
  reviews: {
    period: ReviewPeriod;
    dueAt: string;
    status: "filed" | "due" | "upcoming";
    reviewId: string | null;
  }[];
}

interface Viewer {
  userId: string;
  role: MemberRole;
}

/** Hires with their review schedule: admins see every hire, hiring managers the ones they manage. */
export async function listHireReviews(
  deps: { db: Db; clock: Clock },
  organizationId: string,
  viewer: Viewer,
): Promise<HireReviewStatus[]> {
  const hires = (await readHires(deps.db, organizationId)).filter(
    (hire) => hire.hired_at !== null && (viewer.role === "admin" || hire.manager_id === viewer.userId),
  );
  const filed = await deps.db
    .select({
      id: postHireReviews.id,
      applicationId: postHireReviews.applicationId,
      period: postHireReviews.period,
    })
    .from(postHireReviews)
    .where(eq(postHireReviews.organizationId, organizationId));
  const filedByKey = new Map(filed.map((review) => [`${review.applicationId}/${review.period}`, review.id]));
  const now = deps.clock.now();
  return hires.map((hire) => ({
    applicationId: hire.application_id,
    candidateName: hire.candidate_name,
    roleTitle: hire.role_title,
    hiredAt: hiredAtOf(hire).toISOString(),
    teamName: hire.team_name,
    startDate: hire.start_date,
    managerUserId: hire.manager_id,
    reviews: reviewPeriods.map((period) => {
      const dueAt = reviewDueAt(hiredAtOf(hire), period);
      const reviewId = filedByKey.get(`${hire.application_id}/${period}`) ?? null;
      return {
        period,
        dueAt: dueAt.toISOString(),
        status: reviewId !== null ? "filed" : dueAt <= now ? "due" : "upcoming",
        reviewId,
      };
    }),
  }));
}

async function requireManagedHire(db: Db, organizationId: string, applicationId: string, viewer: Viewer) {
  const [hire] = await readHires(db, organizationId, applicationId);
  if (!hire || hire.hired_at === null) throw new AppError("not_found", "No hire with this application id.");
  if (viewer.role !== "admin" && hire.manager_id !== viewer.userId) {
    throw new AppError(
      "forbidden",
      "Only the hire's manager (who recorded the hire decision) and the organisation's admins can see or file this hire's reviews.",
    );
  }
  return hire;
}

export interface PostHireReviewView {
  id: string;
  applicationId: string;
  period: ReviewPeriod;
  reviewerUserId: string;
  ratings: PostHireRating[];
  overall: number;
  stillEmployed: boolean | null;
  leavingReason: (typeof leavingReasons)[number] | null;
  submittedAt: string;
}

const toView = (row: typeof postHireReviews.$inferSelect): PostHireReviewView => ({
  id: row.id,
  applicationId: row.applicationId,
  period: row.period,
  reviewerUserId: row.reviewerUserId,
  ratings: row.ratings,
  overall: row.overall,
  stillEmployed: row.stillEmployed,
  leavingReason: row.leavingReason,
  submittedAt: row.submittedAt.toISOString(),
});

export async function listReviewsOfHire(
  db: Db,
  organizationId: string,
  applicationId: string,
  viewer: Viewer,
): Promise<PostHireReviewView[]> {
  await requireManagedHire(db, organizationId, applicationId, viewer);
  const rows = await db
    .select()
    .from(postHireReviews)
    .where(
      and(
        eq(postHireReviews.organizationId, organizationId),
        eq(postHireReviews.applicationId, applicationId),
      ),
    )
    .orderBy(postHireReviews.submittedAt);
  return rows.map(toView);
}

/** Files one review; a period is reviewed once (409 on a second), and not before it is due. */
export async function fileReview(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  organizationId: string,
  applicationId: string,
  viewer: Viewer,
  input: ReviewInput,
): Promise<PostHireReviewView> {
  const hire = await requireManagedHire(deps.db, organizationId, applicationId, viewer);
  const now = deps.clock.now();
  const dueAt = reviewDueAt(hiredAtOf(hire), input.period);
  if (dueAt > now) {
    throw new AppError(
      "conflict",
      `The ${input.period} review is due on ${dueAt.toISOString().slice(0, 10)}; it cannot be filed before then.`,
    );
  }
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: postHireReviews.id })
      .from(postHireReviews)
      .where(and(eq(postHireReviews.applicationId, applicationId), eq(postHireReviews.period, input.period)));
    if (existing) throw new AppError("conflict", `The ${input.period} review of this hire is already filed.`);
    const [row] = await tx
      .insert(postHireReviews)
      .values({
        id: newId(),
        organizationId,
        applicationId,
        period: input.period,
        reviewerUserId: viewer.userId,
        ratings: input.ratings as PostHireRating[],
        overall: input.overall,
        stillEmployed: input.stillEmployed ?? null,
        leavingReason: input.leavingReason ?? null,
        submittedAt: now,
      })
      .returning();
    await recordAudit(tx, actor, {
      organizationId,
      action: "post_hire_review.filed",
      objectType: "application",
      objectId: applicationId,
      detail: { period: input.period },
    });
    return toView(row as typeof postHireReviews.$inferSelect);
  });
}

/**
 * Emails each hire's manager when a review falls due, once per hire and period (a reminder row
 * records it, in the same transaction as the decision to send), and tells the hire's team on its
 * Slack webhook when one is set. Runs daily.
 */
const noPayload = z.object({});

export const postHireReviewReminderJob: JobDefinition<typeof noPayload, WorkerDependencies> = {
  queue: "analytics.post-hire-review-reminders",
  payload: noPayload,
  retryLimit: 3,
  expireInSeconds: 30 * 60,
  async handle(deps) {
    return sendDueReviewReminders(
      deps,
      process.env.EVIDENT_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    );
  },
};

export async function sendDueReviewReminders(
  deps: Pick<WorkerDependencies, "db" | "clock" | "mailer"> & { secret?: string },
  baseUrl: string,
): Promise<{ sent: number }> {
  const now = deps.clock.now();
  const due = await queryRows<{
    organization_id: string;
    organization_name: string;
    application_id: string;
    candidate_id: string;
    candidate_name: string | null;
    role_title: string;
    hired_at: Date | string;
    manager_email: string;
    manager_name: string;
    team_id: string | null;
    team_name: string | null;
  }>(
    deps.db,
    sql`select a.organization_id, o.name as organization_name, a.id as application_id, a.candidate_id,
        c.full_name as candidate_name, r.title as role_title, h.hired_at, u.email as manager_email, u.name as manager_name,
        t.id as team_id, t.name as team_name
      from applications a
      join organizations o on o.id = a.organization_id
      join candidates c on c.id = a.candidate_id
      join roles r on r.id = a.role_id
      join lateral (select coalesce(
                      (select (hr.start_date::timestamp at time zone 'UTC') from hires hr where hr.application_id = a.id),
                      (select min(e.created_at) from application_events e where e.application_id = a.id and e.kind = 'hired'))
                    as hired_at) h on h.hired_at is not null
      join lateral (select d.decided_by from hiring_decisions d where d.application_id = a.id and d.outcome = 'hire'
                    order by d.decided_at desc limit 1) m on true
      join users u on u.id = m.decided_by
      left join hires hire on hire.application_id = a.id
      left join teams t on t.id = hire.team_id
      where a.status = 'hired'`,
  );
  let sent = 0;
  for (const hire of due) {
    for (const period of reviewPeriods) {
      const dueAt = reviewDueAt(new Date(hire.hired_at), period);
      if (dueAt > now) continue;
      const claimed = await deps.db.transaction(async (tx) => {
        const [review] = await tx
          .select({ id: postHireReviews.id })
          .from(postHireReviews)
          .where(
            and(eq(postHireReviews.applicationId, hire.application_id), eq(postHireReviews.period, period)),
          );
        if (review) return false;
        const inserted = await tx
          .insert(postHireReviewReminders)
          .values({
            applicationId: hire.application_id,
            period,
            organizationId: hire.organization_id,
            sentAt: now,
          })
          .onConflictDoNothing()
          .returning({ applicationId: postHireReviewReminders.applicationId });
        return inserted.length === 1;
      });
      if (!claimed) continue;
      await sendEmail(deps, {
        organizationId: hire.organization_id,
        candidateId: hire.candidate_id,
        template: "post_hire_review_due",
        to: hire.manager_email,
        variables: {
          managerName: hire.manager_name,
          organizationName: hire.organization_name,
          hireName: hire.candidate_name,
          roleTitle: hire.role_title,
          period,
          dueAt,
          link: `${baseUrl}/analytics/reviews/${hire.application_id}`,
        },
      });
      if (deps.secret && hire.team_id) {
        // The team's channel learns that a review is due, never whose: a performance review is
        // between the hire and their manager. Slack being down must not stop the emails.
        await postToTeamSlack(
          { db: deps.db, secret: deps.secret },
          hire.team_id,
          `A ${reviewPeriodLabel[period]} post-hire review of someone who joined ${hire.team_name} is due in Evident; their manager has been emailed the link.`,
        ).catch(() => false);
      }
      sent += 1;
    }
  }
  return { sent };
}
