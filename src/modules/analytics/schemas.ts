import { z } from "zod";
import { listResponse, textSchema } from "../../server/schemas.ts";
import { applicationParams } from "../candidates/schemas.ts";
import { demographicCategories, workModelOutcomes } from "./analytics.ts";
import { leavingReasons, reviewDimensions, reviewPeriods } from "./analytics-table.ts";
import { HISTORY_FILE_NAMES, type HistoryImportReport } from "./history-import.ts";
import { analyticsSources } from "./sources.ts";

const reason = z.enum(["too_few", "zero_variance", "no_selections"]).nullable();
const nullableNumber = z.number().nullable();
const workModel = z.enum(["onsite", "remote", "hybrid"]);

/** Minimums are whole numbers; the statistics raise them to their hard floors (docs/analytics.md). */
const minimum = z.coerce.number().int().min(1).max(1_000_000);

export const sourceQuery = {
  source: z
    .enum(analyticsSources)
    .default("all")
    .describe("history (imported), live (Evident's own data) or all"),
};
const roleQuery = { role: textSchema.trim().min(1).max(200).optional().describe("Only this role (by name)") };
const stageName = textSchema.trim().min(1).max(200);

export const validityQuery = z.object({
  ...sourceQuery,
  outcome: z.enum(["outcome_6m"]).default("outcome_6m"),
  ...roleQuery,
  minN: minimum.default(10),
});
export const adverseImpactQuery = z.object({
  ...sourceQuery,
  category: z.enum(demographicCategories),
  stage: stageName.optional().describe("A stage by name; without it, the hire decision"),
  ...roleQuery,
  minGroupSize: minimum.default(10),
});
export const calibrationQuery = z.object({
  ...sourceQuery,
  stage: stageName,
  ...roleQuery,
  minN: minimum.default(10),
});
export const workModelsQuery = z.object({
  ...sourceQuery,
  outcome: z.enum(workModelOutcomes).default("outcome_6m"),
  ...roleQuery,
  minGroupSize: minimum.default(5),
});
export const funnelQuery = z.object({ ...sourceQuery, ...roleQuery });
export const reportQuery = z.object({
  ...sourceQuery,
  ...roleQuery,
  minGroupSize: minimum.default(10),
  minN: minimum.default(10),
});

export const validitySchema = z
  .object({
    stages: z.array(
      z.object({
        stage: z.string(),
        n: z.number().int().describe("Hires with both a mean rating at the stage and the outcome"),
        r: nullableNumber,
        ciLow: nullableNumber,
        ciHigh: nullableNumber,
        p: nullableNumber,
        rho: nullableNumber,
        rhoP: nullableNumber,
        reason,
        hiresSdX: nullableNumber.describe("SD of the mean rating among these hires"),
        applicants: z.number().int().describe("Applications with a rating at the stage"),
        applicantsSdX: nullableNumber.describe(
          "SD of the mean rating among all of them: range restriction shown, not corrected",
        ),
      }),
    ),
  })
  .meta({ id: "StageValidity" });

export const adverseImpactSchema = z
  .object({
    reference: z.string().nullable(),
    reason,
    groups: z.array(
      z.object({
        group: z.string(),
        reached: z.number().int(),
        selected: z.number().int(),
        rate: nullableNumber,
        impactRatio: nullableNumber,
        flagged: z.boolean().nullable(),
        fisherP: nullableNumber,
        significant: z.boolean().nullable(),
        reason,
      }),
    ),
  })
  .meta({ id: "AdverseImpact" });

const intervalEstimate = z.object({ value: z.number(), ciLow: z.number(), ciHigh: z.number() }).nullable();

export const calibrationSchema = z
  .object({
    interviewers: z.array(
      z.object({
        interviewer: z.string(),
        n: z.number().int(),
        leniency: nullableNumber,
        ciLow: nullableNumber,
        ciHigh: nullableNumber,
        reason,
      }),
    ),
    reliability: z.object({
      applications: z.number().int(),
      ratings: z.number().int(),
      k0: nullableNumber,
      icc1: intervalEstimate,
      iccMean: intervalEstimate,
      reason,
    }),
    noteGuard: z
      .object({
        notes: z.number().int(),
        flagged: z.number().int(),
        terms: z.array(z.object({ phrase: z.string(), count: z.number().int() })),
      })
      .describe("Filed evidence notes of the stage (live data) and how many the note guard flagged"),
  })
  .meta({ id: "InterviewerCalibration" });

export const workModelsSchema = z
  .object({
    groups: z.array(
      z.object({
        workModel,
        n: z.number().int(),
        mean: nullableNumber,
        sd: nullableNumber,
        rate: nullableNumber,
        reason,
      }),
    ),
    pairs: z.array(
      z.object({
        a: workModel,
        b: workModel,
        difference: nullableNumber,
        ciLow: nullableNumber,
        ciHigh: nullableNumber,
        p: nullableNumber,
        pHolm: nullableNumber,
        reason,
      }),
    ),
  })
  .meta({ id: "WorkModelComparison" });

export const funnelSchema = z
  .object({
    stages: z.array(
      z.object({
        stage: z.string(),
        reached: z.number().int(),
        passed: z.number().int(),
        passRate: z.number(),
        daysN: z.number().int(),
        medianDaysInStage: nullableNumber,
        reason,
      }),
    ),
  })
  .meta({ id: "Funnel" });

export const historyImportReportSchema = z
  .object({
    applications: z.number().int(),
    stages: z.number().int(),
    ratings: z.number().int(),
    errors: z.array(
      z.object({
        file: z.enum(HISTORY_FILE_NAMES as ["applications", "stages", "ratings"]),
        row: z.number().int().describe("Spreadsheet row number: the header is row 1"),
        column: z.string(),
        message: z.string(),
      }),
    ),
    errorCount: z.number().int().describe("Every error; `errors` lists the first 1,000"),
  })
  .meta({ id: "HistoryImportReport" });

declare module "../../platform/errors.ts" {
  interface ProblemExtensions {
    /** A history import that stored nothing: every bad row with its file, row and column. */
    historyReport?: HistoryImportReport;
  }
}

export const hireReviewStatusSchema = z
  .object({
    applicationId: z.uuid(),
    candidateName: z.string().nullable(),
    roleTitle: z.string(),
    hiredAt: z.string(),
    teamName: z.string().nullable().describe("The team the hire joined (the outcomes module's hire record)"),
    startDate: z.string().nullable().describe("The hire's start date (YYYY-MM-DD), if recorded"),
    managerUserId: z.uuid().nullable().describe("Who recorded the hire decision: the hire's manager"),
    reviews: z.array(
      z.object({
        period: z.enum(reviewPeriods),
        dueAt: z.string(),
        status: z.enum(["filed", "due", "upcoming"]),
        reviewId: z.uuid().nullable(),
      }),
    ),
  })
  .meta({ id: "HireReviewStatus" });

export const postHireReviewSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    period: z.enum(reviewPeriods),
    reviewerUserId: z.uuid(),
    ratings: z.array(
      z.object({ dimension: z.enum(reviewDimensions), level: z.number().int(), evidence: z.string() }),
    ),
    overall: z.number().int(),
    stillEmployed: z.boolean().nullable(),
    leavingReason: z.enum(leavingReasons).nullable(),
    submittedAt: z.string(),
  })
  .meta({ id: "PostHireReview" });

export const reviewAnchorsSchema = z
  .record(z.enum(reviewDimensions), z.array(z.string()).length(4))
  .meta({ id: "PostHireReviewAnchors" });

export const organizationWorkModelEvidenceSchema = z
  .object({
    source: z.enum(analyticsSources),
    minGroupSize: z.number().int(),
    outcome6m: workModelsSchema.describe("6-month outcome (1–4) of hires by hire work model"),
    retained12m: workModelsSchema.describe("12-month retention of hires by hire work model"),
    note: z.string(),
  })
  .meta({
    id: "OrganizationWorkModelEvidence",
    description:
      "The organisation's own hires compared by work model, shown beside the research priors; it never changes the recommendation",
  });

/** The hire's application in the post-hire review routes. */
export const reviewApplicationParams = applicationParams;

export const hireReviewStatusList = listResponse(hireReviewStatusSchema);
export const postHireReviewList = listResponse(postHireReviewSchema);
export const auditReportHtmlResponse = z.string().describe("text/html");
export const auditReportPdfResponse = z.unknown().describe("application/pdf");
export type ReportQuery = z.infer<typeof reportQuery>;
