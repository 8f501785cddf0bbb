/* Interviews and scorecards, as src/modules/interviews returns them. */

import type { KitContent, RatingLevel } from "../kits/types";

export type InterviewMode = "onsite" | "remote";
export type InterviewStatus = "scheduled" | "completed" | "cancelled";
export type Recommendation = "strong_no" | "no" | "yes" | "strong_yes";

export type StageType =
  | "application_review"
  | "async_challenge"
  | "async_collaboration"
  | "written_exercise"
  | "system_design"
  | "pair_programming"
  | "trial_day"
  | "decision";

/** In blind review only the pseudonym is filled in. */
export interface CandidateSummary {
  pseudonym: string;
  isRedacted: boolean;
  name: string | null;
  email: string | null;
  location: string | null;
  links: string[];
}

export interface InterviewParticipant {
  id: string;
  name: string;
  email: string;
  hasSubmitted: boolean;
}

export interface Interview {
  id: string;
  applicationId: string;
  candidate: CandidateSummary;
  role: { id: string; title: string };
  stage: { id: string; name: string; type: StageType; isBlind: boolean };
  kitVersion: { id: string; slug: string; version: number; title: string } | null;
  scheduledAt: string;
  durationMinutes: number;
  mode: InterviewMode;
  room: string | null;
  videoLink: string | null;
  status: InterviewStatus;
  interviewers: InterviewParticipant[];
  isParticipant: boolean;
  hasSubmitted: boolean;
  createdAt: string;
}

export interface InterviewDetail extends Interview {
  kit: KitContent | null;
  myScorecard: { id: string; version: number } | null;
}

export interface ScheduleInterviewRequest {
  applicationId: string;
  stageId: string;
  scheduledAt: string;
  durationMinutes: number;
  interviewerIds: string[];
  mode: InterviewMode;
  room?: string;
  videoLink?: string;
}

export interface ScorecardRating {
  attributeId: string;
  level: RatingLevel;
  evidence: string;
}

export interface ScorecardRequest {
  ratings: ScorecardRating[];
  recommendation: Recommendation;
}

export interface AmendmentRequest extends ScorecardRequest {
  reason: string;
}

export interface ScorecardVersion {
  id: string;
  interviewId: string;
  interviewStatus: InterviewStatus;
  applicationId: string;
  stage: { id: string; name: string };
  interviewer: { id: string; name: string; email: string };
  version: number;
  ratings: (ScorecardRating & { attributeName: string })[];
  /** Mean rating level, 1–4. */
  score: number;
  recommendation: Recommendation;
  amendsId: string | null;
  amendmentReason: string | null;
  submittedAt: string;
}

/** The latest version of one interviewer's scorecard, with the versions it superseded. */
export interface Scorecard extends ScorecardVersion {
  /** Earlier versions, newest first. */
  history: ScorecardVersion[];
}

/* What the scheduling form reads from other areas; only the fields it uses. */

export interface ActiveApplication {
  id: string;
  candidate: { id: string; fullName: string | null; email: string | null };
  role: { id: string; title: string };
}

export interface PlanStage {
  id: string;
  name: string;
  type: StageType;
  position: number;
  mode: "onsite" | "remote" | "async" | null;
  kitVersionId: string | null;
  interviewerPool: string[];
  requiredRaters: number;
  isBlind: boolean;
}
