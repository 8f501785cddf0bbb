import { asc, eq, inArray } from "drizzle-orm";
import type { ModuleContract } from "../module-contract.ts";
import { planStages } from "../plans/plans-table.ts";
import { ERASED_TEXT } from "../privacy/personal-data.ts";
import { interviews, scorecardDrafts, scorecards } from "./interviews-table.ts";

/** Interviews of a candidate's applications and the scorecards written about them. */
export const interviewsContract: ModuleContract = {
  name: "interviews",
  personalData: [
    {
      subject: "candidate",
      table: interviews,
      columns: [interviews.room, interviews.videoLink],
      async export({ tx, applicationIds }) {
        if (applicationIds.length === 0) return { interviews: [] };
        const rows = await tx
          .select({ interview: interviews, stage: planStages.name })
          .from(interviews)
          .innerJoin(planStages, eq(planStages.id, interviews.stageId))
          .where(inArray(interviews.applicationId, applicationIds))
          .orderBy(asc(interviews.scheduledAt));
        return {
          interviews: rows.map(({ interview, stage }) => ({
            applicationId: interview.applicationId,
            id: interview.id,
            stage,
            scheduledAt: interview.scheduledAt.toISOString(),
            durationMinutes: interview.durationMinutes,
            mode: interview.mode,
            room: interview.room,
            videoLink: interview.videoLink,
            status: interview.status,
          })),
        };
      },
      erasure: "A room or video link that names the candidate is replaced.",
      async erase({ tx, applicationIds, mentionsCandidate }) {
        if (applicationIds.length === 0) return {};
        const redactIfNamed = (text: string | null) => (mentionsCandidate(text) ? ERASED_TEXT : text);
        // A room or video link can be named after the candidate ("meet.example.com/interview-jane-doe").
        const places = await tx
          .select({ id: interviews.id, room: interviews.room, videoLink: interviews.videoLink })
          .from(interviews)
          .where(inArray(interviews.applicationId, applicationIds));
        let interviewPlaces = 0;
        for (const place of places) {
          if (!mentionsCandidate(place.room) && !mentionsCandidate(place.videoLink)) continue;
          await tx
            .update(interviews)
            .set({ room: redactIfNamed(place.room), videoLink: redactIfNamed(place.videoLink) })
            .where(eq(interviews.id, place.id));
          interviewPlaces += 1;
        }
        return { redacted: { interviewPlaces } };
      },
    },
    {
      subject: "candidate",
      table: scorecards,
      columns: [scorecards.ratings, scorecards.amendmentReason],
      async export({ tx, applicationIds }) {
        if (applicationIds.length === 0) return { scorecards: [] };
        const rows = await tx
          .select({ scorecard: scorecards, stage: planStages.name })
          .from(scorecards)
          .innerJoin(planStages, eq(planStages.id, scorecards.stageId))
          .where(inArray(scorecards.applicationId, applicationIds))
          .orderBy(asc(scorecards.submittedAt));
        // Interviewers are not named: that is the interviewers' personal data, not the candidate's.
        return {
          scorecards: rows.map(({ scorecard, stage }) => ({
            applicationId: scorecard.applicationId,
            id: scorecard.id,
            stage,
            version: scorecard.version,
            ratings: scorecard.ratings,
            score: scorecard.score,
            recommendation: scorecard.recommendation,
            amendmentReason: scorecard.amendmentReason,
            submittedAt: scorecard.submittedAt.toISOString(),
          })),
        };
      },
      erasure:
        "Evidence notes and amendment reasons that name the candidate are replaced; ratings and scores stay.",
      async erase({ tx, applicationIds, mentionsCandidate }) {
        if (applicationIds.length === 0) return {};
        const cards = await tx
          .select({
            id: scorecards.id,
            ratings: scorecards.ratings,
            amendmentReason: scorecards.amendmentReason,
          })
          .from(scorecards)
          .where(inArray(scorecards.applicationId, applicationIds));
        let scorecardEvidence = 0;
        let scorecardAmendmentReasons = 0;
        for (const card of cards) {
          const namedRatings = card.ratings.filter((rating) => mentionsCandidate(rating.evidence)).length;
          const namedReason = mentionsCandidate(card.amendmentReason);
          if (namedRatings === 0 && !namedReason) continue;
          await tx
            .update(scorecards)
            .set({
              ratings: card.ratings.map((rating) =>
                mentionsCandidate(rating.evidence) ? { ...rating, evidence: ERASED_TEXT } : rating,
              ),
              amendmentReason: namedReason ? ERASED_TEXT : card.amendmentReason,
            })
            .where(eq(scorecards.id, card.id));
          scorecardEvidence += namedRatings;
          if (namedReason) scorecardAmendmentReasons += 1;
        }
        return { redacted: { scorecardEvidence, scorecardAmendmentReasons } };
      },
    },
    {
      subject: "candidate",
      table: scorecardDrafts,
      columns: [scorecardDrafts.body],
      export: {
        notExported:
          "An unfiled draft is the interviewer's work in progress, deleted when the scorecard is filed; the filed scorecard is exported.",
      },
      erasure: "Unfiled drafts are deleted: they are notes in progress, not evaluation records.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        const interviewIds = (
          await tx
            .select({ id: interviews.id })
            .from(interviews)
            .where(inArray(interviews.applicationId, applicationIds))
        ).map((row) => row.id);
        if (interviewIds.length === 0) return {};
        const deleted = await tx
          .delete(scorecardDrafts)
          .where(inArray(scorecardDrafts.interviewId, interviewIds))
          .returning({ interviewId: scorecardDrafts.interviewId });
        return { removed: { scorecardDrafts: deleted.length } };
      },
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
