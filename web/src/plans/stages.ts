import type { KitKind, StageMode, StageType } from "../api/schema";

export const stageTypes: readonly StageType[] = [
  "application_review",
  "async_challenge",
  "async_collaboration",
  "written_exercise",
  "async_exercise",
  "system_design",
  "pair_programming",
  "trial_day",
  "decision",
];

export const stageTypeLabels: Record<StageType, string> = {
  application_review: "Application review",
  async_challenge: "Async coding challenge",
  async_collaboration: "Async collaboration exercise",
  written_exercise: "Written exercise",
  async_exercise: "Multi-day async exercise",
  system_design: "System design",
  pair_programming: "Pair programming",
  trial_day: "Trial day",
  decision: "Decision",
};

export const stageModeLabels: Record<StageMode, string> = {
  onsite: "Onsite",
  remote: "Remote",
  async: "Async",
};

// These mirror the plan rules of the API (src/modules/plans/plan-templates.ts) so the editor
// offers only valid choices; the API still checks them and its messages are shown by field.

/** The modes a stage type may run in; an empty list means the stage has no mode. */
export const allowedModesForStageType: Record<StageType, readonly StageMode[]> = {
  application_review: [],
  async_challenge: ["async"],
  async_collaboration: ["async"],
  written_exercise: ["async"],
  async_exercise: ["async"],
  system_design: ["onsite", "remote"],
  pair_programming: ["onsite", "remote"],
  trial_day: ["onsite", "remote"],
  decision: [],
};

/** The interview kit kind a stage type takes; null for stages without a kit. */
export const kitKindForStageType: Record<StageType, KitKind | null> = {
  application_review: null,
  async_challenge: null,
  async_collaboration: "async_collaboration",
  written_exercise: "written_communication",
  async_exercise: "async_collaboration",
  system_design: "system_design",
  pair_programming: "pair_programming",
  trial_day: "trial_day",
  decision: null,
};

/** Stages that give no score to the decision formula, so their weight is always 0. */
export const unscoredStageTypes: readonly StageType[] = ["application_review", "decision"];

export const deadlineStageTypes: readonly StageType[] = [
  "async_challenge",
  "async_collaboration",
  "written_exercise",
];

export const interviewStageTypes: readonly StageType[] = ["system_design", "pair_programming", "trial_day"];

export function describeStageMode(mode: StageMode | null): string {
  return mode === null ? "No mode" : stageModeLabels[mode];
}
