import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  TrialDayObservation,
  TrialDayObservationInput,
  TrialDayOfApplication,
  TrialDayPaymentInput,
  TrialDayPlanInput,
} from "../api/schema";

const trialDayPath = (applicationId: string) => `/api/v1/applications/${applicationId}/trial-day`;
export const trialDayQueryKey = (applicationId: string) => ["trial-day", applicationId] as const;

export function useTrialDay(applicationId: string) {
  return useQuery({
    queryKey: trialDayQueryKey(applicationId),
    queryFn: ({ signal }) => apiFetch<TrialDayOfApplication>(trialDayPath(applicationId), { signal }),
    retry: false,
  });
}

/** Every change answers the whole day, which replaces the cached one. */
function useTrialDayChange<Input>(
  applicationId: string,
  request: (input: Input) => Promise<TrialDayOfApplication>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (day) => queryClient.setQueryData(trialDayQueryKey(applicationId), day),
  });
}

export function useSavePlan(applicationId: string) {
  return useTrialDayChange(applicationId, (input: TrialDayPlanInput) =>
    apiFetch<TrialDayOfApplication>(trialDayPath(applicationId), { method: "PUT", body: input }),
  );
}

export function useSendTrialDay(applicationId: string) {
  return useTrialDayChange(applicationId, () =>
    apiFetch<TrialDayOfApplication>(`${trialDayPath(applicationId)}/send`, { method: "POST" }),
  );
}

export function useCancelTrialDay(applicationId: string) {
  return useTrialDayChange(applicationId, () =>
    apiFetch<TrialDayOfApplication>(`${trialDayPath(applicationId)}/cancel`, { method: "POST" }),
  );
}

export function useRecordPayment(applicationId: string) {
  return useTrialDayChange(applicationId, (input: TrialDayPaymentInput) =>
    apiFetch<TrialDayOfApplication>(`${trialDayPath(applicationId)}/payment`, { method: "PUT", body: input }),
  );
}

export function useFileObservation(applicationId: string, sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TrialDayObservationInput) =>
      apiFetch<TrialDayObservation>(
        `${trialDayPath(applicationId)}/sessions/${encodeURIComponent(sessionId)}/observations`,
        { method: "POST", body: input },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trialDayQueryKey(applicationId) }),
  });
}

export const sessionKindLabels = {
  pairing: "Pairing on a real but safe task",
  design_discussion: "Design discussion",
  team_meeting: "Team meeting",
  lunch: "Lunch (optional, unscored)",
  other: "Other",
} as const;
