import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { ModuleContract } from "../module-contract.ts";
import { ERASED_TEXT } from "../privacy/personal-data.ts";
import {
  exerciseActivity,
  exerciseDefinitions,
  exerciseDrafts,
  exerciseQuestions,
  exerciseReviews,
  exerciseRuns,
  exerciseSubmissions,
} from "./exercises-table.ts";

const runsOf = (tx: Db, applicationIds: string[]) =>
  tx
    .select({ id: exerciseRuns.id })
    .from(exerciseRuns)
    .where(inArray(exerciseRuns.applicationId, applicationIds));

const NOT_EXPORTED =
  "Not part of the export yet: the candidate's own exercise work, shown to them in the portal.";

/** Async exercises: what candidates wrote, the questions they asked, reviewers' ratings. */
export const exercisesContract: ModuleContract = {
  name: "exercises",
  personalData: [
    {
      subject: "candidate",
      table: exerciseRuns,
      columns: [exerciseRuns.candidateTimeZone],
      export: { notExported: NOT_EXPORTED },
      erasure:
        "The time zone stays (an IANA zone name identifies no one); the work goes with the rows below.",
      async erase() {
        return {};
      },
    },
    {
      subject: "candidate",
      table: exerciseDrafts,
      columns: [exerciseDrafts.content],
      export: { notExported: NOT_EXPORTED },
      erasure: "Drafts are deleted.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        const deleted = await tx
          .delete(exerciseDrafts)
          .where(inArray(exerciseDrafts.runId, runsOf(tx, applicationIds)))
          .returning({ runId: exerciseDrafts.runId });
        return { removed: { exerciseWork: deleted.length } };
      },
    },
    {
      subject: "candidate",
      table: exerciseSubmissions,
      columns: [exerciseSubmissions.content],
      export: { notExported: NOT_EXPORTED },
      erasure: "The text of every submitted version is cleared; versions, times and late marks stay.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        const cleared = await tx
          .update(exerciseSubmissions)
          .set({ content: { kind: "design_doc", markdown: ERASED_TEXT } })
          .where(inArray(exerciseSubmissions.runId, runsOf(tx, applicationIds)))
          .returning({ id: exerciseSubmissions.id });
        return { removed: { exerciseWork: cleared.length } };
      },
    },
    {
      subject: "candidate",
      table: exerciseQuestions,
      columns: [exerciseQuestions.question, exerciseQuestions.answer],
      export: { notExported: NOT_EXPORTED },
      erasure: "Questions and answers are replaced.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        const cleared = await tx
          .update(exerciseQuestions)
          .set({ question: ERASED_TEXT, answer: ERASED_TEXT })
          .where(inArray(exerciseQuestions.runId, runsOf(tx, applicationIds)))
          .returning({ id: exerciseQuestions.id });
        return { removed: { exerciseWork: cleared.length } };
      },
    },
    {
      subject: "candidate",
      table: exerciseReviews,
      columns: [exerciseReviews.ratings],
      export: { notExported: "Reviewers' ratings of the exercise are the hiring team's working notes." },
      erasure: "Evidence notes that name the candidate are replaced; levels stay.",
      async erase({ tx, applicationIds, mentionsCandidate }) {
        if (applicationIds.length === 0) return {};
        const reviews = await tx
          .select({ id: exerciseReviews.id, ratings: exerciseReviews.ratings })
          .from(exerciseReviews)
          .where(inArray(exerciseReviews.runId, runsOf(tx, applicationIds)));
        let exerciseReviewEvidence = 0;
        for (const review of reviews) {
          const named = review.ratings.filter((rating) => mentionsCandidate(rating.evidence)).length;
          if (named === 0) continue;
          await tx
            .update(exerciseReviews)
            .set({
              ratings: review.ratings.map((rating) =>
                mentionsCandidate(rating.evidence) ? { ...rating, evidence: ERASED_TEXT } : rating,
              ),
            })
            .where(eq(exerciseReviews.id, review.id));
          exerciseReviewEvidence += named;
        }
        return { redacted: { exerciseReviewEvidence } };
      },
    },
  ],
  freeOfPersonalData: [
    {
      table: exerciseDefinitions,
      reason: "The hiring team's exercise: step briefs, diffs and schedules, about no person.",
    },
    {
      table: exerciseActivity,
      reason: "Step ids, activity kinds and times of a run: no text about the person.",
    },
  ],
  jobs: [],
};
