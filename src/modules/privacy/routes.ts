import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { candidateDataHoldings } from "../contracts.ts";
import { eraseCandidate } from "./erase.ts";
import { exportCandidateData, readCandidateFile } from "./export.ts";
import {
  candidateExportSchema,
  candidateFileDownloadResponse,
  candidateFileParams,
  candidateParams,
  erasureBody,
  erasureSchema,
  privacySettingsChangesBody,
  privacySettingsSchema,
} from "./schemas.ts";
import { getPrivacySettings, updatePrivacySettings } from "./settings.ts";

/** A download name without quotes, slashes or control characters, for the Content-Disposition header. */
const safeDownloadName = (name: string) => name.replace(/[^\w.\- ]+/g, "_").slice(0, 120) || "file";

export function registerPrivacyRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/candidates/:candidateId/export",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["privacy"],
        summary: "Everything held about a candidate, as JSON, for a subject access request (admins)",
        params: candidateParams,
        response: { 200: candidateExportSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const admin = memberOf(request);
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
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["privacy"],
        summary: "Download one of the candidate's files listed in their export (admins)",
        params: candidateFileParams,
        response: { 200: candidateFileDownloadResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const admin = memberOf(request);
      const file = await readCandidateFile(
        db,
        admin.organizationId,
        request.params.candidateId,
        request.params.fileId,
      );
      // Always an attachment: an uploaded file must never render as a page of this origin.
      return (
        reply
          .header("content-disposition", `attachment; filename="${safeDownloadName(file.filename)}"`)
          .header("cache-control", "no-store")
          // A whiteboard export can be an SVG: opened anyway, it may draw but never run anything.
          .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
          .type(file.contentType || "application/octet-stream")
          .send(file.content)
      );
    },
  );

  app.post(
    "/api/v1/candidates/:candidateId/erase",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["privacy"],
        summary:
          "Erase a candidate's personal data everywhere, keeping anonymous ratings and scores (admins). Irreversible.",
        params: candidateParams,
        body: erasureBody,
        response: { 200: erasureSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
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
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["privacy"],
        summary: "The organisation's privacy settings (admins)",
        response: { 200: privacySettingsSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return getPrivacySettings(db, admin.organizationId);
    },
  );

  app.patch(
    "/api/v1/settings/privacy",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["privacy"],
        summary: "Change feedback sharing or the candidate retention period (admins)",
        body: privacySettingsChangesBody,
        response: { 200: privacySettingsSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return updatePrivacySettings(services, admin.actor, admin.organizationId, request.body);
    },
  );
}
