import type { WorkModel } from "../api/types";
import type { StageType } from "../plans/types";

export type ApplicationStatus = "active" | "rejected" | "withdrawn" | "hired";

export type RejectionReason =
  | "skills_gap"
  | "experience_level"
  | "work_model_mismatch"
  | "location_or_timezone"
  | "compensation"
  | "position_filled"
  | "did_not_complete"
  | "other";

export interface StageRef {
  id: string;
  name: string;
  type: StageType;
}

export interface Candidate {
  id: string;
  /** Null once the candidate's data was erased. */
  fullName: string | null;
  email: string | null;
  phone: string | null;
  location: string | null;
  links: string[];
  source: string | null;
  createdAt: string;
  updatedAt: string;
  erasedAt: string | null;
}

export interface StoredResume {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
}

export interface CandidateDetail extends Candidate {
  applications: ApplicationSummary[];
  resume: StoredResume | null;
}

export interface CandidateInput {
  fullName: string;
  email: string;
  phone?: string | null;
  location?: string | null;
  links?: string[];
  source?: string | null;
}

export interface ApplicationSummary {
  id: string;
  candidate: { id: string; fullName: string | null; email: string | null };
  role: { id: string; title: string; workModel: WorkModel | null };
  currentStage: StageRef | null;
  status: ApplicationStatus;
  rejectionReason: RejectionReason | null;
  createdAt: string;
  /** Changes on every stage move and status change. */
  updatedAt: string;
}

export type ApplicationEventKind =
  | "created"
  | "stage_moved"
  | "rejected"
  | "withdrawn"
  | "hired"
  | "reopened";

/** A stage an event refers to; name and type are null once the stage left the plan. */
export interface EventStage {
  id: string;
  name: string | null;
  type: StageType | null;
}

export interface ApplicationEvent {
  id: string;
  kind: ApplicationEventKind;
  fromStage: EventStage | null;
  toStage: EventStage | null;
  reason: string | null;
  note: string | null;
  actor: { id: string; name: string; email: string } | null;
  at: string;
}

export interface ApplicationDetail extends ApplicationSummary {
  /** Oldest first. */
  history: ApplicationEvent[];
  /** The role's plan in order: where the application can be moved. */
  stages: (StageRef & { position: number })[];
}

export interface ApplicationFilters {
  query?: string;
  roleId?: string;
  stageId?: string;
  status?: ApplicationStatus;
  workModel?: WorkModel;
}

export type ImportMode = "all_or_nothing" | "valid_rows_only";

export interface ImportRowReport {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  status: "valid" | "invalid" | "duplicate";
  errors: { column: string; message: string }[];
  /** The created candidate, or for a duplicate the existing one. */
  candidateId?: string;
}

export interface ImportReport {
  mode: ImportMode;
  dryRun: boolean;
  /** Candidates created (in a dry run: that would be created). */
  imported: number;
  skipped: number;
  ignoredColumns: string[];
  rows: ImportRowReport[];
}

export type Recommendation = "strong_no" | "no" | "yes" | "strong_yes";

/** An interview of an application, as GET /api/v1/interviews?applicationId= lists it. */
export interface ApplicationInterview {
  id: string;
  applicationId: string;
  stage: { id: string; name: string; type: StageType; isBlind: boolean };
  kitVersion: { id: string; slug: string; version: number; title: string } | null;
  scheduledAt: string;
  durationMinutes: number;
  mode: "onsite" | "remote";
  room: string | null;
  videoLink: string | null;
  status: "scheduled" | "completed" | "cancelled";
  interviewers: { id: string; name: string; email: string; hasSubmitted: boolean }[];
}

export interface Scorecard {
  id: string;
  interviewId: string;
  stage: { id: string; name: string };
  interviewer: { id: string; name: string; email: string };
  version: number;
  /** Mean rating level, 1–4. */
  score: number;
  recommendation: Recommendation;
  amendmentReason: string | null;
  submittedAt: string;
  /** Earlier versions, newest first. */
  history: unknown[];
}
