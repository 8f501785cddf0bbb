import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { sha256Hex } from "../../platform/ids.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { type CandidateIdentifiers, findCandidateMentions } from "../privacy/candidate-mentions.ts";
import { interviewParticipants, interviews } from "./interviews-table.ts";
import type { CandidateSummary } from "./schemas.ts";

/**
 * A stable label for an application's candidate, such as "Candidate 4F2A", so blind reviewers
 * can tell candidates apart without learning who they are. It is derived from a digest of the
 * application id, so it reveals nothing the id does not.
 */
export function candidatePseudonym(applicationId: string): string {
  return `Candidate ${sha256Hex(`evident-candidate:${applicationId}`).slice(0, 4).toUpperCase()}`;
}

/** The candidate as an interview response shows them: identified, or only by pseudonym. */
export function summariseCandidate(
  applicationId: string,
  candidate: Pick<typeof candidates.$inferSelect, "fullName" | "email" | "location" | "links"> | null,
  isRedacted: boolean,
): CandidateSummary {
  const pseudonym = candidatePseudonym(applicationId);
  if (isRedacted || !candidate) {
    return { pseudonym, isRedacted: true, name: null, email: null, location: null, links: [] };
  }
  return {
    pseudonym,
    isRedacted: false,
    name: candidate.fullName,
    email: candidate.email,
    location: candidate.location,
    links: candidate.links,
  };
}

/**
 * The applications, among those given, for which the user takes part in an interview of a blind
 * stage. Everything the user sees about those applications is redacted, including their
 * interviews in stages that are not blind: a name seen there would unmask the pseudonym.
 */
export async function findBlindApplicationsForUser(
  db: Db,
  organizationId: string,
  userId: string,
  applicationIds: readonly string[],
): Promise<Set<string>> {
  if (applicationIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ applicationId: interviews.applicationId })
    .from(interviewParticipants)
    .innerJoin(interviews, eq(interviews.id, interviewParticipants.interviewId))
    .innerJoin(planStages, eq(planStages.id, interviews.stageId))
    .where(
      and(
        eq(interviewParticipants.organizationId, organizationId),
        eq(interviewParticipants.userId, userId),
        eq(planStages.isBlind, true),
        inArray(interviews.applicationId, [...applicationIds]),
      ),
    );
  return new Set(rows.map((row) => row.applicationId));
}

/**
 * Whether an interview's candidate must be hidden from this viewer: always in a blind stage,
 * and in any stage of an application where the viewer is a blind reviewer.
 */
export function isCandidateHidden(
  interview: { applicationId: string; stageIsBlind: boolean },
  blindApplicationIds: ReadonlySet<string>,
): boolean {
  return interview.stageIsBlind || blindApplicationIds.has(interview.applicationId);
}

/** Free text as a blind reviewer may read it. */
export type BlindScrubber = (text: string) => string;

/**
 * Replaces every mention of the candidate in free text written about them (evidence notes,
 * reasons, interview rooms, code, test output) with their pseudonym. People who did see the
 * candidate may name them; a blind reviewer reading that text must not learn the name. The
 * rule for what counts as a mention is erasure's (privacy/candidate-mentions.ts), so blind
 * review hides exactly what erasure would remove.
 */
export function blindScrubberFor(applicationId: string, candidate: CandidateIdentifiers): BlindScrubber {
  const { replaceMentions } = findCandidateMentions(candidate);
  const pseudonym = candidatePseudonym(applicationId);
  return (text) => replaceMentions(text, pseudonym);
}

/** Leaves text as it is: the viewer may see the candidate. */
export const showAsWritten: BlindScrubber = (text) => text;

/**
 * For the applications, among those given, that the user reviews blind: the scrubber for each.
 * Text about any other application is shown as written (see `scrubberOf`).
 */
export async function findBlindScrubbers(
  db: Db,
  organizationId: string,
  userId: string,
  applicationIds: readonly string[],
): Promise<Map<string, BlindScrubber>> {
  const blindIds = await findBlindApplicationsForUser(db, organizationId, userId, [
    ...new Set(applicationIds),
  ]);
  if (blindIds.size === 0) return new Map();
  const rows = await db
    .select({
      applicationId: applications.id,
      fullName: candidates.fullName,
      email: candidates.email,
      phone: candidates.phone,
      links: candidates.links,
    })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(and(eq(applications.organizationId, organizationId), inArray(applications.id, [...blindIds])));
  return new Map(
    rows.map(({ applicationId, ...candidate }) => [
      applicationId,
      blindScrubberFor(applicationId, candidate),
    ]),
  );
}

/** The application's scrubber from `findBlindScrubbers`, or text as written when the viewer may see the candidate. */
export const scrubberOf = (
  scrubbers: ReadonlyMap<string, BlindScrubber>,
  applicationId: string,
): BlindScrubber => scrubbers.get(applicationId) ?? showAsWritten;
