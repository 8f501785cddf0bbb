import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { countFlaggedNotes, type NoteGuardCount } from "./note-guard-counts.ts";
import { applicationsOf, ratingsOf, type SourceScope, stageScoresOf, visitsOf } from "./sources.ts";
import { type AdverseImpact, computeAdverseImpact } from "./statistics/adverse-impact.ts";
import {
  type InterviewerLeniency,
  leniencyFromSummary,
  type Reliability,
  reliabilityFromAnova,
} from "./statistics/calibration.ts";
import { computeStageValidity, type StageValidity } from "./statistics/correlation.ts";
import type { FunnelStage } from "./statistics/funnel.ts";
import {
  DEFAULT_RELIABILITY_MIN_APPLICATIONS,
  DEFAULT_WORK_MODEL_MIN_GROUP_SIZE,
} from "./statistics/reasons.ts";
import {
  compareWorkModelOutcomes,
  compareWorkModelRetention,
  type WorkModel,
  type WorkModelComparison,
} from "./statistics/work-models.ts";

/**
 * The analytics over an organisation's data: each reads what its statistic needs with one or two
 * SQL queries over the source relations (sources.ts), aggregating in the database where the rows
 * are many (an application's mean rating per stage, counts per group, the funnel's medians), and
 * hands the rest to the pure functions in statistics/.
 */

/**
 * Runs an analytics read in a read-only transaction tuned for it: no JIT (PostgreSQL would
 * spend seconds compiling queries that run in milliseconds, as their row estimates are large),
 * enough work memory for the sorts and hashes of a million ratings to stay in memory, and hash
 * joins rather than merge joins.
 */
export async function analyticsRead<Result>(db: Db, read: (tx: Db) => Promise<Result>): Promise<Result> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    // The source relations are unions whose sizes the planner cannot estimate; it then sorts
    // hundreds of thousands of rows for a merge join where a hash join over the smaller side
    // (the applications) costs a fraction.
    await tx.execute(sql`set local enable_mergejoin = off`);
    return read(tx);
  });
}

const toNumber = (value: unknown): number => Number(value);
const toNullableNumber = (value: unknown): number | null => (value === null ? null : Number(value));

/** Stage validity for every stage with ratings, by stage name. */
export async function stageValidity(
  db: Db,
  scope: SourceScope,
  options: { minN?: number | undefined },
): Promise<{ stages: StageValidity[] }> {
  // Every application's mean rating per stage, summarised per stage: the applicants' n and SD of x.
  const applicants = await queryRows<{ stage: string; n: unknown; sd: unknown }>(
    db,
    sql`select s.stage, count(*) as n, stddev_samp(s.total / s.n) as sd from ${stageScoresOf(scope, "s")}
      group by s.stage`,
  );
  // The hires with an outcome: their x and y. x is a mean of a few ratings and y a level 1–4, so
  // the pairs take few distinct values: counted per distinct (sum, count, y) in SQL, they travel
  // as hundreds of rows instead of one per hire and stage, and are expanded here.
  const pairs = await queryRows<{ stage: string; total: unknown; n: unknown; y: unknown; count: unknown }>(
    db,
    sql`select s.stage, s.total, s.n, a.outcome_6m as y, count(*) as count
      from ${stageScoresOf(scope, "s")} join ${applicationsOf(scope, "a")} on a.app_key = s.app_key
      where a.hired and a.outcome_6m is not null
      group by s.stage, s.total, s.n, a.outcome_6m`,
  );
  const hiresByStage = new Map<string, { x: number; y: number }[]>();
  for (const pair of pairs) {
    const list = hiresByStage.get(pair.stage) ?? [];
    const point = { x: toNumber(pair.total) / toNumber(pair.n), y: toNumber(pair.y) };
    for (let copy = toNumber(pair.count); copy > 0; copy--) list.push(point);
    hiresByStage.set(pair.stage, list);
  }
  const stages = applicants
    .sort((x, y) => (x.stage < y.stage ? -1 : x.stage > y.stage ? 1 : 0))
    .map((row) => {
      // The applicants' SD comes from the database (there may be hundreds of thousands of them).
      const validity = computeStageValidity(
        { stage: row.stage, hires: hiresByStage.get(row.stage) ?? [], applicantXs: [] },
        options,
      );
      return { ...validity, applicants: toNumber(row.n), applicantsSdX: toNullableNumber(row.sd) };
    });
  return { stages };
}

export const demographicCategories = ["gender", "race_ethnicity"] as const;
export type DemographicCategory = (typeof demographicCategories)[number];

/** Adverse impact at one stage (passing it) or, without a stage, at the hire decision. */
export async function adverseImpact(
  db: Db,
  scope: SourceScope,
  options: { category: DemographicCategory; stage?: string | undefined; minGroupSize?: number | undefined },
): Promise<AdverseImpact> {
  const category = sql.raw(options.category === "gender" ? "a.gender" : "a.race_ethnicity");
  const rows = await queryRows<{ grp: string; reached: unknown; selected: unknown }>(
    db,
    options.stage === undefined
      ? sql`select ${category} as grp, count(*) as reached, count(*) filter (where a.hired) as selected
          from ${applicationsOf(scope, "a")} where a.hired is not null group by 1`
      : sql`select ${category} as grp, count(*) as reached, count(*) filter (where v.passed) as selected
          from ${visitsOf(scope, "v")} join ${applicationsOf(scope, "a")} on a.app_key = v.app_key
          where v.stage = ${options.stage} group by 1`,
  );
  return computeAdverseImpact(
    rows.map((row) => ({ group: row.grp, reached: toNumber(row.reached), selected: toNumber(row.selected) })),
    { minGroupSize: options.minGroupSize },
  );
}

/** Each interviewer's leniency and the stage's inter-rater reliability. */
export async function calibration(
  db: Db,
  scope: SourceScope,
  options: { stage: string; minN?: number | undefined },
): Promise<{ interviewers: InterviewerLeniency[]; reliability: Reliability; noteGuard: NoteGuardCount }> {
  // Each rating's difference from the mean of the other raters of its application (≥ 2 raters),
  // summarised per interviewer; interviewers without co-raters are listed with n = 0.
  const interviewers = await queryRows<{
    interviewer: string;
    n: unknown;
    mean: unknown;
    sd: unknown;
    constant: boolean | null;
  }>(
    db,
    sql`select d.interviewer, count(d.difference) as n, avg(d.difference) as mean, stddev_samp(d.difference) as sd,
        min(d.difference) = max(d.difference) as constant
      from (select r.interviewer,
              case when s.n >= 2 then r.rating - (s.total - r.rating) / (s.n - 1) end as difference
            from ${ratingsOf(scope, "r")}
            join ${stageScoresOf(scope, "s")} on s.app_key = r.app_key and s.stage = r.stage
            where r.stage = ${options.stage}) d
      group by d.interviewer`,
  );
  // The one-way ANOVA's sums over applications with ≥ 2 ratings (statistics/calibration.ts).
  const [anova] = await queryRows<{
    a: unknown;
    big_n: unknown;
    sum_n2: unknown;
    ssb: unknown;
    ssw: unknown;
    all_constant: boolean | null;
    same_means: boolean | null;
  }>(
    db,
    sql`select count(*) as a, coalesce(sum(g.n), 0) as big_n, sum(g.n::float8 * g.n) as sum_n2,
        sum(g.n * (g.total / g.n - g.grand) ^ 2) as ssb, sum(g.squares) as ssw,
        bool_and(g.squares = 0) as all_constant, min(g.total / g.n) = max(g.total / g.n) as same_means
      from (select s.n, s.total, s.squares, sum(s.total) over () / sum(s.n) over () as grand
            from ${stageScoresOf(scope, "s")} where s.stage = ${options.stage} and s.n >= 2) g`,
  );
  const applications = toNumber(anova?.a ?? 0);
  const ratings = toNumber(anova?.big_n ?? 0);
  const minApplications = Math.max(DEFAULT_RELIABILITY_MIN_APPLICATIONS, 2);
  const reliability: Reliability =
    applications < minApplications || anova === undefined
      ? { applications, ratings, k0: null, icc1: null, iccMean: null, reason: "too_few" }
      : reliabilityFromAnova(
          {
            applications,
            ratings,
            k0: (ratings - toNumber(anova.sum_n2) / ratings) / (applications - 1),
            msBetween: toNumber(anova.ssb) / (applications - 1),
            msWithin: toNumber(anova.ssw) / (ratings - applications),
          },
          { zeroVariance: anova.all_constant === true || anova.same_means === true },
        );
  const noteGuard = await countFlaggedNotes(db, scope, options.stage);
  return {
    noteGuard,
    interviewers: interviewers
      .sort((x, y) => (x.interviewer < y.interviewer ? -1 : x.interviewer > y.interviewer ? 1 : 0))
      .map((row) =>
        leniencyFromSummary(
          {
            interviewer: row.interviewer,
            n: toNumber(row.n),
            mean: toNullableNumber(row.mean),
            sd: toNullableNumber(row.sd),
            constant: row.constant !== false,
          },
          { minN: options.minN },
        ),
      ),
    reliability,
  };
}

export const workModelOutcomes = ["outcome_6m", "retained_12m"] as const;
export type WorkModelOutcome = (typeof workModelOutcomes)[number];

/** Hires compared by hire work model on the 6-month outcome or 12-month retention. */
export async function workModelComparison(
  db: Db,
  scope: SourceScope,
  options: { outcome: WorkModelOutcome; minGroupSize?: number | undefined },
): Promise<WorkModelComparison> {
  if (options.outcome === "outcome_6m") {
    const rows = await queryRows<{ model: WorkModel; y: unknown }>(
      db,
      sql`select a.hire_work_model as model, a.outcome_6m as y from ${applicationsOf(scope, "a")}
        where a.hired and a.hire_work_model is not null and a.outcome_6m is not null`,
    );
    const outcomes: Record<WorkModel, number[]> = { onsite: [], remote: [], hybrid: [] };
    for (const row of rows) outcomes[row.model]?.push(toNumber(row.y));
    return compareWorkModelOutcomes(outcomes, { minGroupSize: options.minGroupSize });
  }
  const rows = await queryRows<{ model: WorkModel; n: unknown; retained: unknown }>(
    db,
    sql`select a.hire_work_model as model, count(*) as n, count(*) filter (where a.retained_12m) as retained
      from ${applicationsOf(scope, "a")}
      where a.hired and a.hire_work_model is not null and a.retained_12m is not null group by 1`,
  );
  const retention = {
    onsite: { n: 0, retained: 0 },
    remote: { n: 0, retained: 0 },
    hybrid: { n: 0, retained: 0 },
  };
  for (const row of rows) {
    if (row.model in retention)
      retention[row.model] = { n: toNumber(row.n), retained: toNumber(row.retained) };
  }
  return compareWorkModelRetention(retention, { minGroupSize: options.minGroupSize });
}

/**
 * The funnel, computed in the database as computeFunnel (statistics/funnel.ts) defines it: per
 * stage reached, passed and the median days from an application's entry to its entry into the
 * next stage it reached (test/analytics-endpoints.test.ts checks the two agree).
 */
export async function funnel(db: Db, scope: SourceScope): Promise<{ stages: FunnelStage[] }> {
  const rows = await queryRows<{
    stage: string;
    reached: unknown;
    passed: unknown;
    days_n: unknown;
    median_days: unknown;
  }>(
    db,
    sql`select v.stage, min(v.stage_order) as stage_order, count(*) as reached,
        count(*) filter (where v.passed) as passed, count(v.days) as days_n,
        percentile_cont(0.5) within group (order by v.days) as median_days
      from ${visitsOf(scope, "v")}
      group by v.stage order by min(v.stage_order), v.stage collate "C"`,
  );
  return {
    stages: rows.map((row) => {
      const reached = toNumber(row.reached);
      const passed = toNumber(row.passed);
      const daysN = toNumber(row.days_n);
      return {
        stage: row.stage,
        reached,
        passed,
        passRate: passed / reached,
        daysN,
        medianDaysInStage: daysN === 0 ? null : toNumber(row.median_days),
        reason: daysN === 0 ? ("too_few" as const) : null,
      };
    }),
  };
}

export interface OrganizationWorkModelEvidence {
  source: "all";
  minGroupSize: number;
  outcome6m: WorkModelComparison;
  retained12m: WorkModelComparison;
  note: string;
}

/**
 * The organisation's own work-model comparison for the role advisor: both outcomes over all its
 * data, or null while no work model has enough hires for either. The advisor shows it beside the
 * research priors; it never feeds the recommendation.
 */
export async function organizationWorkModelEvidence(
  db: Db,
  organizationId: string,
): Promise<OrganizationWorkModelEvidence | null> {
  const minGroupSize = DEFAULT_WORK_MODEL_MIN_GROUP_SIZE;
  return analyticsRead(db, async (tx) => {
    const scope = { organizationId, source: "all" as const };
    const outcome6m = await workModelComparison(tx, scope, { outcome: "outcome_6m", minGroupSize });
    const retained12m = await workModelComparison(tx, scope, { outcome: "retained_12m", minGroupSize });
    const enough = [...outcome6m.groups, ...retained12m.groups].some((group) => group.reason === null);
    if (!enough) return null;
    return {
      source: "all",
      minGroupSize,
      outcome6m,
      retained12m,
      note: "Your organisation's own hires, compared by the work model they were hired into: observational (who works where is chosen, not randomised), so read it beside the research, not instead of it. It does not change the recommendation.",
    };
  });
}
