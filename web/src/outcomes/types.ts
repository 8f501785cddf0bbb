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

export interface BurnDownPoint {
  date: string;
  /** Share of the window's error budget left at the end of that day, 1 = untouched, below 0 = overspent. */
  budgetRemaining: number;
}

export interface UptimeAnswer {
  availability: number | null;
  validChecks: number;
  sloTarget: number;
  errorBudgetRemaining: number | null;
  burnRate: number | null;
  burnDown: BurnDownPoint[];
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

export interface Integration {
  id: string;
  kind: "github" | "pagerduty" | "jira";
  name: string;
  createdAt: string;
}

export interface Delivery {
  id: string;
  source: string;
  deliveryId: string;
  status: string;
  error: string | null;
  receivedAt: string;
}

export interface OutcomeImportRow {
  row: number;
  errors: { column: string; message: string }[];
}
