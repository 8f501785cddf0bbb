import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  KitDetail,
  KitKind,
  KitSource,
  KitSummary,
  KitVersion,
  MemberRole,
  Page,
  QuestionType,
} from "../api/schema";
import { useSession } from "../auth/session";

export const kitKinds: readonly KitKind[] = [
  "system_design",
  "pair_programming",
  "trial_day",
  "async_collaboration",
  "written_communication",
];

export const kitKindLabels: Record<KitKind, string> = {
  system_design: "System design",
  pair_programming: "Pair programming",
  trial_day: "Trial day",
  async_collaboration: "Async collaboration",
  written_communication: "Written communication",
};

export const kitSourceLabels: Record<KitSource, string> = {
  built_in: "Built-in",
  custom: "Your own",
};

export const questionTypeLabels: Record<QuestionType, string> = {
  situational: "Situational",
  past_behaviour: "Past behaviour",
  knowledge: "Job knowledge",
  exercise: "Exercise",
};

const kitEditors: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

/** Whether the signed-in member may save kit versions (the API enforces the same roles). */
export function useCanEditKits(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && kitEditors.includes(role);
}

function useKitsKey() {
  return ["kits", useSession().activeOrganization?.id ?? null] as const;
}

export function useKits() {
  return useQuery({
    queryKey: [...useKitsKey(), "list"],
    queryFn: ({ signal }) => apiFetch<Page<KitSummary>>("/api/v1/kits", { signal }),
  });
}

export function useKit(slug: string) {
  return useQuery({
    queryKey: [...useKitsKey(), "detail", slug],
    queryFn: ({ signal }) => apiFetch<KitDetail>(`/api/v1/kits/${encodeURIComponent(slug)}`, { signal }),
  });
}

export function useSaveKitVersion() {
  const queryClient = useQueryClient();
  const kitsKey = useKitsKey();
  return useMutation({
    mutationFn: (content: unknown) => apiFetch<KitVersion>("/api/v1/kits", { method: "POST", body: content }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kitsKey }),
  });
}
