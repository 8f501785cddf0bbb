import { type SelectOption, SelectOptions } from "./Field";

/**
 * A labelled select that narrows what a page shows. `unfilteredLabel` names a first option with
 * the value "", the choice that does not narrow ("All roles"); `hint` (as for a filter that waits
 * on another) is tied to the select for screen readers.
 */
export function FilterSelect({
  id,
  label,
  unfilteredLabel,
  options,
  value,
  onChange,
  disabled = false,
  hint,
}: {
  id: string;
  label: string;
  unfilteredLabel?: string;
  options: readonly SelectOption[];
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  hint?: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <SelectOptions empty={unfilteredLabel} options={options} />
      </select>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
