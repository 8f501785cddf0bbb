import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { candidates } from "../candidates/candidates-table.ts";
import type { ModuleContract } from "../module-contract.ts";
import type { ExportScope } from "../privacy/personal-data.ts";
import { scheduledEmailsJob } from "./email-drafts.ts";
import { emailDrafts, emailTemplateOverrides, outboundEmails } from "./mail-table.ts";

/**
 * The candidate's emails: linked to them, or sent to their address (recorded before the
 * candidate existed, or without a link to them).
 */
function toCandidate(organizationId: string, candidateId: string, email: string | null) {
  return and(
    eq(outboundEmails.organizationId, organizationId),
    or(
      eq(outboundEmails.candidateId, candidateId),
      email ? sql`lower(${outboundEmails.toAddress}) = ${email.toLowerCase()}` : undefined,
    ),
  );
}

async function candidateEmailAddress({ tx, candidateId }: ExportScope) {
  const [row] = await tx
    .select({ email: candidates.email })
    .from(candidates)
    .where(eq(candidates.id, candidateId));
  return row?.email ?? null;
}

/** The outbox: every email sent, with its text; candidate emails drafted; the organisation's wording. */
export const mailContract: ModuleContract = {
  name: "mail",
  personalData: [
    {
      subject: "candidate",
      table: outboundEmails,
      columns: [
        outboundEmails.toAddress,
        outboundEmails.subject,
        outboundEmails.bodyText,
        outboundEmails.error,
      ],
      async export(scope) {
        const email = await candidateEmailAddress(scope);
        const rows = await scope.tx
          .select()
          .from(outboundEmails)
          .where(toCandidate(scope.organizationId, scope.candidateId, email))
          .orderBy(asc(outboundEmails.createdAt));
        return {
          emails: rows.map((row) => ({
            id: row.id,
            template: row.template,
            to: row.toAddress,
            subject: row.subject,
            bodyText: row.bodyText,
            status: row.status,
            sentAt: row.createdAt.toISOString(),
          })),
        };
      },
      erasure:
        "Deleted, with their stored .eml copies once the erasure commits: emails to the candidate and every email naming them (interview invitations and cancellations sent to interviewers).",
      async erase({ tx, organizationId, candidateId, candidate, mentionsCandidate }) {
        const deleted = await tx
          .delete(outboundEmails)
          .where(toCandidate(organizationId, candidateId, candidate.email))
          .returning({ fileName: outboundEmails.fileName });
        // Emails to other people (interviewers, the hiring team) that name the candidate in
        // their subject or text: the rule of privacy/candidate-mentions.ts decides, in code,
        // because no SQL pattern matches a name the way it does.
        const others = await tx
          .select({
            id: outboundEmails.id,
            subject: outboundEmails.subject,
            bodyText: outboundEmails.bodyText,
          })
          .from(outboundEmails)
          .where(eq(outboundEmails.organizationId, organizationId));
        const namingIds = others
          .filter((row) => mentionsCandidate(row.subject) || mentionsCandidate(row.bodyText))
          .map((row) => row.id);
        const deletedNaming =
          namingIds.length > 0
            ? await tx
                .delete(outboundEmails)
                .where(inArray(outboundEmails.id, namingIds))
                .returning({ fileName: outboundEmails.fileName })
            : [];
        const all = [...deleted, ...deletedNaming];
        return {
          removed: { emails: all.length },
          outboxFileNames: all.flatMap((row) => (row.fileName ? [row.fileName] : [])),
        };
      },
    },
    {
      subject: "candidate",
      table: emailDrafts,
      columns: [emailDrafts.toAddress, emailDrafts.subject, emailDrafts.bodyText, emailDrafts.error],
      async export({ tx, organizationId, candidateId }) {
        const rows = await tx
          .select()
          .from(emailDrafts)
          .where(
            and(eq(emailDrafts.organizationId, organizationId), eq(emailDrafts.candidateId, candidateId)),
          )
          .orderBy(asc(emailDrafts.createdAt));
        return {
          emailDrafts: rows.map((row) => ({
            id: row.id,
            applicationId: row.applicationId,
            purpose: row.purpose,
            to: row.toAddress,
            subject: row.subject,
            bodyText: row.bodyText,
            status: row.status,
            sendAt: row.sendAt?.toISOString() ?? null,
            sentAt: row.sentAt?.toISOString() ?? null,
            createdAt: row.createdAt.toISOString(),
          })),
        };
      },
      erasure:
        "Deleted: decision and rejection emails drafted, scheduled, cancelled or sent to the candidate (a scheduled one never goes out).",
      async erase({ tx, organizationId, candidateId }) {
        const deleted = await tx
          .delete(emailDrafts)
          .where(
            and(eq(emailDrafts.organizationId, organizationId), eq(emailDrafts.candidateId, candidateId)),
          )
          .returning({ id: emailDrafts.id });
        return { removed: { emailDrafts: deleted.length } };
      },
    },
  ],
  freeOfPersonalData: [
    {
      table: emailTemplateOverrides,
      reason:
        "An organisation's wording of its candidate emails: text with {{variable}} placeholders, filled in only when an email is drafted or sent, so it names no candidate.",
    },
  ],
  jobs: [{ definition: scheduledEmailsJob, schedule: "* * * * *" }],
};
