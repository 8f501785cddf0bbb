import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { EmailTemplate, OutboxEmailDetail, OutboxPage } from "../api/schema";
import { useSession } from "../auth/session";

const pageSize = 50;

export const templateLabels: Record<EmailTemplate, string> = {
  invitation: "Portal invitation",
  magic_link: "Sign-in link",
  interview_scheduled: "Interview scheduled",
  decision: "Decision",
  rejection: "Rejection",
  stage_invitation: "Stage invitation",
  post_hire_review_due: "Post-hire review due",
  interview_invitation: "Interview invitation",
  interview_cancelled: "Interview cancelled",
  scorecard_overdue: "Scorecard overdue",
  trial_day_agenda: "Trial day agenda",
  team_update_prompt: "Team update prompt",
  team_update_digest: "Team update digest",
};

function useOrganizationId(): string | null {
  return useSession().activeOrganization?.id ?? null;
}

export function useOutbox() {
  const organizationId = useOrganizationId();
  return useInfiniteQuery({
    queryKey: ["outbox", organizationId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (pageParam !== null) query.set("cursor", pageParam);
      return apiFetch<OutboxPage>(`/api/v1/outbox?${query.toString()}`, { signal });
    },
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useOutboxEmail(emailId: string | null) {
  const organizationId = useOrganizationId();
  return useQuery({
    queryKey: ["outbox", organizationId, "email", emailId],
    queryFn: ({ signal }) =>
      apiFetch<OutboxEmailDetail>(`/api/v1/outbox/${encodeURIComponent(emailId ?? "")}`, { signal }),
    enabled: emailId !== null,
  });
}
