/**
 * When each step of a run opens and is due, and whether a schedule respects the candidate's
 * night. Pure: the run's start, its steps and the candidate's zone in, times and problems out.
 */
import { parsePatch } from "diff";
import type { ExerciseStepDefinition } from "./exercises-table.ts";
import {
  daytimeHoursBetween,
  formatInZone,
  isNight,
  MIN_DAYTIME_HOURS_PER_WINDOW,
  NIGHT_ENDS_AT_HOUR,
  NIGHT_STARTS_AT_HOUR,
} from "./time-zones.ts";

const HOUR_MS = 3_600_000;

export interface StepTimes {
  releaseAt: Date;
  dueAt: Date;
}

export function stepTimes(step: ExerciseStepDefinition, startsAt: Date): StepTimes {
  const releaseAt = new Date(startsAt.getTime() + step.releaseAfterHours * HOUR_MS);
  return { releaseAt, dueAt: new Date(releaseAt.getTime() + step.responseHours * HOUR_MS) };
}

export function describeStepTimes(times: StepTimes, timeZone: string) {
  return {
    releaseAt: times.releaseAt.toISOString(),
    dueAt: times.dueAt.toISOString(),
    releaseLocal: formatInZone(times.releaseAt, timeZone),
    dueLocal: formatInZone(times.dueAt, timeZone),
  };
}

export interface ScheduleProblem {
  path: string;
  message: string;
}

/**
 * A step may not require a response within the candidate's night: its deadline must fall in
 * their daytime, and its window must hold some daytime hours (a window from 20:00 to 09:00
 * would end in daylight yet leave only the night to work in).
 */
export function findNightProblems(
  steps: readonly ExerciseStepDefinition[],
  startsAt: Date,
  timeZone: string,
): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  steps.forEach((step, index) => {
    const { releaseAt, dueAt } = stepTimes(step, startsAt);
    if (isNight(dueAt, timeZone)) {
      problems.push({
        path: `steps.${index}.responseHours`,
        message: `"${step.title}" would be due ${formatInZone(dueAt, timeZone)}, in the candidate's night (${NIGHT_STARTS_AT_HOUR}:00–0${NIGHT_ENDS_AT_HOUR}:00); move the start or change the hours`,
      });
    } else if (daytimeHoursBetween(releaseAt, dueAt, timeZone) < MIN_DAYTIME_HOURS_PER_WINDOW) {
      problems.push({
        path: `steps.${index}.responseHours`,
        message: `"${step.title}" leaves fewer than ${MIN_DAYTIME_HOURS_PER_WINDOW} daytime hours in the candidate's zone to respond`,
      });
    }
  });
  return problems;
}

/** Problems of a definition that do not depend on a candidate: kinds, diffs, ids, rubric. */
export function findDefinitionProblems(
  steps: readonly ExerciseStepDefinition[],
  rubricAttributeIds: readonly string[],
): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    if (seen.has(step.id))
      problems.push({ path: `steps.${index}.id`, message: `"${step.id}" is used twice` });
    seen.add(step.id);
    if (step.kind === "code_review") {
      if (!step.diff?.trim()) {
        problems.push({ path: `steps.${index}.diff`, message: "a code review step needs a unified diff" });
      } else if (countDiffHunks(step.diff) === 0) {
        problems.push({
          path: `steps.${index}.diff`,
          message: "is not a unified diff with at least one hunk (@@ -a,b +c,d @@)",
        });
      }
    } else if (step.diff !== null) {
      problems.push({ path: `steps.${index}.diff`, message: "only code review steps take a diff" });
    }
    if (step.kind === "question_thread" && step.answerDelayWorkingHours === null) {
      problems.push({
        path: `steps.${index}.answerDelayWorkingHours`,
        message: "a question thread needs the delay before answers are shown (0 for at once)",
      });
    }
    for (const attributeId of step.rubricAttributeIds) {
      if (!rubricAttributeIds.includes(attributeId)) {
        problems.push({
          path: `steps.${index}.rubricAttributeIds`,
          message: `"${attributeId}" is not an attribute of the kit's rubric (${rubricAttributeIds.join(", ")})`,
        });
      }
    }
  });
  return problems;
}

export function countDiffHunks(diff: string): number {
  try {
    return parsePatch(diff).reduce((sum, file) => sum + file.hunks.length, 0);
  } catch {
    return 0;
  }
}

/** The lines of a diff a review comment may point at: "file:old:12" / "file:new:14". */
export function commentableLines(diff: string): Set<string> {
  const lines = new Set<string>();
  for (const file of parsePatch(diff)) {
    const name = (file.newFileName ?? file.oldFileName ?? "").replace(/^[ab]\//, "");
    for (const hunk of file.hunks) {
      let oldLine = hunk.oldStart;
      let newLine = hunk.newStart;
      for (const line of hunk.lines) {
        if (line.startsWith("-")) lines.add(`${name}:old:${oldLine++}`);
        else if (line.startsWith("+")) lines.add(`${name}:new:${newLine++}`);
        else if (line.startsWith(" ")) {
          lines.add(`${name}:old:${oldLine++}`);
          lines.add(`${name}:new:${newLine++}`);
        }
      }
    }
  }
  return lines;
}
