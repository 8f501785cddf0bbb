import { z } from "zod";
import {
  dateTimeSchema,
  isStorableText,
  listResponse,
  pageResponse,
  problemSchema,
  textSchema,
  UNSTORABLE_TEXT_MESSAGE,
  uuidParam,
} from "../../server/schemas.ts";
import { emailDraftChangesBody } from "../mail/schemas.ts";
import { stageTypes } from "../plans/plans-table.ts";
import { workModels } from "../roles/roles-table.ts";
import { applicationEventKinds, applicationStatuses, rejectionReasons } from "./candidates-table.ts";

/** How a CSV import treats invalid rows: refuse the whole file, or import the valid rows. */
export const importModes = ["all_or_nothing", "valid_rows_only"] as const;
export type ImportMode = (typeof importModes)[number];

export const MAX_CANDIDATE_LINKS = 20;

/**
 * Each field of a candidate, validated the same way for the API and for CSV rows. Links must be
 * http(s): they are shown as links in the app, so `javascript:` and the like never get in.
 */
export const candidateFieldSchemas = {
  fullName: textSchema.trim().min(1, "is required").max(200, "at most 200 characters"),
  email: textSchema
    .trim()
    .toLowerCase()
    .max(254, "at most 254 characters")
    .pipe(z.email({ error: "must be an email address" })),
  phone: textSchema
    .trim()
    .max(50, "at most 50 characters")
    .regex(/^[+0-9().\-\s/x]*$/i, "may hold only digits, spaces, + ( ) . - / and x"),
  location: textSchema.trim().max(200, "at most 200 characters"),
  link: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .max(500, "at most 500 characters")
    .refine(isStorableText, { error: UNSTORABLE_TEXT_MESSAGE }),
  source: textSchema.trim().max(100, "at most 100 characters"),
};

/** An optional text field: empty means "not given" and is stored as null. */
const optionalText = (schema: z.ZodType<string>) =>
  z
    .union([schema, z.null()])
    .optional()
    .transform((value) => (value ? value : null));

export const candidateInputSchema = z.object({
  fullName: candidateFieldSchemas.fullName,
  email: candidateFieldSchemas.email,
  phone: optionalText(candidateFieldSchemas.phone),
  location: optionalText(candidateFieldSchemas.location),
  links: z.array(candidateFieldSchemas.link).max(MAX_CANDIDATE_LINKS).default([]),
  source: optionalText(candidateFieldSchemas.source),
});

export type CandidateInput = z.infer<typeof candidateInputSchema>;

export const stageRefSchema = z.object({ id: z.uuid(), name: z.string(), type: z.enum(stageTypes) });

export const applicationSummarySchema = z
  .object({
    id: z.uuid(),
    candidate: z.object({ id: z.uuid(), fullName: z.string().nullable(), email: z.string().nullable() }),
    role: z.object({ id: z.uuid(), title: z.string(), workModel: z.enum(workModels).nullable() }),
    currentStage: stageRefSchema.nullable(),
    status: z.enum(applicationStatuses),
    rejectionReason: z.enum(rejectionReasons).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "ApplicationSummary" });

export const historyStageSchema = z
  .object({ id: z.uuid(), name: z.string().nullable(), type: z.enum(stageTypes).nullable() })
  .nullable()
  .describe("name and type are null once the stage was removed from the plan");

export const applicationSchema = applicationSummarySchema
  .extend({
    history: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(applicationEventKinds),
        fromStage: historyStageSchema,
        toStage: historyStageSchema,
        reason: z.string().nullable(),
        note: z.string().nullable(),
        actor: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
        at: z.string(),
      }),
    ),
    stages: z.array(stageRefSchema.extend({ position: z.number().int() })),
  })
  .meta({ id: "Application" });

export const resumeSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    uploadedAt: z.string(),
  })
  .meta({ id: "Resume" });

export const candidateSchema = z
  .object({
    id: z.uuid(),
    fullName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    location: z.string().nullable(),
    links: z.array(z.string()),
    source: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    erasedAt: z.string().nullable(),
  })
  .meta({ id: "Candidate" });

export const candidateDetailSchema = candidateSchema
  .extend({ applications: z.array(applicationSummarySchema), resume: resumeSchema.nullable() })
  .meta({ id: "CandidateDetail" });

export const importReportSchema = z
  .object({
    mode: z.enum(importModes),
    dryRun: z.boolean(),
    imported: z.number().int().describe("Candidates created (in a dry run: that would be created)"),
    // Data rows not imported: invalid, duplicate, or every row of a refused all-or-nothing import.
    skipped: z.number().int(),
    ignoredColumns: z.array(z.string()),
    rows: z.array(
      z.object({
        row: z.number().int().describe("Spreadsheet row number: the header is row 1"),
        status: z.enum(["valid", "invalid", "duplicate"]),
        errors: z.array(z.object({ column: z.string(), message: z.string() })),
        candidateId: z
          .uuid()
          .optional()
          .describe("The created candidate, or for a duplicate the existing one"),
      }),
    ),
  })
  .meta({ id: "CandidateImportReport" });

export const importRefusedSchema = problemSchema.extend({ report: importReportSchema }).meta({
  id: "CandidateImportRefused",
  description: "All-or-nothing import refused: the report names every bad row",
});

export const pageQuery = {
  cursor: textSchema.max(200).optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
};

export const candidateParams = z.object({ candidateId: uuidParam });

export const applicationParams = z.object({ applicationId: uuidParam });

export const noteSchema = textSchema.trim().max(2000).optional();

export const candidateListQuery = z.object({
  query: textSchema.max(200).optional(),
  email: textSchema.max(254).optional(),
  ...pageQuery,
});

export const candidatePage = pageResponse(candidateSchema);

/** A new candidate; with roleId they also apply to that role. */
export const candidateCreateBody = candidateInputSchema.extend({ roleId: z.uuid().optional() });

/** A PATCH changes only the fields it names, and must name one. */
export const candidateChangesBody = candidateInputSchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, "send at least one field to change");

export const candidateImportBody = z.object({
  csv: z.string().min(1, "is empty"),
  roleId: z.uuid().optional(),
  mode: z.enum(importModes),
  dryRun: z.boolean().default(false),
});

export const resumeDownloadResponse = z.unknown().describe("The file: application/pdf, DOCX or text/plain");

export const applicationListQuery = z.object({
  roleId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  candidateId: z.uuid().optional(),
  status: z.enum(applicationStatuses).optional(),
  workModel: z.enum(workModels).optional(),
  query: textSchema
    .max(200)
    .optional()
    .describe("Part of the candidate's name or email or of the role's title; any case, accents ignored"),
  ...pageQuery,
});

export const applicationPage = pageResponse(applicationSummarySchema);

export const applicationCreateBody = z.object({ candidateId: z.uuid(), roleId: z.uuid() });

export const stageMoveBody = z.object({
  stageId: z.uuid(),
  note: noteSchema,
  undo: z
    .boolean()
    .optional()
    .describe(
      "true when this move takes back the previous one (the board's Undo): audited as application.stage_move_undone, and the candidate is not emailed",
    ),
});

export const rejectionBody = z.object({
  reason: z.enum(rejectionReasons),
  note: noteSchema,
  email: emailDraftChangesBody
    .extend({
      sendAt: dateTimeSchema
        .optional()
        .describe("Send it then (in the future) rather than at once; cancellable until sent"),
    })
    .optional()
    .describe(
      "The rejection email to the candidate (start from GET /applications/{applicationId}/rejection-email); left out, the candidate is not emailed",
    ),
});

/** The whole body may be left out: a withdrawal needs no note. */
export const withdrawalBody = z.object({ note: noteSchema }).default({});

export type StageRef = z.infer<typeof stageRefSchema>;
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;
/** An application with every stage move and status change (oldest first) and its role's plan. */
export type ApplicationDetail = z.infer<typeof applicationSchema>;
export type ApplicationPage = z.infer<typeof applicationPage>;
export type CandidateView = z.infer<typeof candidateSchema>;
export type CandidateDetail = z.infer<typeof candidateDetailSchema>;
export type CandidatePage = z.infer<typeof candidatePage>;
export type ResumeView = z.infer<typeof resumeSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;

declare module "../../platform/errors.ts" {
  interface ProblemExtensions {
    /** An all-or-nothing import that imported nothing: the report naming every bad row. */
    report?: ImportReport;
    /** A second application to the same role: the one that exists, for API clients to reopen. */
    existingApplicationId?: string;
  }
}

export const duplicateApplicationSchema = problemSchema
  .extend({ existingApplicationId: z.uuid().optional() })
  .meta({ id: "DuplicateApplicationProblem" });

export const pipelineSignalSchema = z
  .object({
    applicationId: z.uuid(),
    latestStageScore: z
      .object({ stageName: z.string(), score: z.number(), raters: z.number().int() })
      .nullable()
      .describe("Mean of the latest scorecards of the stage most recently rated; null if none or hidden"),
    scoreHidden: z
      .boolean()
      .describe("The caller interviews this candidate and has not filed yet, so scores stay hidden"),
    challenge: z
      .object({
        status: z.enum(["queued", "grading", "graded", "failed"]),
        score: z.number().int().nullable(),
        maxScore: z.number().int().nullable(),
      })
      .nullable()
      .describe("The latest challenge Submit"),
    nextInterview: z.object({ id: z.uuid(), scheduledAt: z.string(), stageName: z.string() }).nullable(),
  })
  .meta({ id: "PipelineSignal" });

export const pipelineRoleParams = z.object({ roleId: uuidParam });
export const pipelineSignalList = listResponse(pipelineSignalSchema);
export type PipelineSignal = z.infer<typeof pipelineSignalSchema>;
