import { AppError } from "../../platform/errors.ts";
import {
  type EvidenceEntry,
  type EvidenceId,
  evidenceById,
  evidenceIds,
  PRIORS_NOTE,
  workModelEvidence,
} from "./evidence.ts";
import {
  factorLabels,
  type OrdinalFactorName,
  ordinalFactorNames,
  ordinalLevelLabels,
  parseWorkModelFactors,
  type RelocationBudget,
  type WorkModelFactors,
} from "./factors.ts";

/** Version of the weights and rules below; stored with every advice so old advice stays explainable. */
export const ADVISOR_MODEL_VERSION = "2026-11-1";

export const workModels = ["onsite", "remote", "hybrid"] as const;
export type WorkModel = (typeof workModels)[number];
export type ModelPoints = Record<WorkModel, number>;

/** The factors that add points; the two boolean factors are hard constraints instead. */
export type ScoredFactorName = OrdinalFactorName | "timezoneSpreadHours" | "relocationBudget";

/**
 * Ordinal factors count from "moderate": a factor at 2 adds nothing; each level above adds
 * its weights and each level below subtracts them.
 */
export const ORDINAL_PIVOT = 2;

/**
 * Points per ordinal level above "moderate" (2); below moderate the signs flip.
 *
 * | factor               | onsite | remote | hybrid | direction from the evidence             |
 * |----------------------|-------:|-------:|-------:|-----------------------------------------|
 * | talentPoolBreadth    |   −1   |   +2   |  +0.5  | remote widens the talent pool           |
 * | asyncMaturity        |   −1   |   +2   |  +0.5  | remote supports async, documented work  |
 * | deepFocusNeed        |   −1   |  +1.5  |  +0.5  | remote supports deep focus              |
 * | juniorMentorshipNeed |   +2   |   −2   |   +1   | onsite speeds onboarding and mentorship |
 * | complianceLevel      |  +1.5  |  −1.5  |    0   | onsite fits strict security/compliance  |
 * | coDesignNeed         |  +1.5  |  −1.5  |   +1   | onsite enables serendipitous co-design  |
 *
 * The evidence gives directions, not sizes: the magnitudes are this version's judgement,
 * kept small and round so a reader can redo the sum by hand.
 */
export const ordinalFactorWeights: Readonly<Record<OrdinalFactorName, Readonly<ModelPoints>>> = {
  // Hybrid gets a little of remote's gain: its home days reach slightly further, allow some
  // focus time and some asynchronous work, but it still needs people near the office.
  talentPoolBreadth: { onsite: -1, remote: 2, hybrid: 0.5 },
  asyncMaturity: { onsite: -1, remote: 2, hybrid: 0.5 },
  deepFocusNeed: { onsite: -1, remote: 1.5, hybrid: 0.5 },
  // Hybrid keeps half of onsite's mentorship weight: two home days a week showed no
  // difference in promotions (Bloom, Han & Liang 2024), full-time home work did (2015).
  juniorMentorshipNeed: { onsite: 2, remote: -2, hybrid: 1 },
  // Hybrid still takes the work off the premises on home days, so it gains nothing here.
  complianceLevel: { onsite: 1.5, remote: -1.5, hybrid: 0 },
  // Office days can be planned around design sessions, so hybrid keeps most of onsite's weight.
  coDesignNeed: { onsite: 1.5, remote: -1.5, hybrid: 1 },
};

/**
 * Points by band of the team's time-zone spread. A team spread over many hours already
 * works at a distance: an office co-locates only part of it.
 *
 * | spread          | onsite | remote | hybrid |
 * |-----------------|-------:|-------:|-------:|
 * | under 4 h       |    0   |    0   |    0   |
 * | 4 to under 8 h  |   −1   |  +1.5  |  −0.5  |
 * | 8 h or more     |   −2   |   +3   |   −1   |
 */
export const timezoneSpreadBands: readonly {
  fromHours: number;
  label: string;
  points: Readonly<ModelPoints>;
}[] = [
  {
    fromHours: 0,
    label: "under 4 h: the working days overlap almost fully",
    points: { onsite: 0, remote: 0, hybrid: 0 },
  },
  {
    fromHours: 4,
    label: "4 to under 8 h: a few shared hours a day",
    points: { onsite: -1, remote: 1.5, hybrid: -0.5 },
  },
  {
    fromHours: 8,
    label: "8 h or more: little or no shared working time",
    points: { onsite: -2, remote: 3, hybrid: -1 },
  },
];

/**
 * Points by relocation budget, counted from "limited". Without a budget, onsite and hybrid
 * can only hire within commuting distance; a full budget narrows remote's talent-pool lead.
 *
 * | budget  | onsite | remote | hybrid |
 * |---------|-------:|-------:|-------:|
 * | none    |   −1   |    0   |  −0.5  |
 * | limited |    0   |    0   |    0   |
 * | full    |   +1   |    0   |  +0.5  |
 */
export const relocationBudgetPoints: Readonly<Record<RelocationBudget, Readonly<ModelPoints>>> = {
  none: { onsite: -1, remote: 0, hybrid: -0.5 },
  limited: { onsite: 0, remote: 0, hybrid: 0 },
  full: { onsite: 1, remote: 0, hybrid: 0.5 },
};

/**
 * Confidence from the lead of the best allowed model over the second best:
 * low below 2 points, medium from 2 to under 5, high from 5. One level of one factor moves
 * a lead by 0.5 to 4 points, so "high" needs several factors pulling the same way.
 */
export const confidenceThresholds = { medium: 2, high: 5 } as const;

/**
 * Order that breaks an exact tie. Hybrid first: with two home days a week, quits fell by a
 * third with no difference in performance reviews or promotions (Bloom, Han & Liang 2024),
 * so it is the safest choice when the factors do not separate the models. Remote before
 * onsite so that a tie never silently defaults to "onsite because it always was".
 */
export const tieBreakOrder: readonly WorkModel[] = ["hybrid", "remote", "onsite"];

/** The factors that set a hybrid role's office days: those whose need is met by being together. */
export const onsiteDayFactors = ["juniorMentorshipNeed", "coDesignNeed", "complianceLevel"] as const;

export interface FactorContribution {
  factor: ScoredFactorName;
  value: number | string;
  label: string;
  points: ModelPoints;
  favours: WorkModel | "neutral";
  explanation: string;
  evidenceIds: string[];
}

export interface HardConstraint {
  id: "on-prem-access" | "no-office";
  description: string;
  excludes: WorkModel[];
  evidenceIds: string[];
}

export interface WorkModelAdvice {
  modelVersion: string;
  recommendation: WorkModel;
  onsiteDaysPerWeek: number | null;
  scores: ModelPoints;
  allowedModels: WorkModel[];
  contributions: FactorContribution[];
  hardConstraints: HardConstraint[];
  confidence: { level: "low" | "medium" | "high"; margin: number | null; explanation: string };
  evidence: EvidenceEntry[];
  note: string;
}

interface OrdinalFactorRule {
  evidenceIds: EvidenceId[];
  whenHigher: string;
  whenLower: string;
}

// Each reason finishes the sentence "<factor> is <level> (<n> of 4), …".
const ordinalFactorRules: Record<OrdinalFactorName, OrdinalFactorRule> = {
  talentPoolBreadth: {
    evidenceIds: [evidenceIds.seedTradeOffs],
    whenHigher: "and remote hiring widens the talent pool beyond commuting distance of an office",
    whenLower: "so a local talent pool is enough and remote hiring's wider reach matters less",
  },
  asyncMaturity: {
    evidenceIds: [evidenceIds.seedTradeOffs, evidenceIds.gibbs2023],
    whenHigher:
      "and a team that already works asynchronously and in writing is what remote collaboration runs on",
    whenLower:
      "and without asynchronous, documented habits remote work pays coordination costs, " +
      "the main productivity loss measured among IT professionals working from home",
  },
  deepFocusNeed: {
    evidenceIds: [evidenceIds.seedTradeOffs],
    whenHigher: "and remote work supports long, uninterrupted focus",
    whenLower: "so remote work's support for deep focus matters less",
  },
  juniorMentorshipNeed: {
    evidenceIds: [evidenceIds.seedTradeOffs, evidenceIds.bloom2015, evidenceIds.bloom2024],
    whenHigher:
      "and onsite work speeds onboarding and mentorship, while full-time home work lowered promotion " +
      "rates at equal performance and two home days a week did not change promotions",
    whenLower: "so onsite work's faster onboarding and mentorship matters less",
  },
  complianceLevel: {
    evidenceIds: [evidenceIds.seedTradeOffs],
    whenHigher: "and onsite work fits strict security and compliance requirements",
    whenLower: "so onsite work's fit for strict security and compliance matters less",
  },
  coDesignNeed: {
    evidenceIds: [evidenceIds.seedTradeOffs, evidenceIds.gibbs2023],
    whenHigher: "and working side by side enables serendipitous co-design and saves coordination costs",
    whenLower: "so the serendipity and co-design of working side by side matter less",
  },
};

const timezoneEvidence: EvidenceId[] = [evidenceIds.seedTradeOffs, evidenceIds.gibbs2023];
const timezoneReasons = [
  "so time zones do not tilt the recommendation",
  "so part of the team works at a distance whatever the model, and asynchronous, documented collaboration carries more of the work, which favours remote",
  "so an office co-locates only part of the team, and the work depends on asynchronous, documented collaboration, which favours remote",
] as const;

const relocationEvidence: EvidenceId[] = [evidenceIds.seedTradeOffs];
const relocationSentences: Record<RelocationBudget, { label: string; explanation: string }> = {
  none: {
    label: "no relocation budget",
    explanation:
      "With no relocation budget, onsite and hybrid hires must already live within commuting distance of the office, while remote hiring is not limited by it.",
  },
  limited: {
    label: "limited relocation budget",
    explanation:
      "A limited relocation budget is the neutral point: some hires can move to the office, so it adds no points to any model.",
  },
  full: {
    label: "full relocation budget",
    explanation:
      "A full relocation budget lets onsite and hybrid roles hire from beyond commuting distance, narrowing remote hiring's lead in talent-pool breadth.",
  },
};

interface HardConstraintRule extends HardConstraint {
  applies: (factors: WorkModelFactors) => boolean;
}

// Data that must not leave the premises rules out hybrid too: its home days would take the
// work off the premises. If only part of the work needs on-prem access, the factor should be
// false and the burden expressed through complianceLevel instead.
const hardConstraintRules: readonly HardConstraintRule[] = [
  {
    id: "on-prem-access",
    description:
      "The work needs data or hardware that must not leave the premises, so it can only be done onsite; remote and hybrid are excluded.",
    excludes: ["remote", "hybrid"],
    evidenceIds: [evidenceIds.seedTradeOffs],
    applies: (factors) => factors.onPremAccessRequired,
  },
  {
    id: "no-office",
    description:
      "No office is available, so neither onsite nor hybrid work is possible; only remote remains.",
    excludes: ["onsite", "hybrid"],
    evidenceIds: [],
    applies: (factors) => !factors.officeAvailable,
  },
];

/**
 * Recommends a work model for a role from its factors: a transparent additive score per
 * model, restricted to the models the hard constraints allow, with every factor's points,
 * its explanation and its citations. Pure and deterministic.
 *
 * Throws `bad_request` for invalid factors and `unprocessable` when the hard constraints
 * exclude every model (on-prem access required but no office).
 */
export function adviseWorkModel(input: WorkModelFactors): WorkModelAdvice {
  const factors = parseWorkModelFactors(input);

  const hardConstraints = hardConstraintRules
    .filter((rule) => rule.applies(factors))
    .map((rule) => ({
      id: rule.id,
      description: rule.description,
      excludes: [...rule.excludes],
      evidenceIds: [...rule.evidenceIds],
    }));
  const excluded = new Set(hardConstraints.flatMap((constraint) => constraint.excludes));
  const allowedModels = workModels.filter((model) => !excluded.has(model));
  if (allowedModels.length === 0) {
    throw new AppError(
      "unprocessable",
      "No work model is possible for this role: it needs data or hardware that must not leave the premises " +
        "(onsite only), but no office is available (remote only). Provide an office or site where the work " +
        "can be done, or take the on-premises work out of this role.",
      {
        fieldErrors: [
          { path: "onPremAccessRequired", message: "requires onsite work, which needs an office" },
          {
            path: "officeAvailable",
            message: "no office leaves only remote work, which on-prem access excludes",
          },
        ],
      },
    );
  }

  const contributions = scoreContributions(factors);
  const scores = sumPoints(contributions.map((contribution) => contribution.points));
  const ranked = rankModels(allowedModels, scores);
  const [recommendation] = ranked;
  if (!recommendation) throw new Error("unreachable: at least one model is allowed");

  const citedIds = new Set([
    ...contributions.flatMap((contribution) => contribution.evidenceIds),
    ...hardConstraints.flatMap((constraint) => constraint.evidenceIds),
  ]);

  return {
    modelVersion: ADVISOR_MODEL_VERSION,
    recommendation,
    onsiteDaysPerWeek: recommendation === "hybrid" ? suggestOnsiteDaysPerWeek(factors) : null,
    scores,
    allowedModels,
    contributions,
    hardConstraints,
    confidence: rateConfidence(ranked, scores),
    evidence: [...citedIds].sort(byEvidenceOrder).map((id) => ({ ...evidenceById(id) })),
    note: PRIORS_NOTE,
  };
}

/**
 * Office days a week for a hybrid role, 1–4: one plus a quarter of the summed onsite-leaning
 * factors (0–12), rounded. At moderate needs (6) that is 3 days, i.e. the two home days a
 * week studied by Bloom, Han & Liang (2024).
 */
export function suggestOnsiteDaysPerWeek(factors: WorkModelFactors): number {
  const pull = onsiteDayFactors.reduce((sum, factor) => sum + factors[factor], 0);
  return Math.min(4, Math.max(1, 1 + Math.round(pull / 4)));
}

function scoreContributions(factors: WorkModelFactors): FactorContribution[] {
  const ordinal = ordinalFactorNames.map((factor) => ordinalContribution(factor, factors[factor]));
  return [
    ...ordinal,
    timezoneContribution(factors.timezoneSpreadHours),
    relocationContribution(factors.relocationBudget),
  ];
}

function ordinalContribution(factor: OrdinalFactorName, value: number): FactorContribution {
  const weights = ordinalFactorWeights[factor];
  const levelsFromPivot = value - ORDINAL_PIVOT;
  const points = mapPoints((model) => weights[model] * levelsFromPivot);
  const rule = ordinalFactorRules[factor];
  const label = ordinalLevelLabels[value] ?? String(value);
  const reason =
    levelsFromPivot > 0
      ? rule.whenHigher
      : levelsFromPivot < 0
        ? rule.whenLower
        : "the neutral point, so it adds no points to any model";
  return {
    factor,
    value,
    label,
    points,
    favours: favouredModel(points),
    explanation: `${factorLabels[factor].name} is ${label} (${value} of 4), ${reason}.`,
    evidenceIds: [...rule.evidenceIds],
  };
}

function timezoneContribution(hours: number): FactorContribution {
  const bandIndex = timezoneSpreadBands.findLastIndex((band) => hours >= band.fromHours);
  const band = timezoneSpreadBands[bandIndex];
  if (!band) throw new Error(`unreachable: no time-zone band for ${hours} h`);
  const points = { ...band.points };
  return {
    factor: "timezoneSpreadHours",
    value: hours,
    label: band.label,
    points,
    favours: favouredModel(points),
    explanation: `The team's working hours spread over ${hours} h (${band.label}), ${timezoneReasons[bandIndex]}.`,
    evidenceIds: [...timezoneEvidence],
  };
}

function relocationContribution(budget: RelocationBudget): FactorContribution {
  const points = { ...relocationBudgetPoints[budget] };
  return {
    factor: "relocationBudget",
    value: budget,
    label: relocationSentences[budget].label,
    points,
    favours: favouredModel(points),
    explanation: relocationSentences[budget].explanation,
    evidenceIds: [...relocationEvidence],
  };
}

function rateConfidence(ranked: WorkModel[], scores: ModelPoints): WorkModelAdvice["confidence"] {
  const [best, second] = ranked;
  if (!best) throw new Error("unreachable: at least one model is allowed");
  if (!second) {
    return {
      level: "high",
      margin: null,
      explanation: `Only ${best} is possible under the hard constraints, so the scores do not decide between models.`,
    };
  }
  const margin = roundPoints(scores[best] - scores[second]);
  const level =
    margin >= confidenceThresholds.high ? "high" : margin >= confidenceThresholds.medium ? "medium" : "low";
  const range =
    level === "high"
      ? `${confidenceThresholds.high} points or more`
      : level === "medium"
        ? `${confidenceThresholds.medium} to under ${confidenceThresholds.high} points`
        : `under ${confidenceThresholds.medium} points`;
  const tied = ranked.filter((model) => scores[model] === scores[best]);
  const lead =
    tied.length > 1
      ? `${capitalise(joinWords(tied))} are tied and the tie goes to ${best} (order: ${tieBreakOrder.join(", ")})`
      : `${capitalise(best)} leads ${second} by ${margin} ${margin === 1 ? "point" : "points"}`;
  return { level, margin, explanation: `${lead}; a lead of ${range} means ${level} confidence.` };
}

function rankModels(allowed: readonly WorkModel[], scores: ModelPoints): WorkModel[] {
  return [...allowed].sort(
    (a, b) => scores[b] - scores[a] || tieBreakOrder.indexOf(a) - tieBreakOrder.indexOf(b),
  );
}

// A factor favours the model it gives the most points; equal points everywhere favour none.
function favouredModel(points: ModelPoints): WorkModel | "neutral" {
  const values = workModels.map((model) => points[model]);
  if (values.every((value) => value === values[0])) return "neutral";
  const [top] = rankModels(workModels, points);
  return top ?? "neutral";
}

function sumPoints(all: readonly ModelPoints[]): ModelPoints {
  return mapPoints((model) => roundPoints(all.reduce((sum, points) => sum + points[model], 0)));
}

function mapPoints(pointsOf: (model: WorkModel) => number): ModelPoints {
  // `+ 0` turns -0 (a negative weight times zero levels) into 0, so neutral points print as 0.
  return { onsite: pointsOf("onsite") + 0, remote: pointsOf("remote") + 0, hybrid: pointsOf("hybrid") + 0 };
}

// Weights are multiples of 0.5, so sums are exact; rounding keeps it so if finer weights come.
function roundPoints(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}

// Citations are listed in the order of evidence.ts, whatever order the factors cite them in.
function byEvidenceOrder(a: string, b: string): number {
  const order = (id: string) => workModelEvidence.findIndex((entry) => entry.id === id);
  return order(a) - order(b);
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
