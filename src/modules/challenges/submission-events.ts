import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type EventStream, openEventStream, requireEventStreamAccept } from "../../platform/events-stream.ts";
import type { HttpApp, RouteDependencies } from "../../server/http-types.ts";
import { problemSchema } from "../../server/schemas.ts";
import { candidateAccess, candidateOf } from "../auth/access.ts";
import { applications } from "../candidates/candidates-table.ts";
import { applicationParams } from "../candidates/schemas.ts";
import type { CandidatePrincipal } from "../portal/candidate-sessions.ts";
import { candidateView, readOwnSubmission } from "./attempts.ts";
import { challengeAttempts, challengeSubmissions } from "./grading-table.ts";
import { type CandidateSubmissionView, submissionEventStream } from "./schemas.ts";
import { submissionStatusTopic } from "./submission-status.ts";

/** Refuses (404) an application that is not the candidate's own. */
async function requireOwnApplication(db: Db, candidate: CandidatePrincipal, applicationId: string) {
  const [application] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.id, applicationId),
        eq(applications.organizationId, candidate.organizationId),
        eq(applications.candidateId, candidate.candidateId),
      ),
    );
  if (!application) throw new AppError("not_found", "There is no such application of yours.");
}

/**
 * The candidate's Runs and Submits of the application's challenge, newest first; the first
 * message of the events stream. Another candidate's application is "not found".
 */
export async function listOwnChallengeSubmissions(
  db: Db,
  candidate: CandidatePrincipal,
  applicationId: string,
): Promise<CandidateSubmissionView[]> {
  await requireOwnApplication(db, candidate, applicationId);
  const rows = await db
    .select({ submission: challengeSubmissions })
    .from(challengeSubmissions)
    .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
    .where(eq(challengeAttempts.applicationId, applicationId))
    .orderBy(desc(challengeSubmissions.createdAt));
  return rows.map((row) => candidateView(row.submission));
}

/**
 * GET …/challenge/events: the candidate's Runs and Submits of this application as server-sent
 * events, so the challenge page sees a result arrive without polling. The first event,
 * `snapshot`, is every submission as it is once the stream listens, so nothing that happens
 * while the page connects is missed; each `submission` event is one submission after a change.
 * Reads are chained in arrival order, so a later event never overtakes an earlier one.
 */
export function registerChallengeEventsRoute(portal: HttpApp, deps: RouteDependencies) {
  const { db } = deps.database;
  const openStreams = new Set<EventStream>();
  // A stream never ends by itself; a closing server ends them so its close can finish.
  portal.addHook("preClose", async () => {
    for (const stream of [...openStreams]) stream.close();
  });

  portal.get(
    "/api/v1/portal/applications/:applicationId/challenge/events",
    {
      config: { access: candidateAccess },
      schema: {
        tags: ["portal"],
        summary:
          "Server-sent events (EventSource) of the candidate's Runs and Submits: `snapshot` first (every submission now), then `submission` on each change",
        params: applicationParams,
        response: {
          200: submissionEventStream,
          401: problemSchema,
          404: problemSchema,
          406: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const candidate = candidateOf(request);
      requireEventStreamAccept(request);
      const { applicationId } = request.params;
      // Refusals (someone else's application) answer problem+json before the stream opens.
      await requireOwnApplication(db, candidate, applicationId);
      const stream = openEventStream(reply, openStreams);

      let chain: Promise<void> = Promise.resolve();
      const inOrder = (step: () => Promise<void>) => {
        chain = chain.then(step).catch((error: unknown) => {
          request.log.error({ err: error }, "challenge events stream failed");
          stream.close();
        });
      };
      const unsubscribe = deps.events.subscribe(submissionStatusTopic, (event) => {
        if (event.applicationId !== applicationId) return;
        inOrder(async () => {
          if (stream.isClosed) return;
          stream.send("submission", await readOwnSubmission(db, candidate, event.submissionId));
        });
      });
      stream.onClose(unsubscribe);
      // Read once the subscription listens: a change before it is in this snapshot, and every
      // later one arrives as an event, queued behind the snapshot.
      inOrder(async () => {
        const submissions = await listOwnChallengeSubmissions(db, candidate, applicationId);
        stream.send("snapshot", { submissions });
      });
    },
  );
}
