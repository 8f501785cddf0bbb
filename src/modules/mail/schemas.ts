import { z } from "zod";
import { dateTimeSchema, pageResponse, textSchema, uuidParam } from "../../server/schemas.ts";
import { emailDraftPurposes, emailDraftStatuses, emailTemplates } from "./mail-table.ts";
import { customizableTemplates } from "./template-wording.ts";

export const outboxEmailSchema = z
  .object({
    id: z.uuid(),
    template: z.enum(emailTemplates),
    to: z.string(),
    subject: z.string(),
    candidateId: z.uuid().nullable(),
    transport: z.enum(["smtp", "file"]),
    status: z.enum(["sent", "failed"]),
    error: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "OutboxEmail" });

export const outboxEmailDetailSchema = outboxEmailSchema
  .extend({
    bodyText: z.string().describe("The plain-text body as sent, with sign-in tokens redacted"),
    fileName: z.string().nullable().describe("The .eml file in the data directory's outbox (file transport)"),
  })
  .meta({ id: "OutboxEmailDetail" });

export const outboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: uuidParam.optional().describe("nextCursor of the previous page"),
});

export const outboxPage = pageResponse(outboxEmailSchema);

export const outboxEmailParams = z.object({ emailId: uuidParam });

export type OutboxEmailView = z.infer<typeof outboxEmailSchema>;
export type OutboxEmailDetail = z.infer<typeof outboxEmailDetailSchema>;
export type OutboxPage = z.infer<typeof outboxPage>;

export const emailTemplateParams = z.object({
  template: z.enum(customizableTemplates).describe("Which candidate-facing email"),
});

export const templateVariableSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    sample: z.string().describe("The value the preview uses when none is given"),
    isRequired: z.boolean().describe("A link the email exists to deliver; the wording must keep it"),
  })
  .meta({ id: "EmailTemplateVariable" });

const wordingSubject = textSchema.trim().min(1).max(300);
const wordingBody = textSchema.max(20_000).refine((body) => body.trim().length > 0, "must not be empty");

export const emailTemplateSchema = z
  .object({
    template: z.enum(customizableTemplates),
    label: z.string(),
    description: z.string(),
    variables: z.array(templateVariableSchema),
    isCustomized: z.boolean().describe("The organisation words this email itself"),
    subject: z.string().describe("The wording in use: the organisation's, or the built-in one"),
    body: z.string(),
    defaultSubject: z.string(),
    defaultBody: z.string(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: "EmailTemplate" });

export const emailTemplateWordingBody = z.object({
  subject: wordingSubject.describe("One line; may hold {{variables}}"),
  body: wordingBody.describe("Plain text with {{variables}}; blank lines separate paragraphs"),
});

export const emailTemplatePreviewBody = z.object({
  subject: wordingSubject
    .optional()
    .describe("Wording to preview; the template's wording in use when left out"),
  body: wordingBody.optional(),
  values: z
    .record(z.string(), textSchema.max(2000))
    .optional()
    .describe("Values for some variables; the others use their samples"),
});

export const renderedEmailSchema = z
  .object({
    subject: z.string(),
    text: z.string(),
    html: z.string().describe("The HTML part, every value escaped"),
  })
  .meta({ id: "RenderedEmail" });

export const emailDraftSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    decisionId: z.uuid().nullable(),
    purpose: z.enum(emailDraftPurposes),
    to: z.string(),
    subject: z.string(),
    bodyText: z.string(),
    html: z.string().describe("The HTML part as it would be sent"),
    status: z
      .enum(emailDraftStatuses)
      .describe(
        "draft: waiting for the hiring team; scheduled: sent at sendAt unless cancelled; sending, sent, failed (may be sent again); cancelled: not sent",
      ),
    sendAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    outboundEmailId: z.uuid().nullable().describe("Its record in the outbox, once sent"),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "EmailDraft" });

export const emailDraftParams = z.object({ draftId: uuidParam });
export const applicationEmailParams = z.object({ applicationId: uuidParam });

export const emailDraftChangesBody = z.object({
  subject: textSchema.trim().min(1).max(300),
  bodyText: textSchema.max(20_000).refine((body) => body.trim().length > 0, "must not be empty"),
});

export const emailDraftScheduleBody = z.object({
  sendAt: dateTimeSchema.describe("When to send it; in the future, at most a year ahead"),
});

export const rejectionEmailPreview = z
  .object({ to: z.string(), subject: z.string(), bodyText: z.string(), html: z.string() })
  .meta({ id: "RejectionEmailPreview" });

export type EmailTemplateView = z.infer<typeof emailTemplateSchema>;
export type EmailDraftView = z.infer<typeof emailDraftSchema>;
export type RejectionEmailPreview = z.infer<typeof rejectionEmailPreview>;
