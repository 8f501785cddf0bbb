import { z } from "zod";
import { emailSchema, textSchema } from "../../server/schemas.ts";
import { recommendations } from "../interviews/interviews-table.ts";
import { stageTypes } from "../plans/plans-table.ts";
import { workModels } from "../roles/roles-table.ts";
import { DEMOGRAPHIC_PRESETS, DEMOGRAPHIC_QUESTION_KEYS, demographicValues } from "./demographic-presets.ts";

/**
 * Voluntary self-identification. Every question is optional and offers "prefer_not_to_say";
 * answers are categories only (no free text), so they can be reported in aggregates. Stored
 * under these keys in candidate_demographics.answers. The values are every preset's
 * (demographic-presets.ts); saving also checks the organisation's own preset asks the question.
 */
export const demographicAnswersSchema = z
  .strictObject({
    gender: z.enum(demographicValues("gender")).optional(),
    raceEthnicity: z
      .enum(demographicValues("raceEthnicity"))
      .optional()
      .describe("The US EEO-1 categories (NYC Local Law 144 audits) or the UK census's ethnic groups"),
    ageBand: z
      .enum(demographicValues("ageBand"))
      .optional()
      .describe("Bands split at 40, the age-discrimination threshold"),
    disability: z.enum(demographicValues("disability")).optional(),
    veteran: z.enum(demographicValues("veteran")).optional(),
  })
  .meta({ id: "DemographicAnswers" });

export type DemographicAnswers = z.infer<typeof demographicAnswersSchema>;

export const portalInterviewSchema = z.object({
  id: z.uuid(),
  hasPad: z
    .boolean()
    .describe("Pair programming and system design: the candidate joins the live pad from here"),
  scheduledAt: z.string(),
  durationMinutes: z.number().int(),
  mode: z.enum(["onsite", "remote"]),
  room: z.string().nullable(),
  videoLink: z.string().nullable(),
  stageName: z.string(),
});

export const portalApplicationSchema = z
  .object({
    id: z.uuid(),
    roleTitle: z.string(),
    workModel: z.enum(workModels).nullable(),
    status: z.enum(["active", "rejected", "withdrawn", "hired"]),
    currentStage: z.object({ name: z.string(), type: z.enum(stageTypes) }).nullable(),
    stageHistory: z.array(z.object({ stageName: z.string(), enteredAt: z.string() })),
    upcomingInterviews: z.array(portalInterviewSchema),
    // Shared only when the organisation turned feedback sharing on: stage means and a vote count.
    feedback: z
      .object({
        stages: z.array(
          z.object({
            stageName: z.string(),
            score: z.number().describe("Mean of the stage's scorecards, 1–4"),
            raters: z.number().int(),
          }),
        ),
        recommendations: z.record(z.enum(recommendations), z.number().int()),
      })
      .nullable()
      .describe("Only when the organisation shares feedback with candidates; otherwise null"),
  })
  .meta({ id: "PortalApplication" });

export const portalViewSchema = z
  .object({
    fullName: z.string().nullable(),
    email: z.string(),
    organization: z.object({ name: z.string(), slug: z.string() }),
    feedbackShared: z.boolean(),
    applications: z.array(portalApplicationSchema),
    csrfToken: z
      .string()
      .describe("Send as X-CSRF-Token on every unsafe portal request made with the candidate cookie"),
  })
  .meta({ id: "CandidatePortal" });

export const acceptedSchema = z.object({ detail: z.string() }).meta({ id: "MagicLinkRequested" });

export const portalInvitationSchema = z
  .object({
    candidateId: z.uuid(),
    to: z.string().describe("The address the invitation was sent to"),
    expiresAt: z.string(),
    email: z.object({
      id: z.uuid(),
      status: z.enum(["sent", "failed"]),
      error: z.string().nullable(),
    }),
  })
  .meta({ id: "PortalInvitation" });

export const magicLinkBody = z.object({
  email: emailSchema,
  organization: textSchema
    .min(1)
    .max(48)
    .optional()
    .describe(
      "An organisation's slug, from the link in one of its emails: only that organisation sends a link. Without it, every organisation that knows the address does.",
    ),
});

export const portalSessionBody = z.object({ token: textSchema.min(1).max(200) });

export const demographicsResponse = z.object({ answers: demographicAnswersSchema });

export const demographicPresetSchema = z.enum(DEMOGRAPHIC_PRESETS).meta({ id: "DemographicPreset" });

/** The questions the candidate's organisation asks, in its order, with their choices. */
export const demographicQuestionsResponse = z
  .object({
    preset: demographicPresetSchema,
    questions: z.array(
      z.object({
        key: z.enum(DEMOGRAPHIC_QUESTION_KEYS),
        label: z.string(),
        options: z.array(z.object({ value: z.string(), label: z.string() })),
      }),
    ),
  })
  .meta({ id: "DemographicQuestions" });

export type DemographicQuestions = z.infer<typeof demographicQuestionsResponse>;

export type PortalApplication = z.infer<typeof portalApplicationSchema>;
export type PortalInterview = PortalApplication["upcomingInterviews"][number];
export type PortalFeedback = NonNullable<PortalApplication["feedback"]>;
/** The portal as the services describe it; the route adds the session's CSRF token. */
export type PortalView = Omit<z.infer<typeof portalViewSchema>, "csrfToken">;
export type PortalInvitation = z.infer<typeof portalInvitationSchema>;
