/* The decision formula and hiring decisions, as src/modules/decisions returns them. */

export type FormulaOutcome = "hire" | "no_hire" | "incomplete";
export type DecisionOutcome = "hire" | "no_hire";

export interface DecisionComponent {
  stageId: string;
  stageName: string;
  weight: number;
  /** Mean score (1–4) of the stage's latest scorecards, or null when none was filed. */
  score: number | null;
  raters: number;
  requiredRaters: number;
}

export interface DecisionRecord {
  id: string;
  outcome: DecisionOutcome;
  formulaOutcome: FormulaOutcome;
  formulaScore: number | null;
  threshold: number;
  components: DecisionComponent[];
  isOverride: boolean;
  overrideReason: string | null;
  decidedBy: { id: string; name: string; email: string };
  decidedAt: string;
}

export interface DecisionSummary {
  applicationId: string;
  applicationStatus: "active" | "rejected" | "withdrawn" | "hired";
  components: DecisionComponent[];
  formulaScore: number | null;
  threshold: number;
  formulaOutcome: FormulaOutcome;
  /** Newest first. */
  decisions: DecisionRecord[];
}

export interface RecordDecisionRequest {
  outcome: DecisionOutcome;
  overrideReason?: string;
}
