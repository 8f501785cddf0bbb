import { z } from "zod";
import { dateTimeSchema, listResponse, textSchema, uuidParam } from "../../server/schemas.ts";
import { kitContentResponseSchema } from "../kits/schemas.ts";
import { stageTypes } from "../plans/plans-table.ts";
import { interviewModes, interviewStatuses, recommendations } from "./interviews-table.ts";

/**
 * What an interview response says about the candidate. In blind review (EVIDENCE.md: control
 * ancillary information) only the pseudonym is filled in: no name, email, location or links,
 * and never phone, resume, photo, school or demographic data, which no interview response carries.
 */
export const interviewCandidateSchema = z
  .object({
    pseudonym: z.string().describe('A stable label such as "Candidate 4F2A"'),
    isRedacted: z.boolean(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    location: z.string().nullable(),
    links: z.array(z.string()),
  })
  .meta({ id: "InterviewCandidate" });

export const interviewSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    candidate: interviewCandidateSchema,
    role: z.object({ id: z.uuid(), title: z.string() }),
    stage: z.object({ id: z.uuid(), name: z.string(), type: z.enum(stageTypes), isBlind: z.boolean() }),
    kitVersion: z
      .object({ id: z.uuid(), slug: z.string(), version: z.number().int(), title: z.string() })
      .nullable(),
    scheduledAt: z.string(),
    durationMinutes: z.number().int(),
    mode: z.enum(interviewModes),
    room: z.string().nullable(),
    videoLink: z.string().nullable(),
    status: z.enum(interviewStatuses),
    interviewers: z.array(
      z.object({ id: z.uuid(), name: z.string(), email: z.string(), hasSubmitted: z.boolean() }),
    ),
    isParticipant: z.boolean().describe("Whether the caller is one of the interviewers"),
    hasSubmitted: z.boolean().describe("Whether the caller has filed their scorecard"),
    createdAt: z.string(),
  })
  .meta({ id: "Interview" });

export const interviewKitSchema = kitContentResponseSchema;

export const interviewDetailSchema = interviewSchema
  .extend({
    // The frozen kit version's content: questions, probes, anchored rubric, candidate-questions segment.
    kit: interviewKitSchema.nullable(),
    // The caller's own latest scorecard for this interview, if filed.
    myScorecard: z.object({ id: z.uuid(), version: z.number().int() }).nullable(),
  })
  .meta({ id: "InterviewDetail" });

export const scorecardSchema = z
  .object({
    id: z.uuid(),
    interviewId: z.uuid(),
    interviewStatus: z.enum(interviewStatuses),
    applicationId: z.uuid(),
    stage: z.object({ id: z.uuid(), name: z.string() }),
    interviewer: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    version: z.number().int(),
    ratings: z.array(
      z.object({
        attributeId: z.string(),
        attributeName: z.string(),
        level: z.number().int(),
        evidence: z.string(),
      }),
    ),
    score: z.number().describe("Mean rating level, 1–4"),
    recommendation: z.enum(recommendations),
    amendsId: z.uuid().nullable(),
    amendmentReason: z.string().nullable(),
    submittedAt: z.string(),
  })
  .meta({ id: "Scorecard" });

export const scorecardWithHistorySchema = scorecardSchema
  .extend({ history: z.array(scorecardSchema).describe("Earlier versions, newest first") })
  .meta({ id: "ScorecardWithHistory" });

/** The fields of a filed scorecard, shared by the first filing and each amendment. */
const ratingsBody = {
  ratings: z
    .array(
      z.object({
        attributeId: textSchema.min(1).max(100),
        level: z.number().int().min(1).max(4),
        evidence: textSchema.max(5000).describe("What the candidate did or said; at least 10 characters"),
      }),
    )
    .max(50)
    .describe("One rating per attribute of the interview's rubric"),
  recommendation: z.enum(recommendations),
};

export const interviewParams = z.object({ interviewId: uuidParam });
export const scorecardParams = z.object({ scorecardId: uuidParam });
export const scorecardList = listResponse(scorecardWithHistorySchema);

export const scorecardBody = z.object(ratingsBody);

export const scorecardAmendmentBody = z.object({
  ...ratingsBody,
  reason: textSchema.max(2000).describe("Why the scorecard changes; at least 10 characters"),
});

export const scheduleInterviewBody = z.object({
  applicationId: uuidParam,
  stageId: uuidParam,
  scheduledAt: dateTimeSchema,
  durationMinutes: z.number().int().min(5).max(600),
  interviewerIds: z.array(uuidParam).min(1).max(10),
  mode: z.enum(interviewModes),
  room: textSchema.max(200).nullish().describe("Required onsite"),
  videoLink: textSchema.max(2000).nullish().describe("Required remote: an https:// link"),
});

export const interviewListQuery = z.object({
  mine: z.enum(["true", "false"]).optional(),
  from: dateTimeSchema.optional().describe("Scheduled at or after"),
  to: dateTimeSchema.optional().describe("Scheduled before"),
  applicationId: uuidParam.optional(),
  roleId: uuidParam.optional(),
  interviewerId: uuidParam.optional().describe("Interviews this member takes part in"),
  status: z.enum(interviewStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const rescheduleInterviewBody = z.object({
  scheduledAt: dateTimeSchema,
  durationMinutes: z.number().int().min(5).max(600).optional(),
  mode: z.enum(interviewModes).optional(),
  room: textSchema.max(200).nullish().describe("Required onsite"),
  videoLink: textSchema.max(2000).nullish().describe("Required remote: an https:// link"),
});

export const interviewListResponse = listResponse(interviewSchema);

export type InterviewView = z.infer<typeof interviewSchema>;
export type InterviewDetailView = z.infer<typeof interviewDetailSchema>;
export type ScorecardView = z.infer<typeof scorecardSchema>;
/** The latest version of one interviewer's scorecard for one interview, with the versions it superseded (newest first). */
export type ScorecardWithHistory = z.infer<typeof scorecardWithHistorySchema>;

export type CandidateSummary = z.infer<typeof interviewCandidateSchema>;

/**
 * An unfiled scorecard as the interviewer left it: any part may be missing or too short, since
 * the checks of a filed scorecard run only when it is filed. PUT replaces the whole body.
 * `privateNotes` is free text beside the ratings (live pads append here); it is never filed.
 */
export const scorecardDraftBody = z
  .object({
    ratings: z
      .array(
        z.object({
          attributeId: textSchema.min(1).max(100),
          level: z.number().int().min(1).max(4).nullable(),
          evidence: textSchema.max(5000),
        }),
      )
      .max(50)
      .default([]),
    recommendation: z.enum(recommendations).nullable().default(null),
    privateNotes: textSchema.max(20_000).default(""),
  })
  .meta({ id: "ScorecardDraftBody" });

export const scorecardDraftSchema = z
  .object({
    interviewId: z.uuid(),
    body: scorecardDraftBody.nullable().describe("null when the interviewer has no draft"),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: "ScorecardDraft" });

export type ScorecardDraftView = z.infer<typeof scorecardDraftSchema>;

export const whiteboardExportParams = z.object({ interviewId: uuidParam, fileId: uuidParam });

export const whiteboardExportSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    kind: z.enum(["png", "svg"]),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    uploadedBy: z.string().nullable().describe("The uploader's name (null when unknown)"),
    uploadedAt: z.string(),
  })
  .meta({ id: "WhiteboardExport" });
export type WhiteboardExportView = z.infer<typeof whiteboardExportSchema>;

export const whiteboardExportList = listResponse(whiteboardExportSchema);

export const whiteboardExportDownloadResponse = z
  .unknown()
  .describe("The image: image/png, or image/svg+xml served under a CSP that runs nothing");
