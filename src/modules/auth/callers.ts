import type { IncomingHttpHeaders } from "node:http";
import { parseCookie } from "cookie";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type ApiTokenCache, type ResolvedApiToken, resolveApiToken } from "../api-tokens/api-tokens.ts";
import {
  CANDIDATE_SESSION_COOKIE,
  type CandidatePrincipal,
  isValidCandidateCsrfToken,
  resolveCandidateSession,
} from "../portal/candidate-sessions.ts";
import { isValidCsrfToken, type ResolvedSession, resolveSession, SESSION_COOKIE } from "./sessions.ts";

/** A member of staff calling: a signed-in browser session or an API token. */
export type Principal =
  | { kind: "session"; userId: string; email: string; session: ResolvedSession }
  | { kind: "token"; userId: string; email: string; token: ResolvedApiToken };

/** Whoever presented credentials, for places that accept staff and candidates alike. */
export type Caller =
  | { kind: "staff"; principal: Principal }
  | { kind: "candidate"; candidate: CandidatePrincipal }
  | { kind: "anonymous" };

export interface IdentifyDeps {
  db: Db;
  clock: Clock;
  /** The server secret the CSRF tokens are derived from. */
  secret: string;
  /** Tokens already resolved in this process (the server's; none where tokens are rare). */
  apiTokenCache?: ApiTokenCache;
}

/**
 * What identification reads of a request. Deliberately not a Fastify request: the WebSocket
 * upgrade of live pads has only the method and headers of the upgrade request.
 */
export interface CallerRequest {
  method: string;
  headers: IncomingHttpHeaders;
}

/** Methods that change something: they need the CSRF token, and they clear the server's caches. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * One cookie's value from the Cookie header. Read here rather than through @fastify/cookie,
 * which parses only inside a Fastify request (and loads its parser when it is registered).
 */
/** One cookie of the request, decoded (the `cookie` package parses as browsers send them). */
function readCookie(headers: IncomingHttpHeaders, name: string): string | undefined {
  return headers.cookie ? parseCookie(headers.cookie)[name] : undefined;
}

function presentedCsrfToken(headers: IncomingHttpHeaders): string | undefined {
  const presented = headers["x-csrf-token"];
  return typeof presented === "string" ? presented : undefined;
}

/**
 * The member of staff behind a bearer token or the staff session cookie, or null when the
 * request carries neither. A bearer token that does not resolve is refused (401) rather than
 * ignored, and a cookie session must echo its CSRF token on unsafe methods (403).
 */
export async function identifyStaff(deps: IdentifyDeps, request: CallerRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const token = match?.[1]
      ? await resolveApiToken(deps.db, deps.clock, match[1], deps.apiTokenCache)
      : null;
    if (!token) throw new AppError("unauthenticated", "The API token is invalid, expired or revoked.");
    return { kind: "token", userId: token.userId, email: token.email, token };
  }
  const cookieValue = readCookie(request.headers, SESSION_COOKIE);
  if (!cookieValue) return null;
  const session = await resolveSession(deps.db, deps.clock, cookieValue);
  if (!session) return null;
  if (
    UNSAFE_METHODS.has(request.method) &&
    !isValidCsrfToken(deps.secret, session.sessionId, presentedCsrfToken(request.headers))
  ) {
    throw new AppError(
      "forbidden",
      "Missing or invalid X-CSRF-Token header; take it from GET /api/v1/auth/session.",
    );
  }
  return { kind: "session", userId: session.userId, email: session.email, session };
}

/**
 * The candidate behind the candidate cookie, or null. Only this cookie is read: the staff
 * cookie and tokens never identify a candidate, and the candidate cookie never a member of staff.
 */
export async function identifyCandidate(
  deps: IdentifyDeps,
  request: CallerRequest,
): Promise<CandidatePrincipal | null> {
  const cookieValue = readCookie(request.headers, CANDIDATE_SESSION_COOKIE);
  if (!cookieValue) return null;
  const candidate = await resolveCandidateSession(deps.db, deps.clock, cookieValue);
  if (!candidate) return null;
  if (
    UNSAFE_METHODS.has(request.method) &&
    !isValidCandidateCsrfToken(deps.secret, candidate.sessionId, presentedCsrfToken(request.headers))
  ) {
    throw new AppError(
      "forbidden",
      "Missing or invalid X-CSRF-Token header; take it from GET /api/v1/portal/me.",
    );
  }
  return candidate;
}

/** Staff credentials first, then the candidate cookie: for endpoints both may use. */
export async function identifyCaller(deps: IdentifyDeps, request: CallerRequest): Promise<Caller> {
  const principal = await identifyStaff(deps, request);
  if (principal) return { kind: "staff", principal };
  const candidate = await identifyCandidate(deps, request);
  return candidate ? { kind: "candidate", candidate } : { kind: "anonymous" };
}
