import { useState } from "react";
import type { ItemPlace } from "./ArrangeButtons";

/**
 * The items of a form the user edits, reorders, adds to and removes from (a plan's stages, an
 * exercise's steps). Every change marks the form unsaved and sets what a screen reader is told
 * about it (`announcement`, for an aria-live region). `sent` is the list as last sent: the API's
 * per-item messages are about its indexes, so an item shows them only while it still stands
 * where it was sent (`wasSentAt`).
 */
export function useArrangedList<Item extends { key: string }>({
  initial,
  initiallyDirty = false,
  nameOf,
  describeCount,
  onRemoved,
}: {
  initial: () => Item[];
  initiallyDirty?: boolean;
  /** What announcements call an item. */
  nameOf: (item: Item) => string;
  /** The list after a removal, as a sentence ("The plan has 4 stages"). */
  describeCount: (count: number) => string;
  onRemoved?: (remaining: Item[], index: number) => void;
}) {
  const [items, setItems] = useState(initial);
  const [sent, setSent] = useState(items);
  const [dirty, setDirty] = useState(initiallyDirty);
  const [announcement, setAnnouncement] = useState("");

  function change(next: Item[], message = "") {
    setItems(next);
    setDirty(true);
    setAnnouncement(message);
  }

  function move(index: number, by: -1 | 1) {
    const target = index + by;
    const moving = items[index];
    const other = items[target];
    if (!moving || !other) return;
    const next = [...items];
    next[index] = other;
    next[target] = moving;
    change(next, `${nameOf(moving)} moved to position ${target + 1} of ${next.length}.`);
  }

  function remove(index: number) {
    const removed = items[index];
    if (!removed) return;
    const next = items.filter((_, position) => position !== index);
    change(next, `${nameOf(removed)} removed. ${describeCount(next.length)}.`);
    onRemoved?.(next, index);
  }

  return {
    items,
    sent,
    dirty,
    announcement,
    change,
    update: (key: string, changes: Partial<Item>) =>
      change(items.map((item) => (item.key === key ? { ...item, ...changes } : item))),
    placeOf: (index: number): ItemPlace => ({
      index,
      count: items.length,
      onMoveUp: () => move(index, -1),
      onMoveDown: () => move(index, 1),
      onRemove: () => remove(index),
    }),
    wasSentAt: (index: number) => sent[index]?.key === items[index]?.key,
    /** A change to the form outside the list. */
    markDirty: () => setDirty(true),
    markSent: () => setSent(items),
    /** The list as the server saved it: nothing unsaved, nothing to announce. */
    saved: (next: Item[]) => {
      setItems(next);
      setSent(next);
      setDirty(false);
      setAnnouncement("");
    },
  };
}
