import { type FormEvent, useId, useRef, useState } from "react";
import { ApiError } from "../api/client";
import type {
  JobRoleDetail,
  KitSummary,
  Member,
  Plan,
  PlanStage,
  PlanStageInput,
  StageType,
} from "../api/schema";
import { useChallenges } from "../challenges/challenges";
import { useMembers } from "../settings/members";
import { FormError } from "../ui/FormError";
import { fieldPathOf } from "../ui/field-message";
import { useArrangedList } from "../ui/useArrangedList";
import { useKits, useSavePlan } from "./plans";
import { StageEditor } from "./StageEditor";
import {
  allowedModesForStageType,
  deadlineStageTypes,
  interviewStageTypes,
  kitKindForStageType,
  stageTypeLabels,
  stageTypes,
  unscoredStageTypes,
} from "./stages";
import { WeightsBar } from "./WeightsBar";

/** A stage as edited: numbers stay text until the plan is saved, so half-typed values are not lost. */
export interface DraftStage {
  key: string;
  id: string | undefined;
  name: string;
  type: StageType;
  /** The type the stage has on the server; null until a new stage is saved. */
  savedType: StageType | null;
  mode: PlanStage["mode"];
  /** "" for no kit, "version:<id>" to keep a kit version, "slug:<slug>" for a kit's newest version. */
  kitChoice: string;
  /** The kit version the saved stage uses, to name it when it is not the kit's newest. */
  savedKit: PlanStage["kit"];
  applicationCount: number;
  interviewerPool: string[];
  requiredRaters: string;
  weight: string;
  isBlind: boolean;
  challengeId: string | null;
  deadlineDays: string;
  /** Days an application may wait here before the work queue calls it stalled. */
  targetDays: string;
  /** Submits a candidate may make; only a coding challenge stage uses it. */
  maxSubmits: string;
}

const stageFieldLabels: Record<string, string> = {
  name: "Name",
  type: "Type",
  mode: "Mode",
  kitVersionId: "Interview kit",
  kitSlug: "Interview kit",
  interviewerPool: "Interviewer pool",
  requiredRaters: "Required raters",
  weight: "Weight",
  isBlind: "Blind review",
  challengeId: "Challenge",
  deadlineDays: "Deadline",
  targetDays: "Stalled after",
  maxSubmits: "Submits allowed",
};

function draftFrom(stage: PlanStage): DraftStage {
  return {
    key: stage.id,
    id: stage.id,
    name: stage.name,
    type: stage.type,
    savedType: stage.type,
    mode: stage.mode,
    kitChoice: stage.kitVersionId ? `version:${stage.kitVersionId}` : "",
    savedKit: stage.kit,
    applicationCount: stage.applicationCount,
    interviewerPool: stage.interviewerPool,
    requiredRaters: String(stage.requiredRaters),
    weight: String(stage.weight),
    isBlind: stage.isBlind,
    challengeId: stage.challengeId,
    deadlineDays: stage.deadlineDays === null ? "" : String(stage.deadlineDays),
    targetDays: String(stage.targetDays),
    maxSubmits: String(stage.maxSubmits),
  };
}

let newStageCount = 0;

function newDraftStage(type: StageType): DraftStage {
  newStageCount += 1;
  return {
    key: `new-${newStageCount}`,
    id: undefined,
    name: stageTypeLabels[type],
    type,
    savedType: null,
    mode: allowedModesForStageType[type][0] ?? null,
    kitChoice: "",
    savedKit: null,
    applicationCount: 0,
    interviewerPool: [],
    requiredRaters: interviewStageTypes.includes(type) || type === "async_collaboration" ? "2" : "1",
    weight: "0",
    isBlind: deadlineStageTypes.includes(type),
    challengeId: null,
    deadlineDays: deadlineStageTypes.includes(type) ? "7" : "",
    // The API's defaults, shown so the recruiter sees what a new stage will use.
    targetDays: "7",
    maxSubmits: "3",
  };
}

function kitFields(choice: string): Pick<PlanStageInput, "kitSlug" | "kitVersionId"> {
  if (choice.startsWith("slug:")) return { kitSlug: choice.slice("slug:".length) };
  if (choice.startsWith("version:")) return { kitVersionId: choice.slice("version:".length) };
  return {};
}

function toInput(stage: DraftStage): PlanStageInput {
  return {
    ...(stage.id ? { id: stage.id } : {}),
    name: stage.name.trim(),
    type: stage.type,
    mode: stage.mode,
    ...(kitKindForStageType[stage.type] === null ? {} : kitFields(stage.kitChoice)),
    interviewerPool: stage.interviewerPool,
    requiredRaters: Number(stage.requiredRaters),
    weight: unscoredStageTypes.includes(stage.type) ? 0 : Number(stage.weight),
    isBlind: stage.isBlind,
    challengeId: stage.challengeId,
    deadlineDays:
      deadlineStageTypes.includes(stage.type) && stage.deadlineDays !== ""
        ? Number(stage.deadlineDays)
        : null,
    // Left out when empty, so the API keeps the stage's value (or its default for a new stage).
    ...(stage.targetDays.trim() === "" ? {} : { targetDays: Number(stage.targetDays) }),
    ...(stage.type === "async_challenge" && stage.maxSubmits.trim() !== ""
      ? { maxSubmits: Number(stage.maxSubmits) }
      : {}),
  };
}

/** "stages.2.weight" → "Stage 3 (Pair programming), weight". */
function labelForPath(stages: DraftStage[]) {
  return (path: string): string => {
    const match = /^stages\.(\d+)(?:\.(\w+))?/.exec(path);
    if (!match) return path === "stages" ? "Stages" : path;
    const index = Number(match[1]);
    const stage = stages[index];
    const stageLabel = `Stage ${index + 1}${stage ? ` (${stage.name || stageTypeLabels[stage.type]})` : ""}`;
    const field = match[2];
    return field ? `${stageLabel}, ${(stageFieldLabels[field] ?? field).toLowerCase()}` : stageLabel;
  };
}

/** The API's per-field messages for one stage, keyed by field name. */
function stageErrors(error: unknown, index: number): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const errors: Record<string, string> = {};
  for (const entry of error.fieldErrors) {
    const match = /^stages\.(\d+)\.(\w+)/.exec(fieldPathOf(entry.path));
    const field = match?.[2] === "kitSlug" ? "kitVersionId" : match?.[2];
    if (match && Number(match[1]) === index && field && !errors[field]) errors[field] = entry.message;
  }
  return errors;
}

export function PlanEditor({ role, plan }: { role: JobRoleDetail; plan: Plan }) {
  const savePlan = useSavePlan(role.id);
  const kits = useKits();
  const challenges = useChallenges();
  const members = useMembers();
  const headingRefs = useRef(new Map<string, HTMLHeadingElement>());
  const stages = useArrangedList<DraftStage>({
    initial: () => [...plan.stages].sort((a, b) => a.position - b.position).map(draftFrom),
    nameOf: (stage) => stage.name || stageTypeLabels[stage.type],
    describeCount: (count) => `The plan has ${count} stages`,
    // Focus goes to the stage that took the removed one's place, not back to the top of the page.
    onRemoved: (remaining, index) => {
      const neighbour = remaining[Math.min(index, remaining.length - 1)];
      if (neighbour) requestAnimationFrame(() => headingRefs.current.get(neighbour.key)?.focus());
    },
  });
  const [newStageType, setNewStageType] = useState<StageType>("system_design");
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const addTypeId = useId();

  function add() {
    const stage = newDraftStage(newStageType);
    // A new stage goes before the final decision stage, where it almost always belongs.
    const last = stages.items.at(-1);
    const insertAt = last?.type === "decision" ? stages.items.length - 1 : stages.items.length;
    const next = [...stages.items.slice(0, insertAt), stage, ...stages.items.slice(insertAt)];
    stages.change(next, `${stage.name} added as stage ${insertAt + 1} of ${next.length}.`);
    requestAnimationFrame(() => headingRefs.current.get(stage.key)?.focus());
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    stages.markSent();
    savePlan.mutate(stages.items.map(toInput), {
      // A stage with a problem opens, so its message is in view at its field.
      onError: (error) => {
        const withErrors = stages.items.filter(
          (_, index) => Object.keys(stageErrors(error, index)).length > 0,
        );
        setCollapsed(
          (current) => new Set([...current].filter((key) => !withErrors.some((s) => s.key === key))),
        );
      },
      onSuccess: (saved) => {
        const drafts = [...saved.stages].sort((a, b) => a.position - b.position).map(draftFrom);
        stages.saved(drafts);
        setCollapsed(
          (current) => new Set(drafts.filter((draft) => current.has(draft.key)).map((d) => d.key)),
        );
      },
    });
  }

  const weights = stages.items.map((stage) => ({
    key: stage.key,
    name: stage.name || stageTypeLabels[stage.type],
    weight: unscoredStageTypes.includes(stage.type) ? 0 : Number(stage.weight) || 0,
  }));
  const total = weights.reduce((sum, stage) => sum + stage.weight, 0);
  const roundedTotal = Math.round(total * 1000) / 1000;

  return (
    <form className="plan-editor" onSubmit={submit} aria-labelledby="plan-stages-heading">
      <section aria-labelledby="plan-weights-heading" className="panel">
        <h2 id="plan-weights-heading" className="panel-heading">
          Weights in the decision formula
        </h2>
        <WeightsBar stages={weights} />
        <p className={roundedTotal === 1 || roundedTotal === 0 ? "muted" : "field-error"}>
          The weights add up to {roundedTotal}
          {roundedTotal === 1 || roundedTotal === 0
            ? "."
            : "; the scored stages' weights must add up to 1 (or all be 0)."}
        </p>
      </section>

      <div className="plan-stages-heading">
        <h2 id="plan-stages-heading">Stages</h2>
        <div className="stage-editor-tools">
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={collapsed.size === stages.items.length}
            onClick={() => setCollapsed(new Set(stages.items.map((stage) => stage.key)))}
          >
            Collapse all
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={collapsed.size === 0}
            onClick={() => setCollapsed(new Set())}
          >
            Expand all
          </button>
        </div>
      </div>
      {kits.isError && <FormError error={kits.error} />}
      {challenges.isError && <FormError error={challenges.error} />}
      {members.isError && <FormError error={members.error} />}
      <ol className="plan-stages">
        {stages.items.map((stage, index) => (
          <li key={stage.key}>
            <StageEditor
              stage={stage}
              place={stages.placeOf(index)}
              kits={kits.data?.items ?? ([] as KitSummary[])}
              challenges={challenges.data?.items}
              members={members.data?.items ?? ([] as Member[])}
              errors={stages.wasSentAt(index) ? stageErrors(savePlan.error, index) : {}}
              headingRef={(element) => {
                if (element) headingRefs.current.set(stage.key, element);
                else headingRefs.current.delete(stage.key);
              }}
              collapsed={collapsed.has(stage.key)}
              onToggle={() =>
                setCollapsed((current) => {
                  const next = new Set(current);
                  if (!next.delete(stage.key)) next.add(stage.key);
                  return next;
                })
              }
              onChange={(changes) => stages.update(stage.key, changes)}
            />
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {stages.announcement}
      </p>

      <div className="panel add-stage">
        <div className="field field-medium">
          <label htmlFor={addTypeId}>New stage type</label>
          <select
            id={addTypeId}
            value={newStageType}
            onChange={(event) => setNewStageType(event.target.value as StageType)}
          >
            {stageTypes.map((type) => (
              <option key={type} value={type}>
                {stageTypeLabels[type]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-secondary" onClick={add}>
          Add stage
        </button>
      </div>

      <FormError error={savePlan.error} labelFor={labelForPath(stages.sent)} />
      {/* Save stays in view while the stages scroll by. */}
      <div className="sticky-actions plan-save">
        {savePlan.isSuccess && !stages.dirty && (
          <p role="status" className="form-success">
            Plan saved.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button" disabled={savePlan.isPending}>
            Save plan
          </button>
          {stages.dirty && <span className="muted">You have unsaved changes.</span>}
        </div>
      </div>
    </form>
  );
}
