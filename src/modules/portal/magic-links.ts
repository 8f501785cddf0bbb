import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId, randomSecret, sha256Hex } from "../../platform/ids.ts";
import { type Actor, recordAudit, systemActor } from "../audit/audit-log.ts";
import { candidates } from "../candidates/candidates-table.ts";
import { sendEmail } from "../mail/mail.ts";
import type { Mailer } from "../mail/mailer.ts";
import { signInUrl } from "../mail/portal-links.ts";
import { type CandidatePrincipal, createCandidateSession } from "./candidate-sessions.ts";
import { candidateMagicLinks } from "./portal-table.ts";
import type { PortalInvitation } from "./schemas.ts";

/** A link asked for on the sign-in page is short-lived; an invitation waits a week for the candidate. */
export const MAGIC_LINK_TTL_MS = 30 * 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type PortalMailDeps = { db: Db; clock: Clock; mailer: Mailer; baseUrl: string };

/**
 * Candidates act for themselves, not as staff or tokens; audit entries about their own actions
 * carry no address or user agent, which would be personal data outliving an erasure.
 */
const candidateActor: Actor = systemActor;

/** Stores a new single-use link (only its hash) and answers the secret for the email. */
export async function issueLink(
  db: Db,
  clock: Clock,
  candidate: { organizationId: string; candidateId: string },
  ttlMs: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomSecret(32);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.insert(candidateMagicLinks).values({
    id: newId(),
    ...candidate,
    tokenHash: sha256Hex(token),
    expiresAt,
    createdAt: now,
  });
  return { token, expiresAt };
}

/**
 * The sign-in page's "email me a link". A candidate needs only their email address: every
 * organisation that knows the address (as a candidate, not erased) sends its own email with a
 * link for that organisation. With `organizationSlug` (the page was opened from an email's link)
 * only that organisation answers. Which organisations know the address is never revealed: the
 * caller answers the same in every case, and the address's owner is the only one who learns it.
 */
export async function requestMagicLink(
  deps: PortalMailDeps,
  input: { email: string; organizationSlug?: string | undefined },
): Promise<void> {
  const known = await deps.db
    .select({
      candidateId: candidates.id,
      organizationId: candidates.organizationId,
      email: candidates.email,
      fullName: candidates.fullName,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
    })
    .from(candidates)
    .innerJoin(organizations, eq(organizations.id, candidates.organizationId))
    .where(
      and(
        sql`lower(${candidates.email}) = ${input.email.trim().toLowerCase()}`,
        isNull(candidates.erasedAt),
        input.organizationSlug === undefined ? undefined : eq(organizations.slug, input.organizationSlug),
      ),
    )
    .orderBy(organizations.slug);
  for (const candidate of known) {
    if (!candidate.email) continue;
    const { token } = await issueLink(deps.db, deps.clock, candidate, MAGIC_LINK_TTL_MS);
    await sendEmail(deps, {
      organizationId: candidate.organizationId,
      candidateId: candidate.candidateId,
      template: "magic_link",
      to: candidate.email,
      variables: {
        candidateName: candidate.fullName,
        organizationName: candidate.organizationName,
        link: signInUrl(deps.baseUrl, token, candidate.organizationSlug),
        expiresInMinutes: MAGIC_LINK_TTL_MS / 60_000,
      },
    });
  }
}

/**
 * Staff invite a candidate to the portal: a link valid for seven days, sent with the invitation
 * template. The answer says whether the email went out; a failed one is in the outbox with its error.
 */
export async function inviteCandidate(
  deps: PortalMailDeps,
  actor: Actor,
  organizationId: string,
  candidateId: string,
): Promise<PortalInvitation> {
  const invitation = await deps.db.transaction(async (tx) => {
    const [candidate] = await tx
      .select({
        email: candidates.email,
        fullName: candidates.fullName,
        erasedAt: candidates.erasedAt,
        organizationName: organizations.name,
        organizationSlug: organizations.slug,
      })
      .from(candidates)
      .innerJoin(organizations, eq(organizations.id, candidates.organizationId))
      .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)));
    if (!candidate) throw new AppError("not_found", "That candidate was not found.");
    if (candidate.erasedAt || !candidate.email) {
      throw new AppError("conflict", "This candidate's personal data was erased; they cannot be invited.");
    }
    const link = await issueLink(tx, deps.clock, { organizationId, candidateId }, INVITATION_TTL_MS);
    await recordAudit(tx, actor, {
      organizationId,
      action: "candidate.invited_to_portal",
      objectType: "candidate",
      objectId: candidateId,
      detail: { expiresAt: link.expiresAt.toISOString() },
    });
    return {
      ...link,
      to: candidate.email,
      fullName: candidate.fullName,
      organizationName: candidate.organizationName,
      organizationSlug: candidate.organizationSlug,
    };
  });
  // Sent after the commit: a slow mail server must not hold a database transaction open.
  const email = await sendEmail(deps, {
    organizationId,
    candidateId,
    template: "invitation",
    to: invitation.to,
    variables: {
      candidateName: invitation.fullName,
      organizationName: invitation.organizationName,
      link: signInUrl(deps.baseUrl, invitation.token, invitation.organizationSlug),
      expiresAt: invitation.expiresAt,
    },
  });
  return { candidateId, to: invitation.to, expiresAt: invitation.expiresAt.toISOString(), email };
}

/**
 * Exchanges a link for a portal session, once. Marking the link used is one conditional UPDATE,
 * so two concurrent exchanges of the same link cannot both succeed.
 */
export async function exchangeMagicLink(
  deps: { db: Db; clock: Clock },
  token: string,
): Promise<{ token: string; principal: CandidatePrincipal }> {
  const tokenHash = sha256Hex(token);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [link] = await tx
      .update(candidateMagicLinks)
      .set({ usedAt: now })
      .where(
        and(
          eq(candidateMagicLinks.tokenHash, tokenHash),
          isNull(candidateMagicLinks.usedAt),
          gt(candidateMagicLinks.expiresAt, now),
        ),
      )
      .returning({
        candidateId: candidateMagicLinks.candidateId,
        organizationId: candidateMagicLinks.organizationId,
      });
    if (!link) throw await explainUnusableLink(tx, tokenHash);
    const [candidate] = await tx
      .select({ erasedAt: candidates.erasedAt })
      .from(candidates)
      .where(eq(candidates.id, link.candidateId));
    if (!candidate || candidate.erasedAt) throw unusableLink("is no longer valid");
    const session = await createCandidateSession(tx, deps.clock, link);
    await recordAudit(tx, candidateActor, {
      organizationId: link.organizationId,
      action: "candidate.signed_in_to_portal",
      objectType: "candidate",
      objectId: link.candidateId,
      detail: { by: "candidate", via: "magic_link" },
    });
    return session;
  });
}

const unusableLink = (why: string) =>
  new AppError(
    "unauthenticated",
    `This sign-in link ${why}. Ask for a new one on the sign-in page with your email address.`,
  );

async function explainUnusableLink(db: Db, tokenHash: string): Promise<AppError> {
  const [link] = await db
    .select({ usedAt: candidateMagicLinks.usedAt })
    .from(candidateMagicLinks)
    .where(eq(candidateMagicLinks.tokenHash, tokenHash));
  if (!link) return unusableLink("is not valid");
  if (link.usedAt) return unusableLink("has already been used");
  return unusableLink("has expired");
}
