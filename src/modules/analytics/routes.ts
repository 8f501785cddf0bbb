import multipart from "@fastify/multipart";
import { eq } from "drizzle-orm";
import type { MemberRole } from "../../platform/db/schema.ts";
import { organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, problemSchema } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import {
  adverseImpact,
  analyticsRead,
  calibration,
  funnel,
  stageValidity,
  workModelComparison,
} from "./analytics.ts";
import { HISTORY_FILE_NAMES, type HistoryFiles, importHistory, MAX_HISTORY_BYTES } from "./history-import.ts";
import {
  fileReview,
  listHireReviews,
  listReviewsOfHire,
  REVIEW_ANCHORS,
  reviewInputSchema,
} from "./post-hire-reviews.ts";
import { buildAuditReport, renderAuditReportHtml, renderPdf } from "./report.ts";
import {
  adverseImpactQuery,
  adverseImpactSchema,
  auditReportHtmlResponse,
  auditReportPdfResponse,
  calibrationQuery,
  calibrationSchema,
  funnelQuery,
  funnelSchema,
  hireReviewStatusList,
  historyImportReportSchema,
  postHireReviewList,
  postHireReviewSchema,
  type ReportQuery,
  reportQuery,
  reviewAnchorsSchema,
  reviewApplicationParams,
  validityQuery,
  validitySchema,
  workModelsQuery,
  workModelsSchema,
} from "./schemas.ts";

/**
 * Who sees the analytics. Admins and hiring managers see everything; interviewers nothing (their
 * own calibration would bias how they rate). Recruiters run the pipeline, so they see the funnel,
 * but not the statistics that judge interviewers, stages or demographic groups.
 */
export const ANALYTICS_READERS: readonly MemberRole[] = ["admin", "hiring_manager"];
export const FUNNEL_READERS: readonly MemberRole[] = ["admin", "hiring_manager", "recruiter"];

function toUploadError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "FST_REQ_FILE_TOO_LARGE") {
    return new AppError(
      "payload_too_large",
      `The history files may hold at most ${MAX_HISTORY_BYTES / 1024 / 1024} MiB.`,
    );
  }
  if (code === "FST_INVALID_MULTIPART_CONTENT_TYPE") {
    return new AppError(
      "unsupported_media_type",
      "Send multipart/form-data with the files applications, stages and ratings (CSV).",
    );
  }
  if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
    return new AppError("bad_request", "Send exactly three files: applications, stages and ratings.");
  }
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : "it could not be read";
  return new AppError("bad_request", `The multipart body is malformed: ${reason}.`, { cause: error });
}

export function registerAnalyticsRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const readers = { access: staffAccess(ANALYTICS_READERS, { tokens: true }) };

  // Multipart parsing in this scope only, as for resumes.
  void app.register(async (uploads) => {
    await uploads.register(multipart, {
      limits: { files: 3, fileSize: MAX_HISTORY_BYTES, fields: 0, parts: 3 },
    });
    const scope = uploads as unknown as HttpApp;
    scope.post(
      "/api/v1/analytics/history",
      {
        config: { access: staffAccess(["admin"], { tokens: true }) },
        schema: {
          tags: ["analytics"],
          summary:
            "Replace the organisation's imported hiring history (admins): multipart files applications, stages and ratings (CSV, at most 100 MiB together). On any bad row nothing is stored and the answer is 422 with every row's problems",
          consumes: ["multipart/form-data"],
          response: {
            200: historyImportReportSchema,
            ...authErrorResponses,
            413: problemSchema,
            415: problemSchema,
            422: problemSchema.extend({ historyReport: historyImportReportSchema }),
          },
        },
      },
      async (request) => {
        const member = memberOf(request);
        const files: Partial<HistoryFiles> = {};
        let total = 0;
        try {
          for await (const part of request.files()) {
            const name = part.fieldname as keyof HistoryFiles;
            if (!HISTORY_FILE_NAMES.includes(name)) {
              throw new AppError(
                "bad_request",
                `Unknown file field "${part.fieldname.slice(0, 40)}"; send applications, stages and ratings.`,
              );
            }
            if (files[name] !== undefined)
              throw new AppError("bad_request", `The file ${name} was sent twice.`);
            const content = await part.toBuffer();
            total += content.length;
            if (total > MAX_HISTORY_BYTES)
              throw new AppError("payload_too_large", "The history files may hold at most 100 MiB together.");
            files[name] = content.toString("utf8");
          }
        } catch (error) {
          throw toUploadError(error);
        }
        const missing = HISTORY_FILE_NAMES.filter((name) => files[name] === undefined);
        if (missing.length > 0) {
          throw new AppError("bad_request", `Missing file(s): ${missing.join(", ")}.`, {
            fieldErrors: missing.map((name) => ({ path: name, message: "missing" })),
          });
        }
        const { committed, ...report } = await importHistory(
          services,
          member.actor,
          member.organizationId,
          files as HistoryFiles,
        );
        if (!committed) {
          const first = report.errors[0];
          throw new AppError(
            "unprocessable",
            `Nothing was imported: ${report.errorCount} problem(s), the first in ${first?.file}.csv row ${first?.row} (${first?.column} ${first?.message}).`,
            { extensions: { historyReport: report } },
          );
        }
        return report;
      },
    );
  });

  app.get(
    "/api/v1/analytics/validity",
    {
      config: readers,
      schema: {
        tags: ["analytics"],
        summary:
          "Stage validity (admins, hiring managers): per stage, Pearson r with its Fisher-z 95 % CI and p, Spearman rho, between the stage's mean rating and the 6-month outcome among hires",
        querystring: validityQuery,
        response: { 200: validitySchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { source, role, minN } = request.query;
      return analyticsRead(db, (tx) =>
        stageValidity(tx, { organizationId: memberOf(request).organizationId, source, role }, { minN }),
      );
    },
  );

  app.get(
    "/api/v1/analytics/adverse-impact",
    {
      config: readers,
      schema: {
        tags: ["analytics"],
        summary:
          "Adverse impact (admins, hiring managers): selection rates by group at a stage or at the hire decision, impact ratios (four-fifths rule) and Fisher's exact p",
        querystring: adverseImpactQuery,
        response: { 200: adverseImpactSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { source, role, category, stage, minGroupSize } = request.query;
      return analyticsRead(db, (tx) =>
        adverseImpact(
          tx,
          { organizationId: memberOf(request).organizationId, source, role },
          { category, stage, minGroupSize },
        ),
      );
    },
  );

  app.get(
    "/api/v1/analytics/calibration",
    {
      config: readers,
      schema: {
        tags: ["analytics"],
        summary:
          "Interviewer calibration at a stage (admins, hiring managers): each interviewer's leniency relative to co-raters, and the one-way ICCs",
        querystring: calibrationQuery,
        response: { 200: calibrationSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { source, role, stage, minN } = request.query;
      return analyticsRead(db, (tx) =>
        calibration(tx, { organizationId: memberOf(request).organizationId, source, role }, { stage, minN }),
      );
    },
  );

  app.get(
    "/api/v1/analytics/work-models",
    {
      config: readers,
      schema: {
        tags: ["analytics"],
        summary:
          "Hires compared by work model (admins, hiring managers): 6-month outcome (Welch) or 12-month retention (Fisher), Holm-adjusted; observational",
        querystring: workModelsQuery,
        response: { 200: workModelsSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { source, role, outcome, minGroupSize } = request.query;
      return analyticsRead(db, (tx) =>
        workModelComparison(
          tx,
          { organizationId: memberOf(request).organizationId, source, role },
          { outcome, minGroupSize },
        ),
      );
    },
  );

  app.get(
    "/api/v1/analytics/funnel",
    {
      config: { access: staffAccess(FUNNEL_READERS, { tokens: true }) },
      schema: {
        tags: ["analytics"],
        summary:
          "The funnel (admins, hiring managers, recruiters): per stage reached, passed, pass rate and median days in stage",
        querystring: funnelQuery,
        response: { 200: funnelSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { source, role } = request.query;
      return analyticsRead(db, (tx) =>
        funnel(tx, { organizationId: memberOf(request).organizationId, source, role }),
      );
    },
  );

  const reviewers = { access: staffAccess(["admin", "hiring_manager"], { tokens: true }) };

  app.get(
    "/api/v1/post-hire-reviews",
    {
      config: reviewers,
      schema: {
        tags: ["analytics"],
        summary:
          "Hires with their 90-day, 6-month and 12-month review schedule: every hire for admins, the hires a hiring manager recorded",
        response: { 200: hireReviewStatusList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return {
        items: await listHireReviews(services, member.organizationId, {
          userId: member.userId,
          role: member.role,
        }),
      };
    },
  );

  app.get(
    "/api/v1/post-hire-reviews/anchors",
    {
      config: reviewers,
      schema: {
        tags: ["analytics"],
        summary: "What levels 1–4 of each review dimension mean",
        response: { 200: reviewAnchorsSchema, ...authErrorResponses },
      },
    },
    async () => REVIEW_ANCHORS,
  );

  app.get(
    "/api/v1/applications/:applicationId/post-hire-reviews",
    {
      config: reviewers,
      schema: {
        tags: ["analytics"],
        summary: "A hire's post-hire reviews (the hire's manager or an admin)",
        params: reviewApplicationParams,
        response: { 200: postHireReviewList, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return {
        items: await listReviewsOfHire(db, member.organizationId, request.params.applicationId, {
          userId: member.userId,
          role: member.role,
        }),
      };
    },
  );

  app.post(
    "/api/v1/applications/:applicationId/post-hire-reviews",
    {
      config: reviewers,
      schema: {
        tags: ["analytics"],
        summary:
          "File a post-hire review (the hire's manager or an admin), once per period and not before it is due: anchored 1–4 levels with evidence on the five dimensions, an overall 1–4, and at 12 months whether the hire is still employed",
        params: reviewApplicationParams,
        body: reviewInputSchema,
        response: { 201: postHireReviewSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const review = await fileReview(
        services,
        member.actor,
        member.organizationId,
        request.params.applicationId,
        { userId: member.userId, role: member.role },
        request.body,
      );
      return reply.code(201).send(review);
    },
  );

  async function auditReportHtml(request: { query: ReportQuery }, organizationId: string) {
    const { source, role, minGroupSize, minN } = request.query;
    const [organization] = await db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    const report = await analyticsRead(db, (tx) =>
      buildAuditReport(
        tx,
        { organizationId, source, role },
        { organizationName: organization?.name ?? "", now: deps.clock.now(), minGroupSize, minN },
      ),
    );
    return renderAuditReportHtml(report);
  }

  app.get(
    "/api/v1/analytics/report",
    {
      config: readers,
      schema: {
        tags: ["analytics"],
        summary:
          "The bias-audit report as an HTML page (admins, hiring managers): adverse impact by category at the hire decision and every stage, stage validity, interviewer calibration, with the data's date range and source",
        querystring: reportQuery,
        response: { 200: auditReportHtmlResponse, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const html = await auditReportHtml(request, memberOf(request).organizationId);
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "private, no-store")
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
        .send(html);
    },
  );

  app.get(
    "/api/v1/analytics/report.pdf",
    {
      config: readers,
      schema: {
        tags: ["analytics"],
        summary:
          "The bias-audit report as a PDF (admins, hiring managers), printed by Chromium from the HTML report",
        querystring: reportQuery,
        response: { 200: auditReportPdfResponse, ...authErrorResponses, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const pdf = await renderPdf(await auditReportHtml(request, memberOf(request).organizationId));
      return reply
        .type("application/pdf")
        .header("content-disposition", 'attachment; filename="bias-audit.pdf"')
        .header("cache-control", "private, no-store")
        .send(pdf);
    },
  );
}
