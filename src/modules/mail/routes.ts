import type { MemberRole } from "../../platform/db/schema.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { authErrorResponses, listResponse, problemSchema } from "../../server/schemas.ts";
import { memberOf, staffAccess } from "../auth/access.ts";
import { CANDIDATE_MANAGERS } from "../candidates/routes.ts";
import { DECISION_MAKERS } from "../decisions/routes.ts";
import { HIRING_TEAM_ROLES } from "../interviews/interviews.ts";
import {
  cancelEmailDraft,
  type DraftSender,
  listApplicationEmails,
  previewRejectionEmail,
  scheduleEmailDraft,
  sendEmailDraft,
  updateEmailDraft,
} from "./email-drafts.ts";
import {
  getEmailTemplate,
  listEmailTemplates,
  previewEmailTemplate,
  resetEmailTemplate,
  saveEmailTemplate,
} from "./email-templates.ts";
import { listOutbox, requireOutboxEmail } from "./mail.ts";
import {
  applicationEmailParams,
  emailDraftChangesBody,
  emailDraftParams,
  emailDraftScheduleBody,
  emailDraftSchema,
  emailTemplateParams,
  emailTemplatePreviewBody,
  emailTemplateSchema,
  emailTemplateWordingBody,
  outboxEmailDetailSchema,
  outboxEmailParams,
  outboxPage,
  outboxQuery,
  rejectionEmailPreview,
  renderedEmailSchema,
} from "./schemas.ts";

/** Who words the organisation's candidate emails. */
export const TEMPLATE_EDITORS: readonly MemberRole[] = ["admin", "recruiter"];

/** Who may reject an application, and so write and send its rejection email. */
const REJECTERS = CANDIDATE_MANAGERS;

export function registerMailRoutes(app: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const services = { db, clock: deps.clock };
  const mailDeps = { db, clock: deps.clock, mailer: deps.mailer };
  const senderOf = (member: ReturnType<typeof memberOf>): DraftSender => ({
    actor: member.actor,
    mayDecide: DECISION_MAKERS.includes(member.role),
  });

  app.get(
    "/api/v1/outbox",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary: "Emails Evident sent or failed to send for the organisation, newest first (admins)",
        querystring: outboxQuery,
        response: { 200: outboxPage, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return listOutbox(db, admin.organizationId, request.query);
    },
  );

  app.get(
    "/api/v1/outbox/:emailId",
    {
      config: { access: staffAccess(["admin"], { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary: "One email of the outbox with its text (admins)",
        params: outboxEmailParams,
        response: { 200: outboxEmailDetailSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const admin = memberOf(request);
      return requireOutboxEmail(db, admin.organizationId, request.params.emailId);
    },
  );

  app.get(
    "/api/v1/email-templates",
    {
      config: { access: staffAccess(TEMPLATE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "The candidate emails the organisation may word, with the wording in use (admins, recruiters)",
        response: { 200: listResponse(emailTemplateSchema), ...authErrorResponses },
      },
    },
    async (request) => ({ items: await listEmailTemplates(db, memberOf(request).organizationId) }),
  );

  app.get(
    "/api/v1/email-templates/:template",
    {
      config: { access: staffAccess(TEMPLATE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary: "One candidate email's wording, its built-in wording and its variables (admins, recruiters)",
        params: emailTemplateParams,
        response: { 200: emailTemplateSchema, ...authErrorResponses },
      },
    },
    async (request) => getEmailTemplate(db, memberOf(request).organizationId, request.params.template),
  );

  app.put(
    "/api/v1/email-templates/:template",
    {
      config: { access: staffAccess(TEMPLATE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "Word a candidate email for the organisation: subject and plain-text body with {{variables}} from its list (admins, recruiters)",
        params: emailTemplateParams,
        body: emailTemplateWordingBody,
        response: { 200: emailTemplateSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return saveEmailTemplate(
        services,
        member.actor,
        member.organizationId,
        request.params.template,
        request.body,
      );
    },
  );

  app.delete(
    "/api/v1/email-templates/:template",
    {
      config: { access: staffAccess(TEMPLATE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary: "Go back to the built-in wording of a candidate email (admins, recruiters)",
        params: emailTemplateParams,
        response: { 200: emailTemplateSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return resetEmailTemplate(services, member.actor, member.organizationId, request.params.template);
    },
  );

  app.post(
    "/api/v1/email-templates/:template/preview",
    {
      config: { access: staffAccess(TEMPLATE_EDITORS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "Render a candidate email as it would be sent: the given wording (or the one in use) with the given values or samples (admins, recruiters)",
        params: emailTemplateParams,
        body: emailTemplatePreviewBody,
        response: { 200: renderedEmailSchema, ...authErrorResponses },
      },
    },
    async (request) =>
      previewEmailTemplate(db, memberOf(request).organizationId, request.params.template, request.body),
  );

  app.get(
    "/api/v1/applications/:applicationId/emails",
    {
      config: { access: staffAccess(HIRING_TEAM_ROLES, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "The candidate emails drafted for an application (decision and rejection emails), newest first (admins, recruiters, hiring managers)",
        params: applicationEmailParams,
        response: { 200: listResponse(emailDraftSchema), ...authErrorResponses },
      },
    },
    async (request) => ({
      items: await listApplicationEmails(db, memberOf(request).organizationId, request.params.applicationId),
    }),
  );

  app.get(
    "/api/v1/applications/:applicationId/rejection-email",
    {
      config: { access: staffAccess(REJECTERS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "The rejection email for this application in the organisation's wording, to start the reject dialog from (admins, recruiters, hiring managers)",
        params: applicationEmailParams,
        response: { 200: rejectionEmailPreview, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) =>
      previewRejectionEmail(
        db,
        deps.config.baseUrl,
        memberOf(request).organizationId,
        request.params.applicationId,
      ),
  );

  app.patch(
    "/api/v1/email-drafts/:draftId",
    {
      config: { access: staffAccess(REJECTERS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "Edit the subject and text of a candidate email not yet sent (a decision's email: admins and hiring managers)",
        params: emailDraftParams,
        body: emailDraftChangesBody,
        response: { 200: emailDraftSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return updateEmailDraft(
        mailDeps,
        senderOf(member),
        member.organizationId,
        request.params.draftId,
        request.body,
      );
    },
  );

  app.post(
    "/api/v1/email-drafts/:draftId/send",
    {
      config: { access: staffAccess(REJECTERS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "Send a candidate email now; an email already sent is refused with 409 (a decision's email: admins and hiring managers)",
        params: emailDraftParams,
        response: { 200: emailDraftSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return sendEmailDraft(mailDeps, senderOf(member), member.organizationId, request.params.draftId);
    },
  );

  app.post(
    "/api/v1/email-drafts/:draftId/schedule",
    {
      config: { access: staffAccess(REJECTERS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "Schedule a candidate email for a time ahead; cancellable until sent (a decision's email: admins and hiring managers)",
        params: emailDraftParams,
        body: emailDraftScheduleBody,
        response: { 200: emailDraftSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return scheduleEmailDraft(
        mailDeps,
        senderOf(member),
        member.organizationId,
        request.params.draftId,
        request.body.sendAt,
      );
    },
  );

  app.post(
    "/api/v1/email-drafts/:draftId/cancel",
    {
      config: { access: staffAccess(REJECTERS, { tokens: true }) },
      schema: {
        tags: ["mail"],
        summary:
          "Don't send: cancel a drafted or scheduled candidate email (a decision's email: admins and hiring managers)",
        params: emailDraftParams,
        response: { 200: emailDraftSchema, ...authErrorResponses, 409: problemSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return cancelEmailDraft(mailDeps, senderOf(member), member.organizationId, request.params.draftId);
    },
  );
}
