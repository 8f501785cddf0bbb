/**
 * DevLake's two "medians" (DORA.md §2), both built on SQL `percent_rank() over (order by x)`:
 * percent_rank = (rank − 1) / (n − 1), 0 when n = 1, where rank = 1 + #{values < x} (ties share
 * the lowest rank). Ranks are compared in integers (2·(rank − 1) against n − 1) so that no
 * floating-point division decides a boundary.
 */

/**
 * `max(x) where percent_rank <= 0.5`: whatever the ties, the lower median, the ⌈n/2⌉-th smallest
 * value (n = 4 → the 2nd, n = 5 → the 3rd), never the mean of the middle two. Null for no values.
 * Used for every median DevLake shows (deployment days per week and month, lead time, recovery).
 */
export function devlakeLowerMedian(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  let median: number | null = null;
  forEachPercentRank(sorted, (value, twiceRankOffset, lastRankOffset) => {
    if (twiceRankOffset <= lastRankOffset) median = value;
  });
  return median;
}

/**
 * `min(x) where percent_rank >= 0.5`, the rule of DevLake's six-month deployment figure (2021
 * band). One value (rank 0) or all values equal (all ranks 0) qualify nothing: null. With ties
 * it can jump above the middle (1, 2, 2, 2, 9 → 9). Returns the qualifying rows' indices too,
 * because the band's `is_collected` is a minimum over the same rows.
 */
export function devlakeUpperRankedRows(values: readonly number[]): number[] {
  const order = values.map((_, index) => index).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const sorted = order.map((index) => values[index] ?? 0);
  const qualifying: number[] = [];
  forEachPercentRank(sorted, (_value, twiceRankOffset, lastRankOffset, position) => {
    if (lastRankOffset > 0 && twiceRankOffset >= lastRankOffset) qualifying.push(order[position] ?? 0);
  });
  return qualifying;
}

export function devlakeUpperMedian(values: readonly number[]): number | null {
  const rows = devlakeUpperRankedRows(values);
  return rows.length === 0 ? null : Math.min(...rows.map((index) => values[index] ?? 0));
}

/**
 * Calls `visit` for each value of an ascending list with 2·(rank − 1) and n − 1, so that
 * percent_rank ≤ 0.5 ⇔ 2·(rank − 1) ≤ n − 1 (and percent_rank is 0 when n − 1 = 0).
 */
function forEachPercentRank(
  sorted: readonly number[],
  visit: (value: number, twiceRankOffset: number, lastRankOffset: number, position: number) => void,
) {
  let rank = 1;
  sorted.forEach((value, position) => {
    if (position > 0 && value !== sorted[position - 1]) rank = position + 1;
    const lastRankOffset = sorted.length - 1;
    visit(value, lastRankOffset === 0 ? 0 : 2 * (rank - 1), lastRankOffset, position);
  });
}
