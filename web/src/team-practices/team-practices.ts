import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch } from "../api/client";
import type { Page } from "../api/schema";
import { useSession } from "../auth/session";
import type {
  MyCalendar,
  PracticeTeam,
  PracticeTeamSummary,
  RetroBoard,
  RetroBoardSummary,
  RetroPrompt,
  TeamFocusTime,
  TeamPracticeSettings,
  TeamSettingsInput,
  TeamUpdateInput,
  TeamUpdatesWeek,
  UpdateParticipation,
} from "./types";

const base = "/api/v1/team-practices";

export const retroPromptLabels: Record<RetroPrompt, string> = {
  went_well: "Went well",
  to_improve: "To improve",
  ideas: "Ideas",
};

export const retroPrompts: readonly RetroPrompt[] = ["went_well", "to_improve", "ideas"];

function useKey(...parts: unknown[]) {
  return ["team-practices", useSession().activeOrganization?.id ?? null, ...parts];
}

export function useTeams() {
  const queryKey = useKey("teams");
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => apiFetch<Page<PracticeTeamSummary>>(`${base}/teams`, { signal }),
  });
}

export function useTeam(teamId: string) {
  const queryKey = useKey("team", teamId);
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      apiFetch<PracticeTeam>(`${base}/teams/${encodeURIComponent(teamId)}`, { signal }),
  });
}

/** Invalidates everything of this module after a change, so every view reads fresh answers. */
function useInvalidateAll() {
  const queryClient = useQueryClient();
  const queryKey = useKey();
  return () => queryClient.invalidateQueries({ queryKey });
}

export function useSetTeamMembers(teamId: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (userIds: string[]) =>
      apiFetch<PracticeTeam>(`${base}/teams/${encodeURIComponent(teamId)}/members`, {
        method: "PUT",
        body: { userIds },
      }),
    onSuccess: invalidate,
  });
}

export function useUpdateTeamSettings(teamId: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (settings: TeamSettingsInput) =>
      apiFetch<TeamPracticeSettings>(`${base}/teams/${encodeURIComponent(teamId)}/settings`, {
        method: "PATCH",
        body: settings,
      }),
    onSuccess: invalidate,
  });
}

export function useSetSlackWebhook(teamId: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (url: string | null) =>
      apiFetch<null>(`${base}/teams/${encodeURIComponent(teamId)}/slack-webhook`, {
        method: url === null ? "DELETE" : "PUT",
        ...(url === null ? {} : { body: { url } }),
      }),
    onSuccess: invalidate,
  });
}

export function useSendSlackTest(teamId: string) {
  return useMutation({
    mutationFn: () =>
      apiFetch<{ sent: boolean }>(`${base}/teams/${encodeURIComponent(teamId)}/slack-webhook/test`, {
        method: "POST",
      }),
  });
}

export function useUpdatesWeek(teamId: string, week: string | null) {
  const queryKey = useKey("updates", teamId, week);
  const search = week ? `?week=${encodeURIComponent(week)}` : "";
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      apiFetch<TeamUpdatesWeek>(`${base}/teams/${encodeURIComponent(teamId)}/updates${search}`, { signal }),
  });
}

export function useParticipation(teamId: string) {
  const queryKey = useKey("participation", teamId);
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      apiFetch<UpdateParticipation>(
        `${base}/teams/${encodeURIComponent(teamId)}/updates/participation?weeks=8`,
        { signal },
      ),
  });
}

export function useSaveMyUpdate(teamId: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (update: TeamUpdateInput) =>
      apiFetch<TeamUpdatesWeek>(`${base}/teams/${encodeURIComponent(teamId)}/updates/mine`, {
        method: "PUT",
        body: update,
      }),
    onSuccess: invalidate,
  });
}

export function useRetroBoards(teamId: string) {
  const queryKey = useKey("retros", teamId);
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      apiFetch<Page<RetroBoardSummary>>(`${base}/teams/${encodeURIComponent(teamId)}/retros`, { signal }),
  });
}

export function useCreateRetroBoard(teamId: string) {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (sprint: string) =>
      apiFetch<RetroBoardSummary>(`${base}/teams/${encodeURIComponent(teamId)}/retros`, {
        method: "POST",
        body: { sprint },
      }),
    onSuccess: invalidate,
  });
}

type BoardStream = "connecting" | "live" | "reconnecting";

/**
 * The board, kept current over server-sent events: the stream's first `board` event is the board
 * as it is, each later one follows a change by anyone. Answers of the caller's own changes go into
 * the same state, so their own click shows at once. EventSource reconnects by itself.
 */
export function useLiveRetroBoard(boardId: string) {
  const [board, setBoard] = useState<RetroBoard | null>(null);
  const [stream, setStream] = useState<BoardStream>("connecting");
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry: a new value opens the board and its stream again.
  useEffect(() => {
    let isCurrent = true;
    setError(null);
    // The first read comes by plain fetch too, so a refusal (404) shows its problem detail.
    apiFetch<RetroBoard>(`${base}/retros/${encodeURIComponent(boardId)}`)
      .then((answer) => {
        if (isCurrent) setBoard((current) => current ?? answer);
      })
      .catch((failure: unknown) => {
        if (isCurrent) setError(failure);
      });
    const source = new EventSource(`${base}/retros/${encodeURIComponent(boardId)}/events`);
    source.addEventListener("board", (event) => {
      setBoard(JSON.parse((event as MessageEvent<string>).data) as RetroBoard);
      setStream("live");
    });
    source.addEventListener("error", () => setStream("reconnecting"));
    return () => {
      isCurrent = false;
      source.close();
    };
  }, [boardId, attempt]);

  const change = useMutation({
    mutationFn: (request: { path: string; method: "POST" | "PUT" | "DELETE" | "PATCH"; body?: unknown }) =>
      apiFetch<RetroBoard>(`${base}/retros/${encodeURIComponent(boardId)}${request.path}`, {
        method: request.method,
        ...(request.body === undefined ? {} : { body: request.body }),
      }),
    onSuccess: (answer) => setBoard(answer),
  });

  return { board, stream, error, retry: () => setAttempt((value) => value + 1), change };
}

export function useMyCalendar() {
  const queryKey = useKey("calendar");
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => apiFetch<MyCalendar>(`${base}/calendar`, { signal }),
  });
}

export function useImportCalendar() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (source: { content: string } | { url: string }) =>
      apiFetch<MyCalendar>("content" in source ? `${base}/calendar/file` : `${base}/calendar/url`, {
        method: "PUT",
        body: source,
      }),
    onSuccess: invalidate,
  });
}

export function useRemoveCalendar() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: () => apiFetch<null>(`${base}/calendar`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useFocusTime(teamId: string) {
  const queryKey = useKey("focus", teamId);
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      apiFetch<TeamFocusTime>(`${base}/teams/${encodeURIComponent(teamId)}/focus-time?weeks=8`, { signal }),
  });
}

/** "2 Mar": a week by its Monday, short enough for a chart axis and a phone. */
export function formatWeek(weekStart: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${weekStart}T00:00:00Z`),
  );
}
