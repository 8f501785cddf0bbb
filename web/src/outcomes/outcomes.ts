import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { MemberRole } from "../api/schema";
import { useSession } from "../auth/session";
import type {
  Band,
  CohortAnswer,
  CohortBy,
  CreatedIntegration,
  DeliveryList,
  DoraAnswer,
  DoraWeekly,
  IncidentList,
  IntegrationList,
  IntegrationRequest,
  OutcomeImportKind,
  OutcomeImportReport,
  Service,
  ServiceList,
  Team,
  TeamInput,
  TeamList,
  TeamWorkModel,
  TestEventAnswer,
  UptimeAvailability,
  UptimeBurnDown,
} from "./types";

/** Who sees the Outcomes area; hiring managers see team and cohort views only, interviewers nothing. */
export const outcomesAudience: readonly MemberRole[] = ["admin", "hiring_manager"];

export function useOutcomesAccess(): { canSee: boolean; isAdmin: boolean } {
  const role = useSession().activeOrganization?.role;
  return { canSee: role !== undefined && outcomesAudience.includes(role), isAdmin: role === "admin" };
}

export const teamWorkModelLabels: Record<TeamWorkModel, string> = {
  onsite: "Onsite",
  remote: "Remote",
  hybrid: "Hybrid",
};

export const bandLabels: Record<Exclude<Band, null>, string> = {
  elite: "Elite",
  high: "High",
  medium: "Medium",
  low: "Low",
};

export type Scope = { kind: "team"; id: string } | { kind: "service"; name: string };
export interface DoraWindow {
  from: string;
  to: string;
  report: "2021" | "2023";
}

function scopeParams(scope: Scope): Record<string, string> {
  return scope.kind === "team" ? { team: scope.id } : { service: scope.name };
}

function useOrganizationKey() {
  return useSession().activeOrganization?.id ?? null;
}

function get<T>(path: string, params: Record<string, string> = {}) {
  const search = new URLSearchParams(params).toString();
  return ({ signal }: { signal: AbortSignal }) =>
    apiFetch<T>(search ? `${path}?${search}` : path, { signal });
}

export function useTeams() {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["outcomes", organizationId, "teams"],
    queryFn: get<TeamList>("/api/v1/outcomes/teams"),
  });
}

export function useServices(enabled = true) {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["outcomes", organizationId, "services"],
    queryFn: get<ServiceList>("/api/v1/outcomes/services"),
    enabled,
  });
}

export function useDora(scope: Scope | null, window: DoraWindow) {
  const organizationId = useOrganizationKey();
  const params = scope ? { ...scopeParams(scope), ...window } : {};
  return useQuery({
    queryKey: ["outcomes", organizationId, "dora", params],
    queryFn: get<DoraAnswer>("/api/v1/outcomes/dora", params),
    enabled: scope !== null,
  });
}

export function useWeeklyTrend(scope: Scope | null, window: DoraWindow) {
  const organizationId = useOrganizationKey();
  const params = scope ? { ...scopeParams(scope), from: window.from, to: window.to } : {};
  return useQuery({
    queryKey: ["outcomes", organizationId, "weekly", params],
    queryFn: get<DoraWeekly>("/api/v1/outcomes/dora/weekly", params),
    enabled: scope !== null,
  });
}

export function useIncidents(service: string) {
  const organizationId = useOrganizationKey();
  const params: Record<string, string> = service ? { service } : {};
  return useQuery({
    queryKey: ["outcomes", organizationId, "incidents", params],
    queryFn: get<IncidentList>("/api/v1/outcomes/incidents", params),
  });
}

export function useUptime(serviceId: string) {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["outcomes", organizationId, "uptime", serviceId],
    queryFn: get<UptimeAvailability>(`/api/v1/outcomes/services/${encodeURIComponent(serviceId)}/uptime`),
    enabled: serviceId !== "",
  });
}

export function useBurnDown(serviceId: string) {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["outcomes", organizationId, "uptime", serviceId, "burn-down"],
    queryFn: get<UptimeBurnDown>(
      `/api/v1/outcomes/services/${encodeURIComponent(serviceId)}/uptime/burn-down`,
    ),
    enabled: serviceId !== "",
  });
}

export function useCohorts(by: CohortBy) {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["outcomes", organizationId, "cohorts", by],
    queryFn: get<CohortAnswer>("/api/v1/outcomes/cohorts", { by }),
  });
}

export function useIntegrations() {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["outcomes", organizationId, "integrations"],
    queryFn: get<IntegrationList>("/api/v1/outcomes/integrations"),
  });
}

export function useDeliveries(integrationId: string) {
  const organizationId = useOrganizationKey();
  return useQuery({
    queryKey: ["outcomes", organizationId, "deliveries", integrationId],
    queryFn: get<DeliveryList>(
      `/api/v1/outcomes/integrations/${encodeURIComponent(integrationId)}/deliveries`,
    ),
  });
}

export function useSendTestEvent(integrationId: string) {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationKey();
  return useMutation({
    mutationFn: () =>
      apiFetch<TestEventAnswer>(`/api/v1/outcomes/integrations/${encodeURIComponent(integrationId)}/test`, {
        method: "POST",
      }),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: ["outcomes", organizationId, "deliveries", integrationId] }),
  });
}

export function useCreateIntegration() {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationKey();
  return useMutation({
    mutationFn: (request: IntegrationRequest) =>
      apiFetch<CreatedIntegration>("/api/v1/outcomes/integrations", { method: "POST", body: request }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["outcomes", organizationId, "integrations"] }),
  });
}

/** Checks (dryRun) or imports a CSV file's events; a refusal (422) carries the row-numbered report. */
export function useImportOutcomes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, csv, dryRun }: { kind: OutcomeImportKind; csv: string; dryRun: boolean }) =>
      apiFetch<OutcomeImportReport>(`/api/v1/outcomes/import?kind=${kind}`, {
        method: "POST",
        body: { csv, dryRun },
      }),
    onSuccess: (report) => {
      if (!report.dryRun) void queryClient.invalidateQueries({ queryKey: ["outcomes"] });
    },
  });
}

/** Minutes as a reader thinks of them: "45 min", "5.5 h", "3.2 days". */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return "–";
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${hours.toFixed(hours < 10 ? 1 : 0)} h`;
  const days = hours / 24;
  return `${days.toFixed(days < 10 ? 1 : 0)} days`;
}

export function formatRate(rate: number | null): string {
  if (rate === null) return "–";
  return `${(rate * 100).toFixed(1)} %`;
}

/** YYYY-MM-DD of a date in UTC, as the DORA route reads windows. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationKey();
  return useMutation({
    mutationFn: (team: TeamInput) => apiFetch<Team>("/api/v1/outcomes/teams", { method: "POST", body: team }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["outcomes", organizationId, "teams"] }),
  });
}

export function useAssignService() {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationKey();
  return useMutation({
    mutationFn: ({ serviceId, teamId }: { serviceId: string; teamId: string | null }) =>
      apiFetch<Service>(`/api/v1/outcomes/services/${encodeURIComponent(serviceId)}`, {
        method: "PATCH",
        body: { teamId },
      }),
    // A team lists its services, so both lists change.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["outcomes", organizationId, "services"] }),
        queryClient.invalidateQueries({ queryKey: ["outcomes", organizationId, "teams"] }),
      ]),
  });
}
