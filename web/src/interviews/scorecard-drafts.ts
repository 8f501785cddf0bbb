import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { apiFetch } from "../api/client";
import type { ScorecardDraft, ScorecardDraftBody } from "../api/schema";
import { useSession } from "../auth/session";

/** How long typing must pause before the draft is saved: one request per pause, not per key. */
export const DRAFT_SAVE_DELAY_MS = 1200;

function draftPath(interviewId: string): string {
  return `/api/v1/interviews/${encodeURIComponent(interviewId)}/scorecard-draft`;
}

function useDraftKey(interviewId: string) {
  return ["interviews", useSession().activeOrganization?.id ?? null, "draft", interviewId] as const;
}

/** The caller's saved draft for an interview they take part in (body null when none). */
export function useScorecardDraft(interviewId: string, enabled: boolean) {
  return useQuery({
    queryKey: useDraftKey(interviewId),
    queryFn: ({ signal }) => apiFetch<ScorecardDraft>(draftPath(interviewId), { signal }),
    enabled,
    // The form starts from what was loaded once; refetching under it would not change it.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type DraftSaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "failed"; message: string };

/**
 * Saves the draft after typing pauses. `hasUnsavedChanges` is true from a change until the
 * server has stored it, which is what the page guards when the user leaves.
 */
export function useDraftAutosave(interviewId: string, savedAt: string | null) {
  const queryClient = useQueryClient();
  const key = useDraftKey(interviewId);
  const [state, setState] = useState<DraftSaveState>(
    savedAt ? { kind: "saved", at: savedAt } : { kind: "idle" },
  );
  const [hasUnsavedChanges, setHasUnsavedChanges] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef<ScorecardDraftBody | null>(null);
  // Each change gets a number; a save only clears "unsaved" if nothing newer came after it.
  const generation = useRef(0);

  const save = useCallback(async () => {
    timer.current = null;
    const body = latest.current;
    if (!body) return;
    const saving = generation.current;
    setState({ kind: "saving" });
    try {
      const saved = await apiFetch<ScorecardDraft>(draftPath(interviewId), { method: "PUT", body });
      queryClient.setQueryData(key, saved);
      setState({ kind: "saved", at: saved.updatedAt ?? new Date().toISOString() });
      if (generation.current === saving) setHasUnsavedChanges(false);
    } catch (error) {
      setState({
        kind: "failed",
        message: error instanceof Error ? error.message : "The draft could not be saved.",
      });
    }
  }, [interviewId, queryClient, key]);

  const change = useCallback(
    (body: ScorecardDraftBody) => {
      latest.current = body;
      generation.current += 1;
      setHasUnsavedChanges(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), DRAFT_SAVE_DELAY_MS);
    },
    [save],
  );

  /** Stops a pending save: the scorecard was filed, and the server deleted the draft. */
  const settle = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    latest.current = null;
    generation.current += 1;
    setHasUnsavedChanges(false);
  }, []);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { state, hasUnsavedChanges, change, settle };
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function describeDraftState(state: DraftSaveState): string {
  switch (state.kind) {
    case "idle":
      return "";
    case "saving":
      return "Saving draft…";
    case "saved":
      return `Draft saved ${timeFormat.format(new Date(state.at))}`;
    case "failed":
      return `Draft not saved: ${state.message} Your notes are still on this page.`;
  }
}
