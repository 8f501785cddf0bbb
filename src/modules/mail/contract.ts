import { and, asc, eq, or, sql } from "drizzle-orm";
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
      erasure: "Deleted, with their stored .eml copies once the erasure commits.",
      async erase({ tx, organizationId, candidateId, candidate }) {
        const deleted = await tx
          .delete(outboundEmails)
          .where(toCandidate(organizationId, candidateId, candidate.email))
          .returning({ fileName: outboundEmails.fileName });
        return {
          removed: { emails: deleted.length },
          outboxFileNames: deleted.flatMap((row) => (row.fileName ? [row.fileName] : [])),
        };
      },
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
