import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { KitSummary, MemberRole, Page, Plan, PlanStageInput, WorkModel } from "../api/schema";
import { useSession } from "../auth/session";

const planEditors: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

/** Whether the signed-in member may see and change hiring plans; interviewers may not. */
export function useCanManagePlans(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && planEditors.includes(role);
}

function useOrganizationId() {
  return useSession().activeOrganization?.id ?? null;
}

export function usePlanKey(roleId: string) {
  return ["plan", useOrganizationId(), roleId] as const;
}

function planPath(roleId: string): string {
  return `/api/v1/roles/${encodeURIComponent(roleId)}/plan`;
}

export function usePlan(roleId: string, enabled = true) {
  return useQuery({
    queryKey: usePlanKey(roleId),
    queryFn: ({ signal }) => apiFetch<Plan>(planPath(roleId), { signal }),
    enabled,
  });
}

export function useCreatePlanFromTemplate(roleId: string) {
  const queryClient = useQueryClient();
  const planKey = usePlanKey(roleId);
  return useMutation({
    mutationFn: (request: { workModel?: WorkModel; replace?: boolean }) =>
      apiFetch<Plan>(`${planPath(roleId)}/from-template`, { method: "POST", body: request }),
    onSuccess: (plan) => queryClient.setQueryData(planKey, plan),
  });
}

export function useSavePlan(roleId: string) {
  const queryClient = useQueryClient();
  const planKey = usePlanKey(roleId);
  return useMutation({
    mutationFn: (stages: PlanStageInput[]) =>
      apiFetch<Plan>(planPath(roleId), { method: "PUT", body: { stages } }),
    onSuccess: (plan) => queryClient.setQueryData(planKey, plan),
  });
}

export function useKits(enabled = true) {
  return useQuery({
    queryKey: ["kits", useOrganizationId()],
    queryFn: ({ signal }) => apiFetch<Page<KitSummary>>("/api/v1/kits", { signal }),
    enabled,
  });
}
