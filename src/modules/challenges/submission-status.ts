import { z } from "zod";
import { defineTopic } from "../../platform/events.ts";

/**
 * A candidate's Run or Submit changed status (taken by a grader, graded, failed). Ids only:
 * subscribers read what they may show from the database.
 */
export const submissionStatusTopic = defineTopic(
  "challenge-submission.status",
  z.object({
    organizationId: z.uuid(),
    applicationId: z.uuid(),
    submissionId: z.uuid(),
    status: z.enum(["queued", "grading", "graded", "failed"]),
  }),
);
