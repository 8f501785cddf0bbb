import type { KeyboardCoordinateGetter } from "@dnd-kit/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { ApplicationDetail, Page, PipelineSignal } from "../api/schema";
import { useSession } from "../auth/session";

function useOrganizationId() {
  return useSession().activeOrganization?.id ?? null;
}

/** What each card shows beyond the name: latest stage score, challenge result, next interview. */
export function usePipelineSignals(roleId: string, enabled: boolean) {
  return useQuery({
    // Under "applications", so every change to an application refreshes the cards too.
    queryKey: ["applications", useOrganizationId(), "pipeline-signals", roleId],
    queryFn: ({ signal }) =>
      apiFetch<Page<PipelineSignal>>(`/api/v1/roles/${encodeURIComponent(roleId)}/pipeline-signals`, {
        signal,
      }),
    enabled,
  });
}

export interface BoardMove {
  applicationId: string;
  stageId: string;
  /** Taking back the previous move: the API audits it as an undo and emails nobody. */
  undo?: boolean;
}

/** A move from the board (a drag, or Undo), for any of its applications. */
export function useBoardMove() {
  const queryClient = useQueryClient();
  const organizationId = useOrganizationId();
  return useMutation({
    mutationFn: ({ applicationId, stageId, undo }: BoardMove) =>
      apiFetch<ApplicationDetail>(`/api/v1/applications/${encodeURIComponent(applicationId)}/stage`, {
        method: "POST",
        body: { stageId, ...(undo ? { undo: true } : {}) },
      }),
    onSuccess: () => {
      for (const prefix of ["applications", "candidates"]) {
        void queryClient.invalidateQueries({ queryKey: [prefix, organizationId] });
      }
    },
  });
}

/**
 * dnd-kit's keyboard sensor moves a dragged card by a few pixels per arrow key, which on a board
 * of wide columns means dozens of presses. Here Left and Right jump to the neighbouring column
 * (Up and Down too, where the columns are stacked on a phone), so Space, Right, Space moves a
 * card one stage on.
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (
  event,
  { currentCoordinates, context },
) => {
  const forward = event.code === "ArrowRight" || event.code === "ArrowDown";
  const backward = event.code === "ArrowLeft" || event.code === "ArrowUp";
  if (!forward && !backward) return undefined;
  event.preventDefault();
  const columns = [...context.droppableContainers.getEnabled()]
    .map((container) => ({ id: container.id, rect: context.droppableRects.get(container.id) }))
    .filter((column): column is { id: string | number; rect: NonNullable<typeof column.rect> } =>
      Boolean(column.rect),
    )
    .sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left);
  if (columns.length === 0) return currentCoordinates;
  const overIndex = columns.findIndex((column) => column.id === context.over?.id);
  const from =
    overIndex >= 0
      ? overIndex
      : columns.findIndex(
          (column) =>
            currentCoordinates.x >= column.rect.left &&
            currentCoordinates.x <= column.rect.left + column.rect.width &&
            currentCoordinates.y >= column.rect.top &&
            currentCoordinates.y <= column.rect.top + column.rect.height,
        );
  const to = Math.min(columns.length - 1, Math.max(0, Math.max(from, 0) + (forward ? 1 : -1)));
  const target = columns[to]?.rect;
  if (!target) return currentCoordinates;
  const width = context.collisionRect?.width ?? 0;
  return { x: target.left + Math.max(0, (target.width - width) / 2), y: target.top + 8 };
};
