import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { newId, randomSecret, sha256Hex } from "../../platform/ids.ts";
import { candidates } from "../candidates/candidates-table.ts";
import { candidateSessions } from "./portal-table.ts";

/** The candidate's cookie; deliberately not the staff cookie, so neither opens the other's routes. */
export const CANDIDATE_SESSION_COOKIE = "evident_candidate";
export const CANDIDATE_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A signed-in candidate, resolved by the portal routes from their cookie. */
export interface CandidatePrincipal {
  sessionId: string;
  candidateId: string;
  organizationId: string;
}

/** Opens a portal session; the cookie carries a random token whose hash is stored. */
export async function createCandidateSession(
  db: Db,
  clock: Clock,
  candidate: { organizationId: string; candidateId: string },
): Promise<{ token: string; principal: CandidatePrincipal }> {
  const token = randomSecret(32);
  const sessionId = newId();
  const now = clock.now();
  await db.insert(candidateSessions).values({
    id: sessionId,
    organizationId: candidate.organizationId,
    candidateId: candidate.candidateId,
    tokenHash: sha256Hex(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + CANDIDATE_SESSION_TTL_MS),
  });
  return { token, principal: { sessionId, ...candidate } };
}

/** The session behind a cookie value, if it exists, has not expired and its candidate is not erased. */
export async function resolveCandidateSession(
  db: Db,
  clock: Clock,
  token: string,
): Promise<CandidatePrincipal | null> {
  const [row] = await db
    .select({
      sessionId: candidateSessions.id,
      candidateId: candidateSessions.candidateId,
      organizationId: candidateSessions.organizationId,
    })
    .from(candidateSessions)
    .innerJoin(candidates, eq(candidates.id, candidateSessions.candidateId))
    .where(
      and(
        eq(candidateSessions.tokenHash, sha256Hex(token)),
        gt(candidateSessions.expiresAt, clock.now()),
        isNull(candidates.erasedAt),
      ),
    );
  return row ?? null;
}

export async function endCandidateSession(db: Db, principal: CandidatePrincipal): Promise<void> {
  await db.delete(candidateSessions).where(eq(candidateSessions.id, principal.sessionId));
}

/**
 * CSRF defence for the candidate cookie, like the staff one but under its own prefix, so a
 * staff token can never pass as a candidate token or the other way round.
 */
export const candidateCsrfTokenFor = (secret: string, sessionId: string): string =>
  createHmac("sha256", secret).update(`candidate-csrf:${sessionId}`).digest("base64url");

export function isValidCandidateCsrfToken(
  secret: string,
  sessionId: string,
  presented: string | undefined,
): boolean {
  if (!presented) return false;
  const expected = Buffer.from(candidateCsrfTokenFor(secret, sessionId));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
