import { z } from "zod";
import { textSchema, uuidParam } from "../../server/schemas.ts";
import { demographicPresetSchema } from "../portal/schemas.ts";
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
        // The hire record when the application ended in a hire (outcomes module).
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
    emailDrafts: z
      .array(
        z.object({
          id: z.uuid(),
          applicationId: z.uuid(),
          purpose: z.string(),
          to: z.string(),
          subject: z.string(),
          bodyText: z.string(),
          status: z.string(),
          sendAt: z.string().nullable(),
          sentAt: z.string().nullable(),
          createdAt: z.string(),
        }),
      )
      .describe("Decision and rejection emails the hiring team drafted to the candidate, sent or not"),
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

/** An object of whole-number counts under these keys (typed by name, so the counts' type lists them). */
export const countsSchema = <const Key extends string>(keys: readonly Key[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int()])) as Record<Key, z.ZodNumber>);

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
      // Challenge submissions and drafts whose code was removed (their scores stay).
      "challengeCode",
      // Hire records (outcomes): the link between the person and the team they joined.
      "hires",
      // Unfiled scorecard drafts (interviews/scorecard-drafts.ts).
      "scorecardDrafts",
      // Async exercise drafts, submitted versions and questions whose text was removed.
      "exerciseWork",
      // Live-interview pads whose content, update log, snapshots and markers were removed.
      "pads",
      // Decision and rejection emails drafted to the candidate (mail/email-drafts.ts).
      "emailDrafts",
    ]),
    redacted: countsSchema([
      "applicationEventNotes",
      "applicationEventReasons",
      "scorecardEvidence",
      "scorecardAmendmentReasons",
      "decisionOverrideReasons",
      "interviewPlaces",
      // Post-hire reviews whose evidence notes were cleared.
      "postHireReviewEvidence",
      // Async exercise ratings whose evidence notes named the candidate.
      "exerciseReviewEvidence",
      // Trial-day session titles and observation evidence notes that named the candidate.
      "trialDaySessionTitles",
      "trialDayObservationEvidence",
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
  demographicPreset: demographicPresetSchema.describe(
    "The voluntary self-identification questions candidates are offered: minimal (gender), uk_eu or us_eeo",
  ),
});

export const privacySettingsSchema = privacySettingsFields.meta({ id: "PrivacySettings" });

export const candidateFileParams = candidateParams.extend({ fileId: uuidParam });

/** The file's own bytes, sent with its content type. */
export const candidateFileDownloadResponse = z.any();

export const erasureBody = z.object({ confirm: textSchema.describe("The candidate's id again, to confirm") });

/** A PATCH changes only the settings it names, and must name one. */
export const privacySettingsChangesBody = privacySettingsFields
  .partial()
  .refine((body) => Object.keys(body).length > 0, "send at least one setting to change");

export type CandidateExport = z.infer<typeof candidateExportSchema>;
export type ApplicationExport = CandidateExport["applications"][number];

export type CandidateErasure = z.infer<typeof erasureSchema>;
/** What erasure removed and redacted; each module's holding adds its part. */
export type ErasureCounts = Pick<CandidateErasure, "removed" | "redacted">;
/** The erasure as committed, before the outbox files are deleted. */
export type ErasureSummary = Omit<CandidateErasure, "outboxFilesNotDeleted">;

export type PrivacySettings = z.infer<typeof privacySettingsSchema>;
