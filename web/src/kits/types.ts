/* Interview kits, as src/modules/kits returns them. */

export type KitKind =
  | "system_design"
  | "pair_programming"
  | "trial_day"
  | "async_collaboration"
  | "written_communication";

export type QuestionType = "situational" | "past_behaviour" | "knowledge" | "exercise";

export type RatingLevel = 1 | 2 | 3 | 4;

export interface KitCompetency {
  id: string;
  name: string;
  description: string;
}

export interface KitQuestion {
  id: string;
  type: QuestionType;
  prompt: string;
  probes: string[];
  competencyIds: string[];
  suggestedMinutes: number;
}

export interface KitRatingLevel {
  level: RatingLevel;
  label: string;
  anchor: string;
}

export interface RubricAttribute {
  id: string;
  name: string;
  competencyId: string;
  description: string;
  levels: KitRatingLevel[];
}

export interface KitContent {
  slug: string;
  title: string;
  kind: KitKind;
  summary: string;
  minimumDurationMinutes: number;
  minimumQuestions: number;
  competencies: KitCompetency[];
  questions: KitQuestion[];
  rubric: RubricAttribute[];
  candidateQuestionsSegment: { minutes: number; guidance: string };
  interviewerGuidance: string[];
}

export type KitSource = "built_in" | "custom";

export interface KitSummary {
  slug: string;
  title: string;
  kind: KitKind;
  source: KitSource;
  latestVersion: number | null;
  latestVersionId: string | null;
  frozen: boolean;
}

export interface KitVersion {
  id: string;
  slug: string;
  version: number;
  source: KitSource;
  frozenAt: string | null;
  createdAt: string;
  content: KitContent;
}

export interface KitDetail {
  slug: string;
  /** The library's content for a built-in kit; null for the organisation's own kits. */
  builtIn: KitContent | null;
  /** Newest first; empty for a built-in kit the organisation has not used yet. */
  versions: KitVersion[];
}
