import { z } from "zod";
import { AppError, type FieldError } from "../../platform/errors.ts";

/** Labels of the 0–4 ordinal scale shared by every ordinal factor, indexed by level. */
export const ordinalLevelLabels = [
  "none or very low",
  "low",
  "moderate",
  "high",
  "very high or critical",
] as const;

const ORDINAL_SCALE_TEXT =
  "0 = none or very low, 1 = low, 2 = moderate, 3 = high, 4 = very high or critical.";

const ordinalFactor = (meaning: string) =>
  z.number().int().min(0).max(4).describe(`${meaning} Scale: ${ORDINAL_SCALE_TEXT}`);

/** How much the organisation will pay to move a hire to the office. */
export const relocationBudgets = ["none", "limited", "full"] as const;
export type RelocationBudget = (typeof relocationBudgets)[number];

/** The factors scored on the 0–4 ordinal scale, in the order the advisor explains them. */
export const ordinalFactorNames = [
  "talentPoolBreadth",
  "asyncMaturity",
  "deepFocusNeed",
  "juniorMentorshipNeed",
  "complianceLevel",
  "coDesignNeed",
] as const;
export type OrdinalFactorName = (typeof ordinalFactorNames)[number];

/**
 * The explicit factors a role's work model is decided from. Two are hard constraints
 * (`onPremAccessRequired`, `officeAvailable`); the rest add points to each model.
 */
export const workModelFactorsSchema = z
  .strictObject({
    talentPoolBreadth: ordinalFactor(
      "How wide a talent pool the role needs; scarce or specialised skills need a wide pool (high).",
    ),
    asyncMaturity: ordinalFactor(
      "How far the team already works asynchronously: written, documented decisions and hand-offs.",
    ),
    deepFocusNeed: ordinalFactor("How much of the work needs long, uninterrupted focus."),
    juniorMentorshipNeed: ordinalFactor(
      "How much onboarding and mentorship is involved: the hire is junior, or must onboard or mentor juniors.",
    ),
    complianceLevel: ordinalFactor("The security and compliance burden of the role's work."),
    onPremAccessRequired: z
      .boolean()
      .describe(
        "Hard constraint: the work needs data or hardware that must not leave the premises, so it can only be done onsite.",
      ),
    coDesignNeed: ordinalFactor(
      "How much the work depends on co-located co-design: whiteboarding and serendipitous exchanges.",
    ),
    timezoneSpreadHours: z
      .number()
      .min(0)
      .max(24)
      .describe(
        "Spread of the team's working hours across time zones, in hours (0 = everyone in one time zone, 24 = around the clock).",
      ),
    relocationBudget: z
      .enum(relocationBudgets)
      .describe(
        "Budget to relocate a hire to the office: none (hire within commuting distance), limited (some hires) or full.",
      ),
    officeAvailable: z
      .boolean()
      .describe(
        "Hard constraint: whether an office is available; without one, onsite and hybrid are impossible.",
      ),
  })
  .meta({
    id: "WorkModelFactors",
    description: "The explicit factors a role's work model (onsite, remote or hybrid) is decided from.",
  });

export type WorkModelFactors = z.infer<typeof workModelFactorsSchema>;
export type WorkModelFactorName = keyof WorkModelFactors;

/**
 * A neutral starting point: every ordinal factor at "moderate" (the advisor's pivot, so it
 * adds no points), one time zone, a limited relocation budget, an office and no on-prem need.
 */
export const defaultWorkModelFactors: WorkModelFactors = {
  talentPoolBreadth: 2,
  asyncMaturity: 2,
  deepFocusNeed: 2,
  juniorMentorshipNeed: 2,
  complianceLevel: 2,
  onPremAccessRequired: false,
  coDesignNeed: 2,
  timezoneSpreadHours: 0,
  relocationBudget: "limited",
  officeAvailable: true,
};

/** Human names and one-line help texts of the factors, for forms and explanations. */
export const factorLabels: Record<WorkModelFactorName, { name: string; help: string }> = {
  talentPoolBreadth: {
    name: "Talent pool breadth",
    help: "How wide a pool of candidates the role needs; scarce skills mean a wide pool.",
  },
  asyncMaturity: {
    name: "Async maturity of the team",
    help: "How far the team already works asynchronously: written proposals, documented decisions.",
  },
  deepFocusNeed: {
    name: "Need for deep focus",
    help: "How much of the work needs long stretches of uninterrupted concentration.",
  },
  juniorMentorshipNeed: {
    name: "Junior onboarding and mentorship",
    help: "Whether the hire is junior, or the team must onboard and mentor juniors.",
  },
  complianceLevel: {
    name: "Security and compliance burden",
    help: "How strict the security and compliance requirements on the role's work are.",
  },
  onPremAccessRequired: {
    name: "On-premises access required",
    help: "Data or hardware that must not leave the premises; if yes, the role can only be onsite.",
  },
  coDesignNeed: {
    name: "Co-design and serendipity",
    help: "How much the work depends on co-located whiteboarding and chance conversations.",
  },
  timezoneSpreadHours: {
    name: "Time-zone spread",
    help: "Hours between the earliest and latest working hours of the team across time zones.",
  },
  relocationBudget: {
    name: "Relocation budget",
    help: "Whether the organisation pays to move hires to the office: none, limited or full.",
  },
  officeAvailable: {
    name: "Office available",
    help: "Whether there is an office the hire can work from; if not, the role can only be remote.",
  },
};

/**
 * Validates untrusted factors (CLI, job payloads, stored drafts); throws a bad_request
 * AppError naming every invalid field by its dotted path.
 */
export function parseWorkModelFactors(input: unknown): WorkModelFactors {
  const result = workModelFactorsSchema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldError[] = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    // An unknown key is reported on the object; name the key itself so a typo is easy to spot.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: "unknown factor" }));
    }
    return [{ path: path || "factors", message: issue.message }];
  });
  const summary = fieldErrors.map((field) => `${field.path}: ${field.message}`).join("; ");
  throw new AppError("bad_request", `The work-model factors are invalid: ${summary}.`, { fieldErrors });
}
