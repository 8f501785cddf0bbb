export type StageType =
  | "application_review"
  | "async_challenge"
  | "async_collaboration"
  | "written_exercise"
  | "system_design"
  | "pair_programming"
  | "trial_day"
  | "decision";

export type StageMode = "onsite" | "remote" | "async";

export type KitKind =
  | "system_design"
  | "pair_programming"
  | "trial_day"
  | "async_collaboration"
  | "written_communication";

export interface PlanStageKit {
  id: string;
  slug: string;
  version: number;
  title: string;
}

export interface PlanStage {
  id: string;
  /** 1-based order in the plan. */
  position: number;
  name: string;
  type: StageType;
  mode: StageMode | null;
  kitVersionId: string | null;
  kit: PlanStageKit | null;
  /** User ids of the members who may interview or review in this stage. */
  interviewerPool: string[];
  requiredRaters: number;
  /** Share of the decision formula, 0–1; unscored stages weigh 0. */
  weight: number;
  isBlind: boolean;
  challengeId: string | null;
  deadlineDays: number | null;
  /** Applications whose current stage this is, whatever their status. */
  applicationCount: number;
}

export interface Plan {
  roleId: string;
  stages: PlanStage[];
}

/**
 * A stage as the plan is saved: existing stages keep their id, new ones have none yet. A kit is
 * named by slug (the organisation's newest version; a built-in kit is adopted) or by a specific
 * version id; neither means no kit.
 */
export interface PlanStageInput {
  id?: string;
  name: string;
  type: StageType;
  mode: StageMode | null;
  kitSlug?: string;
  kitVersionId?: string;
  interviewerPool: string[];
  requiredRaters: number;
  weight: number;
  isBlind: boolean;
  challengeId?: string | null;
  deadlineDays?: number | null;
}

export interface KitSummary {
  slug: string;
  title: string;
  kind: KitKind;
  source: "built_in" | "custom";
  latestVersion: number | null;
  latestVersionId: string | null;
  frozen: boolean;
}
