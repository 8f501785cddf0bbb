/**
 * The analytics answers as issue 15 specifies them, until the routes are on main and
 * `npm run api:types` names them; then these become aliases of the generated types.
 */
export type Reason = "too_few" | "zero_variance" | "no_selections" | null;
export type Source = "history" | "live" | "all";

export interface StageValidity {
  stage: string;
  n: number;
  r: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
  rho: number | null;
  rhoP: number | null;
  reason: Reason;
  /** SD of the mean stage rating among these hires. */
  hiresSdX: number | null;
  /** Applications with a rating at the stage, and the SD of their mean rating: range restriction shown. */
  applicants: number;
  applicantsSdX: number | null;
}
export interface ValidityAnswer {
  stages: StageValidity[];
}

export interface ImpactGroup {
  group: string;
  reached: number;
  selected: number;
  rate: number | null;
  impactRatio: number | null;
  flagged: boolean | null;
  fisherP: number | null;
  significant: boolean | null;
  reason: Reason;
}
export interface AdverseImpactAnswer {
  reference: string | null;
  reason: Reason;
  groups: ImpactGroup[];
}

export type Estimate = { value: number; ciLow: number; ciHigh: number } | null;
export interface InterviewerLeniency {
  interviewer: string;
  n: number;
  leniency: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  reason: Reason;
}
export interface CalibrationAnswer {
  interviewers: InterviewerLeniency[];
  reliability: {
    applications: number;
    ratings: number;
    k0: number | null;
    icc1: Estimate;
    iccMean: Estimate;
    reason: Reason;
  };
}

export interface WorkModelGroup {
  workModel: string;
  n: number;
  mean: number | null;
  sd: number | null;
  rate: number | null;
  reason: Reason;
}
export interface WorkModelPair {
  a: string;
  b: string;
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
  pHolm: number | null;
  reason: Reason;
}
export interface WorkModelsAnswer {
  groups: WorkModelGroup[];
  pairs: WorkModelPair[];
}

export interface FunnelStage {
  stage: string;
  reached: number;
  passed: number;
  passRate: number;
  daysN: number;
  medianDaysInStage: number | null;
  reason: Reason;
}
export interface FunnelAnswer {
  stages: FunnelStage[];
}

export interface HistoryImportReport {
  applications: number;
  stages: number;
  ratings: number;
  errors: { file: "applications" | "stages" | "ratings"; row: number; column: string; message: string }[];
  /** Every error; `errors` lists the first 1,000. */
  errorCount: number;
}
