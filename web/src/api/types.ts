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
  /** The demo organisation holds sample data only. */
  isDemo: boolean;
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

/* Roles and the work-model advisor. "JobRole" because `Role` above is a member's role. */

export type WorkModel = "onsite" | "remote" | "hybrid";
export type RoleStatus = "draft" | "open" | "paused" | "closed";
export type Seniority = "junior" | "mid" | "senior" | "staff";

export interface JobRoleInput {
  title: string;
  team: string;
  seniority: Seniority;
  techStack: string[];
  officeLocations: string[];
  timezone: { fromUtcOffset: number; toUtcOffset: number };
  complianceNeeds: string[];
  headcount: number;
  status: RoleStatus;
  hireThreshold: number;
}

export interface JobRole extends JobRoleInput {
  id: string;
  workModel: WorkModel | null;
  onsiteDaysPerWeek: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobRoleDetail extends JobRole {
  workModelDecisions: WorkModelDecision[];
}

export type OrdinalFactorName =
  | "talentPoolBreadth"
  | "asyncMaturity"
  | "deepFocusNeed"
  | "juniorMentorshipNeed"
  | "complianceLevel"
  | "coDesignNeed";

export type RelocationBudget = "none" | "limited" | "full";

export type WorkModelFactors = Record<OrdinalFactorName, number> & {
  onPremAccessRequired: boolean;
  timezoneSpreadHours: number;
  relocationBudget: RelocationBudget;
  officeAvailable: boolean;
};

export type WorkModelFactorName = keyof WorkModelFactors;

export interface WorkModelEvidence {
  id: string;
  label: string;
  reference: string;
  finding: string;
  approximate: boolean;
}

export interface WorkModelFactorCatalogue {
  defaults: WorkModelFactors;
  labels: Record<WorkModelFactorName, { name: string; help: string }>;
  /** Labels of the 0–4 ordinal scale, indexed by level. */
  ordinalLevelLabels: string[];
  relocationBudgets: RelocationBudget[];
  evidence: WorkModelEvidence[];
}

export type ModelPoints = Record<WorkModel, number>;

export interface FactorContribution {
  factor: Exclude<WorkModelFactorName, "onPremAccessRequired" | "officeAvailable">;
  value: number | string;
  label: string;
  points: ModelPoints;
  favours: WorkModel | "neutral";
  explanation: string;
  evidenceIds: string[];
}

export interface HardConstraint {
  id: string;
  description: string;
  excludes: WorkModel[];
  evidenceIds: string[];
}

export interface WorkModelAdvice {
  modelVersion: string;
  recommendation: WorkModel;
  onsiteDaysPerWeek: number | null;
  scores: ModelPoints;
  allowedModels: WorkModel[];
  contributions: FactorContribution[];
  hardConstraints: HardConstraint[];
  confidence: { level: "low" | "medium" | "high"; margin: number | null; explanation: string };
  evidence: WorkModelEvidence[];
  note: string;
}

export interface WorkModelDecision {
  id: string;
  recommendedModel: WorkModel;
  chosenModel: WorkModel;
  onsiteDaysPerWeek: number | null;
  overrideReason: string | null;
  advisorVersion: string;
  /** As stored when the decision was made; older advisor versions may differ in shape. */
  factors: unknown;
  advice: unknown;
  decidedBy: { id: string; email: string };
  decidedAt: string;
}

export interface WorkModelDecisionRequest {
  factors: WorkModelFactors;
  chosenModel: WorkModel;
  onsiteDaysPerWeek?: number;
  overrideReason?: string;
}
