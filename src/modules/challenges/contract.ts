import { availableParallelism } from "node:os";
import { eq, inArray } from "drizzle-orm";
import type { ModuleContract } from "../module-contract.ts";
import { gradeSubmissionJob, gradingPriority, regradeInfrastructureFailuresJob } from "./grading-job.ts";
import {
  challengeAttempts,
  challengePackages,
  challengeSubmissionEarlierGrades,
  challengeSubmissions,
} from "./grading-table.ts";
import { validatePackageJob } from "./packages.ts";

const attemptsOf = (applicationIds: string[]) => inArray(challengeAttempts.applicationId, applicationIds);

/** Challenges in hiring: candidates' attempts and submissions, organisations' packages. */
export const gradingContract: ModuleContract = {
  name: "challenges",
  personalData: [
    {
      subject: "candidate",
      table: challengeAttempts,
      columns: [challengeAttempts.draftFiles, challengeAttempts.draftLanguage],
      export: {
        notExported:
          "Not part of the export yet: the editor's working copy of the candidate's code, shown to them in the portal.",
      },
      erasure: "The working copy is cleared; the attempt's times stay.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        // Code is the candidate's own work and may carry their name.
        await tx
          .update(challengeAttempts)
          .set({ draftFiles: null, draftLanguage: null })
          .where(attemptsOf(applicationIds));
        return {};
      },
    },
    {
      subject: "candidate",
      table: challengeSubmissions,
      columns: [challengeSubmissions.files, challengeSubmissions.result],
      export: {
        notExported:
          "Not part of the export yet: the candidate's submitted code and its reports, shown to them in the portal.",
      },
      erasure: "Code and reports are cleared; scores and verdicts stay for the decision formula.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        const cleared = await tx
          .update(challengeSubmissions)
          .set({ files: {}, result: null })
          .where(
            inArray(
              challengeSubmissions.attemptId,
              tx
                .select({ id: challengeAttempts.id })
                .from(challengeAttempts)
                .where(attemptsOf(applicationIds)),
            ),
          )
          .returning({ id: challengeSubmissions.id });
        return { removed: { challengeCode: cleared.length } };
      },
    },
    {
      subject: "candidate",
      table: challengeSubmissionEarlierGrades,
      columns: [challengeSubmissionEarlierGrades.result, challengeSubmissionEarlierGrades.error],
      export: {
        notExported:
          "Not part of the export yet: earlier reports of submissions an admin graded again (test messages quote the candidate's output).",
      },
      erasure: "Earlier reports are cleared; their scores and verdicts stay.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        await tx
          .update(challengeSubmissionEarlierGrades)
          .set({ result: null, error: null })
          .where(
            inArray(
              challengeSubmissionEarlierGrades.submissionId,
              tx
                .select({ id: challengeSubmissions.id })
                .from(challengeSubmissions)
                .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
                .where(attemptsOf(applicationIds)),
            ),
          );
        return {};
      },
    },
  ],
  freeOfPersonalData: [
    {
      table: challengePackages,
      reason: "An organisation's own challenge packages: prompts, tests and reference solutions.",
    },
  ],
  jobs: [
    // Grading is CPU-bound sandbox work: one job per worker slot, polled often so results feel live.
    // More slots, one per core, take only Runs: a Run waits for nothing queued, and its box gets
    // the CPU ahead of the gradings in progress (the sandbox's box niceness), so twenty candidates
    // pressing Run at once are served by every core. A Run stored by this process's own server
    // skips the database queue (inThisProcess; lost only in a crash, and then swept up by
    // regradeInfrastructureFailures); one from elsewhere goes through it.
    {
      definition: gradeSubmissionJob,
      concurrency: "grading workers",
      pollingIntervalSeconds: 0.5,
      reserved: {
        minPriority: gradingPriority.run,
        concurrency: Math.max(2, availableParallelism()),
        inThisProcess: true,
      },
    },
    { definition: validatePackageJob, concurrency: 1, pollingIntervalSeconds: 2 },
    // Re-checks the sandbox every minute and regrades what failed while it could not run.
    { definition: regradeInfrastructureFailuresJob, schedule: "* * * * *", concurrency: 1 },
  ],
};
