import multipart from "@fastify/multipart";
import type { MemberRole } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { organizationScope } from "../../platform/scoped-cache.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import {
  authErrorResponses,
  isStorableText,
  problemSchema,
  UNSTORABLE_TEXT_MESSAGE,
} from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { attachmentDisposition, RESUME_MAX_BYTES } from "../files/files.ts";
import { cancelFutureInterviews } from "../interviews/interviews.ts";
import { checkScheduleTime, createRejectionEmail } from "../mail/email-drafts.ts";
import { sendInterviewEmails } from "../mail/interview-invites.ts";
import { sendStageInvitation } from "../portal/stage-invitations.ts";
import { applicationPageKey } from "./application-page-cache.ts";
import {
  changeApplicationStatus,
  createApplication,
  getApplication,
  listApplications,
  moveApplicationStage,
} from "./applications.ts";
import {
  createCandidate,
  downloadResume,
  getCandidate,
  listCandidates,
  updateCandidate,
  uploadResume,
} from "./candidates.ts";
import { importCandidates, MAX_IMPORT_BYTES } from "./csv-import.ts";
import { listPipelineSignals } from "./pipeline-signals.ts";
import {
  applicationCreateBody,
  applicationListQuery,
  applicationPage,
  applicationParams,
  applicationSchema,
  candidateChangesBody,
  candidateCreateBody,
  candidateDetailSchema,
  candidateImportBody,
  candidateListQuery,
  candidatePage,
  candidateParams,
  duplicateApplicationSchema,
  importRefusedSchema,
  importReportSchema,
  pipelineRoleParams,
  pipelineSignalList,
  rejectionBody,
  resumeDownloadResponse,
  resumeSchema,
  stageMoveBody,
  withdrawalBody,
} from "./schemas.ts";

/** Who may see and manage candidates and applications; interviewers see only their interviews. */
export const CANDIDATE_MANAGERS: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

// JSON escaping can double a CSV's size; the CSV itself is limited to MAX_IMPORT_BYTES by the service.
const IMPORT_BODY_LIMIT_BYTES = 3 * MAX_IMPORT_BYTES;

/**
 * Maps @fastify/multipart's failures to clear problems: size 413, not multipart 415, else 400.
 * Anything else thrown while reading the parts is busboy refusing the body (no boundary, a
 * truncated or malformed part), which is the client's mistake, not ours.
 */
function toUploadError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "FST_REQ_FILE_TOO_LARGE") {
    return new AppError(
      "payload_too_large",
      `A resume may be at most ${RESUME_MAX_BYTES / 1024 / 1024} MiB.`,
    );
  }
  if (code === "FST_INVALID_MULTIPART_CONTENT_TYPE") {
    return new AppError(
      "unsupported_media_type",
      "Send the resume as multipart/form-data with one file field (PDF, DOCX or plain text).",
    );
  }
  if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
    return new AppError("bad_request", "Send exactly one file, the resume.");
  }
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : "it could not be read";
  return new AppError("bad_request", `The multipart body is malformed: ${reason}.`, { cause: error });
}

export function registerCandidateRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const mailDeps = { ...services, mailer: deps.mailer, baseUrl: deps.config.baseUrl };

  /**
   * A rejected or withdrawn application has no interviews to come: they are cancelled and each
   * interviewer gets the calendar cancellation; the candidate gets it only after withdrawing (a
   * rejected candidate hears from the hiring team's own email). Mail failures never undo the change.
   */
  async function cancelInterviewsOfClosedApplication(
    member: ReturnType<typeof memberOf>,
    applicationId: string,
    reason: "rejected" | "withdrawn",
    log: { warn(object: unknown, message: string): void },
  ) {
    const cancelledIds = await cancelFutureInterviews(
      services,
      member.actor,
      member.organizationId,
      applicationId,
      reason,
    );
    for (const interviewId of cancelledIds) {
      await sendInterviewEmails(mailDeps, member.organizationId, interviewId, {
        kind: "cancelled",
        reason,
        notifyCandidate: reason === "withdrawn",
      }).catch((error: unknown) => log.warn({ err: error }, "interview cancellation emails failed"));
    }
  }

  app.get(
    "/api/v1/candidates",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["candidates"],
        summary: "Candidates newest first; query searches name and email, email finds one exactly (any case)",
        querystring: candidateListQuery,
        response: { 200: candidatePage, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return listCandidates(db, member.organizationId, request.query);
    },
  );

  app.post(
    "/api/v1/candidates",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["candidates"],
        summary:
          "Add a candidate (409 naming the existing candidate when the email is taken, ignoring case); with roleId they also apply, starting in the plan's first stage",
        body: candidateCreateBody,
        response: { 201: candidateDetailSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const candidate = await createCandidate(services, member.actor, member.organizationId, request.body);
      for (const application of candidate.applications) {
        await sendStageInvitation(mailDeps, member.actor, member.organizationId, application.id);
      }
      return reply.code(201).send(candidate);
    },
  );

  app.post(
    "/api/v1/candidates/import",
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }), checksOwnText: true },
      schema: {
        tags: ["candidates"],
        summary:
          "Import candidates from CSV text (header row: full_name or name, email, phone, location, links, source; at most 1 MiB and 5,000 rows). all_or_nothing imports nothing when a row is invalid and answers 422 with the report; valid_rows_only imports the valid rows. Duplicates are skipped and reported. dryRun validates only and always answers 200.",
        body: candidateImportBody,
        response: {
          200: importReportSchema,
          ...authErrorResponses,
          409: problemSchema,
          413: problemSchema,
          422: importRefusedSchema,
        },
      },
    },
    async (request, _reply) => {
      const member = memberOf(request);
      const { committed, ...report } = await importCandidates(
        services,
        member.actor,
        member.organizationId,
        request.body,
      );
      if (!committed && !report.dryRun) {
        const invalidRows = report.rows.filter((row) => row.status === "invalid");
        throw new AppError(
          "unprocessable",
          `Nothing was imported: ${invalidRows.length} row(s) are invalid (first: row ${invalidRows[0]?.row}). Fix them, or import with mode valid_rows_only.`,
          {
            fieldErrors: invalidRows.flatMap((row) =>
              row.errors.map((error) => ({ path: `row ${row.row}.${error.column}`, message: error.message })),
            ),
            extensions: { report },
          },
        );
      }
      return report;
    },
  );

  app.get(
    "/api/v1/candidates/:candidateId",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["candidates"],
        summary: "A candidate with their applications and resume details",
        params: candidateParams,
        response: { 200: candidateDetailSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getCandidate(db, member.organizationId, request.params.candidateId);
    },
  );

  app.patch(
    "/api/v1/candidates/:candidateId",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["candidates"],
        summary: "Change a candidate's details (email stays unique in the organisation, ignoring case)",
        params: candidateParams,
        body: candidateChangesBody,
        response: { 200: candidateDetailSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateCandidate(
        services,
        member.actor,
        member.organizationId,
        request.params.candidateId,
        request.body,
      );
    },
  );

  app.get(
    "/api/v1/candidates/:candidateId/resume",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["candidates"],
        summary: "Download the candidate's resume (as an attachment)",
        params: candidateParams,
        response: { 200: resumeDownloadResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const resume = await downloadResume(db, member.organizationId, request.params.candidateId);
      return reply
        .type(resume.contentType)
        .header("content-disposition", attachmentDisposition(resume.filename))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(resume.content);
    },
  );

  // Multipart parsing exists only in this scope: no other route accepts uploads.
  void app.register(async (uploads) => {
    await uploads.register(multipart, {
      limits: { files: 1, fileSize: RESUME_MAX_BYTES, fields: 2, parts: 3 },
    });
    const scope = uploads as unknown as HttpApp;
    scope.put(
      "/api/v1/candidates/:candidateId/resume",
      {
        config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
        schema: {
          tags: ["candidates"],
          summary:
            "Upload the resume as multipart/form-data, one file field: PDF, DOCX or plain text (checked by content), at most 5 MiB; replaces the previous one",
          consumes: ["multipart/form-data"],
          params: candidateParams,
          response: {
            200: resumeSchema,
            ...authErrorResponses,
            409: problemSchema,
            413: problemSchema,
            415: problemSchema,
          },
        },
      },
      async (request) => {
        const member = memberOf(request);
        let file: { filename: string; mimetype: string; content: Buffer } | null = null;
        try {
          const part = await request.file();
          if (part)
            file = { filename: part.filename, mimetype: part.mimetype, content: await part.toBuffer() };
        } catch (error) {
          throw toUploadError(error);
        }
        if (file && !isStorableText(file.filename)) {
          throw new AppError("bad_request", `The file name ${UNSTORABLE_TEXT_MESSAGE}.`, {
            fieldErrors: [{ path: "file.filename", message: UNSTORABLE_TEXT_MESSAGE }],
          });
        }
        if (!file) {
          throw new AppError("bad_request", "Attach the resume as a file field of the multipart form.", {
            fieldErrors: [{ path: "file", message: "missing" }],
          });
        }
        return uploadResume(services, member.actor, member.organizationId, request.params.candidateId, {
          filename: file.filename,
          declaredType: file.mimetype,
          content: file.content,
        });
      },
    );
  });

  app.get(
    "/api/v1/applications",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary:
          "Applications newest first, filtered by role, stage, status, the role's work model, candidate or a search of the candidate's name and email and the role's title (any case, accents ignored); cursor-paginated",
        querystring: applicationListQuery,
        response: { 200: applicationPage, ...authErrorResponses },
      },
      // The busiest response of the API: listApplications builds each item field by field from
      // typed columns, so the schema documents the shape and the handler sends the JSON text
      // (kept by the page cache) rather than zod checking every item again (bench/README.md).
    },
    async (request, reply) => {
      const member = memberOf(request);
      const pages = deps.caches?.applicationPages;
      const key = applicationPageKey(member.organizationId, request.query);
      let body = pages?.get(key);
      if (body === undefined) {
        const ticket = pages?.ticket() ?? 0;
        body = JSON.stringify(await listApplications(db, member.organizationId, request.query));
        pages?.set(key, body, [organizationScope(member.organizationId)], ticket);
      }
      // Fastify sends a string with a JSON content type as it is, without serialising it again;
      // the typed reply only knows the page's object shape, hence the cast.
      return reply.type("application/json; charset=utf-8").send(body as never);
    },
  );

  app.post(
    "/api/v1/applications",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary:
          "A candidate applies to a role, starting in its plan's first stage (409 if they already applied)",
        body: applicationCreateBody,
        response: { 201: applicationSchema, ...authErrorResponses, 409: duplicateApplicationSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const application = await createApplication(
        services,
        member.actor,
        member.organizationId,
        request.body,
      );
      // A plan may open with a candidate-facing stage (a challenge first): the candidate is told.
      await sendStageInvitation(mailDeps, member.actor, member.organizationId, application.id);
      return reply.code(201).send(application);
    },
  );

  app.get(
    "/api/v1/applications/:applicationId",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary: "An application with its full history and the stages of its role's plan",
        params: applicationParams,
        response: { 200: applicationSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return getApplication(db, member.organizationId, request.params.applicationId);
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/stage",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary: "Move an active application to any stage of its role's plan, forwards or back",
        params: applicationParams,
        body: stageMoveBody,
        response: { 200: applicationSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const application = await moveApplicationStage(
        services,
        member.actor,
        member.organizationId,
        request.params.applicationId,
        request.body,
      );
      // Entering a challenge, exercise or interview stage emails the candidate a link to it, once;
      // undoing a move only takes back a mistake, and tells the candidate nothing.
      if (!request.body.undo) {
        await sendStageInvitation(mailDeps, member.actor, member.organizationId, application.id);
      }
      return application;
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/reject",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary:
          "Reject an active application with a reason; with `email`, the candidate's rejection email is sent (or scheduled) too",
        params: applicationParams,
        body: rejectionBody,
        response: { 200: applicationSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { email, ...rejection } = request.body;
      // A time refused after the rejection committed would leave the email half done: check it first.
      if (email?.sendAt !== undefined) checkScheduleTime(email.sendAt, deps.clock.now(), "email.sendAt");
      const application = await changeApplicationStatus(
        services,
        member.actor,
        member.organizationId,
        request.params.applicationId,
        { kind: "rejected", ...rejection },
      );
      await cancelInterviewsOfClosedApplication(member, application.id, "rejected", request.log);
      if (email) {
        await createRejectionEmail(
          mailDeps,
          { actor: member.actor, mayDecide: false },
          member.organizationId,
          application.id,
          email,
        );
      }
      return application;
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/withdraw",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary: "Record that the candidate withdrew",
        params: applicationParams,
        body: withdrawalBody,
        response: { 200: applicationSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const application = await changeApplicationStatus(
        services,
        member.actor,
        member.organizationId,
        request.params.applicationId,
        {
          kind: "withdrawn",
          note: request.body.note,
        },
      );
      await cancelInterviewsOfClosedApplication(member, application.id, "withdrawn", request.log);
      return application;
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/reopen",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary: "Reopen a rejected or withdrawn application in the stage it left from",
        params: applicationParams,
        response: { 200: applicationSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return changeApplicationStatus(
        services,
        member.actor,
        member.organizationId,
        request.params.applicationId,
        {
          kind: "reopened",
        },
      );
    },
  );

  app.get(
    "/api/v1/roles/:roleId/pipeline-signals",
    {
      config: { access: staffAccess(CANDIDATE_MANAGERS, { tokens: true }) },
      schema: {
        tags: ["applications"],
        summary:
          "For each active application of the role, what its pipeline card shows: the latest stage score, the latest challenge Submit and the next interview",
        params: pipelineRoleParams,
        response: { 200: pipelineSignalList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const items = await listPipelineSignals(
        db,
        member.organizationId,
        member.userId,
        request.params.roleId,
        deps.clock.now(),
      );
      return { items };
    },
  );
}
