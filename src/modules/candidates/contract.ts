import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ModuleContract } from "../module-contract.ts";
import { planStages } from "../plans/plans-table.ts";
import { ERASED_TEXT } from "../privacy/personal-data.ts";
import { roles } from "../roles/roles-table.ts";
import { applicationEvents, applications, candidateDemographics, candidates } from "./candidates-table.ts";

/** Candidates, their applications with the history of each, and their demographic answers. */
export const candidatesContract: ModuleContract = {
  name: "candidates",
  personalData: [
    {
      subject: "candidate",
      table: candidates,
      columns: [
        candidates.fullName,
        candidates.email,
        candidates.phone,
        candidates.location,
        candidates.links,
        candidates.source,
      ],
      async export({ tx, candidateId }) {
        const [candidate] = await tx.select().from(candidates).where(eq(candidates.id, candidateId));
        if (!candidate) return {};
        return {
          candidate: {
            id: candidate.id,
            fullName: candidate.fullName,
            email: candidate.email,
            phone: candidate.phone,
            location: candidate.location,
            links: candidate.links,
            source: candidate.source,
            createdAt: candidate.createdAt.toISOString(),
            updatedAt: candidate.updatedAt.toISOString(),
            erasedAt: candidate.erasedAt?.toISOString() ?? null,
          },
        };
      },
      erasure:
        "Every identifying field is cleared; the row stays, marked erased, so applications keep their shape.",
      async erase({ tx, candidateId, candidate, now }) {
        await tx
          .update(candidates)
          .set({
            email: null,
            fullName: null,
            phone: null,
            location: null,
            links: [],
            source: null,
            // Erasing again (a retried job, a second request) keeps the first erasure's time.
            erasedAt: candidate.erasedAt ?? now,
            updatedAt: now,
          })
          .where(eq(candidates.id, candidateId));
        return {};
      },
    },
    {
      subject: "candidate",
      table: applications,
      columns: [applications.status, applications.rejectionReason],
      async export({ tx, candidateId, organizationId }) {
        const rows = await tx
          .select({ application: applications, roleTitle: roles.title, stageName: planStages.name })
          .from(applications)
          .innerJoin(roles, eq(roles.id, applications.roleId))
          .leftJoin(planStages, eq(planStages.id, applications.currentStageId))
          .where(
            and(eq(applications.candidateId, candidateId), eq(applications.organizationId, organizationId)),
          )
          .orderBy(asc(applications.createdAt));
        return {
          applications: rows.map(({ application, roleTitle, stageName }) => ({
            id: application.id,
            role: { id: application.roleId, title: roleTitle },
            status: application.status,
            rejectionReason: application.rejectionReason,
            currentStage: stageName,
            createdAt: application.createdAt.toISOString(),
            updatedAt: application.updatedAt.toISOString(),
          })),
        };
      },
      erasure:
        "Kept as it is: status and rejection reason are fixed values, and anonymous applications keep statistics whole.",
      erase: async () => ({}),
    },
    {
      subject: "candidate",
      table: applicationEvents,
      columns: [applicationEvents.note, applicationEvents.reason],
      async export({ tx, applicationIds }) {
        if (applicationIds.length === 0) return { history: [] };
        const fromStage = alias(planStages, "from_stage");
        const toStage = alias(planStages, "to_stage");
        const rows = await tx
          .select({ event: applicationEvents, fromStage: fromStage.name, toStage: toStage.name })
          .from(applicationEvents)
          .leftJoin(fromStage, eq(fromStage.id, applicationEvents.fromStageId))
          .leftJoin(toStage, eq(toStage.id, applicationEvents.toStageId))
          .where(inArray(applicationEvents.applicationId, applicationIds))
          .orderBy(asc(applicationEvents.id));
        return {
          history: rows.map((row) => ({
            applicationId: row.event.applicationId,
            kind: row.event.kind,
            fromStage: row.fromStage,
            toStage: row.toStage,
            reason: row.event.reason,
            note: row.event.note,
            at: row.event.createdAt.toISOString(),
          })),
        };
      },
      erasure: "Notes are cleared whatever they say; a reason that names the candidate is replaced.",
      async erase({ tx, applicationIds, mentionsCandidate }) {
        if (applicationIds.length === 0) return {};
        // Notes are free text written about the person; none is kept, whatever it says.
        const notes = await tx
          .update(applicationEvents)
          .set({ note: null })
          .where(
            and(inArray(applicationEvents.applicationId, applicationIds), isNotNull(applicationEvents.note)),
          )
          .returning({ id: applicationEvents.id });
        const events = await tx
          .select({ id: applicationEvents.id, reason: applicationEvents.reason })
          .from(applicationEvents)
          .where(
            and(
              inArray(applicationEvents.applicationId, applicationIds),
              isNotNull(applicationEvents.reason),
            ),
          );
        let reasons = 0;
        for (const event of events.filter((row) => mentionsCandidate(row.reason))) {
          await tx
            .update(applicationEvents)
            .set({ reason: ERASED_TEXT })
            .where(eq(applicationEvents.id, event.id));
          reasons += 1;
        }
        return { redacted: { applicationEventNotes: notes.length, applicationEventReasons: reasons } };
      },
    },
    {
      subject: "candidate",
      table: candidateDemographics,
      columns: [candidateDemographics.answers],
      async export({ tx, candidateId }) {
        const [row] = await tx
          .select({ answers: candidateDemographics.answers })
          .from(candidateDemographics)
          .where(eq(candidateDemographics.candidateId, candidateId));
        return { demographics: row?.answers ?? null };
      },
      erasure: "Deleted.",
      async erase({ tx, candidateId }) {
        const deleted = await tx
          .delete(candidateDemographics)
          .where(eq(candidateDemographics.candidateId, candidateId))
          .returning({ id: candidateDemographics.candidateId });
        return { removed: { demographics: deleted.length } };
      },
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
