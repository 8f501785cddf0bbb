import { z } from "zod";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, textSchema, uuidParam } from "../../server/schemas.ts";
import { requireMember } from "../auth/guards.ts";
import { candidateDataHoldings } from "../contracts.ts";
import { eraseCandidate } from "./erase.ts";
import { exportCandidateData, readCandidateFile } from "./export.ts";
import { getPrivacySettings, RETENTION_DAYS_RANGE, updatePrivacySettings } from "./settings.ts";

const candidateParams = z.object({ candidateId: uuidParam });

const ratingSchema = z.object({ attributeId: z.string(), level: z.number().int(), evidence: z.string() });

const candidateExportSchema = z
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

const countsSchema = (keys: readonly string[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int()])) as Record<string, z.ZodNumber>);

const erasureSchema = z
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
    ]),
    redacted: countsSchema([
      "applicationEventNotes",
      "applicationEventReasons",
      "scorecardEvidence",
      "scorecardAmendmentReasons",
      "decisionOverrideReasons",
      "interviewPlaces",
    ]),
    outboxFilesNotDeleted: z
      .number()
      .int()
      .describe("Stored .eml copies that could not be deleted from the data directory's outbox"),
  })
  .meta({ id: "CandidateErasure" });

const privacySettingsFields = z.object({
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
const privacySettingsSchema = privacySettingsFields.meta({ id: "PrivacySettings" });

/** A download name without quotes, slashes or control characters, for the Content-Disposition header. */
const safeDownloadName = (name: string) => name.replace(/[^\w.\- ]+/g, "_").slice(0, 120) || "file";

export function registerPrivacyRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/candidates/:candidateId/export",
    {
      schema: {
        tags: ["privacy"],
        summary: "Everything held about a candidate, as JSON, for a subject access request (admins)",
        params: candidateParams,
        response: { 200: candidateExportSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const admin = await requireMember(db, request, ["admin"]);
      const data = await exportCandidateData(
        { ...services, baseUrl: deps.config.baseUrl, candidateData: candidateDataHoldings },
        admin.actor,
        admin.organizationId,
        request.params.candidateId,
      );
      reply.header(
        "content-disposition",
        `attachment; filename="candidate-${request.params.candidateId}.json"`,
      );
      reply.header("cache-control", "no-store");
      return data;
    },
  );

  app.get(
    "/api/v1/candidates/:candidateId/export/files/:fileId",
    {
      schema: {
        tags: ["privacy"],
        summary: "Download one of the candidate's files listed in their export (admins)",
        params: candidateParams.extend({ fileId: uuidParam }),
        response: { 200: z.any(), ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const admin = await requireMember(db, request, ["admin"]);
      const file = await readCandidateFile(
        db,
        admin.organizationId,
        request.params.candidateId,
        request.params.fileId,
      );
      // Always an attachment: an uploaded file must never render as a page of this origin.
      return reply
        .header("content-disposition", `attachment; filename="${safeDownloadName(file.filename)}"`)
        .header("cache-control", "no-store")
        .type(file.contentType || "application/octet-stream")
        .send(file.content);
    },
  );

  app.post(
    "/api/v1/candidates/:candidateId/erase",
    {
      schema: {
        tags: ["privacy"],
        summary:
          "Erase a candidate's personal data everywhere, keeping anonymous ratings and scores (admins). Irreversible.",
        params: candidateParams,
        body: z.object({ confirm: textSchema.describe("The candidate's id again, to confirm") }),
        response: { 200: erasureSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = await requireMember(db, request, ["admin"]);
      return eraseCandidate(
        { ...services, mailer: deps.mailer, candidateData: candidateDataHoldings },
        admin.actor,
        admin.organizationId,
        request.params.candidateId,
        request.body,
      );
    },
  );

  app.get(
    "/api/v1/settings/privacy",
    {
      schema: {
        tags: ["privacy"],
        summary: "The organisation's privacy settings (admins)",
        response: { 200: privacySettingsSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = await requireMember(db, request, ["admin"]);
      return getPrivacySettings(db, admin.organizationId);
    },
  );

  app.patch(
    "/api/v1/settings/privacy",
    {
      schema: {
        tags: ["privacy"],
        summary: "Change feedback sharing or the candidate retention period (admins)",
        body: privacySettingsFields
          .partial()
          .refine((body) => Object.keys(body).length > 0, "send at least one setting to change"),
        response: { 200: privacySettingsSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = await requireMember(db, request, ["admin"]);
      return updatePrivacySettings(services, admin.actor, admin.organizationId, request.body);
    },
  );
}
