/**
 * A published finding the work-model advisor cites. `approximate` is true where the
 * project's evidence file marks a figure "(check)"; the UI must then say it is approximate.
 */
export interface EvidenceEntry {
  id: string;
  label: string;
  reference: string;
  finding: string;
  approximate: boolean;
}

// Findings are worded exactly as far as shared/EVIDENCE.md goes, no further: no figure or
// paper here may come from anywhere else. None of these entries is marked "(check)" there.
const entries = [
  {
    id: "bloom-liang-roberts-ying-2015",
    label: "Bloom, Liang, Roberts & Ying 2015",
    reference: "Bloom, Liang, Roberts & Ying (2015). The Quarterly Journal of Economics, 130(1), 165–218.",
    finding:
      "In a 9-month randomised controlled trial at Ctrip, working from home raised performance by 13% " +
      "(about 9% more minutes and about 4% more calls per minute) and halved attrition, " +
      "while promotion rates conditional on performance fell.",
    approximate: false,
  },
  {
    id: "bloom-han-liang-2024",
    label: "Bloom, Han & Liang 2024",
    reference: "Bloom, Han & Liang (2024). Nature, 630, 920–925.",
    finding:
      "In a randomised controlled trial with 1,612 graduate employees at Trip.com, working from home " +
      "2 days a week cut quits by a third, with no difference in performance reviews or promotions " +
      "over two years and no effect on lines of code.",
    approximate: false,
  },
  {
    id: "gibbs-mengel-siemroth-2023",
    label: "Gibbs, Mengel & Siemroth 2023",
    reference: "Gibbs, Mengel & Siemroth (2023).",
    finding:
      "Among more than 10,000 IT professionals working from home during the pandemic, hours rose " +
      "but productivity fell by 8–19%, mostly because of coordination costs.",
    approximate: false,
  },
  {
    id: "evident-seed-trade-offs",
    label: "Evident design brief, summary of the literature",
    reference:
      "Evident design brief, summary of the literature (shared/EVIDENCE.md, “Remote, hybrid, onsite”).",
    finding:
      "Remote widens the talent pool and supports deep focus and asynchronous, documented collaboration; " +
      "onsite speeds junior onboarding and mentorship, fits strict security/compliance and on-prem access, " +
      "and enables serendipitous co-design.",
    approximate: false,
  },
] as const satisfies readonly EvidenceEntry[];

export type EvidenceId = (typeof entries)[number]["id"];

/** Every citation the advisor may use, in the order the UI lists them. */
export const workModelEvidence: readonly Readonly<EvidenceEntry>[] = entries.map((entry) =>
  Object.freeze(entry),
);

/** Ids of the citations, for referring to one without a typo. */
export const evidenceIds = {
  bloom2015: "bloom-liang-roberts-ying-2015",
  bloom2024: "bloom-han-liang-2024",
  gibbs2023: "gibbs-mengel-siemroth-2023",
  seedTradeOffs: "evident-seed-trade-offs",
} as const satisfies Record<string, EvidenceId>;

/**
 * Shown with every recommendation: the citations are priors from other organisations. The
 * organisation's own outcomes are shown beside the recommendation (never folded into it
 * silently); where they have enough data they should weigh more than these priors.
 */
export const PRIORS_NOTE =
  "This recommendation rests on published priors, not on your organisation's data; " +
  "where your own hires' outcomes (shown beside it) have enough data, weigh them above these priors.";

/** The entry of a citation id; throws if the id is unknown, which is a programming error. */
export function evidenceById(id: string): EvidenceEntry {
  const entry = workModelEvidence.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`Unknown work-model evidence id: ${id}`);
  return entry;
}
