import type { KitContent } from "../kit-schema.ts";

type RatingLevel = KitContent["rubric"][number]["levels"][number];

/** Labels shared by every built-in rubric, so a "3" means the same thing in every kit. */
export const RATING_LEVEL_LABELS = {
  1: "No evidence / concerning",
  2: "Partial",
  3: "Solid",
  4: "Exceptional",
} as const;

/** Builds the four rating levels of an attribute from its behavioural anchors, lowest first. */
export function anchoredLevels(anchors: readonly [string, string, string, string]): RatingLevel[] {
  return [
    { level: 1, label: RATING_LEVEL_LABELS[1], anchor: anchors[0] },
    { level: 2, label: RATING_LEVEL_LABELS[2], anchor: anchors[1] },
    { level: 3, label: RATING_LEVEL_LABELS[3], anchor: anchors[2] },
    { level: 4, label: RATING_LEVEL_LABELS[4], anchor: anchors[3] },
  ];
}
