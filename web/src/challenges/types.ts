// Mirrors the zod response schemas of src/modules/grading/routes.ts, which are the contract.

export type ChallengeLanguage = "javascript" | "typescript" | "python";
export type ChallengeStatus = "validating" | "valid" | "invalid";

export interface ChallengeSummary {
  id: string;
  title: string;
  kind: string;
  languages: ChallengeLanguage[];
  tests: number;
  maxScore: number;
  source: "built-in" | "organization";
  status: ChallengeStatus;
  packageId: string | null;
}

export interface ChallengeDetail {
  id: string;
  title: string;
  kind: string;
  languages: ChallengeLanguage[];
  prompt: string;
  /** Language → file name → content. */
  starters: Record<string, Record<string, string>>;
  tests: { name: string; visibility: "visible" | "hidden"; points: number }[];
  limits: Record<string, number>;
}

/** One solution graded in one language while a package was validated (engine.ts ValidationEntry). */
export interface ValidationEntry {
  solution: string;
  language: string;
  ok: boolean;
  score: number;
  maxScore: number;
  verdict: string;
  problems: string[];
}

export interface ValidationReport {
  challengeId: string;
  ok: boolean;
  entries: ValidationEntry[];
}

export interface ChallengePackage {
  id: string;
  challengeId: string;
  title: string;
  kind: string;
  languages: string[];
  status: ChallengeStatus;
  /** A ValidationReport once validated; the API types it loosely, so it is checked before use. */
  report: unknown;
  createdAt: string;
  validatedAt: string | null;
}

export interface TestResult {
  name: string;
  visibility: "visible" | "hidden";
  passed: boolean;
  points: number;
  maxPoints: number;
  durationMs: number;
  message: string;
}

export interface GradeReport {
  challengeId: string;
  language: string;
  verdict: string;
  score: number;
  maxScore: number;
  tests: TestResult[];
  resources: { wallMs: number; cpuMs: number; maxRssKb: number };
}

export interface ReviewSubmission {
  id: string;
  mode: "run" | "submit";
  language: string;
  status: string;
  createdAt: string;
  gradedAt: string | null;
  verdict: string | null;
  score: number | null;
  maxScore: number | null;
  error: string | null;
}

export interface ChallengeAttempt {
  id: string;
  stage: { id: string; name: string; isBlind: boolean };
  challenge: { id: string; title: string; kind: string };
  openedAt: string;
  dueAt: string | null;
  runs: number;
  submits: number;
  timeSpentMs: number | null;
  submissions: ReviewSubmission[];
  final: { submission: ReviewSubmission; report: GradeReport; files: Record<string, string> } | null;
}

export interface ChallengeReview {
  applicationId: string;
  candidate: {
    pseudonym: string;
    isRedacted: boolean;
    name: string | null;
    email: string | null;
    location: string | null;
    links: string[];
  };
  attempts: ChallengeAttempt[];
}

export interface FragmentSide {
  file: string;
  startLine: number;
  endLine: number;
}

export interface SimilarityFlag {
  other: { applicationId: string; pseudonym: string; submissionId: string; language: string };
  /** 0–1. */
  similarity: number;
  /** `a` is this candidate's code, `b` the other candidate's. */
  fragments: { a: FragmentSide; b: FragmentSide }[];
  files: { mine: Record<string, string>; theirs: Record<string, string> };
}

export interface SimilarityReview {
  attemptId: string;
  submissionId: string | null;
  compared: number;
  threshold: number;
  flags: SimilarityFlag[];
}
