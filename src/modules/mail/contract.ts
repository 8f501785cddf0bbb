import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { candidates } from "../candidates/candidates-table.ts";
import type { ModuleContract } from "../module-contract.ts";
import type { ExportScope } from "../privacy/personal-data.ts";
import { outboundEmails } from "./mail-table.ts";

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

/** The outbox: every email sent, with its text. */
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
  ],
  freeOfPersonalData: [],
  jobs: [],
};
