/**
 * Challenge attempts for the demo organisation: a few candidates per role who went past the
 * async challenge stage hand in code, one at that stage has tried a Run and one has handed in
 * (a result waiting for the hiring team). The code is the
 * built-in challenge's own reference and known-wrong solutions (one candidate's a renamed copy
 * of another's, so the similarity view has something to flag), and it is really graded: the
 * submissions are queued for the worker, which grades them in the sandbox after start-up.
 */
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { newId } from "../../platform/ids.ts";
import type { JobQueue } from "../../platform/queue.ts";
import { applicationEvents, applications } from "../candidates/candidates-table.ts";
import { challengeDirFor } from "../challenges/catalog.ts";
import { gradeSubmissionJob, gradingPriority } from "../challenges/grading-job.ts";
import { challengeAttempts, challengeSubmissions } from "../challenges/grading-table.ts";
import { loadChallenge } from "../grading-engine/load-challenge.ts";
import { readSolutionDir } from "../grading-engine/manifest.ts";
import { planStages } from "../plans/plans-table.ts";

const SUBMITTERS_PER_STAGE = 3;
const RUNNERS_PER_STAGE = 1;
/**
 * Candidates still at the challenge stage who have handed in: once graded, their result is in
 * the hiring team's work queue ("challenge result in") until someone moves them on.
 */
const WAITING_SUBMITTERS_PER_STAGE = 1;
const HOUR_MS = 3_600_000;

/** The solutions handed in, in turn: mostly right, some with the challenge's planted mistakes. */
function demoSolutions(challengeDir: string) {
  const { manifest } = loadChallenge(challengeDir);
  const solutions: { language: string; files: Record<string, string> }[] = [];
  const wrongNames = Object.keys(manifest.wrong);
  for (const [index, language] of manifest.languages.entries()) {
    solutions.push({ language, files: readSolutionDir(path.join(challengeDir, "reference", language)) });
    const wrong = wrongNames[index % Math.max(1, wrongNames.length)];
    if (wrong) {
      solutions.push({ language, files: readSolutionDir(path.join(challengeDir, "wrong", wrong, language)) });
    }
  }
  return solutions;
}

/** The same code with its identifiers' spelling changed: what a copied solution looks like. */
function disguised(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => [
      name,
      `// My own solution.\n${content.replaceAll("payment", "charge").replaceAll("Payment", "Charge")}`,
    ]),
  );
}

export async function seedChallengeDemo(
  deps: { db: Db; clock: Clock; queue: JobQueue },
  organizationId: string,
): Promise<number> {
  const stages = await deps.db
    .select()
    .from(planStages)
    .where(and(eq(planStages.organizationId, organizationId), eq(planStages.type, "async_challenge")));
  let queued = 0;
  for (const stage of stages) {
    if (!stage.challengeId) continue;
    const challengeDir = await challengeDirFor(deps.db, organizationId, stage.challengeId);
    const solutions = demoSolutions(challengeDir);
    const entered = await deps.db
      .select({
        applicationId: applicationEvents.applicationId,
        enteredAt: applicationEvents.createdAt,
        currentStageId: applications.currentStageId,
      })
      .from(applicationEvents)
      .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
      .where(eq(applicationEvents.toStageId, stage.id))
      .orderBy(asc(applicationEvents.id));
    const movedOn = entered.filter((row) => row.currentStageId !== stage.id).slice(0, SUBMITTERS_PER_STAGE);
    const waiting = entered
      .filter((row) => row.currentStageId === stage.id)
      .slice(0, RUNNERS_PER_STAGE + WAITING_SUBMITTERS_PER_STAGE);
    for (const [index, row] of [...movedOn, ...waiting].entries()) {
      const isSubmitter = index < movedOn.length || index >= movedOn.length + RUNNERS_PER_STAGE;
      // The demo's history is all written at seeding time, so the attempt is dated back from now
      // (opened three hours ago) to keep every timestamp in the past.
      const now = deps.clock.now().getTime();
      const openedAt = new Date(now - 3 * HOUR_MS);
      const attemptId = newId();
      // The second submitter hands in the first one's code (below), so the solutions list moves
      // on one step later: the third submitter gets the first planted mistake.
      const solution = solutions[Math.max(0, index - 1) % solutions.length] ?? solutions[0];
      if (!solution) continue;
      // The second submitter copies the first one's code, renamed.
      const files =
        isSubmitter && index === 1 && movedOn[0] ? disguised(solutions[0]?.files ?? {}) : solution.files;
      const language =
        isSubmitter && index === 1 ? (solutions[0]?.language ?? solution.language) : solution.language;
      await deps.db.insert(challengeAttempts).values({
        id: attemptId,
        organizationId,
        applicationId: row.applicationId,
        stageId: stage.id,
        challengeId: stage.challengeId,
        openedAt,
        dueAt:
          stage.deadlineDays != null
            ? new Date(row.enteredAt.getTime() + stage.deadlineDays * 86_400_000)
            : null,
        draftLanguage: language,
        draftFiles: files,
      });
      const submissionId = newId();
      await deps.db.insert(challengeSubmissions).values({
        id: submissionId,
        organizationId,
        attemptId,
        mode: isSubmitter ? "submit" : "run",
        language,
        files,
        createdAt: new Date(now - (isSubmitter ? 0.5 : 2) * HOUR_MS),
      });
      await deps.queue.send(
        gradeSubmissionJob,
        { submissionId, batch: true },
        { singletonKey: submissionId, priority: gradingPriority.batch },
      );
      queued += 1;
    }
  }
  return queued;
}
