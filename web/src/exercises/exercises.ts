import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  ExerciseReview,
  ExerciseReviewInput,
  ExerciseRun,
  ReviewerExercise,
  StartExerciseInput,
} from "../api/schema";

const reviewPath = (applicationId: string) => `/api/v1/applications/${applicationId}/exercise`;
const reviewQueryKey = (applicationId: string) => ["exercise-review", applicationId] as const;

export function useReviewerExercise(applicationId: string) {
  return useQuery({
    queryKey: reviewQueryKey(applicationId),
    queryFn: ({ signal }) => apiFetch<ReviewerExercise>(reviewPath(applicationId), { signal }),
    retry: false,
  });
}

export function useFileStepReview(applicationId: string, stepId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ExerciseReviewInput) =>
      apiFetch<ExerciseReview>(`${reviewPath(applicationId)}/steps/${encodeURIComponent(stepId)}/reviews`, {
        method: "POST",
        body: input,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewQueryKey(applicationId) }),
  });
}

export function useAnswerQuestion(applicationId: string, questionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answer: string) =>
      apiFetch<{ releaseAt: string }>(`/api/v1/exercise-questions/${questionId}/answer`, {
        method: "POST",
        body: { answer },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewQueryKey(applicationId) }),
  });
}

export function useStartExercise(applicationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StartExerciseInput) =>
      apiFetch<ExerciseRun>(reviewPath(applicationId), { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewQueryKey(applicationId) }),
  });
}
