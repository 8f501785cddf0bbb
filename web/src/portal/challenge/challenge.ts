import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CandidateChallenge, ChallengeCode, ChallengeSubmission } from "../../api/schema";
import { portalFetch } from "../portalClient";

/** Still waiting for a result: in the queue, or taken by a grader. */
export const isPending = (submission: ChallengeSubmission) =>
  submission.status === "queued" || submission.status === "grading";

const challengeQueryKey = (applicationId: string) => ["portal", "challenge", applicationId] as const;
const submissionQueryKey = (submissionId: string) =>
  ["portal", "challenge-submission", submissionId] as const;

/** How often a queued Run or Submit is asked for again; grading takes seconds, not minutes. */
const POLL_INTERVAL_MS = 1000;

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
      queryClient.setQueryData(submissionQueryKey(submission.id), submission);
      void queryClient.invalidateQueries({ queryKey: challengeQueryKey(applicationId) });
    },
  });
}

/**
 * One Run or Submit, asked for again every second while it waits for a grader. When it is
 * done, the page data is refreshed so the history shows its verdict.
 */
export function useSubmission(applicationId: string, shown: ChallengeSubmission | null) {
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
    refetchInterval: (query) => (query.state.data && isPending(query.state.data) ? POLL_INTERVAL_MS : false),
  });
}
