import { readFileSync } from "node:fs";
import path from "node:path";
import { challengeAttempts, challengeSubmissions } from "../../src/modules/challenges/grading-table.ts";
import type { Db } from "../../src/platform/db/client.ts";
import { newId } from "../../src/platform/ids.ts";

const REFERENCE = readFileSync(
  path.join(import.meta.dirname, "../../challenges/lru-ttl-cache/reference/typescript/solution.ts"),
  "utf8",
);

/**
 * Graded final submissions of the same built-in challenge, one per application, all with the
 * same code, so the similarity review (the real one, challenges/review.ts) flags each against
 * the others. Straight into the tables: the sandbox has its own tests; these need only the rows.
 */
export async function seedCopiedChallengeSubmissions(
  db: Db,
  organizationId: string,
  stageId: string,
  applicationIds: readonly string[],
  now = new Date(),
): Promise<string[]> {
  const attemptIds: string[] = [];
  for (const applicationId of applicationIds) {
    const attemptId = newId();
    await db.insert(challengeAttempts).values({
      id: attemptId,
      organizationId,
      applicationId,
      stageId,
      challengeId: "lru-ttl-cache",
      openedAt: now,
    });
    await db.insert(challengeSubmissions).values({
      id: newId(),
      organizationId,
      attemptId,
      mode: "submit",
      language: "typescript",
      files: { "solution.ts": REFERENCE },
      status: "graded",
      score: 9,
      maxScore: 10,
      verdict: "passed",
      createdAt: now,
      gradedAt: now,
    });
    attemptIds.push(attemptId);
  }
  return attemptIds;
}
