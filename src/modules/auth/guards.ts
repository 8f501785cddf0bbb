import type { FastifyRequest } from "fastify";
import type { Db } from "../../platform/db/client.ts";
import type { MemberRole } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { ResolvedApiToken } from "../api-tokens/api-tokens.ts";
import type { Actor } from "../audit/audit-log.ts";
import { findMembership } from "../organizations/organizations.ts";
import type { ResolvedSession } from "./sessions.ts";

/** Who is calling: a signed-in browser session or an API token. Set by the authentication hook. */
export type Principal =
  | { kind: "session"; userId: string; email: string; session: ResolvedSession }
  | { kind: "token"; userId: string; email: string; token: ResolvedApiToken };

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface MemberContext {
  organizationId: string;
  userId: string;
  role: MemberRole;
  actor: Actor;
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  return {
    type: principal?.kind === "token" ? "token" : "user",
    userId: principal?.userId ?? null,
    tokenId: principal?.kind === "token" ? principal.token.tokenId : null,
    ip: request.ip ?? null,
    userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null,
  };
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw new AppError("unauthenticated", "Sign in, or send an API token as 'Authorization: Bearer evd_…'.");
  }
  return request.principal;
}

export function requireSessionPrincipal(request: FastifyRequest) {
  const principal = requirePrincipal(request);
  if (principal.kind !== "session") {
    throw new AppError("forbidden", "This action needs a signed-in session; API tokens cannot perform it.");
  }
  return principal;
}

/**
 * Resolves the organisation the request acts in (the session's active organisation, or the
 * token's) and checks the caller's current role there. Roles are read on every request, so a
 * removed member or a changed role takes effect at once.
 */
export async function requireMember(
  db: Db,
  request: FastifyRequest,
  allowedRoles?: readonly MemberRole[],
): Promise<MemberContext> {
  const principal = requirePrincipal(request);
  const organizationId =
    principal.kind === "token" ? principal.token.organizationId : principal.session.activeOrganizationId;
  if (!organizationId) {
    throw new AppError("forbidden", "You are not a member of any organisation yet; ask an admin to add you.");
  }
  // A token's membership was read with the token in this request; a session's is read now.
  const membership =
    principal.kind === "token"
      ? { role: principal.token.role, name: principal.token.organizationName }
      : await findMembership(db, organizationId, principal.userId);
  if (!membership) throw new AppError("forbidden", "You are no longer a member of this organisation.");
  if (allowedRoles && !allowedRoles.includes(membership.role)) {
    throw new AppError(
      "forbidden",
      `This needs the role ${allowedRoles.join(" or ")}; you are ${membership.role} in ${membership.name}.`,
    );
  }
  return { organizationId, userId: principal.userId, role: membership.role, actor: actorOf(request) };
}
