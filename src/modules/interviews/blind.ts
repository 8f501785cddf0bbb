import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { sha256Hex } from "../../platform/ids.ts";
import type { candidates } from "../candidates/candidates-table.ts";
import { planStages } from "../plans/plans-table.ts";
import { interviewParticipants, interviews } from "./interviews-table.ts";

/**
 * What an interview response says about the candidate. In blind review (EVIDENCE.md: control
 * ancillary information) only the pseudonym is filled in: no name, email, location or links,
 * and never phone, resume, photo, school or demographic data, which no interview response carries.
 */
export interface CandidateSummary {
  pseudonym: string;
  isRedacted: boolean;
  name: string | null;
  email: string | null;
  location: string | null;
  links: string[];
}

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

/** The candidate's identifiers as free text may mention them: full name, each part of it, email, phone. */
export function identifiersOf(
  candidate: Pick<typeof candidates.$inferSelect, "fullName" | "email" | "phone">,
): string[] {
  const fullName = candidate.fullName?.trim() ?? "";
  const nameParts = fullName.split(/[\s,.-]+/u).filter((part) => part.length >= 2);
  const email = candidate.email?.trim() ?? "";
  const emailLocalPart = email.split("@")[0] ?? "";
  return [fullName, ...nameParts, email, emailLocalPart, candidate.phone?.trim() ?? ""].filter(
    (identifier) => identifier.length >= 2,
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces the candidate's identifiers in free text written about them (evidence notes,
 * amendment reasons) with their pseudonym. Interviewers of stages that are not blind may name
 * the candidate in their notes; a blind reviewer reading those notes must not learn the name.
 * Whole words only, case-insensitively, longest identifier first.
 */
export function scrubIdentifiers(text: string, identifiers: readonly string[], pseudonym: string): string {
  if (identifiers.length === 0) return text;
  const alternatives = [...new Set(identifiers)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|");
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, "giu");
  return text.replace(pattern, pseudonym);
}
