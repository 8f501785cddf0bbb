import { z } from "zod";
import { listResponse, textSchema, uuidParam } from "../../server/schemas.ts";
import { challengeLanguages } from "../grading-engine/manifest.ts";

export const languageSchema = z.enum(challengeLanguages);

export const filesSchema = z.record(z.string(), z.string());

export const catalogEntrySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    languages: z.array(languageSchema),
    tests: z.number().int(),
    maxScore: z.number().int(),
    source: z.enum(["built-in", "organization"]),
    status: z.enum(["validating", "valid", "invalid"]),
    packageId: z.uuid().nullable(),
  })
  .meta({ id: "ChallengeSummary" });

export const challengeDetailSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    languages: z.array(languageSchema),
    prompt: z.string(),
    starters: z.record(z.string(), filesSchema),
    tests: z.array(
      z.object({ name: z.string(), visibility: z.enum(["visible", "hidden"]), points: z.number().int() }),
    ),
    limits: z.record(z.string(), z.number()),
  })
  .meta({ id: "ChallengeDetail" });

export const validationReportSchema = z
  .object({
    challengeId: z.string(),
    ok: z.boolean(),
    entries: z.array(
      z.object({
        solution: z.string().describe("reference, wrong/<name>, or (layout)"),
        language: z.string(),
        ok: z.boolean(),
        score: z.number(),
        maxScore: z.number(),
        verdict: z.string(),
        problems: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: "PackageValidationReport" });

export const packageSchema = z
  .object({
    id: z.uuid(),
    challengeId: z.string(),
    title: z.string(),
    kind: z.string(),
    languages: z.array(z.string()),
    status: z.enum(["validating", "valid", "invalid"]),
    report: validationReportSchema
      .nullable()
      .describe("Null while validating; then each reference and wrong solution's score and problems"),
    createdAt: z.string(),
    validatedAt: z.string().nullable(),
  })
  .meta({ id: "ChallengePackage" });

export const testReportSchema = z.object({
  name: z.string(),
  visibility: z.enum(["visible", "hidden"]),
  passed: z.boolean(),
  points: z.number(),
  maxPoints: z.number(),
  durationMs: z.number(),
  message: z.string(),
});

export const gradeReportSchema = z
  .object({
    challengeId: z.string(),
    language: z.string(),
    verdict: z.string(),
    score: z.number(),
    maxScore: z.number(),
    tests: z.array(testReportSchema),
    resources: z.object({ wallMs: z.number(), cpuMs: z.number(), maxRssKb: z.number() }),
  })
  .meta({ id: "GradeReport" });

/** A grade an admin's regrade replaced: kept so the earlier report stays readable. */
export const earlierGradeSchema = z.object({
  status: z.string(),
  gradedAt: z.string().nullable(),
  supersededAt: z.string(),
  verdict: z.string().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  error: z.string().nullable(),
  report: gradeReportSchema.nullable(),
});

export const reviewSubmissionSchema = z.object({
  id: z.uuid(),
  mode: z.enum(["run", "submit"]),
  language: z.string(),
  status: z.string(),
  createdAt: z.string(),
  gradedAt: z.string().nullable(),
  verdict: z.string().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  error: z.string().nullable(),
  /** Grades replaced by regrades, oldest first; the submission's own fields are the latest grade. */
  earlierGrades: z.array(earlierGradeSchema),
});

export const candidateSummarySchema = z.object({
  pseudonym: z.string(),
  isRedacted: z.boolean(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  location: z.string().nullable(),
  links: z.array(z.string()),
});

export const challengeReviewSchema = z
  .object({
    applicationId: z.uuid(),
    candidate: candidateSummarySchema,
    attempts: z.array(
      z.object({
        id: z.uuid(),
        stage: z.object({ id: z.uuid(), name: z.string(), isBlind: z.boolean() }),
        challenge: z.object({ id: z.string(), title: z.string(), kind: z.string() }),
        openedAt: z.string(),
        dueAt: z.string().nullable(),
        runs: z.number().int(),
        submits: z.number().int(),
        // From opening the challenge to the final submission (or until now while none is in).
        timeSpentMs: z.number().nullable(),
        submissions: z.array(reviewSubmissionSchema),
        // The latest graded Submit: its full report and code.
        final: z
          .object({ submission: reviewSubmissionSchema, report: gradeReportSchema, files: filesSchema })
          .nullable(),
      }),
    ),
  })
  .meta({ id: "ChallengeReview" });

export const fragmentSideSchema = z.object({
  file: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
});

export const similarityReviewSchema = z
  .object({
    attemptId: z.uuid(),
    submissionId: z.uuid().nullable(),
    compared: z.number().int(),
    threshold: z.number(),
    flags: z.array(
      z.object({
        // The other candidate, always by pseudonym: this reviewer may not be entitled to their name.
        other: z.object({
          applicationId: z.uuid(),
          pseudonym: z.string(),
          submissionId: z.uuid(),
          language: z.string(),
        }),
        similarity: z.number(),
        fragments: z.array(z.object({ a: fragmentSideSchema, b: fragmentSideSchema })),
        files: z.object({ mine: filesSchema, theirs: filesSchema }),
      }),
    ),
  })
  .meta({ id: "SimilarityReview" });

export const candidateSubmissionSchema = z
  .object({
    id: z.uuid(),
    mode: z.enum(["run", "submit"]),
    language: z.string(),
    status: z
      .enum(["queued", "grading", "graded", "failed"])
      .describe("queued → grading → graded, or failed when grading itself failed (not the code)"),
    createdAt: z.string(),
    gradedAt: z.string().nullable(),
    verdict: z.string().nullable(),
    visibleTests: z.array(
      z.object({ name: z.string(), passed: z.boolean(), durationMs: z.number(), message: z.string() }),
    ),
    hiddenTests: z
      .object({ passed: z.number().int(), total: z.number().int() })
      .nullable()
      .describe("Hidden tests only as counts, and only for a graded Submit"),
    testName: z.string().nullable().describe("The one visible test a Run ran; null for every visible test"),
    console: z
      .string()
      .nullable()
      .describe("What the code printed (stdout and stderr, capped); for a Run only, never a Submit"),
    crash: z
      .string()
      .nullable()
      .describe("Why the code could not run at all (syntax error, throw at load), said once"),
  })
  .meta({ id: "CandidateSubmission" });

export const candidateChallengeSchema = z
  .object({
    attemptId: z.uuid(),
    challenge: z.object({
      id: z.string(),
      title: z.string(),
      kind: z.string(),
      languages: z.array(languageSchema),
    }),
    stageName: z.string(),
    prompt: z.string(),
    starters: z.record(z.string(), filesSchema),
    entryFiles: z.record(z.string(), z.string()),
    openedAt: z.string(),
    dueAt: z.string().nullable(),
    isClosed: z.boolean(),
    draft: z.object({ language: z.string(), files: filesSchema }).nullable(),
    visibleTestNames: z.array(z.string()).describe("The visible tests, each of which a Run may run alone"),
    submits: z
      .object({ used: z.number().int(), max: z.number().int() })
      .describe("Submits made (grading failures not counted) and the stage's maximum; the latest counts"),
    submissions: z.array(candidateSubmissionSchema),
  })
  .meta({ id: "CandidateChallenge" });

export const challengeListResponse = listResponse(catalogEntrySchema);

/** A built-in challenge's id or an uploaded package's challenge id. */
export const challengeParams = z.object({ challengeId: textSchema.max(64) });

export const packageListResponse = listResponse(packageSchema);

export const packageParams = z.object({ packageId: uuidParam });

export const attemptParams = z.object({ applicationId: uuidParam, attemptId: uuidParam });

export const submissionParams = z.object({ submissionId: uuidParam });

export const regradeSubmissionResponse = z
  .object({ submissionId: z.uuid(), status: z.literal("queued") })
  .meta({ id: "RegradeSubmissionResult" });

export const regradePackageResponse = z
  .object({ packageId: z.uuid(), requeued: z.number().int() })
  .meta({ id: "RegradePackageResult" });

export const draftSavedResponse = z.object({ savedAt: z.string() });

/** The body of the candidate's submission events: a server-sent events stream, not JSON. */
export const submissionEventStream = z.string().describe("text/event-stream");

export type PackageView = z.infer<typeof packageSchema>;
/** What a candidate learns of a graded submission: visible tests in full, hidden ones as counts. */
export type CandidateSubmissionView = z.infer<typeof candidateSubmissionSchema>;
export type CandidateChallengeView = z.infer<typeof candidateChallengeSchema>;
export type ChallengeReview = z.infer<typeof challengeReviewSchema>;
export type ReviewAttempt = ChallengeReview["attempts"][number];
export type ReviewSubmission = z.infer<typeof reviewSubmissionSchema>;
export type SimilarityReview = z.infer<typeof similarityReviewSchema>;
export type SimilarityFlag = SimilarityReview["flags"][number];

const filePath = z
  .string()
  .max(200)
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/,
    "must be a relative path of letters, digits, '_', '.', '-' and '/'",
  );

export const submissionFilesSchema = z
  .record(filePath, z.string())
  .refine((files) => Object.keys(files).length >= 1 && Object.keys(files).length <= 20, {
    message: "must hold between 1 and 20 files",
  });

/** A Run or Submit, and the editor's saved draft: the code in one language. */
export const submissionInputSchema = z.object({
  language: z.enum(["typescript", "javascript", "python", "sql"]),
  files: submissionFilesSchema,
});
export type SubmissionInput = z.infer<typeof submissionInputSchema>;

/** A Run may name one visible test to run alone (the editor's per-test Run button). */
export const runInputSchema = submissionInputSchema.extend({
  testName: z.string().min(1).max(200).optional().describe("Run only this visible test"),
});
export type RunInput = z.infer<typeof runInputSchema>;
