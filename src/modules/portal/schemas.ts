import { z } from "zod";
import { emailSchema, textSchema } from "../../server/schemas.ts";
import { recommendations } from "../interviews/interviews-table.ts";
import { stageTypes } from "../plans/plans-table.ts";
import { workModels } from "../roles/roles-table.ts";

const preferNotToSay = "prefer_not_to_say";

/**
 * Voluntary self-identification. Every question is optional and offers "prefer_not_to_say";
 * answers are categories only (no free text), so they can be reported in aggregates. Stored
 * under these keys in candidate_demographics.answers.
 */
export const demographicAnswersSchema = z
  .strictObject({
    gender: z.enum(["woman", "man", "non_binary", "another_gender", preferNotToSay]).optional(),
    raceEthnicity: z
      .enum([
        "hispanic_or_latino",
        "white",
        "black_or_african_american",
        "asian",
        "native_hawaiian_or_pacific_islander",
        "american_indian_or_alaska_native",
        "two_or_more",
        preferNotToSay,
      ])
      .optional()
      .describe("The EEO-1 categories used by adverse-impact audits (e.g. NYC Local Law 144)"),
    ageBand: z
      .enum(["under_30", "30_to_39", "40_to_49", "50_to_59", "60_or_over", preferNotToSay])
      .optional()
      .describe("Bands split at 40, the age-discrimination threshold"),
    disability: z.enum(["yes", "no", preferNotToSay]).optional(),
    veteran: z.enum(["yes", "no", preferNotToSay]).optional(),
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

export type PortalApplication = z.infer<typeof portalApplicationSchema>;
export type PortalInterview = PortalApplication["upcomingInterviews"][number];
export type PortalFeedback = NonNullable<PortalApplication["feedback"]>;
/** The portal as the services describe it; the route adds the session's CSRF token. */
export type PortalView = Omit<z.infer<typeof portalViewSchema>, "csrfToken">;
export type PortalInvitation = z.infer<typeof portalInvitationSchema>;
