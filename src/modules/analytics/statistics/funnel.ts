import { median } from "./descriptive.ts";
import type { StatisticReason } from "./reasons.ts";

/** One stage one application reached (a row of stages.csv, or the live stage history). */
export interface StageVisit {
  application: string;
  stage: string;
  stageOrder: number;
  passed: boolean;
  /** ISO date or date-time; null when unknown. */
  enteredAt: string | null;
}

export interface FunnelStage {
  stage: string;
  reached: number;
  passed: number;
  /** passed ÷ reached. */
  passRate: number;
  /** Applications whose days in this stage are known (they entered a later stage, both dated). */
  daysN: number;
  medianDaysInStage: number | null;
  reason: StatisticReason | null;
}

const MILLISECONDS_PER_DAY = 86_400_000;

/**
 * The hiring funnel: per stage, in order, how many applications reached it, how many passed, the
 * pass rate, and the median days in the stage. An application's days in a stage run from its
 * entered_at to the entered_at of the next stage it reached; the last stage it reached has no end,
 * so it is left out (`daysN` counts who is in). Stages are identified by name, pooled across
 * roles, and ordered by the smallest stage_order any application gives them (then by name).
 */
export function computeFunnel(visits: readonly StageVisit[]): FunnelStage[] {
  const stages = new Map<string, { order: number; reached: number; passed: number; days: number[] }>();
  const visitsByApplication = new Map<string, StageVisit[]>();
  for (const visit of visits) {
    const stage = stages.get(visit.stage) ?? { order: visit.stageOrder, reached: 0, passed: 0, days: [] };
    stage.order = Math.min(stage.order, visit.stageOrder);
    stage.reached++;
    if (visit.passed) stage.passed++;
    stages.set(visit.stage, stage);
    const applicationVisits = visitsByApplication.get(visit.application) ?? [];
    applicationVisits.push(visit);
    visitsByApplication.set(visit.application, applicationVisits);
  }

  for (const applicationVisits of visitsByApplication.values()) {
    applicationVisits.sort((x, y) => x.stageOrder - y.stageOrder);
    for (let index = 0; index + 1 < applicationVisits.length; index++) {
      const current = applicationVisits[index] as StageVisit;
      const next = applicationVisits[index + 1] as StageVisit;
      if (current.enteredAt === null || next.enteredAt === null) continue;
      const days = (Date.parse(next.enteredAt) - Date.parse(current.enteredAt)) / MILLISECONDS_PER_DAY;
      if (Number.isFinite(days)) stages.get(current.stage)?.days.push(days);
    }
  }

  return [...stages.entries()]
    .sort(([nameX, x], [nameY, y]) => x.order - y.order || (nameX < nameY ? -1 : nameX > nameY ? 1 : 0))
    .map(([stage, { reached, passed, days }]) => ({
      stage,
      reached,
      passed,
      passRate: passed / reached,
      daysN: days.length,
      medianDaysInStage: days.length === 0 ? null : median(days),
      reason: days.length === 0 ? "too_few" : null,
    }));
}
