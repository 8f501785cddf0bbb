/**
 * The outcomes answers the pages read. DORA is exactly issue 14's shape; the others are the
 * smallest shapes the pages need, until the routes are on main and `npm run api:types`
 * names them; then these become aliases of the generated types.
 */
export type Band = "elite" | "high" | "medium" | "low" | null;
export type TeamWorkModel = "onsite" | "remote" | "hybrid";

export interface DoraAnswer {
  deploymentFrequency: {
    deployments: number;
    deploymentDays: number;
    medianDeploymentDaysPerWeek: number;
    medianDeploymentDaysPerMonth: number;
    band: Band;
  };
  leadTimeForChanges: { changes: number; medianMinutes: number | null; band: Band };
  changeFailureRate: { deployments: number; failedDeployments: number; rate: number | null; band: Band };
  recoveryTime: { incidents: number; medianMinutes: number | null; band: Band };
}

export interface Team {
  id: string;
  name: string;
  workModel: TeamWorkModel;
  timezoneBand: string | null;
}

export interface Service {
  id: string;
  name: string;
  teamId: string | null;
}

export interface WeeklyPoint {
  /** The Monday the week starts on, YYYY-MM-DD. */
  week: string;
  deploymentDays: number;
  medianLeadTimeMinutes: number | null;
  changeFailureRate: number | null;
  medianRecoveryMinutes: number | null;
}

export interface Incident {
  id: string;
  service: string;
  externalId: string;
  createdAt: string;
  resolvedAt: string | null;
}

export interface UptimeSlo {
  targetPercent: number;
  windowDays: number;
  isConfigured: boolean;
}

export interface UptimeAvailability {
  window: { from: string; to: string };
  slo: UptimeSlo;
  summary: {
    validChecks: number;
    goodChecks: number;
    excludedChecks: number;
    availability: number | null;
    targetPercent: number;
    allowedBadChecks: number;
    /** Share of the window's error budget left: 1 untouched, below 0 overspent. */
    errorBudgetRemaining: number | null;
    burnRate: number | null;
  };
  probe: { url: string; intervalSeconds: number } | null;
}

export interface BurnDownPoint {
  day: string;
  validChecks: number;
  goodChecks: number;
  availability: number | null;
  burnRate: number | null;
  errorBudgetRemaining: number | null;
}

export interface UptimeBurnDown {
  window: { from: string; to: string };
  slo: UptimeSlo;
  points: BurnDownPoint[];
}

export interface CohortGroup {
  group: string;
  n: number;
  reason: "too_few" | null;
  medianDeploymentDaysPerWeek: number | null;
  medianLeadTimeMinutes: number | null;
  changeFailureRate: number | null;
  medianRecoveryMinutes: number | null;
}

export interface CohortAnswer {
  minGroupSize: number;
  groups: CohortGroup[];
}

export type IntegrationKind = "github" | "pagerduty" | "jira";

export interface Integration {
  id: string;
  kind: IntegrationKind;
  hasApiToken: boolean;
  createdAt: string;
  secretRotatedAt: string | null;
  config: Record<string, unknown>;
}

export interface CreatedIntegration {
  integration: Integration;
  /** Shown once. */
  webhookSecret: string;
  webhookUrl: string;
}

export interface Delivery {
  id: string;
  deliveryId: string;
  status: "accepted" | "duplicate" | "rejected" | "failed";
  eventCount: number;
  error: string | null;
  receivedAt: string;
}

export interface OutcomeImportRow {
  row: number;
  errors: { column: string; message: string }[];
}
