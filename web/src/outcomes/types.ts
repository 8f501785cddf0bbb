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
  /** Office or time-zone band. */
  location: string | null;
  services: { id: string; name: string }[];
  createdAt: string;
}

export interface Service {
  id: string;
  name: string;
  team: { id: string; name: string } | null;
  createdAt: string;
}

export interface WeeklyPoint {
  /** The Monday the week starts on, YYYY-MM-DD. */
  week: string;
  from: string;
  to: string;
  deployments: number;
  deploymentDays: number;
  changes: number;
  leadTimeMedianMinutes: number | null;
  failedDeployments: number;
  changeFailureRate: number | null;
  incidents: number;
  recoveryMedianMinutes: number | null;
}

export interface DoraWeekly {
  from: string;
  to: string;
  report: 2021 | 2023;
  weeks: WeeklyPoint[];
}

export interface Incident {
  externalId: string;
  service: string;
  source: string;
  createdAt: string;
  resolvedAt: string | null;
  minutesToResolve: number | null;
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

export interface CohortMetrics {
  medianDeploymentDaysPerWeek: number | null;
  leadTimeMedianMinutes: number | null;
  changeFailureRate: number | null;
  recoveryMedianMinutes: number | null;
}

export type CohortGroup =
  | { key: string; status: "ok"; size: number; metrics: CohortMetrics }
  | { key: string; status: "too_few"; size: null; metrics: null };

export interface CohortAnswer {
  by: "work_model" | "hire_quarter";
  unit: "teams" | "hires";
  minGroupSize: number;
  report: 2021 | 2023;
  from: string | null;
  to: string | null;
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

export interface OutcomeImportReport {
  kind: "changes" | "deployments" | "incidents";
  dryRun: boolean;
  rows: number;
  stored: number;
  unchanged: number;
  servicesCreated: string[];
  ignoredColumns: string[];
  errors: { row: number; column: string; message: string }[];
}
