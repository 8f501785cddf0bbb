import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type {
  JobRole,
  JobRoleDetail,
  JobRoleInput,
  MemberRole,
  OrdinalFactorName,
  Page,
  RoleStatus,
  Seniority,
  TeamChoice,
  WorkModel,
  WorkModelAdvice,
  WorkModelDecision,
  WorkModelDecisionRequest,
  WorkModelFactorCatalogue,
  WorkModelFactors,
} from "../api/schema";
import { useSession } from "../auth/session";

export const workModels: readonly WorkModel[] = ["onsite", "remote", "hybrid"];
export const roleStatuses: readonly RoleStatus[] = ["draft", "open", "paused", "closed"];
export const seniorities: readonly Seniority[] = ["junior", "mid", "senior", "staff"];

export const workModelLabels: Record<WorkModel, string> = {
  onsite: "Onsite",
  remote: "Remote",
  hybrid: "Hybrid",
};

export const roleStatusLabels: Record<RoleStatus, string> = {
  draft: "Draft",
  open: "Open",
  paused: "Paused",
  closed: "Closed",
};

export const seniorityLabels: Record<Seniority, string> = {
  junior: "Junior",
  mid: "Mid-level",
  senior: "Senior",
  staff: "Staff",
};

/** The ordinal factors in the order the advisor explains them; the API does not list them separately. */
export const ordinalFactorNames: readonly OrdinalFactorName[] = [
  "talentPoolBreadth",
  "asyncMaturity",
  "deepFocusNeed",
  "juniorMentorshipNeed",
  "complianceLevel",
  "coDesignNeed",
];

const roleEditors: readonly MemberRole[] = ["admin", "recruiter", "hiring_manager"];

/** Whether the signed-in member may open and change roles and decide their work model. */
export function useCanEditRoles(): boolean {
  const role = useSession().activeOrganization?.role;
  return role !== undefined && roleEditors.includes(role);
}

export function describeWorkModel(model: WorkModel | null, onsiteDaysPerWeek: number | null): string {
  if (model === null) return "Not decided";
  if (model === "hybrid" && onsiteDaysPerWeek !== null) {
    return `Hybrid, ${onsiteDaysPerWeek} ${onsiteDaysPerWeek === 1 ? "day" : "days"} a week onsite`;
  }
  return workModelLabels[model];
}

export function formatUtcOffset(offset: number): string {
  if (offset === 0) return "UTC";
  return `UTC${offset > 0 ? "+" : "−"}${Math.abs(offset)}`;
}

function useRolesKey() {
  return ["roles", useSession().activeOrganization?.id ?? null] as const;
}

export interface RoleFilters {
  status?: RoleStatus;
  workModel?: WorkModel;
}

export function useRoles(filters: RoleFilters) {
  const query = new URLSearchParams();
  if (filters.status) query.set("status", filters.status);
  if (filters.workModel) query.set("workModel", filters.workModel);
  const search = query.toString();
  return useQuery({
    queryKey: [...useRolesKey(), "list", filters],
    queryFn: ({ signal }) =>
      apiFetch<Page<JobRole>>(`/api/v1/roles${search ? `?${search}` : ""}`, { signal }),
    // Changing a filter keeps the current rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

function rolePath(roleId: string): string {
  return `/api/v1/roles/${encodeURIComponent(roleId)}`;
}

export function useRole(roleId: string) {
  return useQuery({
    queryKey: [...useRolesKey(), "detail", roleId],
    queryFn: ({ signal }) => apiFetch<JobRoleDetail>(rolePath(roleId), { signal }),
  });
}

export function useCreateRole() {
  const queryClient = useQueryClient();
  const rolesKey = useRolesKey();
  return useMutation({
    mutationFn: (input: JobRoleInput) => apiFetch<JobRole>("/api/v1/roles", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rolesKey }),
  });
}

export function useUpdateRole(roleId: string) {
  const queryClient = useQueryClient();
  const rolesKey = useRolesKey();
  return useMutation({
    mutationFn: (changes: Partial<JobRoleInput>) =>
      apiFetch<JobRole>(rolePath(roleId), { method: "PATCH", body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rolesKey }),
  });
}

export function useRecordDecision(roleId: string) {
  const queryClient = useQueryClient();
  const rolesKey = useRolesKey();
  return useMutation({
    mutationFn: (request: WorkModelDecisionRequest) =>
      apiFetch<{ role: JobRole; decision: WorkModelDecision }>(`${rolePath(roleId)}/work-model-decision`, {
        method: "POST",
        body: request,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rolesKey }),
  });
}

/** The organisation's teams a role can join (set up by admins under Outcomes → Teams). */
export function useTeamChoices() {
  return useQuery({
    queryKey: ["team-choices", useSession().activeOrganization?.id ?? null],
    queryFn: ({ signal }) => apiFetch<Page<TeamChoice>>("/api/v1/teams", { signal }),
  });
}

export function useFactorCatalogue() {
  return useQuery({
    queryKey: ["work-model-factors", useSession().activeOrganization?.id ?? null],
    queryFn: ({ signal }) => apiFetch<WorkModelFactorCatalogue>("/api/v1/work-model/factors", { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Advice for factors that have already been debounced. The factors are part of the query key,
 * which is what makes stale answers harmless: a response for factors the user has since
 * changed is stored under its own key and never shown, and the previous advice stays on
 * screen until the current one arrives.
 */
export function useAdvice(roleId: string, factors: WorkModelFactors) {
  return useQuery({
    queryKey: ["work-model-advice", useSession().activeOrganization?.id ?? null, roleId, factors],
    queryFn: ({ signal }) =>
      apiFetch<WorkModelAdvice>(`${rolePath(roleId)}/advice`, { method: "POST", body: factors, signal }),
    placeholderData: keepPreviousData,
    // The advice is a pure function of the factors; the organisation's own evidence beside it
    // changes only with new outcomes, and a history import invalidates it (analytics.ts).
    staleTime: Number.POSITIVE_INFINITY,
  });
}
