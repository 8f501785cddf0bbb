import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { CandidateChallenge, ChallengeCode, ChallengeSubmission } from "../../api/schema";
import { portalFetch } from "../portalClient";

/** Still waiting for a result: in the queue, or taken by a grader. */
export const isPending = (submission: ChallengeSubmission) =>
  submission.status === "queued" || submission.status === "grading";

const challengeQueryKey = (applicationId: string) => ["portal", "challenge", applicationId] as const;
const submissionQueryKey = (submissionId: string) =>
  ["portal", "challenge-submission", submissionId] as const;

/**
 * How often a queued Run or Submit is asked for again when the events stream is not available;
 * grading takes seconds, not minutes.
 */
const POLL_INTERVAL_MS = 1000;
/** A stream that has not delivered its first snapshot by then is treated as failed (polling). */
const STREAM_CONNECT_TIMEOUT_MS = 5000;

const statusRank: Record<ChallengeSubmission["status"], number> = {
  queued: 0,
  grading: 1,
  graded: 2,
  failed: 2,
};

/**
 * Stores what the page learnt of a submission unless it already knows a later state: the POST's
 * "queued" answer can arrive after the stream's "graded".
 */
function rememberSubmission(queryClient: QueryClient, submission: ChallengeSubmission) {
  queryClient.setQueryData<ChallengeSubmission>(submissionQueryKey(submission.id), (known) =>
    known && statusRank[known.status] > statusRank[submission.status] ? known : submission,
  );
}

const challengePath = (applicationId: string) => `/api/v1/portal/applications/${applicationId}/challenge`;

/** The challenge of the application's current stage; the first load starts the candidate's time. */
export function useCandidateChallenge(applicationId: string) {
  return useQuery({
    queryKey: challengeQueryKey(applicationId),
    queryFn: ({ signal }) => portalFetch<CandidateChallenge>(challengePath(applicationId), { signal }),
  });
}

export function useSaveDraft(applicationId: string) {
  return useMutation({
    mutationFn: (code: ChallengeCode) =>
      portalFetch<{ savedAt: string }>(`${challengePath(applicationId)}/draft`, {
        method: "PUT",
        body: code,
      }),
  });
}

/** Sends a Run (visible tests) or a Submit (every test); the answer is the queued submission. */
export function useSendCode(applicationId: string, mode: "run" | "submit") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: ChallengeCode) =>
      portalFetch<ChallengeSubmission>(
        `${challengePath(applicationId)}/${mode === "run" ? "runs" : "submissions"}`,
        {
          method: "POST",
          body: code,
        },
      ),
    onSuccess: (submission) => {
      rememberSubmission(queryClient, submission);
      void queryClient.invalidateQueries({ queryKey: challengeQueryKey(applicationId) });
    },
  });
}

export type ChallengeStreamState = "connecting" | "live" | "failed";

/**
 * Follows the candidate's Runs and Submits over server-sent events (GET …/challenge/events):
 * the first event is every submission as it is, then one event per change, so results arrive
 * without polling. Answers the stream's state; while it is "failed" (the stream cannot be
 * opened, or stays silent), useSubmission polls instead. EventSource reconnects by itself, and
 * each reconnection starts with a fresh snapshot.
 */
export function useChallengeEvents(applicationId: string): ChallengeStreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ChallengeStreamState>(() =>
    typeof EventSource === "undefined" ? "failed" : "connecting",
  );
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    // One stream per mount; StrictMode's second mount opens its own after the first is closed.
    const source = new EventSource(`${challengePath(applicationId)}/events`);
    let hasSnapshot = false;
    const silent = window.setTimeout(() => {
      if (!hasSnapshot) setState("failed");
    }, STREAM_CONNECT_TIMEOUT_MS);
    const settled = (submission: ChallengeSubmission) => {
      rememberSubmission(queryClient, submission);
      if (!isPending(submission)) {
        void queryClient.invalidateQueries({ queryKey: challengeQueryKey(applicationId) });
      }
    };
    source.addEventListener("snapshot", (event) => {
      hasSnapshot = true;
      const { submissions } = JSON.parse((event as MessageEvent<string>).data) as {
        submissions: ChallengeSubmission[];
      };
      for (const submission of submissions) rememberSubmission(queryClient, submission);
      setState("live");
    });
    source.addEventListener("submission", (event) => {
      settled(JSON.parse((event as MessageEvent<string>).data) as ChallengeSubmission);
    });
    source.addEventListener("error", () => {
      // Reconnecting (or closed for good): poll until a new snapshot says the stream is back.
      setState("failed");
    });
    return () => {
      window.clearTimeout(silent);
      source.close();
    };
  }, [applicationId, queryClient]);
  return state;
}

/**
 * One Run or Submit. The events stream keeps it current; only while the stream is down is it
 * asked for again every second until a grader is done. When it is done, the page data is
 * refreshed so the history shows its verdict.
 */
export function useSubmission(
  applicationId: string,
  shown: ChallengeSubmission | null,
  stream: ChallengeStreamState,
) {
  const queryClient = useQueryClient();
  const submissionId = shown?.id ?? null;
  return useQuery({
    queryKey: submissionQueryKey(submissionId ?? ""),
    enabled: submissionId !== null,
    // What the page already knows (the POST's answer, the history) is shown until the next poll.
    initialData: shown ?? undefined,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async ({ signal }) => {
      const submission = await portalFetch<ChallengeSubmission>(
        `/api/v1/portal/challenge-submissions/${submissionId}`,
        { signal },
      );
      if (!isPending(submission)) {
        void queryClient.invalidateQueries({ queryKey: challengeQueryKey(applicationId) });
      }
      return submission;
    },
    refetchInterval: (query) =>
      stream === "failed" && query.state.data && isPending(query.state.data) ? POLL_INTERVAL_MS : false,
  });
}
