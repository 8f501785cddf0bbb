import multipart from "@fastify/multipart";
import { AppError } from "../../platform/errors.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, isStorableText, problemSchema } from "../../server/schemas.ts";
import { EVERY_MEMBER_ROLE, memberOf, staffAccess } from "../auth/access.ts";
import { attachmentDisposition } from "../files/files.ts";
import { WHITEBOARD_EXPORT_MAX_BYTES } from "../files/whiteboard-images.ts";
import {
  interviewParams,
  whiteboardExportDownloadResponse,
  whiteboardExportList,
  whiteboardExportParams,
  whiteboardExportSchema,
} from "./schemas.ts";
import { attachWhiteboardExport, listWhiteboardExports, readWhiteboardExport } from "./whiteboard-exports.ts";

/** An SVG opened directly from the download link can draw, and nothing else. */
const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/** Maps @fastify/multipart's failures to clear problems: size 413, not multipart 415, else 400. */
function toUploadError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "FST_REQ_FILE_TOO_LARGE") {
    return new AppError(
      "payload_too_large",
      `A whiteboard export may be at most ${WHITEBOARD_EXPORT_MAX_BYTES / 1024 / 1024} MiB.`,
    );
  }
  if (code === "FST_INVALID_MULTIPART_CONTENT_TYPE") {
    return new AppError(
      "unsupported_media_type",
      "Send the export as multipart/form-data with one file field (PNG or SVG).",
    );
  }
  if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
    return new AppError("bad_request", "Send exactly one file, the whiteboard export.");
  }
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : "it could not be read";
  return new AppError("bad_request", `The multipart body is malformed: ${reason}.`, { cause: error });
}

/**
 * Whiteboard exports of a system-design pad attached to its interview. Whoever may see the
 * interview (its interviewers and the hiring team) may attach, list and download them.
 */
export function registerWhiteboardExportRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };

  app.get(
    "/api/v1/interviews/:interviewId/whiteboard-exports",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["interviews"],
        summary: "Whiteboard exports attached to the interview, newest first (name, kind, size, who, when)",
        params: interviewParams,
        response: { 200: whiteboardExportList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const items = await listWhiteboardExports(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.interviewId,
      );
      return { items };
    },
  );

  app.get(
    "/api/v1/interviews/:interviewId/whiteboard-exports/:fileId",
    {
      config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
      schema: {
        tags: ["interviews"],
        summary: "Download a whiteboard export (as an attachment; an SVG under a CSP that runs nothing)",
        params: whiteboardExportParams,
        response: { 200: whiteboardExportDownloadResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const file = await readWhiteboardExport(
        db,
        member.organizationId,
        { userId: member.userId, role: member.role },
        request.params.interviewId,
        request.params.fileId,
      );
      reply
        .type(file.contentType)
        .header("content-disposition", attachmentDisposition(file.filename))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store");
      if (file.kind === "svg") reply.header("content-security-policy", SVG_CONTENT_SECURITY_POLICY);
      return reply.send(file.content);
    },
  );

  // Multipart parsing exists only in this scope, as for resumes.
  void app.register(async (uploads) => {
    await uploads.register(multipart, {
      limits: { files: 1, fileSize: WHITEBOARD_EXPORT_MAX_BYTES, fields: 2, parts: 3 },
    });
    const scope = uploads as unknown as HttpApp;
    scope.post(
      "/api/v1/interviews/:interviewId/whiteboard-exports",
      {
        config: { access: staffAccess(EVERY_MEMBER_ROLE, { tokens: true }) },
        schema: {
          tags: ["interviews"],
          summary:
            "Attach a whiteboard export as multipart/form-data, one file field: PNG or SVG (checked by content; SVGs that could run code are refused), at most 5 MiB",
          consumes: ["multipart/form-data"],
          params: interviewParams,
          response: {
            201: whiteboardExportSchema,
            ...authErrorResponses,
            409: problemSchema,
            413: problemSchema,
            415: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const member = memberOf(request);
        let file: { filename: string; content: Buffer } | null = null;
        try {
          const part = await request.file();
          // A name that cannot be stored falls back to "whiteboard.png"/".svg": the drawing matters, not its name.
          if (part) {
            const content = await part.toBuffer();
            // toBuffer does not always throw when the limit cuts the last chunk: a cut file is too large.
            if (part.file.truncated)
              throw Object.assign(new Error("too large"), { code: "FST_REQ_FILE_TOO_LARGE" });
            file = { filename: isStorableText(part.filename) ? part.filename : "", content };
          }
        } catch (error) {
          throw toUploadError(error);
        }
        if (!file) {
          throw new AppError("bad_request", "Attach the export as a file field of the multipart form.", {
            fieldErrors: [{ path: "file", message: "missing" }],
          });
        }
        const stored = await attachWhiteboardExport(
          services,
          member.actor,
          member.organizationId,
          { userId: member.userId, role: member.role },
          request.params.interviewId,
          file,
        );
        return reply.code(201).send(stored);
      },
    );
  });
}
