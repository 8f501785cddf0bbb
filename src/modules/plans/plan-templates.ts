import type { KitContent } from "../kits/kit-schema.ts";
import { asyncCollaborationKit } from "../kits/library/async-collaboration.ts";
import { onsiteTrialDayKit } from "../kits/library/onsite-trial-day.ts";
import { pairProgrammingKit } from "../kits/library/pair-programming.ts";
import { urlShortenerKit } from "../kits/library/url-shortener.ts";
import type { WorkModel } from "../roles/roles-table.ts";
import { interviewStageTypes, type StageType, type stageModes } from "./plans-table.ts";

export type StageMode = (typeof stageModes)[number];

/** One stage of a template; a plan created from it copies these values and adopts the kit. */
export interface StageTemplate {
  type: StageType;
  name: string;
  mode: StageMode | null;
  /** A built-in kit's slug, adopted as a kit version of the organisation when the plan is created. */
  kitSlug: string | null;
  requiredRaters: number;
  weight: number;
  isBlind: boolean;
  deadlineDays: number | null;
  /** A built-in challenge for async_challenge stages. */
  challengeId: string | null;
}

/** Stages that produce a score for the decision formula; the others always weigh 0. */
export const unscoredStageTypes: readonly StageType[] = ["application_review", "decision"];

export const isScoredStageType = (type: StageType) => !unscoredStageTypes.includes(type);
export const isInterviewStageType = (type: StageType) => interviewStageTypes.includes(type);

/**
 * Work samples reviewed from what the candidate handed in. They are reviewed blind by default
 * (Campion et al. 1997, component 6: control ancillary information), so the name, photo or
 * school on a resume cannot colour the rating of the work.
 */
export const blindByDefaultStageTypes: readonly StageType[] = [
  "async_challenge",
  "async_collaboration",
  "written_exercise",
  "async_exercise",
];

/**
 * At least two independent raters for live interviews and for the async collaboration
 * review: inter-rater reliability caps validity (Conway, Jako & Goodman 1995), and averaging
 * independent ratings is what makes a single judgement less decisive.
 */
export function defaultRequiredRaters(type: StageType): number {
  return isInterviewStageType(type) || type === "async_collaboration" ? 2 : 1;
}

/** The kit kind a stage type takes; null for stages that run without an interview kit. */
export const kitKindForStageType: Record<StageType, KitContent["kind"] | null> = {
  application_review: null,
  async_challenge: null,
  async_collaboration: "async_collaboration",
  written_exercise: "written_communication",
  // Steps are rated with the async-collaboration kit's rubric (written clarity, async habits, review quality).
  async_exercise: "async_collaboration",
  system_design: "system_design",
  pair_programming: "pair_programming",
  trial_day: "trial_day",
  decision: null,
};

/** The modes a stage type may run in; an empty list means the stage has no mode (null). */
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

/** Stage types whose deadline (days the candidate has to hand in) is meaningful. */
export const deadlineStageTypes: readonly StageType[] = [
  "async_challenge",
  "async_collaboration",
  "written_exercise",
];

// Weights follow the predictive validities in shared/EVIDENCE.md: the structured interviews
// (Sackett et al. 2022: .42) carry the most, the work samples (.33) and the job-knowledge-like
// auto-graded challenge (.40, but narrow in scope) the rest. Each template's weights sum to 1.
const CHALLENGE_WEIGHT = 0.2;
const SYSTEM_DESIGN_WEIGHT = 0.3;
const PAIR_PROGRAMMING_WEIGHT = 0.25;
const WORK_SAMPLE_WEIGHT = 0.25;

function stage(
  type: StageType,
  name: string,
  mode: StageMode | null,
  options: { kitSlug?: string; weight?: number; deadlineDays?: number; challengeId?: string } = {},
): StageTemplate {
  return {
    type,
    name,
    mode,
    kitSlug: options.kitSlug ?? null,
    requiredRaters: defaultRequiredRaters(type),
    weight: options.weight ?? 0,
    isBlind: blindByDefaultStageTypes.includes(type),
    deadlineDays: options.deadlineDays ?? null,
    challengeId: options.challengeId ?? null,
  };
}

const applicationReview = stage("application_review", "Application review", null);
// A backend API with a concurrency edge is closer to the job than a puzzle (a built-in challenge).
const codingChallenge = stage("async_challenge", "Async coding challenge", "async", {
  challengeId: "idempotent-payments-api",
  weight: CHALLENGE_WEIGHT,
  deadlineDays: 7,
});
const asyncCollaboration = (name: string) =>
  stage("async_collaboration", name, "async", {
    kitSlug: asyncCollaborationKit.slug,
    weight: WORK_SAMPLE_WEIGHT,
    deadlineDays: 5,
  });
const systemDesign = (mode: "onsite" | "remote") =>
  stage("system_design", `${mode === "remote" ? "Remote" : "Onsite"} system design`, mode, {
    kitSlug: urlShortenerKit.slug,
    weight: SYSTEM_DESIGN_WEIGHT,
  });
const pairProgramming = (mode: "onsite" | "remote") =>
  stage("pair_programming", `${mode === "remote" ? "Remote" : "Onsite"} pair programming`, mode, {
    kitSlug: pairProgrammingKit.slug,
    weight: PAIR_PROGRAMMING_WEIGHT,
  });
const decision = stage("decision", "Decision", null);

/**
 * The default hiring plan per work model. Every plan screens the application, then an
 * auto-graded coding challenge; what follows tests how the person will actually work:
 * - remote: a multi-day async collaboration exercise (written clarity, async habits), then
 *   system design and pair programming over video and the shared pad;
 * - onsite: system design and pair programming in the office, then a structured trial day
 *   with the team (communication, conflict resolution, collaboration);
 * - hybrid: remote system design, onsite pair programming (the days in the office), and the
 *   async collaboration exercise for the days apart.
 * Each plan ends with the decision stage, where the weighted formula combines the scores.
 */
export const planTemplates: Record<WorkModel, readonly StageTemplate[]> = {
  remote: [
    applicationReview,
    codingChallenge,
    asyncCollaboration("Multi-day async collaboration exercise"),
    systemDesign("remote"),
    pairProgramming("remote"),
    decision,
  ],
  onsite: [
    applicationReview,
    codingChallenge,
    systemDesign("onsite"),
    pairProgramming("onsite"),
    stage("trial_day", "Onsite trial day", "onsite", {
      kitSlug: onsiteTrialDayKit.slug,
      weight: WORK_SAMPLE_WEIGHT,
    }),
    decision,
  ],
  hybrid: [
    applicationReview,
    codingChallenge,
    systemDesign("remote"),
    pairProgramming("onsite"),
    asyncCollaboration("Async collaboration exercise"),
    decision,
  ],
};
