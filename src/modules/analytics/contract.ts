import { eq } from "drizzle-orm";
import type { ModuleContract } from "../module-contract.ts";
import {
  importedApplications,
  importedRatings,
  importedStages,
  postHireReviewReminders,
  postHireReviews,
} from "./analytics-table.ts";
import { postHireReviewReminderJob } from "./post-hire-reviews.ts";

const IMPORTED_REASON =
  "Imported history from another system: pseudonymous refs (application_ref, interviewer_ref) that nothing in Evident links to a candidate or a user, stage names, ratings and group-level self-identification labels. Evident cannot tell whose a row is, so there is nothing a subject request could find; the organisation replaces or clears the whole history by importing again, and its source system answers for the people behind the refs.";

/**
 * Evidence analytics: the imported history (pseudonymous, unlinkable, so not a candidate holding)
 * and post-hire reviews of live hires (a candidate holding: exported and erased with the hire).
 */
export const analyticsContract: ModuleContract = {
  name: "analytics",
  personalData: [
    {
      subject: "candidate",
      table: postHireReviews,
      columns: [postHireReviews.ratings, postHireReviews.leavingReason],
      export: {
        notExported:
          "Post-hire reviews are the employer's performance notes about an employee, kept apart from the hiring record; the employee asks for them through HR, not through the candidate export.",
      },
      erasure:
        "Evidence notes are cleared (their levels, the overall and retention stay as anonymous outcomes for the statistics).",
      async erase({ tx, applicationIds }) {
        let redacted = 0;
        for (const applicationId of applicationIds) {
          const reviews = await tx
            .select({ id: postHireReviews.id, ratings: postHireReviews.ratings })
            .from(postHireReviews)
            .where(eq(postHireReviews.applicationId, applicationId));
          for (const review of reviews) {
            await tx
              .update(postHireReviews)
              .set({ ratings: review.ratings.map((rating) => ({ ...rating, evidence: "" })) })
              .where(eq(postHireReviews.id, review.id));
            redacted += 1;
          }
        }
        return { redacted: { postHireReviewEvidence: redacted } };
      },
    },
  ],
  freeOfPersonalData: [
    { table: importedApplications, reason: IMPORTED_REASON },
    { table: importedStages, reason: IMPORTED_REASON },
    { table: importedRatings, reason: IMPORTED_REASON },
    {
      table: postHireReviewReminders,
      reason: "Which review reminders were sent: ids, a fixed period and a time.",
    },
  ],
  jobs: [{ definition: postHireReviewReminderJob, schedule: "17 8 * * *" }],
};
