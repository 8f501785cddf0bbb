import { type KeyboardEvent, useState } from "react";
import { isNotFound } from "../api/client";
import type { ExerciseDefinition, ExerciseDefinitionInput, ExerciseStepKind } from "../api/schema";
import { ArrangeButtons, type ItemPlace } from "../ui/ArrangeButtons";
import { Checklist } from "../ui/Checklist";
import {
  FieldMessage,
  labelledOptions,
  NumberField,
  SelectField,
  TextAreaField,
  TextField,
} from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useArrangedList } from "../ui/useArrangedList";
import {
  type DraftExerciseStep,
  draftStepFrom,
  exampleExerciseSteps,
  exerciseStepKindLabels,
  exerciseStepKinds,
  MAX_EXERCISE_STEPS,
  newDraftStep,
  stepErrors,
  toDefinitionInput,
  useExerciseDefinition,
  useSaveExerciseDefinition,
} from "./exercise-definitions";

type LatePolicy = ExerciseDefinitionInput["latePolicy"];

const latePolicyLabels: Record<LatePolicy, string> = {
  refuse: "Refused with a message",
  accept_marked: "Accepted and marked late",
};
const latePolicies = Object.keys(latePolicyLabels) as LatePolicy[];

const stepFieldLabels: Record<string, string> = {
  id: "title",
  kind: "step kind",
  title: "title",
  brief: "instructions",
  releaseAfterHours: "opens after",
  responseHours: "due after",
  diff: "diff",
  answerDelayWorkingHours: "answer delay",
  rubricAttributeIds: "rated on",
};

/**
 * The steps of an async_exercise stage, edited inside the plan editor and saved on their own
 * (PUT /api/v1/plan-stages/:stageId/exercise). Not a <form>: it sits inside the plan's form.
 */
export function ExerciseDefinitionEditor({ stageId }: { stageId: string }) {
  const definition = useExerciseDefinition(stageId);
  const isUndefined = definition.isError && isNotFound(definition.error);
  return (
    <section className="exercise-definition" aria-labelledby={`exercise-${stageId}-heading`}>
      <h4 id={`exercise-${stageId}-heading`}>Exercise steps</h4>
      {definition.isPending && <Loading what="the exercise" />}
      {definition.isError && !isUndefined && (
        <LoadFailed error={definition.error} onRetry={() => void definition.refetch()} />
      )}
      {(definition.data || isUndefined) && (
        <ExerciseStepsForm stageId={stageId} definition={definition.data ?? null} />
      )}
    </section>
  );
}

function ExerciseStepsForm({
  stageId,
  definition,
}: {
  stageId: string;
  definition: ExerciseDefinition | null;
}) {
  const save = useSaveExerciseDefinition(stageId);
  const [latePolicy, setLatePolicy] = useState<LatePolicy>(definition?.latePolicy ?? "accept_marked");
  const steps = useArrangedList<DraftExerciseStep>({
    initial: () => (definition ? definition.steps.map(draftStepFrom) : exampleExerciseSteps()),
    initiallyDirty: definition === null,
    nameOf: (step) => step.title || "The step",
    describeCount: (count) => `The exercise has ${count} steps`,
  });
  const [newKind, setNewKind] = useState<ExerciseStepKind>("design_doc");
  const rubric = save.data?.rubric ?? definition?.rubric ?? [];
  const id = (field: string) => `exercise-${stageId}-${field}`;

  function add() {
    const last = steps.items.at(-1);
    // A new step opens a day after the last one, which is how most exercises unfold.
    const releaseAfterHours = last ? (Number(last.releaseAfterHours) || 0) + 24 : 0;
    const step = newDraftStep(newKind, releaseAfterHours);
    steps.change([...steps.items, step], `${step.title} added as step ${steps.items.length + 1}.`);
  }

  function submit() {
    steps.markSent();
    save.mutate(toDefinitionInput(latePolicy, steps.items), {
      onSuccess: (saved) => {
        steps.saved(saved.steps.map(draftStepFrom));
        setLatePolicy(saved.latePolicy);
      },
    });
  }

  // Enter in a one-line box would submit the plan around this editor; here it saves the exercise.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (
      event.key === "Enter" &&
      event.target instanceof HTMLInputElement &&
      event.target.type !== "checkbox"
    ) {
      event.preventDefault();
      submit();
    }
  }

  const labelFor = (path: string) => {
    const match = /^steps\.(\d+)(?:\.(\w+))?/.exec(path);
    if (!match) return path === "latePolicy" ? "Late submissions" : path === "steps" ? "Steps" : path;
    const step = `Step ${Number(match[1]) + 1}`;
    return match[2] ? `${step}, ${stepFieldLabels[match[2]] ?? match[2]}` : step;
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only catches Enter from the inputs inside
    <div className="exercise-definition-body" onKeyDown={onKeyDown}>
      {definition === null ? (
        <p className="notice">
          No exercise is defined for this stage yet. Here is a three-day example to start from: edit it, then
          save the exercise. Nothing is saved until you do.
        </p>
      ) : (
        <p className="hint">
          Rated with {definition.kit.title}. Times count from when a candidate's exercise starts; candidates
          already started keep the steps they started with.
        </p>
      )}
      <SelectField
        id={id("late-policy")}
        label="Late submissions"
        hint="What happens to work handed in after a step's deadline."
        error={fieldMessage(save.error, "latePolicy")}
        className="field field-medium"
        options={labelledOptions(latePolicies, latePolicyLabels)}
        value={latePolicy}
        onChange={(value) => {
          setLatePolicy(value as LatePolicy);
          steps.markDirty();
        }}
      />

      <ol className="exercise-step-list">
        {steps.items.map((step, index) => (
          <li key={step.key}>
            <StepFields
              step={step}
              place={steps.placeOf(index)}
              idPrefix={id(step.key)}
              rubric={rubric}
              errors={steps.wasSentAt(index) ? stepErrors(save.error, index) : {}}
              onChange={(changes) => steps.update(step.key, changes)}
            />
          </li>
        ))}
      </ol>
      <FieldMessage id={id("steps")} message={fieldMessage(save.error, "steps", { exact: true })} />
      <p className="visually-hidden" aria-live="polite">
        {steps.announcement}
      </p>

      <div className="exercise-add-step">
        <SelectField
          id={id("new-kind")}
          label="New step kind"
          className="field field-medium"
          options={labelledOptions(exerciseStepKinds, exerciseStepKindLabels)}
          value={newKind}
          onChange={(value) => setNewKind(value as ExerciseStepKind)}
        />
        <button
          type="button"
          className="button button-secondary"
          onClick={add}
          disabled={steps.items.length >= MAX_EXERCISE_STEPS}
        >
          Add step
        </button>
      </div>

      <FormError error={save.error} labelFor={labelFor} />
      <div className="form-actions">
        <button type="button" className="button" onClick={submit} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save the exercise"}
        </button>
        {save.isSuccess && !steps.dirty && (
          <p role="status" className="form-success">
            Exercise saved.
          </p>
        )}
        {steps.dirty && <span className="muted">The exercise has unsaved changes.</span>}
      </div>
    </div>
  );
}

function StepFields({
  step,
  place,
  idPrefix,
  rubric,
  errors,
  onChange,
}: {
  step: DraftExerciseStep;
  place: ItemPlace;
  idPrefix: string;
  rubric: ExerciseDefinition["rubric"];
  errors: Record<string, string>;
  onChange: (changes: Partial<DraftExerciseStep>) => void;
}) {
  const id = (field: string) => `${idPrefix}-${field}`;
  const name = `Step ${place.index + 1}`;
  return (
    <fieldset className="fieldset exercise-step-fields">
      <legend>
        {name} · {exerciseStepKindLabels[step.kind]}
      </legend>
      <div className="stage-editor-tools">
        <ArrangeButtons place={place} itemName={`step ${place.index + 1}`} />
      </div>
      <div className="field-row">
        <SelectField
          id={id("kind")}
          label="Step kind"
          required
          error={errors.kind}
          options={labelledOptions(exerciseStepKinds, exerciseStepKindLabels)}
          value={step.kind}
          onChange={(value) => {
            const kind = value as ExerciseStepKind;
            onChange({
              kind,
              answerDelayWorkingHours:
                kind === "question_thread"
                  ? step.answerDelayWorkingHours || "4"
                  : step.answerDelayWorkingHours,
            });
          }}
        />
        <TextField
          id={id("title")}
          label="Title"
          required
          maxLength={120}
          error={errors.title ?? errors.id}
          value={step.title}
          onChange={(title) => onChange({ title })}
        />
      </div>
      <TextAreaField
        id={id("brief")}
        label="Instructions (Markdown)"
        hint="What the candidate reads when the step opens."
        rows={4}
        maxLength={20_000}
        error={errors.brief}
        value={step.brief}
        onChange={(brief) => onChange({ brief })}
      />
      <div className="field-row">
        <NumberField
          id={id("release")}
          label="Opens after (hours)"
          required
          hint="Hours after the exercise starts; 24 is the next day."
          error={errors.releaseAfterHours}
          min={0}
          max={24 * 21}
          step={1}
          value={step.releaseAfterHours}
          onChange={(releaseAfterHours) => onChange({ releaseAfterHours })}
        />
        <NumberField
          id={id("due")}
          label="Due after (hours)"
          required
          hint="The deadline, in hours after the step opens. One in the candidate's night is refused at the start."
          error={errors.responseHours}
          min={1}
          max={24 * 14}
          step={1}
          value={step.responseHours}
          onChange={(responseHours) => onChange({ responseHours })}
        />
        {step.kind === "question_thread" && (
          <NumberField
            id={id("answer-delay")}
            label="Answer delay (working hours)"
            required
            hint="The candidate sees each answer this long after it is written; 0 for at once."
            error={errors.answerDelayWorkingHours}
            min={0}
            max={40}
            step={1}
            value={step.answerDelayWorkingHours}
            onChange={(answerDelayWorkingHours) => onChange({ answerDelayWorkingHours })}
          />
        )}
      </div>
      {step.kind === "code_review" && (
        <TextAreaField
          id={id("diff")}
          label="Diff to review (unified)"
          required
          hint="Paste the output of git diff; the candidate sees it side by side and comments on lines."
          rows={8}
          className="field exercise-diff-field"
          error={errors.diff}
          value={step.diff}
          onChange={(diff) => onChange({ diff })}
        />
      )}
      {rubric.length > 0 && (
        <fieldset
          className="fieldset exercise-step-rubric"
          aria-describedby={`${id("rubric")}-hint${errors.rubricAttributeIds ? ` ${id("rubric")}-error` : ""}`}
        >
          <legend>Rated on</legend>
          <Checklist
            idPrefix={id("rubric")}
            options={rubric.map((attribute) => ({ value: attribute.id, label: attribute.name }))}
            chosen={step.rubricAttributeIds}
            onChange={(rubricAttributeIds) => onChange({ rubricAttributeIds })}
          />
          <p id={`${id("rubric")}-hint`} className="hint">
            With none chosen, reviewers rate the step on the whole rubric.
          </p>
          <FieldMessage id={id("rubric")} message={errors.rubricAttributeIds} />
        </fieldset>
      )}
    </fieldset>
  );
}
