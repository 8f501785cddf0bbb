import { z } from "zod";
import { uuidParam } from "../../server/schemas.ts";
import { RETENTION_DAYS_RANGE } from "./settings.ts";

export const candidateParams = z.object({ candidateId: uuidParam });

export const ratingSchema = z.object({
  attributeId: z.string(),
  level: z.number().int(),
  evidence: z.string(),
});

export const candidateExportSchema = z
  .object({
    exportedAt: z.string(),
    candidate: z.object({
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
    }),
    applications: z.array(
      z.object({
        id: z.uuid(),
        role: z.object({ id: z.uuid(), title: z.string() }),
        status: z.string(),
        rejectionReason: z.string().nullable(),
        currentStage: z.string().nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
        history: z.array(
          z.object({
            kind: z.string(),
            fromStage: z.string().nullable(),
            toStage: z.string().nullable(),
            reason: z.string().nullable(),
            note: z.string().nullable(),
            at: z.string(),
          }),
        ),
        interviews: z.array(
          z.object({
            id: z.uuid(),
            stage: z.string(),
            scheduledAt: z.string(),
            durationMinutes: z.number().int(),
            mode: z.string(),
            room: z.string().nullable(),
            videoLink: z.string().nullable(),
            status: z.string(),
          }),
        ),
        scorecards: z.array(
          z.object({
            id: z.uuid(),
            stage: z.string(),
            version: z.number().int(),
            ratings: z.array(ratingSchema),
            score: z.number(),
            recommendation: z.string(),
            amendmentReason: z.string().nullable(),
            submittedAt: z.string(),
          }),
        ),
        decisions: z.array(
          z.object({
            id: z.uuid(),
            outcome: z.string(),
            formulaOutcome: z.string(),
            formulaScore: z.number().nullable(),
            threshold: z.number(),
            components: z.array(
              z.object({
                stageId: z.string(),
                stageName: z.string(),
                weight: z.number(),
                score: z.number().nullable(),
                raters: z.number().int(),
                requiredRaters: z.number().int(),
              }),
            ),
            overrideReason: z.string().nullable(),
            decidedAt: z.string(),
          }),
        ),
        hires: z.array(
          z.object({
            id: z.uuid(),
            team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
            workModel: z.string().nullable(),
            level: z.string().nullable(),
            startDate: z.string().nullable(),
            createdAt: z.string(),
          }),
        ),
      }),
    ),
    demographics: z.record(z.string(), z.string()).nullable(),
    emails: z.array(
      z.object({
        id: z.uuid(),
        template: z.string(),
        to: z.string(),
        subject: z.string(),
        bodyText: z.string(),
        status: z.string(),
        sentAt: z.string(),
      }),
    ),
    files: z.array(
      z.object({
        id: z.uuid(),
        purpose: z.string(),
        filename: z.string(),
        contentType: z.string(),
        sizeBytes: z.number().int(),
        uploadedAt: z.string(),
        downloadUrl: z.string().describe("Admins download the file here"),
      }),
    ),
  })
  .meta({ id: "CandidateExport" });

export const countsSchema = (keys: readonly string[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int()])) as Record<string, z.ZodNumber>);

export const erasureSchema = z
  .object({
    candidateId: z.uuid(),
    erasedAt: z.string(),
    removed: countsSchema([
      "files",
      "emails",
      "magicLinks",
      "portalSessions",
      "demographics",
      "challengeCode",
      "hires",
    ]),
    redacted: countsSchema([
      "applicationEventNotes",
      "applicationEventReasons",
      "scorecardEvidence",
      "scorecardAmendmentReasons",
      "decisionOverrideReasons",
      "interviewPlaces",
      "postHireReviewEvidence",
    ]),
    outboxFilesNotDeleted: z
      .number()
      .int()
      .describe("Stored .eml copies that could not be deleted from the data directory's outbox"),
  })
  .meta({ id: "CandidateErasure" });

export const privacySettingsFields = z.object({
  shareFeedbackWithCandidates: z
    .boolean()
    .describe("Candidates see per-stage scores and the recommendation count in the portal"),
  candidateRetentionDays: z
    .number()
    .int()
    .min(RETENTION_DAYS_RANGE.min)
    .max(RETENTION_DAYS_RANGE.max)
    .nullable()
    .describe("Erase candidates this many days after their last rejection or withdrawal; null keeps them"),
});

export const privacySettingsSchema = privacySettingsFields.meta({ id: "PrivacySettings" });
