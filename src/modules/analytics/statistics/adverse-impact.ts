import { fisherExactTwoSided } from "./fisher-exact.ts";
import { DEFAULT_ADVERSE_IMPACT_MIN_GROUP_SIZE, type StatisticReason } from "./reasons.ts";

/** One demographic group at one stage (or at the hire decision). */
export interface GroupSelection {
  group: string;
  /** Applications that reached the stage (or, for the hire decision, were decided). */
  reached: number;
  /** Of those, the ones that passed it (or were hired). */
  selected: number;
}

export interface GroupImpact {
  group: string;
  reached: number;
  selected: number;
  /** selected ÷ reached; shown even under the minimum (for the auditor), null when nobody reached. */
  rate: number | null;
  impactRatio: number | null;
  /** impactRatio < 0.8: the four-fifths rule. A flag alone means "watch", not adverse impact. */
  flagged: boolean | null;
  /** Two-sided Fisher exact p of (selected, not selected) × (this group, the reference). */
  fisherP: number | null;
  significant: boolean | null;
  reason: StatisticReason | null;
}

export interface AdverseImpact {
  /** The comparison group; null when no group reaches the minimum size. */
  reference: string | null;
  reason: StatisticReason | null;
  groups: GroupImpact[];
}

/** The four-fifths rule (Uniform Guidelines on Employee Selection Procedures, 29 CFR 1607.4(D)). */
export const FOUR_FIFTHS = 0.8;
export const SIGNIFICANCE_LEVEL = 0.05;

function rateOf(group: GroupSelection): number | null {
  return group.reached === 0 ? null : group.selected / group.reached;
}

/**
 * The reference group: the highest selection rate among groups of at least `minGroupSize`; ties go
 * to the larger group (its rate is the better estimate), then to the group name so the answer
 * never depends on row order.
 */
export function chooseReferenceGroup(
  groups: readonly GroupSelection[],
  minGroupSize: number,
): GroupSelection | null {
  let best: GroupSelection | null = null;
  for (const group of groups) {
    if (group.reached < minGroupSize || group.reached === 0) continue;
    if (best === null) {
      best = group;
      continue;
    }
    // Compare rates by cross-multiplying the counts: exact, where two divisions could round apart.
    const difference = group.selected * best.reached - best.selected * group.reached;
    const isBetter =
      difference > 0 ||
      (difference === 0 &&
        (group.reached > best.reached || (group.reached === best.reached && group.group < best.group)));
    if (isBetter) best = group;
  }
  return best;
}

/**
 * Adverse impact by the four-fifths rule with Fisher's exact test beside it: impactRatio = a
 * group's rate ÷ the reference group's rate (the reference itself 1), flagged when below 0.8,
 * significant when the two-sided Fisher p is below 0.05. Groups under `minGroupSize` keep their
 * counts and rate but get null comparisons (`too_few`); when nobody in the reference group was
 * selected, ratios are undefined (`no_selections`) while Fisher's p is still computed.
 */
export function computeAdverseImpact(
  groups: readonly GroupSelection[],
  options: { minGroupSize?: number } = {},
): AdverseImpact {
  const minGroupSize = Math.max(options.minGroupSize ?? DEFAULT_ADVERSE_IMPACT_MIN_GROUP_SIZE, 1);
  const reference = chooseReferenceGroup(groups, minGroupSize);
  const sorted = [...groups].sort((x, y) => (x.group < y.group ? -1 : x.group > y.group ? 1 : 0));
  const tooFew = {
    impactRatio: null,
    flagged: null,
    fisherP: null,
    significant: null,
    reason: "too_few" as const,
  };

  if (reference === null) {
    return {
      reference: null,
      reason: "too_few",
      groups: sorted.map((group) => ({ ...group, rate: rateOf(group), ...tooFew })),
    };
  }

  const impacts = sorted.map((group): GroupImpact => {
    const rate = rateOf(group);
    if (group.reached < minGroupSize || rate === null) return { ...group, rate, ...tooFew };
    const fisherP = fisherExactTwoSided({
      a: group.selected,
      b: reference.selected,
      c: group.reached - group.selected,
      d: reference.reached - reference.selected,
    });
    const significant = fisherP < SIGNIFICANCE_LEVEL;
    if (reference.selected === 0) {
      return {
        ...group,
        rate,
        impactRatio: null,
        flagged: null,
        fisherP,
        significant,
        reason: "no_selections",
      };
    }
    // The reference's own ratio is exactly 1, not a quotient that could round.
    const impactRatio =
      group.group === reference.group
        ? 1
        : (group.selected * reference.reached) / (group.reached * reference.selected);
    return {
      ...group,
      rate,
      impactRatio,
      flagged: impactRatio < FOUR_FIFTHS,
      fisherP,
      significant,
      reason: null,
    };
  });
  return { reference: reference.group, reason: null, groups: impacts };
}
