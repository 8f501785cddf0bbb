import type { HistoryFiles } from "../analytics/history-import.ts";
import { seededRandom } from "./seed-hiring-demo.ts";

/**
 * A generated hiring history with known effects, for the demo organisation, the tests and the
 * benchmark (the same import code reads it as any organisation's files):
 * - "System design" predicts the 6-month outcome (its ratings carry the hire's ability), the
 *   "Recruiter screen" does not (its ratings are noise);
 * - interviewer "interviewer-07" rates about +0.8 above co-raters (lenient);
 * - applications over two years before `endDate`, voluntary demographics with some left blank.
 * A seeded generator makes every run the same.
 */
export interface GeneratedHistoryOptions {
  applications: number;
  seed?: number;
  /** The last day of the history (ISO date); applications spread over the two years before it. */
  endDate?: string;
}

export const GENERATED_STAGES = [
  { name: "Recruiter screen", signal: 0, pass: 0.95 },
  { name: "Technical screen", signal: 0.5, pass: 0.92 },
  { name: "System design", signal: 1.0, pass: 0.9 },
  { name: "Team interview", signal: 0.4, pass: 0.6 },
] as const;

export const LENIENT_INTERVIEWER = "interviewer-07";
/** The demo organisation's history: a few hundred applications, enough for every minimum. */
export const DEMO_HISTORY_APPLICATIONS = 400;
const INTERVIEWERS = Array.from(
  { length: 12 },
  (_, index) => `interviewer-${String(index + 1).padStart(2, "0")}`,
);
const ROLES = ["Backend Engineer", "Platform Engineer", "Data Engineer"];
const WORK_MODELS = ["onsite", "remote", "hybrid"] as const;
const GENDERS: [string, number][] = [
  ["woman", 0.3],
  ["man", 0.55],
  ["non_binary", 0.03],
  ["", 0.12],
];
const RACES: [string, number][] = [
  ["white", 0.45],
  ["asian", 0.22],
  ["black_or_african_american", 0.1],
  ["hispanic_or_latino", 0.1],
  ["two_or_more", 0.03],
  ["", 0.1],
];
const DAY = 86_400_000;

export function generateHistory(options: GeneratedHistoryOptions): HistoryFiles {
  const random = seededRandom(options.seed ?? 20_240_601);
  const normal = () => {
    // Box–Muller: two uniforms give one standard normal.
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const pickWeighted = (choices: [string, number][]) => {
    let threshold = random();
    for (const [value, weight] of choices) {
      threshold -= weight;
      if (threshold <= 0) return value;
    }
    return (choices[choices.length - 1] as [string, number])[0];
  };
  const toLevel = (value: number) => Math.min(4, Math.max(1, Math.round(value)));
  const end = Date.parse(options.endDate ?? "2026-11-30");
  const start = end - 730 * DAY;

  const applications = [
    "application_ref,role,work_model,hired,hire_work_model,gender,race_ethnicity,outcome_6m,retained_12m",
  ];
  const stages = ["application_ref,stage,stage_order,passed,entered_at"];
  const ratings = ["application_ref,stage,interviewer_ref,rating"];

  for (let index = 0; index < options.applications; index++) {
    const ref = `A${String(index + 1).padStart(6, "0")}`;
    const role = ROLES[Math.floor(random() * ROLES.length)] as string;
    const workModel = WORK_MODELS[Math.floor(random() * 3)] as (typeof WORK_MODELS)[number];
    const gender = pickWeighted(GENDERS);
    const race = pickWeighted(RACES);
    const ability = normal();
    let day = start + Math.floor(random() * 700) * DAY;
    let hired: boolean | null = false;
    for (const [order, stage] of GENERATED_STAGES.entries()) {
      const raters = 2 + Math.floor(random() * 3);
      const pool = [...INTERVIEWERS];
      let total = 0;
      for (let rater = 0; rater < raters; rater++) {
        const interviewer = pool.splice(Math.floor(random() * pool.length), 1)[0] as string;
        const lenience = interviewer === LENIENT_INTERVIEWER ? 0.8 : 0;
        const level = toLevel(2.5 + stage.signal * ability + 0.7 * normal() + lenience);
        total += level;
        ratings.push(`${ref},${stage.name},${interviewer},${level}`);
      }
      // Passing follows the panel's mean with some chance, so the stage selects on its ratings.
      const passed = total / raters + 0.6 * normal() > 2.5 - (stage.pass - 0.6) * 3;
      const date = new Date(day).toISOString().slice(0, 10);
      stages.push(`${ref},${stage.name},${order + 1},${passed},${date}`);
      day += (3 + Math.floor(random() * 10)) * DAY;
      if (!passed) break;
      if (order === GENERATED_STAGES.length - 1) hired = true;
    }
    // The newest applications are still undecided.
    if (day > end) hired = null;
    const outcome = hired && random() > 0.1 ? toLevel(2.6 + 0.7 * ability + 0.6 * normal()) : null;
    const retentionChance = workModel === "remote" ? 0.88 : workModel === "hybrid" ? 0.86 : 0.8;
    const retained = hired && random() > 0.15 ? random() < retentionChance : null;
    applications.push(
      [
        ref,
        role,
        workModel,
        hired === null ? "" : String(hired),
        hired ? workModel : "",
        gender,
        race,
        outcome ?? "",
        retained === null ? "" : String(retained),
      ].join(","),
    );
  }
  return { applications: applications.join("\n"), stages: stages.join("\n"), ratings: ratings.join("\n") };
}
