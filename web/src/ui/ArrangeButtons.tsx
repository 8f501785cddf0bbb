/** Where an item stands in a list the user arranges, and what can be done to it there. */
export interface ItemPlace {
  index: number;
  count: number;
  onMoveUp: () => void;
  onMoveDown: () => void;
  onRemove: () => void;
}

/**
 * The "↑ Up", "↓ Down" and "Remove" buttons of an item in an ordered list that the user arranges
 * (plan stages, exercise steps), named for screen readers by the item's name; the first item cannot
 * move up and the last cannot move down. An item that may not be removed names the text that says
 * why (`removeBlockedBy`, an element id), and its Remove button is disabled.
 */
export function ArrangeButtons({
  place,
  itemName,
  removeBlockedBy,
}: {
  place: ItemPlace;
  itemName: string;
  removeBlockedBy?: string | undefined;
}) {
  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={place.onMoveUp}
        disabled={place.index === 0}
        aria-label={`Move ${itemName} up`}
      >
        ↑ Up
      </button>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={place.onMoveDown}
        disabled={place.index === place.count - 1}
        aria-label={`Move ${itemName} down`}
      >
        ↓ Down
      </button>
      <button
        type="button"
        className="button button-secondary button-small button-remove"
        onClick={place.onRemove}
        disabled={removeBlockedBy !== undefined}
        aria-label={`Remove ${itemName}`}
        aria-describedby={removeBlockedBy}
      >
        Remove
      </button>
    </>
  );
}
