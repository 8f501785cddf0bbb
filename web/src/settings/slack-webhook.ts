import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { SlackWebhookStatus } from "../api/schema";
import { useSession } from "../auth/session";

const path = "/api/v1/work-queue/slack-webhook";

function useSlackWebhookKey() {
  return ["slack-webhook", useSession().activeOrganization?.id ?? null] as const;
}

/** Whether overdue-scorecard nudges also go to Slack (admins); the server never returns the URL. */
export function useSlackWebhook(enabled: boolean) {
  return useQuery({
    queryKey: useSlackWebhookKey(),
    queryFn: ({ signal }) => apiFetch<SlackWebhookStatus>(path, { signal }),
    enabled,
  });
}

export function useSetSlackWebhook() {
  const queryClient = useQueryClient();
  const queryKey = useSlackWebhookKey();
  return useMutation({
    mutationFn: (url: string) => apiFetch<SlackWebhookStatus>(path, { method: "PUT", body: { url } }),
    onSuccess: (status) => queryClient.setQueryData(queryKey, status),
  });
}

export function useRemoveSlackWebhook() {
  const queryClient = useQueryClient();
  const queryKey = useSlackWebhookKey();
  return useMutation({
    mutationFn: () => apiFetch<null>(path, { method: "DELETE" }),
    onSuccess: () => queryClient.setQueryData(queryKey, { isConfigured: false, updatedAt: null }),
  });
}
