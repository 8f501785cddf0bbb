import type { CodeLanguage } from "../../ui/CodeEditor";

/** The wire shapes of src/modules/grading/routes.ts (CandidateChallenge, CandidateSubmission). */
export type ChallengeLanguage = CodeLanguage;
export type ChallengeFiles = Record<string, string>;

export interface ChallengeTestResult {
  name: string;
  passed: boolean;
  durationMs: number;
  message: string;
}

export interface ChallengeSubmission {
  id: string;
  mode: "run" | "submit";
  language: string;
  status: "queued" | "grading" | "graded" | "failed";
  createdAt: string;
  gradedAt: string | null;
  verdict: string | null;
  visibleTests: ChallengeTestResult[];
  /** Only for a graded Submit: hidden tests are never shown beyond their counts. */
  hiddenTests: { passed: number; total: number } | null;
}

export interface CandidateChallenge {
  attemptId: string;
  challenge: { id: string; title: string; kind: string; languages: ChallengeLanguage[] };
  stageName: string;
  prompt: string;
  starters: Partial<Record<ChallengeLanguage, ChallengeFiles>>;
  entryFiles: Partial<Record<ChallengeLanguage, string>>;
  openedAt: string;
  dueAt: string | null;
  isClosed: boolean;
  draft: { language: string; files: ChallengeFiles } | null;
  submissions: ChallengeSubmission[];
}

export interface ChallengeCode {
  language: ChallengeLanguage;
  files: ChallengeFiles;
}
