import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { apiTokens, type MemberRole, memberships, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/passwords.ts";
import type { MemberView } from "./schemas.ts";

export interface UserView {
  id: string;
  email: string;
  name: string;
}

type Deps = { db: Db; clock: Clock };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normaliseEmail(email)}`);
  return row ?? null;
}

function assertPasswordStrength(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("bad_request", `password must be at least ${MIN_PASSWORD_LENGTH} characters.`, {
      fieldErrors: [{ path: "password", message: `at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
}

export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { email: string; name: string; password: string },
): Promise<UserView> {
  assertPasswordStrength(input.password);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) {
      throw new AppError("conflict", `A user with the email ${normaliseEmail(input.email)} already exists.`);
    }
    const user = { id: newId(), email: normaliseEmail(input.email), name: input.name.trim() };
    await tx.insert(users).values({ ...user, passwordHash, createdAt: deps.clock.now() });
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "user.created",
      objectType: "user",
      objectId: user.id,
    });
    return user;
  });
}

/**
 * Adds a person to an organisation with a role. An email new to Evident creates the user (a
 * password is then required); an existing user is simply given a membership.
 */
export async function addMember(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  input: { email: string; name: string; role: MemberRole; password?: string | undefined },
): Promise<MemberView> {
  if (input.password !== undefined) assertPasswordStrength(input.password);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    let user = await findUserByEmail(tx, input.email);
    if (!user) {
      if (passwordHash === null) {
        throw new AppError(
          "bad_request",
          "password is required for an email that has no Evident account yet.",
          {
            fieldErrors: [{ path: "password", message: "required for a new user" }],
          },
        );
      }
      const [created] = await tx
        .insert(users)
        .values({
          id: newId(),
          email: normaliseEmail(input.email),
          name: input.name.trim(),
          passwordHash,
          createdAt: deps.clock.now(),
        })
        .returning();
      if (!created) throw new AppError("internal", "The user was not stored.");
      user = created;
      await recordAudit(tx, actor, {
        organizationId,
        action: "user.created",
        objectType: "user",
        objectId: user.id,
      });
    }
    const existing = await findMemberRow(tx, organizationId, user.id);
    if (existing) throw new AppError("conflict", `${user.email} is already a member (${existing.role}).`);
    const createdAt = deps.clock.now();
    await tx.insert(memberships).values({ organizationId, userId: user.id, role: input.role, createdAt });
    await recordAudit(tx, actor, {
      organizationId,
      action: "member.added",
      objectType: "membership",
      objectId: user.id,
      detail: { role: input.role },
    });
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: input.role,
      createdAt: createdAt.toISOString(),
    };
  });
}

export async function listMembers(db: Db, organizationId: string): Promise<MemberView[]> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.email));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export async function changeMemberRole(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  userId: string,
  role: MemberRole,
): Promise<MemberView> {
  return deps.db.transaction(async (tx) => {
    const member = await requireMember(tx, organizationId, userId);
    if (member.role === "admin" && role !== "admin") await assertAnotherAdmin(tx, organizationId, userId);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
    await recordAudit(tx, actor, {
      organizationId,
      action: "member.role_changed",
      objectType: "membership",
      objectId: userId,
      detail: { from: member.role, to: role },
    });
    return { ...member, role };
  });
}

/** Removes the membership and revokes the member's API tokens for this organisation. */
export async function removeMember(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  userId: string,
): Promise<void> {
  // Nobody removes themselves: an admin who did would lock themselves out mid-session, and
  // leaving is for another admin to carry out (who can also check a successor exists).
  if (actor.userId === userId) {
    throw new AppError(
      "conflict",
      "You cannot remove yourself from the organisation; ask another admin to remove you.",
    );
  }
  await deps.db.transaction(async (tx) => {
    const member = await requireMember(tx, organizationId, userId);
    if (member.role === "admin") await assertAnotherAdmin(tx, organizationId, userId);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
    await tx
      .update(apiTokens)
      .set({ revokedAt: deps.clock.now() })
      .where(
        and(
          eq(apiTokens.organizationId, organizationId),
          eq(apiTokens.userId, userId),
          isNull(apiTokens.revokedAt),
        ),
      );
    await recordAudit(tx, actor, {
      organizationId,
      action: "member.removed",
      objectType: "membership",
      objectId: userId,
      detail: { role: member.role },
    });
  });
}

async function findMemberRow(db: Db, organizationId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return row ?? null;
}

async function requireMember(db: Db, organizationId: string, userId: string): Promise<MemberView> {
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!row) throw new AppError("not_found", "That member was not found in this organisation.");
  return { ...row, createdAt: row.createdAt.toISOString() };
}

async function assertAnotherAdmin(db: Db, organizationId: string, exceptUserId: string) {
  const admins = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "admin")))
    // Lock the admin rows so two concurrent demotions cannot both see "another admin".
    .for("update");
  if (!admins.some((admin) => admin.userId !== exceptUserId)) {
    throw new AppError(
      "conflict",
      "An organisation needs at least one admin; make someone else admin first.",
    );
  }
}
