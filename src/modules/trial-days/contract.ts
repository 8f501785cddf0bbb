import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { ModuleContract } from "../module-contract.ts";
import { ERASED_TEXT } from "../privacy/personal-data.ts";
import { trialDayObservations, trialDayPayments, trialDays } from "./trial-days-table.ts";

const daysOf = (tx: Db, applicationIds: string[]) =>
  tx.select({ id: trialDays.id }).from(trialDays).where(inArray(trialDays.applicationId, applicationIds));

/** Trial days: the candidate's agenda, observers' forms about them and their payment. */
export const trialDaysContract: ModuleContract = {
  name: "trial-days",
  personalData: [
    {
      subject: "candidate",
      table: trialDays,
      columns: [trialDays.candidateTimeZone, trialDays.location, trialDays.sessions],
      export: {
        notExported: "Not part of the export yet: the agenda is shown to the candidate in the portal.",
      },
      erasure:
        "Session titles that name the candidate are replaced; the date, zone (an IANA name identifies no one), place and times stay.",
      async erase({ tx, applicationIds, mentionsCandidate }) {
        if (applicationIds.length === 0) return {};
        const days = await tx
          .select({ id: trialDays.id, sessions: trialDays.sessions })
          .from(trialDays)
          .where(inArray(trialDays.applicationId, applicationIds));
        let trialDaySessionTitles = 0;
        for (const day of days) {
          const named = day.sessions.filter((session) => mentionsCandidate(session.title)).length;
          if (named === 0) continue;
          await tx
            .update(trialDays)
            .set({
              sessions: day.sessions.map((session) =>
                mentionsCandidate(session.title) ? { ...session, title: ERASED_TEXT } : session,
              ),
            })
            .where(eq(trialDays.id, day.id));
          trialDaySessionTitles += named;
        }
        return { redacted: { trialDaySessionTitles } };
      },
    },
    {
      subject: "candidate",
      table: trialDayObservations,
      columns: [trialDayObservations.ratings, trialDayObservations.flaggedTerms],
      export: {
        notExported: "Observers' forms are the hiring team's working notes, as scorecards' ratings are.",
      },
      erasure: "Evidence notes that name the candidate are replaced; levels and flags stay.",
      async erase({ tx, applicationIds, mentionsCandidate }) {
        if (applicationIds.length === 0) return {};
        const forms = await tx
          .select({ id: trialDayObservations.id, ratings: trialDayObservations.ratings })
          .from(trialDayObservations)
          .where(inArray(trialDayObservations.trialDayId, daysOf(tx, applicationIds)));
        let trialDayObservationEvidence = 0;
        for (const form of forms) {
          const named = form.ratings.filter((rating) => mentionsCandidate(rating.evidence)).length;
          if (named === 0) continue;
          await tx
            .update(trialDayObservations)
            .set({
              ratings: form.ratings.map((rating) =>
                mentionsCandidate(rating.evidence) ? { ...rating, evidence: ERASED_TEXT } : rating,
              ),
            })
            .where(eq(trialDayObservations.id, form.id));
          trialDayObservationEvidence += named;
        }
        return { redacted: { trialDayObservationEvidence } };
      },
    },
    {
      subject: "candidate",
      table: trialDayPayments,
      columns: [trialDayPayments.amount, trialDayPayments.currency, trialDayPayments.status],
      export: {
        notExported:
          "The payment is the organisation's accounting record; the candidate receives it directly.",
      },
      erasure:
        "Amount, currency and status stay for the organisation's accounts; with the candidate erased they name no one.",
      async erase() {
        return {};
      },
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
