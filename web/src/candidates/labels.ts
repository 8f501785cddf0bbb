import type { ApplicationEventKind, ApplicationStatus, ImportMode, RejectionReason } from "../api/schema";

export const applicationStatuses: readonly ApplicationStatus[] = ["active", "rejected", "withdrawn", "hired"];

export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  active: "Active",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  hired: "Hired",
};

export const rejectionReasons: readonly RejectionReason[] = [
  "skills_gap",
  "experience_level",
  "work_model_mismatch",
  "location_or_timezone",
  "compensation",
  "position_filled",
  "did_not_complete",
  "other",
];

export const rejectionReasonLabels: Record<RejectionReason, string> = {
  skills_gap: "Skills gap",
  experience_level: "Experience level",
  work_model_mismatch: "Work model mismatch",
  location_or_timezone: "Location or time zone",
  compensation: "Compensation",
  position_filled: "Position filled",
  did_not_complete: "Did not complete a stage",
  other: "Other",
};

export function describeRejectionReason(reason: string | null): string {
  if (reason === null) return "";
  return rejectionReasonLabels[reason as RejectionReason] ?? reason;
}

export const eventKindLabels: Record<ApplicationEventKind, string> = {
  created: "Applied",
  stage_moved: "Moved",
  rejected: "Rejected",
  withdrawn: "Withdrew",
  hired: "Hired",
  reopened: "Reopened",
};

export const importModeLabels: Record<ImportMode, string> = {
  all_or_nothing: "All or nothing: import only if every row is valid",
  valid_rows_only: "Valid rows only: skip invalid and duplicate rows",
};

const dayInMilliseconds = 24 * 60 * 60 * 1000;

/** Whole days from an ISO time until now; 0 on the day itself. */
export function daysSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / dayInMilliseconds));
}

export function describeDays(days: number): string {
  if (days === 0) return "today";
  return days === 1 ? "1 day" : `${days} days`;
}

export function nameOf(candidate: { fullName: string | null }): string {
  return candidate.fullName ?? "Erased candidate";
}
