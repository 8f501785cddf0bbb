export type Role = "admin" | "recruiter" | "hiring_manager" | "interviewer";

export const roles: readonly Role[] = ["admin", "recruiter", "hiring_manager", "interviewer"];

export const roleLabels: Record<Role, string> = {
  admin: "Admin",
  recruiter: "Recruiter",
  hiring_manager: "Hiring manager",
  interviewer: "Interviewer",
};

export interface Organization {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

export interface Session {
  user: { id: string; email: string; name: string };
  activeOrganization: Organization | null;
  organizations: Organization[];
  csrfToken: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  user: { id: string; email: string };
}

export interface CreatedApiToken {
  token: ApiToken;
  secret: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: {
    type: "user" | "token" | "system";
    userId: string | null;
    email: string | null;
    tokenId: string | null;
  };
  action: string;
  objectType: string;
  objectId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

export interface Page<T> {
  items: T[];
}

export interface CursorPage<T> extends Page<T> {
  nextCursor: string | null;
}

/** The component fields are reported as the server sees fit (a word or an object), so they stay loosely typed. */
export interface Health {
  status: unknown;
  database: unknown;
  queue: unknown;
}
