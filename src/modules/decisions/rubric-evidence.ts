/**
 * Evidence rated on anchored rubrics outside interviews: trial-day observation forms and async
 * exercise reviews. Both use the kits' four anchored levels (1–4), the scale of scorecards, so
 * each filed form or review enters the decision formula as one scorecard of its stage, scored
 * by `scoreOf` (the mean of its levels) and averaged with the others by the formula itself; its
 * observer or reviewer is a rater. Only filed forms of a day that was sent count: a day still a
 * draft (or planned again after a cancellation) or cancelled scores nothing, as a cancelled
 * interview's scorecards do not, and lunch takes no form at all.
 *
 * The decision page shows them beside the scorecards as grids (one per trial-day session and
 * per exercise step) under the same blind-review rules: raters as "Reviewer n" in a blind stage,
 * and free text scrubbed of the candidate for a viewer who reviews them blind.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { exerciseReviews, exerciseRuns } from "../exercises/exercises-table.ts";
import { stepTimes } from "../exercises/schedule.ts";
import { type BlindScrubber, findBlindScrubbers, scrubberOf } from "../interviews/blind.ts";
import type { Viewer } from "../interviews/interviews.ts";
import { scoreOf } from "../interviews/scorecards.ts";
import { kitVersions } from "../kits/kits-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { instantOf, isScoredKind } from "../trial-days/agenda.ts";
import { trialDayObservations, trialDays } from "../trial-days/trial-days-table.ts";
import type { FormulaScorecard } from "./decision-formula.ts";
import type { EvidenceGrid } from "./schemas.ts";

async function filedObservations(db: Db, organizationId: string, applicationId: string) {
  return db
    .select({
      form: trialDayObservations,
      day: {
        id: trialDays.id,
        stageId: trialDays.stageId,
        date: trialDays.date,
        candidateTimeZone: trialDays.candidateTimeZone,
        sessions: trialDays.sessions,
        kitVersionId: trialDays.kitVersionId,
      },
    })
    .from(trialDayObservations)
    .innerJoin(trialDays, eq(trialDays.id, trialDayObservations.trialDayId))
    .where(
      and(
        eq(trialDays.organizationId, organizationId),
        eq(trialDays.applicationId, applicationId),
        eq(trialDays.status, "sent"),
      ),
    )
    .orderBy(asc(trialDayObservations.submittedAt), asc(trialDayObservations.id));
}

async function filedReviews(db: Db, organizationId: string, applicationId: string) {
  return db
    .select({
      review: exerciseReviews,
      run: {
        id: exerciseRuns.id,
        stageId: exerciseRuns.stageId,
        startsAt: exerciseRuns.startsAt,
        steps: exerciseRuns.steps,
        kitVersionId: exerciseRuns.kitVersionId,
      },
    })
    .from(exerciseReviews)
    .innerJoin(exerciseRuns, eq(exerciseRuns.id, exerciseReviews.runId))
    .where(
      and(eq(exerciseRuns.organizationId, organizationId), eq(exerciseRuns.applicationId, applicationId)),
    )
    .orderBy(asc(exerciseReviews.submittedAt), asc(exerciseReviews.id));
}

/** Every filed observation form and exercise review of the application, as the formula's scorecards. */
export async function rubricFormulaScorecards(
  db: Db,
  organizationId: string,
  applicationId: string,
): Promise<FormulaScorecard[]> {
  const [forms, reviews] = await Promise.all([
    filedObservations(db, organizationId, applicationId),
    filedReviews(db, organizationId, applicationId),
  ]);
  return [
    ...forms.map(({ form, day }) => ({
      stageId: day.stageId,
      interviewerId: form.observerId,
      score: scoreOf(form.ratings),
    })),
    ...reviews.map(({ review, run }) => ({
      stageId: run.stageId,
      interviewerId: review.reviewerId,
      score: scoreOf(review.ratings),
    })),
  ];
}

/**
 * Independent forms, as for scorecards (`requireScorecardAccess`): a member of the hiring team who
 * observes a scored session of the application's sent trial day sees no score until their own
 * form for it is filed.
 */
export async function requireOwnObservationsFiled(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  applicationId: string,
): Promise<void> {
  const days = await db
    .select({ id: trialDays.id, sessions: trialDays.sessions })
    .from(trialDays)
    .where(
      and(
        eq(trialDays.organizationId, organizationId),
        eq(trialDays.applicationId, applicationId),
        eq(trialDays.status, "sent"),
      ),
    );
  for (const day of days) {
    const observed = day.sessions.filter(
      (session) => isScoredKind(session.kind) && session.observerIds.includes(viewer.userId),
    );
    if (observed.length === 0) continue;
    const mine = await db
      .select({ sessionId: trialDayObservations.sessionId })
      .from(trialDayObservations)
      .where(
        and(eq(trialDayObservations.trialDayId, day.id), eq(trialDayObservations.observerId, viewer.userId)),
      );
    const filed = new Set(mine.map((row) => row.sessionId));
    if (observed.some((session) => !filed.has(session.id))) {
      throw new AppError(
        "forbidden",
        "File yours first: others' observation forms and scores for this candidate stay hidden until you have filed your own form for each trial-day session you observe, so every rating is independent.",
      );
    }
  }
}

async function namesAndStages(
  db: Db,
  organizationId: string,
  userIds: readonly string[],
  stageIds: readonly string[],
  kitVersionIds: readonly string[],
) {
  const [people, stages, kits] = await Promise.all([
    userIds.length
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, [...new Set(userIds)]))
      : [],
    stageIds.length
      ? db
          .select({ id: planStages.id, name: planStages.name, isBlind: planStages.isBlind })
          .from(planStages)
          .where(
            and(
              eq(planStages.organizationId, organizationId),
              inArray(planStages.id, [...new Set(stageIds)]),
            ),
          )
      : [],
    kitVersionIds.length
      ? db
          .select({ id: kitVersions.id, content: kitVersions.content })
          .from(kitVersions)
          .where(
            and(
              eq(kitVersions.organizationId, organizationId),
              inArray(kitVersions.id, [...new Set(kitVersionIds)]),
            ),
          )
      : [],
  ]);
  return {
    nameOf: (id: string) => people.find((person) => person.id === id)?.name ?? "A former member",
    stageOf: (id: string) =>
      stages.find((stage) => stage.id === id) ?? { id, name: "A removed stage", isBlind: false },
    attributeName: (kitVersionId: string, attributeId: string) =>
      kits
        .find((kit) => kit.id === kitVersionId)
        ?.content.rubric.find((attribute) => attribute.id === attributeId)?.name ?? attributeId,
  };
}

interface RatedItem {
  raterId: string;
  submittedAt: Date;
  ratings: { attributeId: string; level: 1 | 2 | 3 | 4; evidence: string }[];
}

/** One grid: rows the attributes rated, columns the raters in filing order, as for scorecards. */
function gridOf(
  base: Omit<EvidenceGrid, "raters" | "rows">,
  items: readonly RatedItem[],
  nameOf: (id: string) => string,
  attributeName: (attributeId: string) => string,
  scrub: BlindScrubber,
): EvidenceGrid {
  const attributeIds = [
    ...new Set(items.flatMap((item) => item.ratings.map((rating) => rating.attributeId))),
  ];
  return {
    ...base,
    raters: items.map((item, index) => ({
      label: base.isBlind ? `Reviewer ${index + 1}` : nameOf(item.raterId),
      score: scoreOf(item.ratings),
      recommendation: null,
      version: 1,
      submittedAt: item.submittedAt.toISOString(),
    })),
    rows: attributeIds.map((attributeId) => ({
      attributeId,
      attributeName: attributeName(attributeId),
      cells: items.map((item) => {
        const rating = item.ratings.find((candidate) => candidate.attributeId === attributeId);
        return rating ? { level: rating.level, evidence: scrub(rating.evidence) } : null;
      }),
    })),
  };
}

/**
 * The application's filed observation forms (one grid per trial-day session) and exercise
 * reviews (one grid per step), for the hiring team's decision page. A viewer who reviews the
 * candidate blind reads every note and session title with the candidate replaced by the pseudonym.
 */
export async function rubricEvidenceGrids(
  db: Db,
  organizationId: string,
  viewer: Viewer,
  applicationId: string,
): Promise<EvidenceGrid[]> {
  const [forms, reviews] = await Promise.all([
    filedObservations(db, organizationId, applicationId),
    filedReviews(db, organizationId, applicationId),
  ]);
  if (forms.length === 0 && reviews.length === 0) return [];
  const scrub = scrubberOf(
    await findBlindScrubbers(db, organizationId, viewer.userId, [applicationId]),
    applicationId,
  );
  const { nameOf, stageOf, attributeName } = await namesAndStages(
    db,
    organizationId,
    [...forms.map(({ form }) => form.observerId), ...reviews.map(({ review }) => review.reviewerId)],
    [...forms.map(({ day }) => day.stageId), ...reviews.map(({ run }) => run.stageId)],
    [...forms.map(({ day }) => day.kitVersionId), ...reviews.map(({ run }) => run.kitVersionId)],
  );

  const grids: EvidenceGrid[] = [];
  const sessionKeys = [...new Set(forms.map(({ form }) => `${form.trialDayId}/${form.sessionId}`))];
  for (const key of sessionKeys) {
    const sessionForms = forms.filter(({ form }) => `${form.trialDayId}/${form.sessionId}` === key);
    const first = sessionForms[0];
    if (!first) continue;
    const { day } = first;
    const session = day.sessions.find((candidate) => candidate.id === first.form.sessionId);
    const stage = stageOf(day.stageId);
    grids.push(
      gridOf(
        {
          id: `trial-day:${key}`,
          source: "trial_day",
          interviewId: null,
          stageName: stage.name,
          title: session ? scrub(session.title) : null,
          href: `/applications/${applicationId}/trial-day`,
          scheduledAt: (session
            ? instantOf(day.date, session.startTime, day.candidateTimeZone)
            : first.form.submittedAt
          ).toISOString(),
          isBlind: stage.isBlind,
        },
        sessionForms.map(({ form }) => ({
          raterId: form.observerId,
          submittedAt: form.submittedAt,
          ratings: form.ratings.map(({ behaviourId, level, evidence }) => ({
            attributeId: behaviourId,
            level,
            evidence,
          })),
        })),
        nameOf,
        (attributeId) => attributeName(day.kitVersionId, attributeId),
        scrub,
      ),
    );
  }

  const stepKeys = [...new Set(reviews.map(({ review }) => `${review.runId}/${review.stepId}`))];
  for (const key of stepKeys) {
    const stepReviews = reviews.filter(({ review }) => `${review.runId}/${review.stepId}` === key);
    const first = stepReviews[0];
    if (!first) continue;
    const { run } = first;
    const step = run.steps.find((candidate) => candidate.id === first.review.stepId);
    const stage = stageOf(run.stageId);
    grids.push(
      gridOf(
        {
          id: `exercise:${key}`,
          source: "async_exercise",
          interviewId: null,
          stageName: stage.name,
          title: step ? step.title : null,
          href: `/applications/${applicationId}/exercise`,
          scheduledAt: (step
            ? stepTimes(step, run.startsAt).releaseAt
            : first.review.submittedAt
          ).toISOString(),
          isBlind: stage.isBlind,
        },
        stepReviews.map(({ review }) => ({
          raterId: review.reviewerId,
          submittedAt: review.submittedAt,
          ratings: review.ratings,
        })),
        nameOf,
        (attributeId) => attributeName(run.kitVersionId, attributeId),
        scrub,
      ),
    );
  }
  return grids;
}
