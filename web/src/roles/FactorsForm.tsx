import { useState } from "react";
import type {
  OrdinalFactorName,
  RelocationBudget,
  WorkModelFactorCatalogue,
  WorkModelFactors,
} from "../api/schema";
import { ordinalFactorNames } from "./roles";

const relocationBudgetLabels: Record<RelocationBudget, string> = {
  none: "None",
  limited: "Limited",
  full: "Full",
};

export function ordinalLevelText(catalogue: WorkModelFactorCatalogue, level: number): string {
  return `${catalogue.ordinalLevelLabels[level] ?? level} (${level} of 4)`;
}

/** The advisor's inputs. Every change is reported at once; the caller decides when to ask for advice. */
export function FactorsForm({
  catalogue,
  factors,
  onChange,
}: {
  catalogue: WorkModelFactorCatalogue;
  factors: WorkModelFactors;
  onChange: (factors: WorkModelFactors) => void;
}) {
  const { labels } = catalogue;

  return (
    <form className="factors-form" aria-label="Factors" onSubmit={(event) => event.preventDefault()}>
      <fieldset className="fieldset">
        <legend>Factors</legend>
        <p className="hint">Each factor is rated from 0 (none or very low) to 4 (very high or critical).</p>
        {ordinalFactorNames.map((name) => (
          <OrdinalFactor
            key={name}
            name={name}
            catalogue={catalogue}
            value={factors[name]}
            onChange={(value) => onChange({ ...factors, [name]: value })}
          />
        ))}
        <TimezoneSpreadField
          label={labels.timezoneSpreadHours.name}
          help={labels.timezoneSpreadHours.help}
          value={factors.timezoneSpreadHours}
          onChange={(value) => onChange({ ...factors, timezoneSpreadHours: value })}
        />
        <div className="field">
          <label htmlFor="factor-relocationBudget">{labels.relocationBudget.name}</label>
          <select
            id="factor-relocationBudget"
            aria-describedby="factor-relocationBudget-hint"
            value={factors.relocationBudget}
            onChange={(event) =>
              onChange({ ...factors, relocationBudget: event.target.value as RelocationBudget })
            }
          >
            {catalogue.relocationBudgets.map((budget) => (
              <option key={budget} value={budget}>
                {relocationBudgetLabels[budget]}
              </option>
            ))}
          </select>
          <p id="factor-relocationBudget-hint" className="hint">
            {labels.relocationBudget.help}
          </p>
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Hard constraints</legend>
        <p className="hint">These rule work models out whatever the other factors say.</p>
        {(["onPremAccessRequired", "officeAvailable"] as const).map((name) => (
          <div key={name} className="checkbox-field">
            <input
              id={`factor-${name}`}
              type="checkbox"
              aria-describedby={`factor-${name}-hint`}
              checked={factors[name]}
              onChange={(event) => onChange({ ...factors, [name]: event.target.checked })}
            />
            <div>
              <label htmlFor={`factor-${name}`}>{labels[name].name}</label>
              <p id={`factor-${name}-hint`} className="hint">
                {labels[name].help}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
    </form>
  );
}

function OrdinalFactor({
  name,
  catalogue,
  value,
  onChange,
}: {
  name: OrdinalFactorName;
  catalogue: WorkModelFactorCatalogue;
  value: number;
  onChange: (value: number) => void;
}) {
  const id = `factor-${name}`;
  const levelText = ordinalLevelText(catalogue, value);
  return (
    <div className="field range-field">
      <div className="range-heading">
        <label htmlFor={id}>{catalogue.labels[name].name}</label>
        {/* Sighted users read the level here; screen readers hear it through aria-valuetext. */}
        <span className="range-level" aria-hidden="true">
          {levelText}
        </span>
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={4}
        step={1}
        value={value}
        aria-valuetext={levelText}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(Number(event.target.value))}
      />
      <p id={`${id}-hint`} className="hint">
        {catalogue.labels[name].help}
      </p>
    </div>
  );
}

function TimezoneSpreadField({
  label,
  help,
  value,
  onChange,
}: {
  label: string;
  help: string;
  value: number;
  onChange: (value: number) => void;
}) {
  // The text is kept apart from the factor so a half-typed or empty value can be on screen
  // without being sent to the advisor.
  const [text, setText] = useState(String(value));
  const valid = parseHours(text) !== null;

  return (
    <div className="field">
      <label htmlFor="factor-timezoneSpreadHours">{label} (hours)</label>
      <input
        id="factor-timezoneSpreadHours"
        type="number"
        inputMode="decimal"
        min={0}
        max={24}
        step={0.5}
        aria-describedby={
          valid
            ? "factor-timezoneSpreadHours-hint"
            : "factor-timezoneSpreadHours-hint factor-timezoneSpreadHours-error"
        }
        aria-invalid={valid ? undefined : true}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const hours = parseHours(event.target.value);
          if (hours !== null) onChange(hours);
        }}
      />
      <p id="factor-timezoneSpreadHours-hint" className="hint">
        {help}
      </p>
      {!valid && (
        <p id="factor-timezoneSpreadHours-error" className="field-error">
          Enter a number of hours from 0 to 24. The advice uses {value} h until then.
        </p>
      )}
    </div>
  );
}

function parseHours(text: string): number | null {
  const hours = Number(text);
  return text.trim() !== "" && Number.isFinite(hours) && hours >= 0 && hours <= 24 ? hours : null;
}
