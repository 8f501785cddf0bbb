/**
 * What reviewers see of a candidate's challenge: every attempt with its submissions, the full
 * report of each (hidden tests included), the code, and similarity flags against other
 * candidates' final submissions of the same challenge. Blind review is honoured as everywhere
 * else: in a blind stage, or for a blind reviewer of the application, the candidate is a
 * pseudonym and their identifiers are scrubbed from the code.
 */
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import type { MemberContext } from "../auth/access.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import type { GradeReport } from "../grading-engine/engine.ts";
import {
  type BlindScrubber,
  blindScrubberFor,
  candidatePseudonym,
  findBlindApplicationsForUser,
  showAsWritten,
  summariseCandidate,
} from "../interviews/blind.ts";
import { HIRING_TEAM_ROLES } from "../interviews/interviews.ts";
import { planStages } from "../plans/plans-table.ts";
import { DEFAULT_REPORT_THRESHOLD } from "../similarity/command.ts";
import { compareSubmissions } from "../similarity/compare.ts";
import type { SimilarityLanguage } from "../similarity/tokenize.ts";
import { attemptsOfApplications } from "./attempts.ts";
import { loadOrganizationChallenge, readChallengeBrief } from "./catalog.ts";
import {
  challengeAttempts,
  type challengeSubmissionEarlierGrades,
  challengeSubmissions,
} from "./grading-table.ts";
import { earlierGradesOf } from "./regrade.ts";
import type {
  ChallengeReview,
  ReviewAttempt,
  ReviewSubmission,
  SimilarityFlag,
  SimilarityReview,
} from "./schemas.ts";

/** Final submissions of other candidates compared with this one: the most recent this many. */
const SIMILARITY_POOL = 100;

async function reviewContext(db: Db, member: MemberContext, applicationId: string) {
  const [row] = await db
    .select({ application: applications, candidate: candidates })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, member.organizationId)));
  if (!row) throw new AppError("not_found", "There is no such application.");
  const attempts = await attemptsOfApplications(db, member.organizationId, [applicationId]);
  const stageIds = attempts.map(({ attempt }) => attempt.stageId);
  const stages =
    stageIds.length === 0 ? [] : await db.select().from(planStages).where(inArray(planStages.id, stageIds));
  if (!HIRING_TEAM_ROLES.includes(member.role)) {
    // Interviewers review a challenge only as members of its stage's pool.
    const inPool = stages.some((stage) => stage.interviewerPool.includes(member.userId));
    if (!inPool) {
      throw new AppError(
        "forbidden",
        "Only the hiring team and the challenge stage's reviewers can see challenge results.",
      );
    }
  }
  const blindForViewer = await findBlindApplicationsForUser(db, member.organizationId, member.userId, [
    applicationId,
  ]);
  const hidden = blindForViewer.has(applicationId) || stages.some((stage) => stage.isBlind);
  return { ...row, attempts, stages, hidden };
}

type EarlierGradeRow = typeof challengeSubmissionEarlierGrades.$inferSelect;

function toReviewSubmission(
  row: typeof challengeSubmissions.$inferSelect,
  earlier: EarlierGradeRow[] = [],
): ReviewSubmission {
  return {
    id: row.id,
    mode: row.mode,
    language: row.language,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    gradedAt: row.gradedAt?.toISOString() ?? null,
    verdict: row.verdict,
    score: row.score,
    maxScore: row.maxScore,
    error: row.error,
    earlierGrades: earlier.map((grade) => ({
      status: grade.status,
      gradedAt: grade.gradedAt?.toISOString() ?? null,
      supersededAt: grade.supersededAt.toISOString(),
      verdict: grade.verdict,
      score: grade.score,
      maxScore: grade.maxScore,
      error: grade.error,
      report: (grade.result as GradeReport | null) ?? null,
    })),
  };
}

/** File names too: a candidate can name a file after themselves. */
function scrubFiles(files: Record<string, string>, scrub: BlindScrubber) {
  return Object.fromEntries(Object.entries(files).map(([name, content]) => [scrub(name), scrub(content)]));
}

/** Test messages quote what the candidate's code printed or returned, which can be their name. */
function scrubReport(report: GradeReport | null, scrub: BlindScrubber): GradeReport {
  // An erased candidate's report is gone (null) and stays so.
  if (!report || scrub === showAsWritten) return report as GradeReport;
  return { ...report, tests: report.tests.map((test) => ({ ...test, message: scrub(test.message) })) };
}

function scrubSubmission(submission: ReviewSubmission, scrub: BlindScrubber): ReviewSubmission {
  return {
    ...submission,
    error: submission.error === null ? null : scrub(submission.error),
    earlierGrades: submission.earlierGrades.map((grade) => ({
      ...grade,
      error: grade.error === null ? null : scrub(grade.error),
      report: grade.report === null ? null : scrubReport(grade.report as GradeReport, scrub),
    })),
  };
}

export async function reviewApplicationChallenges(
  db: Db,
  member: MemberContext,
  applicationId: string,
  now: Date,
): Promise<ChallengeReview> {
  const context = await reviewContext(db, member, applicationId);
  const scrub = context.hidden ? blindScrubberFor(applicationId, context.candidate) : showAsWritten;
  const attempts: ReviewAttempt[] = [];
  const earlier = await earlierGradesOf(
    db,
    context.attempts.flatMap(({ submissions }) => submissions.map((submission) => submission.id)),
  );
  const earlierOf = (submissionId: string) => earlier.filter((grade) => grade.submissionId === submissionId);
  for (const { attempt, submissions } of context.attempts) {
    const stage = context.stages.find((candidate) => candidate.id === attempt.stageId);
    const challenge = await loadOrganizationChallenge(db, member.organizationId, attempt.challengeId).catch(
      () => null,
    );
    const submits = submissions.filter((submission) => submission.mode === "submit");
    const finalRow = submits.find((submission) => submission.status === "graded");
    const lastSubmit = submits[0];
    attempts.push({
      id: attempt.id,
      stage: {
        id: attempt.stageId,
        name: stage?.name ?? "(removed stage)",
        isBlind: stage?.isBlind ?? false,
      },
      challenge: {
        id: attempt.challengeId,
        title: challenge?.manifest.title ?? attempt.challengeId,
        kind: challenge?.manifest.kind ?? "unknown",
      },
      openedAt: attempt.openedAt.toISOString(),
      dueAt: attempt.dueAt?.toISOString() ?? null,
      runs: submissions.length - submits.length,
      submits: submits.length,
      timeSpentMs: (lastSubmit?.createdAt ?? now).getTime() - attempt.openedAt.getTime(),
      submissions: submissions.map((submission) =>
        scrubSubmission(toReviewSubmission(submission, earlierOf(submission.id)), scrub),
      ),
      final: finalRow
        ? {
            submission: scrubSubmission(toReviewSubmission(finalRow, earlierOf(finalRow.id)), scrub),
            report: scrubReport(finalRow.result as GradeReport | null, scrub),
            files: scrubFiles(finalRow.files, scrub),
          }
        : null,
    });
  }
  return {
    applicationId,
    candidate: summariseCandidate(applicationId, context.candidate, context.hidden),
    attempts,
  };
}

/** The latest graded Submit of every attempt at the same challenge in the organisation. */
async function finalSubmissionsOf(
  db: Db,
  organizationId: string,
  challengeId: string,
  excludeAttemptId: string,
) {
  const rows = await db
    .select({ submission: challengeSubmissions, applicationId: challengeAttempts.applicationId })
    .from(challengeSubmissions)
    .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
    .where(
      and(
        eq(challengeSubmissions.organizationId, organizationId),
        eq(challengeAttempts.challengeId, challengeId),
        eq(challengeSubmissions.mode, "submit"),
        eq(challengeSubmissions.status, "graded"),
        ne(challengeAttempts.id, excludeAttemptId),
      ),
    )
    .orderBy(desc(challengeSubmissions.createdAt))
    .limit(SIMILARITY_POOL * 4);
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    if (!latest.has(row.submission.attemptId)) latest.set(row.submission.attemptId, row);
  }
  return [...latest.values()].slice(0, SIMILARITY_POOL);
}

/**
 * Flags other candidates' final submissions that share much code with this attempt's final one.
 * It flags for a person to look at, never rejects: the fragments are shown side by side.
 */
export async function reviewSimilarity(
  db: Db,
  member: MemberContext,
  applicationId: string,
  attemptId: string,
): Promise<SimilarityReview> {
  const context = await reviewContext(db, member, applicationId);
  const entry = context.attempts.find(({ attempt }) => attempt.id === attemptId);
  if (!entry) throw new AppError("not_found", "There is no such challenge attempt for this application.");
  const mine = entry.submissions.find(
    (submission) => submission.mode === "submit" && submission.status === "graded",
  );
  const empty = {
    attemptId,
    submissionId: mine?.id ?? null,
    compared: 0,
    threshold: DEFAULT_REPORT_THRESHOLD,
    flags: [],
  };
  if (!mine) return empty;
  const others = await finalSubmissionsOf(db, member.organizationId, entry.attempt.challengeId, attemptId);
  if (others.length === 0) return empty;
  const challenge = await loadOrganizationChallenge(db, member.organizationId, entry.attempt.challengeId);
  const starters = readChallengeBrief(challenge).starters;
  const starterFiles: Record<string, string> = {};
  for (const [language, files] of Object.entries(starters)) {
    for (const [name, content] of Object.entries(files ?? {})) starterFiles[`${language}/${name}`] = content;
  }
  const pairs = compareSubmissions(
    [
      { id: mine.id, language: mine.language as SimilarityLanguage, files: mine.files },
      ...others.map(({ submission }) => ({
        id: submission.id,
        language: submission.language as SimilarityLanguage,
        files: submission.files,
      })),
    ],
    { starterFiles },
  );
  const otherCandidates = await db
    .select({ applicationId: applications.id, candidate: candidates })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(
      inArray(
        applications.id,
        others.map((other) => other.applicationId),
      ),
    );
  const scrubMine = context.hidden ? blindScrubberFor(applicationId, context.candidate) : showAsWritten;
  const flags: SimilarityFlag[] = [];
  for (const pair of pairs) {
    if (pair.similarity < DEFAULT_REPORT_THRESHOLD) continue;
    if (pair.a !== mine.id && pair.b !== mine.id) continue;
    const otherId = pair.a === mine.id ? pair.b : pair.a;
    const other = others.find(({ submission }) => submission.id === otherId);
    if (!other) continue;
    const otherCandidate = otherCandidates.find(
      (row) => row.applicationId === other.applicationId,
    )?.candidate;
    // The other candidate is always a pseudonym here, so their mentions always go.
    const scrubTheirs = otherCandidate
      ? blindScrubberFor(other.applicationId, otherCandidate)
      : showAsWritten;
    flags.push({
      other: {
        applicationId: other.applicationId,
        pseudonym: candidatePseudonym(other.applicationId),
        submissionId: other.submission.id,
        language: other.submission.language,
      },
      similarity: pair.similarity,
      // Fragments are oriented mine (a) → theirs (b).
      fragments: (pair.a === mine.id
        ? pair.fragments
        : pair.fragments.map((fragment) => ({ a: fragment.b, b: fragment.a }))
      ).map(({ a, b }) => ({ a: { ...a, file: scrubMine(a.file) }, b: { ...b, file: scrubTheirs(b.file) } })),
      files: {
        mine: scrubFiles(mine.files, scrubMine),
        theirs: scrubFiles(other.submission.files, scrubTheirs),
      },
    });
  }
  return { ...empty, compared: others.length, flags };
}
