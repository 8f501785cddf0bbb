import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CandidateExercise,
  CandidateExerciseStep,
  ExerciseQuestion,
  ExerciseStepContent,
  ExerciseSubmission,
} from "../../api/schema";
import { portalFetch } from "../portalClient";

const exercisePath = (applicationId: string) => `/api/v1/portal/applications/${applicationId}/exercise`;
const stepPath = (applicationId: string, stepId: string) =>
  `${exercisePath(applicationId)}/steps/${encodeURIComponent(stepId)}`;

export const exerciseQueryKey = (applicationId: string) => ["portal", "exercise", applicationId] as const;
const stepQueryKey = (applicationId: string, stepId: string) =>
  ["portal", "exercise", applicationId, "step", stepId] as const;

/** The steps with their release times and deadlines in the candidate's zone. */
export function useCandidateExercise(applicationId: string) {
  return useQuery({
    queryKey: exerciseQueryKey(applicationId),
    queryFn: ({ signal }) => portalFetch<CandidateExercise>(exercisePath(applicationId), { signal }),
    // Steps open on a schedule: look again now and then while the page is open.
    refetchInterval: 60_000,
  });
}

/** A released step; the server refuses (409) one whose release time has not come. */
export function useCandidateStep(applicationId: string, stepId: string) {
  return useQuery({
    queryKey: stepQueryKey(applicationId, stepId),
    queryFn: ({ signal }) => portalFetch<CandidateExerciseStep>(stepPath(applicationId, stepId), { signal }),
    retry: false,
    // Answers to questions arrive after a delay.
    refetchInterval: 60_000,
  });
}

export function useSaveStepDraft(applicationId: string, stepId: string) {
  return useMutation({
    mutationFn: (content: ExerciseStepContent) =>
      portalFetch<{ savedAt: string }>(`${stepPath(applicationId, stepId)}/draft`, {
        method: "PUT",
        body: { content },
      }),
  });
}

export function useSubmitStep(applicationId: string, stepId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (content: ExerciseStepContent) =>
      portalFetch<ExerciseSubmission>(`${stepPath(applicationId, stepId)}/submissions`, {
        method: "POST",
        body: { content },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exerciseQueryKey(applicationId) }),
  });
}

export function useAskQuestion(applicationId: string, stepId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (question: string) =>
      portalFetch<ExerciseQuestion>(`${stepPath(applicationId, stepId)}/questions`, {
        method: "POST",
        body: { question },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stepQueryKey(applicationId, stepId) }),
  });
}

export function countWords(text: string): number {
  return text.trim() === "" ? 0 : text.trim().split(/\s+/).length;
}
