import { type FormEvent, useRef, useState } from "react";
import type { WorkModel, WorkModelAdvice, WorkModelFactors } from "../api/schema";
import { OverrideReasonField } from "../ui/Decisions";
import { NumberField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { describeWorkModel, useRecordDecision, workModelLabels, workModels } from "./roles";

const fieldLabels = {
  overrideReason: "Override reason",
  onsiteDaysPerWeek: "Onsite days per week",
  chosenModel: "Work model",
};

/**
 * Accept or override the advice shown above. The choice starts at the role's current work
 * model, or follows the recommendation while there is none and the user has not picked one;
 * a pick that a hard constraint excludes falls back to the recommendation while it is
 * excluded, and comes back if the constraint is lifted.
 */
export function DecisionForm({
  roleId,
  factors,
  advice,
  adviceIsCurrent,
  currentModel,
  currentOnsiteDays,
}: {
  roleId: string;
  factors: WorkModelFactors;
  advice: WorkModelAdvice;
  /** False while the advice shown is for factors the user has since changed. */
  adviceIsCurrent: boolean;
  currentModel: WorkModel | null;
  currentOnsiteDays: number | null;
}) {
  const recordDecision = useRecordDecision(roleId);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const [picked, setPicked] = useState<WorkModel | null>(currentModel);
  const [onsiteDaysText, setOnsiteDaysText] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [recorded, setRecorded] = useState("");

  const chosen = picked !== null && advice.allowedModels.includes(picked) ? picked : advice.recommendation;
  const overriding = chosen !== advice.recommendation;
  const defaultDays = currentOnsiteDays ?? advice.onsiteDaysPerWeek ?? 2;
  const onsiteDays = onsiteDaysText ?? String(defaultDays);
  const reasonError = fieldMessage(recordDecision.error, "overrideReason");
  const daysError = fieldMessage(recordDecision.error, "onsiteDaysPerWeek");

  function edited() {
    recordDecision.reset();
    setRecorded("");
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmedReason = reason.trim();
    recordDecision.mutate(
      {
        factors,
        chosenModel: chosen,
        ...(chosen === "hybrid" ? { onsiteDaysPerWeek: Number(onsiteDays) } : {}),
        ...(trimmedReason ? { overrideReason: trimmedReason } : {}),
      },
      {
        onSuccess: ({ role }) => {
          setPicked(role.workModel);
          // A reason belongs to one decision; the next decision needs its own.
          setReason("");
          setRecorded(`Decision recorded: ${describeWorkModel(role.workModel, role.onsiteDaysPerWeek)}.`);
        },
        onError: (error) => {
          if (fieldMessage(error, "overrideReason")) reasonField.current?.focus();
        },
      },
    );
  }

  return (
    <form className="form decision-form" aria-labelledby="decision-heading" onSubmit={submit} noValidate>
      <h2 id="decision-heading">Decision</h2>
      <p className="muted">
        Record the work model for this role. Following the recommendation needs no reason; choosing another
        model does, and the reason is kept with the decision.
      </p>

      <fieldset className="fieldset">
        <legend>Work model</legend>
        <div className="radio-options">
          {workModels.map((model) => {
            const excludedBy = advice.hardConstraints.find((constraint) =>
              constraint.excludes.includes(model),
            );
            const id = `decision-model-${model}`;
            return (
              <div key={model} className={excludedBy ? "radio-option radio-option-disabled" : "radio-option"}>
                <input
                  id={id}
                  type="radio"
                  name="work-model"
                  value={model}
                  checked={chosen === model}
                  disabled={excludedBy !== undefined}
                  aria-describedby={excludedBy ? `${id}-excluded` : undefined}
                  onChange={() => {
                    edited();
                    setPicked(model);
                  }}
                />
                <div>
                  <label htmlFor={id}>
                    {workModelLabels[model]}
                    {model === advice.recommendation && (
                      <span className="recommended-badge">recommended</span>
                    )}
                  </label>
                  {excludedBy && (
                    <p id={`${id}-excluded`} className="hint">
                      Excluded: {excludedBy.description}
                    </p>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>

      {chosen === "hybrid" && (
        <NumberField
          id="decision-onsite-days"
          label="Onsite days per week"
          required
          className="field field-narrow"
          hint={`From 1 to 4.${advice.onsiteDaysPerWeek !== null ? ` The advisor suggests ${advice.onsiteDaysPerWeek}.` : ""}`}
          error={daysError}
          min={1}
          max={4}
          step={1}
          value={onsiteDays}
          onChange={(text) => {
            edited();
            setOnsiteDaysText(text);
          }}
        />
      )}

      <OverrideReasonField
        required={overriding}
        hint={
          overriding
            ? `Required: the advisor recommends ${workModelLabels[advice.recommendation].toLowerCase()}, and you chose ${workModelLabels[chosen].toLowerCase()}. Say why.`
            : "Not needed when you follow the recommendation."
        }
        error={reasonError}
        value={reason}
        onChange={(text) => {
          edited();
          setReason(text);
        }}
        textareaRef={reasonField}
      />

      <FormError error={recordDecision.error} fieldLabels={fieldLabels} />
      <p role="status" className="form-success">
        {recorded}
      </p>
      <button type="submit" className="button" disabled={!adviceIsCurrent || recordDecision.isPending}>
        Record decision
      </button>
    </form>
  );
}
