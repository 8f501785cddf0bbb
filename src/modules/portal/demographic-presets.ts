/**
 * The voluntary self-identification questions an organisation asks, as presets chosen per
 * organisation (privacy settings): the categories that fit one country rarely fit another, and
 * the US EEO-1 race categories mean little to a candidate in Lisbon. Pure data, so the web app
 * imports it too (the portal form's labels, the analytics' group names).
 *
 * Answers are stored under the question's key whatever the preset, so analytics group by the
 * stored values: an organisation that changes preset sees old and new categories side by side.
 */
export const DEMOGRAPHIC_PRESETS = ["minimal", "uk_eu", "us_eeo"] as const;
export type DemographicPreset = (typeof DEMOGRAPHIC_PRESETS)[number];

/** What an organisation asks until an admin chooses otherwise: the least it can ask. */
export const DEFAULT_DEMOGRAPHIC_PRESET: DemographicPreset = "minimal";

export const DEMOGRAPHIC_QUESTION_KEYS = [
  "gender",
  "raceEthnicity",
  "ageBand",
  "disability",
  "veteran",
] as const;
export type DemographicQuestionKey = (typeof DEMOGRAPHIC_QUESTION_KEYS)[number];

export interface DemographicOption {
  value: string;
  label: string;
}

export interface DemographicQuestion {
  key: DemographicQuestionKey;
  label: string;
  options: DemographicOption[];
}

const preferNotToSay: DemographicOption = { value: "prefer_not_to_say", label: "Prefer not to say" };

const gender: DemographicQuestion = {
  key: "gender",
  label: "Gender",
  options: [
    { value: "woman", label: "Woman" },
    { value: "man", label: "Man" },
    { value: "non_binary", label: "Non-binary" },
    { value: "another_gender", label: "Another gender" },
    preferNotToSay,
  ],
};

const yesNo = (key: DemographicQuestionKey, label: string): DemographicQuestion => ({
  key,
  label,
  options: [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }, preferNotToSay],
});

const ageBand: DemographicQuestion = {
  key: "ageBand",
  label: "Age",
  options: [
    { value: "under_30", label: "Under 30" },
    { value: "30_to_39", label: "30 to 39" },
    { value: "40_to_49", label: "40 to 49" },
    { value: "50_to_59", label: "50 to 59" },
    { value: "60_or_over", label: "60 or over" },
    preferNotToSay,
  ],
};

export const demographicPresets: Record<
  DemographicPreset,
  { label: string; description: string; questions: DemographicQuestion[] }
> = {
  minimal: {
    label: "Minimal: gender only",
    description:
      "Gender, with prefer not to say. Enough for the four-fifths check by gender, and nothing more.",
    questions: [gender],
  },
  uk_eu: {
    label: "UK and EU",
    description:
      "Gender, ethnic group (the UK census's five groups), age band and disability, as UK equality monitoring asks.",
    questions: [
      gender,
      {
        key: "raceEthnicity",
        label: "Ethnic group",
        options: [
          { value: "asian_or_asian_british", label: "Asian or Asian British" },
          { value: "black_or_black_british", label: "Black, Black British, Caribbean or African" },
          { value: "mixed_or_multiple", label: "Mixed or multiple ethnic groups" },
          { value: "white_ethnic_group", label: "White" },
          { value: "other_ethnic_group", label: "Another ethnic group" },
          preferNotToSay,
        ],
      },
      ageBand,
      yesNo("disability", "Do you consider yourself to have a disability?"),
    ],
  },
  us_eeo: {
    label: "United States: EEO-1",
    description:
      "Gender, the EEO-1 race and ethnicity categories, age band, disability and veteran status, as US adverse-impact audits (e.g. NYC Local Law 144) use them.",
    questions: [
      gender,
      {
        key: "raceEthnicity",
        label: "Race or ethnicity",
        options: [
          { value: "hispanic_or_latino", label: "Hispanic or Latino" },
          { value: "white", label: "White" },
          { value: "black_or_african_american", label: "Black or African American" },
          { value: "asian", label: "Asian" },
          { value: "native_hawaiian_or_pacific_islander", label: "Native Hawaiian or Pacific Islander" },
          { value: "american_indian_or_alaska_native", label: "American Indian or Alaska Native" },
          { value: "two_or_more", label: "Two or more races" },
          preferNotToSay,
        ],
      },
      ageBand,
      yesNo("disability", "Do you have a disability?"),
      yesNo("veteran", "Are you a veteran?"),
    ],
  },
};

/** Every value a question takes in any preset, in first-seen order: what the API accepts. */
export function demographicValues(key: DemographicQuestionKey): [string, ...string[]] {
  const values = new Set<string>();
  for (const preset of DEMOGRAPHIC_PRESETS) {
    for (const question of demographicPresets[preset].questions) {
      if (question.key === key) for (const option of question.options) values.add(option.value);
    }
  }
  return [...values] as [string, ...string[]];
}

/** A stored answer's label in whichever preset offers it (analytics name their groups with it). */
export function demographicValueLabel(value: string): string | undefined {
  for (const preset of DEMOGRAPHIC_PRESETS) {
    for (const question of demographicPresets[preset].questions) {
      const option = question.options.find((candidate) => candidate.value === value);
      if (option) return option.label;
    }
  }
  return undefined;
}
