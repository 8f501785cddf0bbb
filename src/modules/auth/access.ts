import type { FastifyRequest, HTTPMethods, RouteOptions } from "fastify";
import type { Db } from "../../platform/db/client.ts";
import { type MemberRole, memberRoles } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import type { Actor } from "../audit/audit-log.ts";
import { findMembership } from "../organizations/organizations.ts";
import type { CandidatePrincipal } from "../portal/candidate-sessions.ts";
import { type IdentifyDeps, identifyCandidate, identifyStaff, type Principal } from "./callers.ts";

/**
 * Who may call a route, declared in the route's definition (`config: { access }`) and enforced
 * by one hook before the body is even parsed, so a caller who may not use a route learns
 * nothing about its input. Checks that depend on the data (a participant of this interview,
 * blind review) stay in the services.
 */
export type RouteAccess =
  /** Anyone, signed in or not: sign-in, the portal's link exchange, health. */
  | { audience: "public" }
  /** A candidate signed in to the portal with the candidate cookie. */
  | { audience: "candidate" }
  /** A member of the active organisation with one of these roles. */
  | { audience: "staff"; roles: readonly MemberRole[]; tokens: boolean }
  /** Any signed-in member of staff, whether or not they belong to an organisation yet. */
  | { audience: "signed-in"; tokens: boolean };

export const publicAccess: RouteAccess = { audience: "public" };
export const candidateAccess: RouteAccess = { audience: "candidate" };

/** Every role of an organisation, for routes open to all its members. */
export const EVERY_MEMBER_ROLE: readonly MemberRole[] = memberRoles;

/**
 * Members of the active organisation with one of `roles`. `tokens: false` keeps a route to
 * browser sessions (things an API token must never do on its owner's behalf).
 */
export function staffAccess(roles: readonly MemberRole[], options: { tokens: boolean }): RouteAccess {
  return { audience: "staff", roles, tokens: options.tokens };
}

/** Each role as people call it, in the plural ("Only recruiters can …") and alone ("Recruiter"). */
const roleWords: Record<MemberRole, { many: string; one: string }> = {
  admin: { many: "admins", one: "Admin" },
  recruiter: { many: "recruiters", one: "Recruiter" },
  hiring_manager: { many: "hiring managers", one: "Hiring manager" },
  interviewer: { many: "interviewers", one: "Interviewer" },
};

/**
 * Who may do something, in plain words: "Only admins, recruiters and hiring managers can do
 * this". Refusals are read by people (the web app shows them as they are), so they never name
 * the API's role identifiers; API clients have the route's OpenAPI summary for those.
 */
export function describeAllowedRoles(roles: readonly MemberRole[]): string {
  const words = roles.map((role) => roleWords[role].many);
  const list = words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : (words[0] ?? "");
  return `Only ${list} can do this`;
}

/** Any signed-in member of staff, in or out of an organisation (the session, creating an organisation). */
export function signedInAccess(options: { tokens: boolean }): RouteAccess {
  return { audience: "signed-in", tokens: options.tokens };
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every API route with the access it declared, collected as routes are registered. */
    declaredRoutes: DeclaredRoute[];
  }
  interface FastifyRequest {
    /** What the access hook resolved for this request; read it through memberOf, candidateOf, … */
    resolvedAccess: ResolvedAccess | null;
  }
}

/** The organisation a staff request acts in, with the caller's current role there. */
export interface MemberContext {
  organizationId: string;
  userId: string;
  role: MemberRole;
  actor: Actor;
}

type ResolvedAccess =
  | { audience: "candidate"; candidate: CandidatePrincipal }
  | { audience: "signed-in"; principal: Principal }
  | { audience: "staff"; principal: Principal; member: MemberContext };

/** A route with the access it declared, as collected when routes are registered. */
export interface DeclaredRoute {
  method: HTTPMethods;
  url: string;
  access: RouteAccess;
}

/**
 * Routes that must declare their access: the whole API. Swagger UI's own pages and the web
 * app's files are registered by plugins and are public by nature.
 */
export function mustDeclareAccess(url: string): boolean {
  return url.startsWith("/api/") && !url.startsWith("/api/docs");
}

/**
 * For the onRoute hook: refuses to register an API route that does not say who may call it,
 * so the app cannot start with a forgotten declaration. Returns the declared routes it saw.
 */
export function declaredRoutesOf(route: RouteOptions): DeclaredRoute[] {
  const access = route.config?.access;
  if (!mustDeclareAccess(route.url)) return [];
  if (!access) {
    throw new Error(
      `Route ${String(route.method)} ${route.url} declares no access; add config: { access: publicAccess | candidateAccess | staffAccess(…) | signedInAccess(…) }.`,
    );
  }
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.map((method) => ({ method, url: route.url, access }));
}

/** Resolves and checks the caller against the route's declaration; throws 401/403 problems. */
export async function enforceAccess(
  deps: IdentifyDeps & { db: Db },
  request: FastifyRequest,
  access: RouteAccess,
): Promise<ResolvedAccess | null> {
  switch (access.audience) {
    case "public":
      return null;
    case "candidate": {
      const candidate = await identifyCandidate(deps, request);
      if (!candidate) {
        throw new AppError(
          "unauthenticated",
          "Sign in to the candidate portal with the link we emailed you.",
        );
      }
      return { audience: "candidate", candidate };
    }
    case "signed-in":
      return { audience: "signed-in", principal: await identifyStaffFor(deps, request, access.tokens) };
    case "staff": {
      const principal = await identifyStaffFor(deps, request, access.tokens);
      const member = await resolveMember(deps.db, request, principal, access.roles);
      return { audience: "staff", principal, member };
    }
  }
}

async function identifyStaffFor(deps: IdentifyDeps, request: FastifyRequest, tokens: boolean) {
  const principal = await identifyStaff(deps, request);
  if (!principal) {
    throw new AppError("unauthenticated", "Sign in, or send an API token as 'Authorization: Bearer evd_…'.");
  }
  if (!tokens && principal.kind === "token") {
    throw new AppError("forbidden", "This action needs a signed-in session; API tokens cannot perform it.");
  }
  return principal;
}

/**
 * The organisation the request acts in (the session's active organisation, or the token's)
 * and the caller's current role there. Roles are read on every request, so a removed member
 * or a changed role takes effect at once.
 */
async function resolveMember(
  db: Db,
  request: FastifyRequest,
  principal: Principal,
  allowedRoles: readonly MemberRole[],
): Promise<MemberContext> {
  const organizationId =
    principal.kind === "token" ? principal.token.organizationId : principal.session.activeOrganizationId;
  if (!organizationId) {
    throw new AppError(
      "forbidden",
      "You are not a member of any organisation yet; ask the admins of your organisation to add you.",
    );
  }
  // A token's membership was read with the token (or kept with it by the token cache, which
  // forgets it when the membership changes); a session's is read now.
  const membership =
    principal.kind === "token"
      ? { role: principal.token.role, name: principal.token.organizationName }
      : await findMembership(db, organizationId, principal.userId);
  if (!membership) throw new AppError("forbidden", "You are no longer a member of this organisation.");
  if (!allowedRoles.includes(membership.role)) {
    throw new AppError(
      "forbidden",
      `${describeAllowedRoles(allowedRoles)}; your role in ${membership.name} is ${roleWords[membership.role].one}. One of its admins can change your role if you need this.`,
    );
  }
  return {
    organizationId,
    userId: principal.userId,
    role: membership.role,
    actor: actorOf(request, principal),
  };
}

/** The audit actor of a staff request. */
export function actorOf(
  request: FastifyRequest,
  principal: Principal | null = principalOrNull(request),
): Actor {
  return {
    type: principal?.kind === "token" ? "token" : "user",
    userId: principal?.userId ?? null,
    tokenId: principal?.kind === "token" ? principal.token.tokenId : null,
    ip: request.ip ?? null,
    userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null,
  };
}

function principalOrNull(request: FastifyRequest): Principal | null {
  const resolved = request.resolvedAccess;
  return resolved && resolved.audience !== "candidate" ? resolved.principal : null;
}

function misdeclared(request: FastifyRequest, needed: string): Error {
  // A handler reading a context its route did not declare is a programming error, not the caller's.
  return new Error(`${request.method} ${request.routeOptions.url} reads ${needed} but does not declare it.`);
}

/** The member context of a route declared with staffAccess. */
export function memberOf(request: FastifyRequest): MemberContext {
  const resolved = request.resolvedAccess;
  if (resolved?.audience !== "staff") throw misdeclared(request, "a member");
  return resolved.member;
}

/** The signed-in member of staff of a route declared with staffAccess or signedInAccess. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principalOrNull(request);
  if (!principal) throw misdeclared(request, "a signed-in caller");
  return principal;
}

/** The browser session of a route declared session-only (`tokens: false`). */
export function sessionOf(request: FastifyRequest): Extract<Principal, { kind: "session" }> {
  const principal = principalOf(request);
  if (principal.kind !== "session") throw misdeclared(request, "a session");
  return principal;
}

/** The signed-in candidate of a route declared with candidateAccess. */
export function candidateOf(request: FastifyRequest): CandidatePrincipal {
  const resolved = request.resolvedAccess;
  if (resolved?.audience !== "candidate") throw misdeclared(request, "a candidate");
  return resolved.candidate;
}
