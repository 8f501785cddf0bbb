import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { sessions, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId, randomSecret, sha256Hex } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { findUserByEmail } from "../members/members.ts";
import { findMembership, listOrganizationsOfUser } from "../organizations/organizations.ts";
import { verifyPassword } from "./passwords.ts";

export const SESSION_COOKIE = "evident_session";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface ResolvedSession {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  activeOrganizationId: string | null;
}

/**
 * Checks the password and opens a session; the cookie carries a random token whose hash is
 * stored. The session starts in the user's first organisation.
 */
export async function signIn(
  deps: { db: Db; clock: Clock },
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<{ token: string; session: ResolvedSession }> {
  const user = await findUserByEmail(deps.db, input.email);
  const passwordMatches = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordMatches) throw new AppError("unauthenticated", "Email or password is incorrect.");
  const organizations = await listOrganizationsOfUser(deps.db, user.id);
  const activeOrganizationId = organizations[0]?.id ?? null;
  const token = randomSecret(32);
  const sessionId = newId();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      id: sessionId,
      tokenHash: sha256Hex(token),
      userId: user.id,
      activeOrganizationId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      ip: input.ip,
      userAgent: input.userAgent,
    });
    const actor: Actor = {
      type: "user",
      userId: user.id,
      tokenId: null,
      ip: input.ip,
      userAgent: input.userAgent,
    };
    await recordAudit(tx, actor, {
      organizationId: activeOrganizationId,
      action: "session.signed_in",
      objectType: "session",
      objectId: sessionId,
    });
  });
  return {
    token,
    session: { sessionId, userId: user.id, email: user.email, name: user.name, activeOrganizationId },
  };
}

export async function resolveSession(db: Db, clock: Clock, token: string): Promise<ResolvedSession | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      email: users.email,
      name: users.name,
      activeOrganizationId: sessions.activeOrganizationId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256Hex(token)), gt(sessions.expiresAt, clock.now())));
  return row ?? null;
}

export async function signOut(db: Db, actor: Actor, session: ResolvedSession): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, session.sessionId));
    await recordAudit(tx, actor, {
      organizationId: session.activeOrganizationId,
      action: "session.signed_out",
      objectType: "session",
      objectId: session.sessionId,
    });
  });
}

/** The organisation switcher: only organisations the user belongs to; anything else is "not found". */
export async function switchOrganization(
  db: Db,
  session: ResolvedSession,
  organizationId: string,
): Promise<void> {
  const membership = await findMembership(db, organizationId, session.userId);
  if (!membership) throw new AppError("not_found", "That organisation was not found among yours.");
  await db
    .update(sessions)
    .set({ activeOrganizationId: organizationId })
    .where(eq(sessions.id, session.sessionId));
}

export async function deleteExpiredSessions(db: Db, clock: Clock): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, clock.now()))
    .returning({ id: sessions.id });
  return deleted.length;
}

/**
 * CSRF defence for cookie sessions: unsafe requests must echo this token in X-CSRF-Token. It is
 * derived from the session id with the server secret, so a cross-site page cannot know it.
 */
export const csrfTokenFor = (secret: string, sessionId: string): string =>
  createHmac("sha256", secret).update(`csrf:${sessionId}`).digest("base64url");

export function isValidCsrfToken(secret: string, sessionId: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionId));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
