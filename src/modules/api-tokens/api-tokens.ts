import { and, desc, eq, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import { type Db, preparedStatement } from "../../platform/db/client.ts";
import { apiTokens, type MemberRole, memberships, organizations, users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { EventBus } from "../../platform/events.ts";
import { newId, randomSecret, sha256Hex } from "../../platform/ids.ts";
import {
  createDataCache,
  organizationScope,
  type ScopedCache,
  userScope,
} from "../../platform/scoped-cache.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { ApiTokenView } from "./schemas.ts";

/** Every secret starts with this, so leaked tokens are easy to recognise and scan for. */
export const API_TOKEN_PREFIX = "evd_";
const DISPLAY_PREFIX_LENGTH = 12;
/** last_used_at is refreshed at most this often, so busy integrations do not write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

type Deps = { db: Db; clock: Clock };

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
  userId: users.id,
  email: users.email,
};

function toView(row: {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  userId: string;
  email: string;
}): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    user: { id: row.userId, email: row.email },
  };
}

/** Creates a token for a member of the organisation. The secret is returned here and never again. */
export async function createApiToken(
  deps: Deps,
  actor: Actor,
  input: { organizationId: string; userId: string; name: string; expiresInDays?: number | undefined },
): Promise<{ token: ApiTokenView; secret: string }> {
  const name = input.name.trim();
  if (!name)
    throw new AppError("bad_request", "name must not be empty.", {
      fieldErrors: [{ path: "name", message: "required" }],
    });
  const secret = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  const now = deps.clock.now();
  const id = newId();
  return deps.db.transaction(async (tx) => {
    const [member] = await tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, input.organizationId), eq(memberships.userId, input.userId)));
    if (!member) throw new AppError("not_found", "That user is not a member of this organisation.");
    const row = {
      id,
      organizationId: input.organizationId,
      userId: input.userId,
      name,
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      tokenHash: sha256Hex(secret),
      createdAt: now,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    };
    await tx.insert(apiTokens).values(row);
    await recordAudit(tx, actor, {
      organizationId: input.organizationId,
      action: "api_token.created",
      objectType: "api_token",
      objectId: id,
      // Not the name: free text stays in the token's row (objectId), never in the append-only log.
      detail: {
        forUserId: input.userId,
        prefix: row.prefix,
        expiresAt: row.expiresAt?.toISOString() ?? null,
      },
    });
    return {
      secret,
      token: toView({ ...row, lastUsedAt: null, revokedAt: null, userId: input.userId, email: member.email }),
    };
  });
}

/** Admins see every token of the organisation; others only their own. */
export async function listApiTokens(
  db: Db,
  organizationId: string,
  scope: { onlyUserId: string | null },
): Promise<ApiTokenView[]> {
  const rows = await db
    .select(tokenColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.organizationId, organizationId),
        scope.onlyUserId ? eq(apiTokens.userId, scope.onlyUserId) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toView);
}

export async function revokeApiToken(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  tokenId: string,
  scope: { onlyUserId: string | null },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt, userId: apiTokens.userId })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.organizationId, organizationId)));
    if (!row || (scope.onlyUserId && row.userId !== scope.onlyUserId)) {
      throw new AppError("not_found", "That API token was not found.");
    }
    if (row.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: deps.clock.now() }).where(eq(apiTokens.id, tokenId));
    await recordAudit(tx, actor, {
      organizationId,
      action: "api_token.revoked",
      objectType: "api_token",
      objectId: tokenId,
    });
  });
}

export interface ResolvedApiToken {
  tokenId: string;
  organizationId: string;
  userId: string;
  email: string;
  name: string;
  /** The user's role in the token's organisation, read in the same query as the token. */
  role: MemberRole;
  organizationName: string;
}

/**
 * The token lookup with its user, membership and organisation: one hand-written statement (it
 * runs on every API-token request, so the query builder's CPU cost counts; see bench/README.md),
 * built once. Expiry and last use come back as epoch milliseconds (float8), which both engines
 * answer as plain numbers rather than driver-specific timestamps.
 */
const tokenLookup = preparedStatement<
  ResolvedApiToken & { expiresAtMs: number | null; lastUsedAtMs: number | null }
>(
  () => sql`select ${apiTokens.id} as "tokenId", ${apiTokens.organizationId} as "organizationId",
      ${apiTokens.userId} as "userId", ${users.email} as "email", ${users.name} as "name",
      ${memberships.role} as "role", ${organizations.name} as "organizationName",
      (extract(epoch from ${apiTokens.expiresAt}) * 1000)::float8 as "expiresAtMs",
      (extract(epoch from ${apiTokens.lastUsedAt}) * 1000)::float8 as "lastUsedAtMs"
    from ${apiTokens}
    join ${users} on ${users.id} = ${apiTokens.userId}
    join ${organizations} on ${organizations.id} = ${apiTokens.organizationId}
    join ${memberships} on ${memberships.organizationId} = ${apiTokens.organizationId}
      and ${memberships.userId} = ${apiTokens.userId}
    where ${apiTokens.tokenHash} = ${sql.placeholder("tokenHash")} and ${apiTokens.revokedAt} is null`,
);

/** A resolved token as the cache keeps it: who it is, and when it expires and was last used. */
interface CachedApiToken {
  token: ResolvedApiToken;
  expiresAtMs: number | null;
  lastUsedAtMs: number | null;
}

export type ApiTokenCache = ScopedCache<CachedApiToken>;

/**
 * The tokens resolved in this process, by their secret's hash, so a busy integration's requests
 * do not each read the token, its user, membership and organisation again. A change to any of
 * those (revocation, a role change, removal, an erased user) forgets the organisation's or
 * user's tokens in every process through the data-change feed; this process also forgets at
 * once when it made the change itself (the staff write hook in server/app.ts).
 */
export function createApiTokenCache(events: EventBus, clock: Clock): ApiTokenCache {
  return createDataCache<CachedApiToken>(
    events,
    { maxEntries: 10_000, ttlMs: 60_000, clock },
    {
      api_tokens: organizationScope,
      memberships: organizationScope,
      organizations: organizationScope,
      users: userScope,
    },
  );
}

/**
 * Looks a presented secret up by its hash. Revoked or expired tokens, and tokens whose user
 * is no longer a member, resolve to nothing: revocation takes effect on the next request
 * (in other processes, as soon as the database's notification of it arrives).
 */
export async function resolveApiToken(
  db: Db,
  clock: Clock,
  secret: string,
  cache?: ApiTokenCache,
): Promise<ResolvedApiToken | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const tokenHash = sha256Hex(secret);
  let found = cache?.get(tokenHash);
  if (!found) {
    const ticket = cache?.ticket() ?? 0;
    const [row] = await tokenLookup(db, { tokenHash });
    if (!row) return null;
    const { expiresAtMs, lastUsedAtMs, ...token } = row;
    found = { token, expiresAtMs, lastUsedAtMs };
    cache?.set(tokenHash, found, [organizationScope(token.organizationId), userScope(token.userId)], ticket);
  }
  const now = clock.now().getTime();
  if (found.expiresAtMs !== null && found.expiresAtMs <= now) return null;
  if (found.lastUsedAtMs === null || found.lastUsedAtMs < now - LAST_USED_RESOLUTION_MS) {
    found.lastUsedAtMs = now;
    await db
      .update(apiTokens)
      .set({
        lastUsedAt: sql`greatest(${apiTokens.lastUsedAt}, ${new Date(now).toISOString()}::timestamptz)`,
      })
      .where(eq(apiTokens.id, found.token.tokenId));
  }
  return found.token;
}
