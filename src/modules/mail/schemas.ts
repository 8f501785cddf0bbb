import { z } from "zod";
import { pageResponse, uuidParam } from "../../server/schemas.ts";
import { emailTemplates } from "./mail-table.ts";

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
