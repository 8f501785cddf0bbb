import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.ts";
import {
  ADVISOR_MODEL_VERSION,
  adviseWorkModel,
  confidenceThresholds,
  suggestOnsiteDaysPerWeek,
  type WorkModel,
  type WorkModelAdvice,
  workModels,
} from "./advisor.ts";
import { PRIORS_NOTE, workModelEvidence } from "./evidence.ts";
import {
  defaultWorkModelFactors,
  factorLabels,
  ordinalFactorNames,
  parseWorkModelFactors,
  relocationBudgets,
  type WorkModelFactors,
  workModelFactorsSchema,
} from "./factors.ts";

const neutral = defaultWorkModelFactors;
const advise = (overrides: Partial<WorkModelFactors> = {}) => adviseWorkModel({ ...neutral, ...overrides });
const gap = (advice: WorkModelAdvice, toward: WorkModel, against: WorkModel) =>
  advice.scores[toward] - advice.scores[against];

function expectStrictlyIncreasing(values: number[]) {
  for (let i = 1; i < values.length; i++) {
    expect(values[i], `step ${i} of ${JSON.stringify(values)}`).toBeGreaterThan(values[i - 1] as number);
  }
}

// A small deterministic generator, so the property checks below cover many inputs yet
// always the same ones.
function sampleFactors(count: number): WorkModelFactors[] {
  let state = 20261101;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(options: readonly T[]) => options[Math.floor(next() * options.length)] as T;
  const levels = [0, 1, 2, 3, 4] as const;
  return Array.from({ length: count }, () => ({
    talentPoolBreadth: pick(levels),
    asyncMaturity: pick(levels),
    deepFocusNeed: pick(levels),
    juniorMentorshipNeed: pick(levels),
    complianceLevel: pick(levels),
    coDesignNeed: pick(levels),
    timezoneSpreadHours: pick([0, 2, 3.5, 4, 6, 7.5, 8, 12, 24]),
    relocationBudget: pick(relocationBudgets),
    // Never both hard constraints at once: that combination is unprocessable (tested apart).
    ...pick([
      { onPremAccessRequired: false, officeAvailable: true },
      { onPremAccessRequired: true, officeAvailable: true },
      { onPremAccessRequired: false, officeAvailable: false },
    ]),
  }));
}

const samples = sampleFactors(1500);

describe("neutral baseline", () => {
  it("adds no points for the default factors, so the tie goes to hybrid with low confidence", () => {
    const advice = advise();
    expect(advice.scores).toEqual({ onsite: 0, remote: 0, hybrid: 0 });
    expect(advice.contributions.every((contribution) => contribution.favours === "neutral")).toBe(true);
    expect(advice.recommendation).toBe("hybrid");
    expect(advice.confidence).toMatchObject({ level: "low", margin: 0 });
    expect(advice.confidence.explanation).toContain("tied");
    expect(advice.allowedModels).toEqual(["onsite", "remote", "hybrid"]);
    expect(advice.hardConstraints).toEqual([]);
  });

  it("stamps the model version and the priors note on every advice", () => {
    expect(ADVISOR_MODEL_VERSION).toBe("2026-11-1");
    const advice = advise({ talentPoolBreadth: 4 });
    expect(advice.modelVersion).toBe("2026-11-1");
    expect(advice.note).toBe(PRIORS_NOTE);
    expect(advice.note).toMatch(/weigh them above these priors/);
  });
});

describe("direction of every factor (from the neutral baseline)", () => {
  // Each row is what the evidence says: raising the factor must widen every listed gap.
  const ordinalDirections: {
    factor: (typeof ordinalFactorNames)[number];
    widens: [WorkModel, WorkModel][];
  }[] = [
    // Remote widens the talent pool.
    {
      factor: "talentPoolBreadth",
      widens: [
        ["remote", "onsite"],
        ["remote", "hybrid"],
      ],
    },
    // Remote supports asynchronous, documented collaboration; without it, coordination costs.
    {
      factor: "asyncMaturity",
      widens: [
        ["remote", "onsite"],
        ["remote", "hybrid"],
      ],
    },
    // Remote supports deep focus.
    {
      factor: "deepFocusNeed",
      widens: [
        ["remote", "onsite"],
        ["remote", "hybrid"],
      ],
    },
    // Onsite speeds junior onboarding and mentorship; hybrid kept promotions unchanged.
    {
      factor: "juniorMentorshipNeed",
      widens: [
        ["onsite", "remote"],
        ["onsite", "hybrid"],
        ["hybrid", "remote"],
      ],
    },
    // Onsite fits strict security and compliance.
    {
      factor: "complianceLevel",
      widens: [
        ["onsite", "remote"],
        ["onsite", "hybrid"],
      ],
    },
    // Onsite enables serendipitous co-design.
    {
      factor: "coDesignNeed",
      widens: [
        ["onsite", "remote"],
        ["onsite", "hybrid"],
        ["hybrid", "remote"],
      ],
    },
  ];

  for (const { factor, widens } of ordinalDirections) {
    for (const [toward, against] of widens) {
      it(`raising ${factor} from 0 to 4 widens ${toward} − ${against}`, () => {
        const gaps = [0, 1, 2, 3, 4].map((value) => gap(advise({ [factor]: value }), toward, against));
        expectStrictlyIncreasing(gaps);
      });
    }
  }

  it("covers every ordinal factor", () => {
    expect(ordinalDirections.map((row) => row.factor).sort()).toEqual([...ordinalFactorNames].sort());
  });

  it("a wider time-zone spread widens remote − onsite and remote − hybrid", () => {
    const spreads = [0, 5, 10];
    expectStrictlyIncreasing(
      spreads.map((hours) => gap(advise({ timezoneSpreadHours: hours }), "remote", "onsite")),
    );
    expectStrictlyIncreasing(
      spreads.map((hours) => gap(advise({ timezoneSpreadHours: hours }), "remote", "hybrid")),
    );
  });

  it("a larger relocation budget widens onsite − remote and hybrid − remote", () => {
    const budgets = ["none", "limited", "full"] as const;
    expectStrictlyIncreasing(
      budgets.map((budget) => gap(advise({ relocationBudget: budget }), "onsite", "remote")),
    );
    expectStrictlyIncreasing(
      budgets.map((budget) => gap(advise({ relocationBudget: budget }), "hybrid", "remote")),
    );
  });

  const extremes: [string, Partial<WorkModelFactors>, WorkModel][] = [
    ["a very wide talent pool", { talentPoolBreadth: 4 }, "remote"],
    ["a very async team", { asyncMaturity: 4 }, "remote"],
    ["a team with no async habits", { asyncMaturity: 0 }, "onsite"],
    ["a very high need for deep focus", { deepFocusNeed: 4 }, "remote"],
    ["a critical mentorship need", { juniorMentorshipNeed: 4 }, "onsite"],
    ["a critical compliance burden", { complianceLevel: 4 }, "onsite"],
    ["a critical co-design need", { coDesignNeed: 4 }, "onsite"],
    ["a 10-hour time-zone spread", { timezoneSpreadHours: 10 }, "remote"],
    ["no relocation budget", { relocationBudget: "none" }, "remote"],
    ["a full relocation budget", { relocationBudget: "full" }, "onsite"],
  ];
  for (const [what, overrides, expected] of extremes) {
    it(`${what} alone tips the neutral baseline to ${expected}, and the factor says so`, () => {
      const advice = advise(overrides);
      expect(advice.recommendation).toBe(expected);
      const [factor] = Object.keys(overrides);
      expect(advice.contributions.find((contribution) => contribution.factor === factor)?.favours).toBe(
        expected,
      );
    });
  }

  it("recommends hybrid when a strong mentorship need meets a very wide talent pool", () => {
    const advice = advise({ juniorMentorshipNeed: 4, talentPoolBreadth: 4 });
    expect(advice.recommendation).toBe("hybrid");
    expect(advice.onsiteDaysPerWeek).not.toBeNull();
  });

  it("recommends onsite for a clearly onsite role and remote for a clearly remote one", () => {
    const onsiteRole = advise({
      juniorMentorshipNeed: 4,
      coDesignNeed: 4,
      complianceLevel: 3,
      asyncMaturity: 1,
    });
    expect(onsiteRole.recommendation).toBe("onsite");
    const remoteRole = advise({
      talentPoolBreadth: 4,
      asyncMaturity: 4,
      deepFocusNeed: 3,
      juniorMentorshipNeed: 1,
      timezoneSpreadHours: 9,
      relocationBudget: "none",
    });
    expect(remoteRole.recommendation).toBe("remote");
    expect(remoteRole.confidence.level).toBe("high");
  });
});

describe("hard constraints", () => {
  const remoteLeaning: Partial<WorkModelFactors> = {
    talentPoolBreadth: 4,
    asyncMaturity: 4,
    deepFocusNeed: 4,
    juniorMentorshipNeed: 0,
    timezoneSpreadHours: 12,
  };
  const onsiteLeaning: Partial<WorkModelFactors> = {
    juniorMentorshipNeed: 4,
    coDesignNeed: 4,
    complianceLevel: 4,
    asyncMaturity: 0,
    relocationBudget: "full",
  };

  it("on-prem access allows only onsite, even when every scored factor leans remote", () => {
    const advice = advise({ ...remoteLeaning, onPremAccessRequired: true });
    expect(advice.scores.remote).toBeGreaterThan(advice.scores.onsite);
    expect(advice.allowedModels).toEqual(["onsite"]);
    expect(advice.recommendation).toBe("onsite");
    expect(advice.onsiteDaysPerWeek).toBeNull();
    expect(advice.hardConstraints).toEqual([
      expect.objectContaining({ id: "on-prem-access", excludes: ["remote", "hybrid"] }),
    ]);
    expect(advice.confidence).toMatchObject({ level: "high", margin: null });
    expect(advice.confidence.explanation).toContain("Only onsite");
  });

  it("no office allows only remote, even when every scored factor leans onsite", () => {
    const advice = advise({ ...onsiteLeaning, officeAvailable: false });
    expect(advice.scores.onsite).toBeGreaterThan(advice.scores.remote);
    expect(advice.allowedModels).toEqual(["remote"]);
    expect(advice.recommendation).toBe("remote");
    expect(advice.onsiteDaysPerWeek).toBeNull();
    expect(advice.hardConstraints).toEqual([
      expect.objectContaining({ id: "no-office", excludes: ["onsite", "hybrid"] }),
    ]);
    expect(advice.confidence).toMatchObject({ level: "high", margin: null });
  });

  it("on-prem access without an office is unprocessable, naming both factors", () => {
    let thrown: unknown;
    try {
      advise({ onPremAccessRequired: true, officeAvailable: false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const appError = thrown as AppError;
    expect(appError.code).toBe("unprocessable");
    expect(appError.status).toBe(422);
    expect(appError.detail).toMatch(/must not leave the premises/);
    expect(appError.detail).toMatch(/no office/);
    expect(appError.fieldErrors?.map((field) => field.path)).toEqual([
      "onPremAccessRequired",
      "officeAvailable",
    ]);
  });

  it("never recommends a model a constraint excludes", () => {
    for (const factors of samples) {
      const advice = adviseWorkModel(factors);
      const excluded = advice.hardConstraints.flatMap((constraint) => constraint.excludes);
      expect(excluded).not.toContain(advice.recommendation);
      expect(advice.allowedModels).toEqual(workModels.filter((model) => !excluded.includes(model)));
    }
  });
});

describe("confidence", () => {
  it.each([
    ["a one-level lead", { talentPoolBreadth: 3 }, "remote", 1.5, "low"],
    ["exactly the medium threshold", { complianceLevel: 3, coDesignNeed: 3 }, "onsite", 2, "medium"],
    ["a two-level lead", { talentPoolBreadth: 4 }, "remote", 3, "medium"],
    ["exactly the high threshold", { talentPoolBreadth: 4, deepFocusNeed: 4 }, "remote", 5, "high"],
  ] as const)("%s", (_what, overrides, recommendation, margin, level) => {
    const advice = advise(overrides);
    expect(advice.recommendation).toBe(recommendation);
    expect(advice.confidence.margin).toBe(margin);
    expect(advice.confidence.level).toBe(level);
  });

  it("uses the documented thresholds", () => {
    expect(confidenceThresholds).toEqual({ medium: 2, high: 5 });
  });

  it("derives the level from the lead of the best allowed model over the second best", () => {
    for (const factors of samples) {
      const advice = adviseWorkModel(factors);
      const allowedScores = advice.allowedModels.map((model) => advice.scores[model]).sort((a, b) => b - a);
      expect(advice.scores[advice.recommendation]).toBe(allowedScores[0]);
      if (allowedScores.length === 1) {
        expect(advice.confidence).toMatchObject({ level: "high", margin: null });
        continue;
      }
      const margin = (allowedScores[0] as number) - (allowedScores[1] as number);
      expect(advice.confidence.margin).toBe(margin);
      const level = margin >= 5 ? "high" : margin >= 2 ? "medium" : "low";
      expect(advice.confidence.level).toBe(level);
    }
  });
});

describe("determinism and transparency", () => {
  it("gives deep-equal advice for the same input and leaves the input untouched", () => {
    const factors = Object.freeze({
      ...neutral,
      talentPoolBreadth: 3,
      juniorMentorshipNeed: 4,
      timezoneSpreadHours: 5,
    });
    const snapshot = structuredClone(factors);
    const first = adviseWorkModel(factors);
    const second = adviseWorkModel(factors);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(factors).toEqual(snapshot);
    const reordered = Object.fromEntries(Object.entries(factors).reverse()) as WorkModelFactors;
    expect(adviseWorkModel(reordered)).toEqual(first);
  });

  it("does not let a caller's edit of one advice leak into the next", () => {
    const first = advise();
    (first.evidence[0] as { finding: string }).finding = "edited";
    (first.contributions[0] as { evidenceIds: string[] }).evidenceIds.push("edited");
    expect(advise()).toEqual(adviseWorkModel(neutral));
    expect(advise().evidence[0]?.finding).not.toBe("edited");
    expect(advise().contributions[0]?.evidenceIds).not.toContain("edited");
  });

  it("scores are exactly the sum of the contributions, one per scored factor", () => {
    const scoredFactors = [...ordinalFactorNames, "timezoneSpreadHours", "relocationBudget"];
    for (const factors of samples) {
      const advice = adviseWorkModel(factors);
      expect(advice.contributions.map((contribution) => contribution.factor)).toEqual(scoredFactors);
      for (const model of workModels) {
        const sum = advice.contributions.reduce(
          (total, contribution) => total + contribution.points[model],
          0,
        );
        expect(advice.scores[model]).toBeCloseTo(sum, 10);
      }
    }
  });

  it("says which model each contribution favours, consistently with its points", () => {
    for (const factors of samples.slice(0, 300)) {
      for (const contribution of adviseWorkModel(factors).contributions) {
        const points = workModels.map((model) => contribution.points[model]);
        if (points.every((value) => value === points[0])) {
          expect(contribution.favours).toBe("neutral");
        } else {
          const favoured = contribution.favours as WorkModel;
          for (const model of workModels) {
            expect(contribution.points[favoured]).toBeGreaterThanOrEqual(contribution.points[model]);
          }
        }
      }
    }
  });

  it("explains each contribution in one plain sentence that names its value and label", () => {
    for (const factors of samples.slice(0, 300)) {
      for (const contribution of adviseWorkModel(factors).contributions) {
        expect(contribution.explanation).toMatch(/^[A-Z][^\n]*\.$/);
        expect(contribution.explanation).not.toMatch(/\.\s/);
        expect(contribution.explanation).toContain(contribution.label);
        if (typeof contribution.value === "number") {
          expect(contribution.explanation).toContain(String(contribution.value));
        }
      }
    }
  });
});

describe("hybrid office days", () => {
  const levels = [0, 1, 2, 3, 4];

  it("are between 1 and 4 and rise with mentorship, co-design and compliance needs", () => {
    for (const juniorMentorshipNeed of levels) {
      for (const coDesignNeed of levels) {
        for (const complianceLevel of levels) {
          const factors = { ...neutral, juniorMentorshipNeed, coDesignNeed, complianceLevel };
          const days = suggestOnsiteDaysPerWeek(factors);
          expect(Number.isInteger(days)).toBe(true);
          expect(days).toBeGreaterThanOrEqual(1);
          expect(days).toBeLessThanOrEqual(4);
          if (juniorMentorshipNeed < 4) {
            const more = suggestOnsiteDaysPerWeek({
              ...factors,
              juniorMentorshipNeed: juniorMentorshipNeed + 1,
            });
            expect(more).toBeGreaterThanOrEqual(days);
          }
          if (coDesignNeed < 4) {
            expect(
              suggestOnsiteDaysPerWeek({ ...factors, coDesignNeed: coDesignNeed + 1 }),
            ).toBeGreaterThanOrEqual(days);
          }
          if (complianceLevel < 4) {
            expect(
              suggestOnsiteDaysPerWeek({ ...factors, complianceLevel: complianceLevel + 1 }),
            ).toBeGreaterThanOrEqual(days);
          }
        }
      }
    }
  });

  it("span the whole range: 1 with no onsite needs, 3 at moderate needs, 4 at critical ones", () => {
    const at = (value: number) =>
      suggestOnsiteDaysPerWeek({
        ...neutral,
        juniorMentorshipNeed: value,
        coDesignNeed: value,
        complianceLevel: value,
      });
    expect([at(0), at(2), at(4)]).toEqual([1, 3, 4]);
  });

  it("are given exactly when hybrid is recommended", () => {
    let hybridCount = 0;
    for (const factors of samples) {
      const advice = adviseWorkModel(factors);
      if (advice.recommendation === "hybrid") {
        hybridCount++;
        expect(advice.onsiteDaysPerWeek).toBe(suggestOnsiteDaysPerWeek(factors));
      } else {
        expect(advice.onsiteDaysPerWeek).toBeNull();
      }
    }
    // The sample must actually exercise hybrid, or this test proves nothing.
    expect(hybridCount).toBeGreaterThan(20);
  });
});

describe("evidence", () => {
  const knownIds = new Set(workModelEvidence.map((entry) => entry.id));

  it("has unique ids and complete entries", () => {
    expect(knownIds.size).toBe(workModelEvidence.length);
    for (const entry of workModelEvidence) {
      expect(entry.label.length).toBeGreaterThan(0);
      expect(entry.reference.length).toBeGreaterThan(0);
      expect(entry.finding).toMatch(/^[A-Z].*\.$/);
      expect(typeof entry.approximate).toBe("boolean");
    }
  });

  it("holds the findings of shared/EVIDENCE.md, none of which is marked (check)", () => {
    const byId = Object.fromEntries(workModelEvidence.map((entry) => [entry.id, entry]));
    expect(byId["bloom-liang-roberts-ying-2015"]?.reference).toContain("130(1), 165–218");
    expect(byId["bloom-liang-roberts-ying-2015"]?.finding).toMatch(/13%.*halved attrition.*promotion rates/);
    expect(byId["bloom-han-liang-2024"]?.reference).toContain("Nature, 630, 920–925");
    expect(byId["bloom-han-liang-2024"]?.finding).toMatch(/1,612.*2 days a week.*by a third.*no difference/);
    expect(byId["gibbs-mengel-siemroth-2023"]?.finding).toMatch(
      /10,000 IT professionals.*8–19%.*coordination/,
    );
    expect(byId["evident-seed-trade-offs"]?.label).toBe("Evident design brief, summary of the literature");
    expect(byId["evident-seed-trade-offs"]?.finding).toMatch(
      /talent pool.*deep focus.*mentorship.*co-design/,
    );
    expect(workModelEvidence.every((entry) => entry.approximate === false)).toBe(true);
  });

  it("every contribution cites at least one known citation, and the advice lists exactly the cited ones", () => {
    for (const factors of samples) {
      const advice = adviseWorkModel(factors);
      const cited = new Set<string>();
      for (const contribution of advice.contributions) {
        expect(contribution.evidenceIds.length, contribution.factor).toBeGreaterThan(0);
        for (const id of contribution.evidenceIds) {
          expect(knownIds.has(id), id).toBe(true);
          cited.add(id);
        }
      }
      for (const constraint of advice.hardConstraints) {
        for (const id of constraint.evidenceIds) {
          expect(knownIds.has(id), id).toBe(true);
          cited.add(id);
        }
      }
      expect(advice.evidence.map((entry) => entry.id).sort()).toEqual([...cited].sort());
    }
  });

  it("cites the hybrid trial for mentorship, where it is the reason hybrid keeps points", () => {
    const mentorship = advise({ juniorMentorshipNeed: 4 }).contributions.find(
      (contribution) => contribution.factor === "juniorMentorshipNeed",
    );
    expect(mentorship?.evidenceIds).toEqual(
      expect.arrayContaining([
        "bloom-han-liang-2024",
        "bloom-liang-roberts-ying-2015",
        "evident-seed-trade-offs",
      ]),
    );
  });
});

describe("factors schema", () => {
  const pathsOf = (input: unknown) => {
    const result = workModelFactorsSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.error?.issues.map((issue) => issue.path.join(".")) ?? [];
  };

  it("accepts the defaults and every boundary value", () => {
    expect(workModelFactorsSchema.parse(neutral)).toEqual(neutral);
    for (const value of [0, 4]) {
      for (const factor of ordinalFactorNames) {
        expect(workModelFactorsSchema.safeParse({ ...neutral, [factor]: value }).success).toBe(true);
      }
    }
    expect(workModelFactorsSchema.safeParse({ ...neutral, timezoneSpreadHours: 24 }).success).toBe(true);
    expect(workModelFactorsSchema.safeParse({ ...neutral, timezoneSpreadHours: 5.5 }).success).toBe(true);
  });

  it.each([
    ["an ordinal above 4", { talentPoolBreadth: 5 }, "talentPoolBreadth"],
    ["an ordinal below 0", { asyncMaturity: -1 }, "asyncMaturity"],
    ["a fractional ordinal", { deepFocusNeed: 2.5 }, "deepFocusNeed"],
    ["an ordinal given as text", { coDesignNeed: "high" }, "coDesignNeed"],
    ["a spread over 24 hours", { timezoneSpreadHours: 25 }, "timezoneSpreadHours"],
    ["a negative spread", { timezoneSpreadHours: -1 }, "timezoneSpreadHours"],
    ["an unknown relocation budget", { relocationBudget: "some" }, "relocationBudget"],
    ["a hard constraint given as text", { officeAvailable: "yes" }, "officeAvailable"],
    ["a missing factor", { complianceLevel: undefined }, "complianceLevel"],
  ])("rejects %s at its field path", (_what, overrides, path) => {
    expect(pathsOf({ ...neutral, ...overrides })).toEqual([path]);
  });

  it("rejects unknown keys, so a typo in a factor name is not silently ignored", () => {
    const result = workModelFactorsSchema.safeParse({ ...neutral, talentPoolBreath: 3 });
    expect(result.success).toBe(false);
    expect(() => parseWorkModelFactors({ ...neutral, talentPoolBreath: 3 })).toThrow(/talentPoolBreath/);
  });

  it("reports every invalid field at once", () => {
    expect(pathsOf({ ...neutral, juniorMentorshipNeed: 9, timezoneSpreadHours: 30 }).sort()).toEqual([
      "juniorMentorshipNeed",
      "timezoneSpreadHours",
    ]);
  });

  it("makes the advisor answer bad input with a bad_request naming the fields", () => {
    let thrown: unknown;
    try {
      adviseWorkModel({
        ...neutral,
        complianceLevel: 7,
        relocationBudget: "lots",
      } as unknown as WorkModelFactors);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("bad_request");
    expect((thrown as AppError).fieldErrors?.map((field) => field.path).sort()).toEqual([
      "complianceLevel",
      "relocationBudget",
    ]);
  });

  it("is registered for OpenAPI and documents every field, with a label for each", () => {
    expect(workModelFactorsSchema.meta()?.id).toBe("WorkModelFactors");
    const fields = Object.keys(workModelFactorsSchema.shape);
    expect(fields.sort()).toEqual(Object.keys(neutral).sort());
    for (const field of fields) {
      const schema = workModelFactorsSchema.shape[field as keyof typeof workModelFactorsSchema.shape];
      expect(schema.description, field).toBeTruthy();
    }
    for (const factor of ordinalFactorNames) {
      expect(workModelFactorsSchema.shape[factor].description).toContain("4 = very high or critical");
    }
    expect(Object.keys(factorLabels).sort()).toEqual(fields.sort());
    for (const label of Object.values(factorLabels)) {
      expect(label.name.length).toBeGreaterThan(0);
      expect(label.help.length).toBeGreaterThan(0);
    }
  });
});
