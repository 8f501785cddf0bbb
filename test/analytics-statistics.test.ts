// The analytics statistics against SciPy. test/fixtures/analytics-reference.json is written by
// scripts/analytics-reference.py (SciPy 1.10 / NumPy on seeded datasets); regenerate it with
// `/usr/bin/python3 scripts/analytics-reference.py`. The accuracy bar: 1e-9 relative,
// 1e-12 absolute for p-values near 0.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  computeAdverseImpact,
  type GroupSelection,
} from "../src/modules/analytics/statistics/adverse-impact.ts";
import {
  computeLeniency,
  computeReliability,
  type StageRating,
} from "../src/modules/analytics/statistics/calibration.ts";
import {
  computeStageValidity,
  pearsonCorrelation,
  spearmanCorrelation,
} from "../src/modules/analytics/statistics/correlation.ts";
import { fisherExactTwoSided, type TwoByTwoTable } from "../src/modules/analytics/statistics/fisher-exact.ts";
import { holmAdjust, welchTTest } from "../src/modules/analytics/statistics/work-models.ts";

interface Interval {
  value: number;
  ciLow: number;
  ciHigh: number;
}

interface Reference {
  scipy: string;
  correlation: {
    name: string;
    x: number[];
    y: number[];
    r: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    p: number | null;
    rho: number | null;
    rhoP: number | null;
    sdX: number;
  }[];
  fisher: { table: TwoByTwoTable; p: number }[];
  adverseImpact: {
    name: string;
    minGroupSize: number;
    groups: GroupSelection[];
    reference: string | null;
    expected: { group: string; rate: number | null; impactRatio: number | null; fisherP: number | null }[];
  }[];
  calibration: {
    name: string;
    minN: number;
    ratings: StageRating[];
    leniency: {
      interviewer: string;
      n: number;
      leniency: number | null;
      ciLow: number | null;
      ciHigh: number | null;
    }[];
    reliability: { applications: number; ratings: number; k0: number; icc1: Interval; iccMean: Interval };
  }[];
  welch: {
    name: string;
    a: number[];
    b: number[];
    difference: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    t: number | null;
    df: number | null;
    p: number | null;
  }[];
  holm: { p: number[]; expected: number[] }[];
}

const reference: Reference = JSON.parse(
  readFileSync(new URL("./fixtures/analytics-reference.json", import.meta.url), "utf8"),
);

const RELATIVE_TOLERANCE = 1e-9;
const P_NEAR_ZERO_ABSOLUTE_TOLERANCE = 1e-12;

/**
 * Equal to the reference within 1e-9 relative; a p-value may instead be within 1e-12 absolute
 * (a p of 1e-30 against SciPy's 0 after underflow is the same answer).
 */
function expectClose(
  actual: number | null | undefined,
  expected: number | null,
  label: string,
  kind: "value" | "p" = "value",
) {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).toBeTypeOf("number");
  const error = Math.abs((actual as number) - expected);
  const isClose =
    error <= RELATIVE_TOLERANCE * Math.abs(expected) ||
    (kind === "p" && error <= P_NEAR_ZERO_ABSOLUTE_TOLERANCE);
  expect(isClose, `${label}: ${actual} vs SciPy ${expected} (error ${error})`).toBe(true);
}

describe("reference values", () => {
  it("come from SciPy and cover the edge cases the issue lists", () => {
    expect(reference.scipy).toMatch(/^1\./);
    // Ties, small n, p near 0 and p that underflowed are all present.
    const names = reference.correlation.map((entry) => entry.name);
    expect(names.some((name) => name.includes("ties"))).toBe(true);
    expect(reference.correlation.some((entry) => entry.x.length === 4)).toBe(true);
    expect(reference.correlation.some((entry) => entry.p !== null && entry.p > 0 && entry.p < 1e-20)).toBe(
      true,
    );
    expect(reference.correlation.some((entry) => entry.p === 0)).toBe(true);
    expect(reference.fisher.some((entry) => entry.p < 1e-20)).toBe(true);
    expect(reference.correlation.some((entry) => entry.r === null)).toBe(true);
    expect(reference.welch.some((entry) => entry.p === null)).toBe(true);
    expect(reference.calibration.some((entry) => entry.reliability.k0 % 1 !== 0)).toBe(true);
  });
});

describe("Pearson and Spearman correlation against scipy.stats.pearsonr / spearmanr", () => {
  for (const entry of reference.correlation) {
    it(entry.name, () => {
      // SciPy's nan for constant input is null in the fixture; the TypeScript answers null too.
      const pearson = pearsonCorrelation(entry.x, entry.y);
      expectClose(pearson?.r ?? null, entry.r, "r");
      expectClose(pearson?.ciLow ?? null, entry.ciLow, "ciLow");
      expectClose(pearson?.ciHigh ?? null, entry.ciHigh, "ciHigh");
      expectClose(pearson?.p ?? null, entry.p, "p", "p");
      const spearman = spearmanCorrelation(entry.x, entry.y);
      expectClose(spearman?.rho ?? null, entry.rho, "rho");
      expectClose(spearman?.p ?? null, entry.rhoP, "rhoP", "p");
    });
  }

  it("stage validity reports the same numbers, n and the hires' SD of x", () => {
    const entry = reference.correlation[0];
    if (entry === undefined) throw new Error("no correlation reference");
    const hires = entry.x.map((x, index) => ({ x, y: entry.y[index] as number }));
    const validity = computeStageValidity({ stage: "Technical interview", hires, applicantXs: entry.x });
    expect(validity.n).toBe(entry.x.length);
    expect(validity.reason).toBeNull();
    expectClose(validity.r, entry.r, "r");
    expectClose(validity.p, entry.p, "p", "p");
    expectClose(validity.rho, entry.rho, "rho");
    expectClose(validity.rhoP, entry.rhoP, "rhoP", "p");
    expectClose(validity.hiresSdX, entry.sdX, "hiresSdX");
  });
});

describe("Fisher's exact test against scipy.stats.fisher_exact (two-sided)", () => {
  for (const { table, p } of reference.fisher) {
    it(`[[${table.a}, ${table.b}], [${table.c}, ${table.d}]]`, () => {
      expectClose(fisherExactTwoSided(table), p, "p", "p");
    });
  }
});

describe("adverse impact against rates, ratios and Fisher p from SciPy", () => {
  for (const entry of reference.adverseImpact) {
    it(entry.name, () => {
      const result = computeAdverseImpact(entry.groups, { minGroupSize: entry.minGroupSize });
      expect(result.reference).toBe(entry.reference);
      expect(result.groups.map((group) => group.group)).toEqual(entry.expected.map((group) => group.group));
      entry.expected.forEach((expected, index) => {
        const actual = result.groups[index];
        expectClose(actual?.rate, expected.rate, `${expected.group} rate`);
        expectClose(actual?.impactRatio, expected.impactRatio, `${expected.group} impactRatio`);
        expectClose(actual?.fisherP, expected.fisherP, `${expected.group} fisherP`, "p");
        if (expected.impactRatio !== null) expect(actual?.flagged).toBe(expected.impactRatio < 0.8);
        if (expected.fisherP !== null) expect(actual?.significant).toBe(expected.fisherP < 0.05);
      });
    });
  }
});

describe("interviewer calibration against SciPy's t interval and F quantiles", () => {
  for (const entry of reference.calibration) {
    it(`leniency: ${entry.name}`, () => {
      const leniency = computeLeniency(entry.ratings, { minN: entry.minN });
      expect(leniency.map((row) => [row.interviewer, row.n])).toEqual(
        entry.leniency.map((row) => [row.interviewer, row.n]),
      );
      entry.leniency.forEach((expected, index) => {
        const actual = leniency[index];
        expectClose(actual?.leniency, expected.leniency, `${expected.interviewer} leniency`);
        expectClose(actual?.ciLow, expected.ciLow, `${expected.interviewer} ciLow`);
        expectClose(actual?.ciHigh, expected.ciHigh, `${expected.interviewer} ciHigh`);
      });
    });

    it(`reliability: ${entry.name}`, () => {
      const reliability = computeReliability(entry.ratings);
      const expected = entry.reliability;
      expect(reliability.reason).toBeNull();
      expect(reliability.applications).toBe(expected.applications);
      expect(reliability.ratings).toBe(expected.ratings);
      expectClose(reliability.k0, expected.k0, "k0");
      for (const key of ["icc1", "iccMean"] as const) {
        expectClose(reliability[key]?.value ?? null, expected[key].value, `${key} value`);
        expectClose(reliability[key]?.ciLow ?? null, expected[key].ciLow, `${key} ciLow`);
        expectClose(reliability[key]?.ciHigh ?? null, expected[key].ciHigh, `${key} ciHigh`);
      }
    });
  }

  it("the simulated lenient interviewer comes out lenient, the others do not", () => {
    const entry = reference.calibration.find((candidate) => candidate.name.startsWith("many applications"));
    if (entry === undefined) throw new Error("no large calibration reference");
    const leniency = computeLeniency(entry.ratings);
    const lenient = leniency.find((row) => row.interviewer === "chen");
    expect(lenient?.ciLow).toBeGreaterThan(0);
    for (const row of leniency.filter((other) => other.interviewer !== "chen")) {
      expect(row.leniency).toBeLessThan(lenient?.leniency ?? 0);
    }
  });
});

describe("work models against scipy.stats.ttest_ind(equal_var=False)", () => {
  for (const entry of reference.welch) {
    it(entry.name, () => {
      const test = welchTTest(entry.a, entry.b);
      expectClose(test?.difference ?? null, entry.difference, "difference");
      expectClose(test?.t ?? null, entry.t, "t");
      expectClose(test?.df ?? null, entry.df, "df");
      expectClose(test?.p ?? null, entry.p, "p", "p");
      expectClose(test?.ciLow ?? null, entry.ciLow, "ciLow");
      expectClose(test?.ciHigh ?? null, entry.ciHigh, "ciHigh");
    });
  }

  for (const entry of reference.holm) {
    it(`Holm adjustment of ${entry.p.join(", ")}`, () => {
      const adjusted = holmAdjust(entry.p);
      entry.expected.forEach((expected, index) => {
        expectClose(adjusted[index], expected, `pHolm[${index}]`);
      });
    });
  }
});
