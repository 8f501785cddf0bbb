import type { ReactNode } from "react";

/** The list with `value` added at its end, or taken out of it, as a checkbox for it was ticked or not. */
export function toggled(list: readonly string[], value: string, included: boolean): string[] {
  return included ? [...list, value] : list.filter((existing) => existing !== value);
}

/**
 * A checkbox for each of a few things, to pick some of them (a stage's interviewer pool, the
 * rubric attributes a step is rated on). `chosen` holds the picked values in the order picked;
 * each checkbox's id is `${idPrefix}-${value}`.
 */
export function Checklist({
  idPrefix,
  options,
  chosen,
  onChange,
}: {
  idPrefix: string;
  options: readonly { value: string; label: ReactNode }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  return (
    <ul className="pool-options">
      {options.map((option) => {
        const optionId = `${idPrefix}-${option.value}`;
        return (
          <li key={option.value} className="checkbox-field">
            <input
              id={optionId}
              type="checkbox"
              checked={chosen.includes(option.value)}
              onChange={(event) => onChange(toggled(chosen, option.value, event.target.checked))}
            />
            <label htmlFor={optionId}>{option.label}</label>
          </li>
        );
      })}
    </ul>
  );
}
