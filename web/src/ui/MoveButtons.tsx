/**
 * The "↑ Up" and "↓ Down" buttons of an item in an ordered list that the user arranges (plan
 * stages, exercise steps), named for screen readers by the item's name; the first item cannot move
 * up and the last cannot move down.
 */
export function MoveButtons({
  index,
  count,
  itemName,
  onMoveUp,
  onMoveDown,
}: {
  index: number;
  count: number;
  itemName: string;
  onMoveUp: () => void;
  onMoveDown: () => void;
}) {
  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={onMoveUp}
        disabled={index === 0}
        aria-label={`Move ${itemName} up`}
      >
        ↑ Up
      </button>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={onMoveDown}
        disabled={index === count - 1}
        aria-label={`Move ${itemName} down`}
      >
        ↓ Down
      </button>
    </>
  );
}
