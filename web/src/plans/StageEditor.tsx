import type { Ref } from "react";
import type { ChallengeSummary, KitSummary, Member, StageMode, StageType } from "../api/schema";
import { challengeStatusLabels } from "../challenges/challenges";
import { ExerciseDefinitionEditor } from "../exercises/ExerciseDefinitionEditor";
import { memberRoleLabels } from "../settings/member-roles";
import { ArrangeButtons, type ItemPlace } from "../ui/ArrangeButtons";
import { Checklist } from "../ui/Checklist";
import { Field, labelledOptions, NumberField, SelectField } from "../ui/Field";
import type { DraftStage } from "./PlanEditor";
import {
  allowedModesForStageType,
  deadlineStageTypes,
  interviewStageTypes,
  kitKindForStageType,
  stageModeLabels,
  stageTypeLabels,
  stageTypes,
  unscoredStageTypes,
} from "./stages";

/**
 * Stages someone rates, so they have required raters and an interviewer pool. A coding challenge
 * is graded by its tests and the decision stage by the formula: neither has raters to choose.
 */
const ratedStageTypes: readonly StageType[] = stageTypes.filter(
  (type) => type !== "async_challenge" && type !== "decision",
);

/** One line for a collapsed stage: what it is and what it weighs. */
function stageSummary(stage: DraftStage, hasErrors: boolean): string {
  const parts = [stageTypeLabels[stage.type]];
  if (stage.mode) parts.push(stageModeLabels[stage.mode]);
  parts.push(unscoredStageTypes.includes(stage.type) ? "not scored" : `weight ${stage.weight || "0"}`);
  if (ratedStageTypes.includes(stage.type)) {
    parts.push(
      stage.interviewerPool.length === 0
        ? "no interviewer pool"
        : `${stage.interviewerPool.length} in the pool, ${stage.requiredRaters} required`,
    );
  }
  if (stage.isBlind) parts.push("blind review");
  if (hasErrors) parts.push("has problems: expand to fix them");
  return parts.join(" · ");
}

/** What else changes when a stage's type changes, so the stage stays valid for its new type. */
function changesForType(stage: DraftStage, type: StageType): Partial<DraftStage> {
  const modes = allowedModesForStageType[type];
  const kitStillFits = kitKindForStageType[type] === kitKindForStageType[stage.type];
  const minimumRaters = interviewStageTypes.includes(type) ? 2 : 1;
  return {
    type,
    mode: stage.mode !== null && modes.includes(stage.mode) ? stage.mode : (modes[0] ?? null),
    kitChoice: kitStillFits ? stage.kitChoice : "",
    weight: unscoredStageTypes.includes(type) ? "0" : stage.weight,
    requiredRaters:
      Number(stage.requiredRaters) < minimumRaters ? String(minimumRaters) : stage.requiredRaters,
    deadlineDays: deadlineStageTypes.includes(type) ? stage.deadlineDays || "7" : "",
    // Only a coding challenge stage names a challenge.
    challengeId: type === "async_challenge" ? stage.challengeId : null,
  };
}

interface KitChoice {
  value: string;
  label: string;
}

/**
 * The kits a stage can use. The version a saved stage uses is kept as it is (it may not be the
 * kit's newest); any other kit is chosen by slug, which the API resolves to its newest version
 * and, for a built-in kit the organisation has not used yet, adopts.
 */
function kitChoices(stage: DraftStage, kits: KitSummary[]): KitChoice[] {
  const kind = kitKindForStageType[stage.type];
  const saved = stage.savedKit;
  const choices: KitChoice[] = [];
  if (
    saved &&
    (kind === null || kits.some((kit) => kit.slug === saved.slug && kit.kind === kind) || kits.length === 0)
  ) {
    choices.push({
      value: `version:${saved.id}`,
      label: `${saved.title} (version ${saved.version}, in use)`,
    });
  }
  for (const kit of kits) {
    if (kit.kind !== kind) continue;
    if (saved && kit.slug === saved.slug && kit.latestVersionId === saved.id) continue;
    const version =
      kit.latestVersion === null
        ? "built-in"
        : saved && kit.slug === saved.slug
          ? `newest, version ${kit.latestVersion}`
          : `version ${kit.latestVersion}`;
    choices.push({ value: `slug:${kit.slug}`, label: `${kit.title} (${version})` });
  }
  return choices;
}

/**
 * The challenges a coding stage can use: only valid ones can be chosen, the rest are listed
 * disabled with their status so it is clear why; the saved challenge stays visible while the
 * catalog loads, and when it is no longer in it, instead of silently blanking the select.
 */
function ChallengeSelect({
  stage,
  challenges,
  id,
  error,
  onChange,
}: {
  stage: DraftStage;
  /** Undefined while the catalog loads. */
  challenges: ChallengeSummary[] | undefined;
  id: string;
  error: string | undefined;
  onChange: (changes: Partial<DraftStage>) => void;
}) {
  const isListed = challenges?.some((challenge) => challenge.id === stage.challengeId) ?? false;
  return (
    <Field
      id={id}
      label="Challenge"
      hint="The auto-graded challenge candidates take in this stage. Only validated challenges can be chosen."
      error={error}
    >
      {(described) => (
        <select
          {...described}
          value={stage.challengeId ?? ""}
          onChange={(event) => onChange({ challengeId: event.target.value || null })}
        >
          <option value="">No challenge</option>
          {stage.challengeId !== null && !isListed && (
            <option value={stage.challengeId}>
              {stage.challengeId}
              {challenges === undefined ? "" : " (not in the library)"}
            </option>
          )}
          {challenges?.map((challenge) => (
            <option key={challenge.id} value={challenge.id} disabled={challenge.status !== "valid"}>
              {challenge.title}
              {challenge.source === "organization" ? " (your organisation)" : ""}
              {challenge.status === "valid"
                ? ""
                : ` (${challengeStatusLabels[challenge.status].toLowerCase()})`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function StageEditor({
  stage,
  place,
  kits,
  challenges,
  members,
  errors,
  headingRef,
  collapsed,
  onToggle,
  onChange,
}: {
  stage: DraftStage;
  place: ItemPlace;
  kits: KitSummary[];
  challenges: ChallengeSummary[] | undefined;
  members: Member[];
  errors: Record<string, string>;
  headingRef: Ref<HTMLHeadingElement>;
  /** A collapsed stage shows its heading and a one-line summary; its fields stay as they are. */
  collapsed: boolean;
  onToggle: () => void;
  onChange: (changes: Partial<DraftStage>) => void;
}) {
  const id = (field: string) => `stage-${stage.key}-${field}`;
  const displayName = stage.name || stageTypeLabels[stage.type];
  const modes = allowedModesForStageType[stage.type];
  const kitKind = kitKindForStageType[stage.type];
  const kitOptions = kitChoices(stage, kits);
  const unscored = unscoredStageTypes.includes(stage.type);
  const poolError = errors.interviewerPool;
  const usesRaters = ratedStageTypes.includes(stage.type);
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <section className="stage-editor" aria-labelledby={id("heading")}>
      <div className="stage-editor-header">
        <h3 id={id("heading")} ref={headingRef} tabIndex={-1}>
          <span className="stage-number">Stage {place.index + 1}</span> {displayName}
        </h3>
        <div className="stage-editor-tools">
          <button
            type="button"
            className="button button-secondary button-small"
            aria-expanded={!collapsed}
            aria-controls={id("body")}
            onClick={onToggle}
          >
            {collapsed ? "Expand" : "Collapse"}
            <span className="visually-hidden"> {displayName}</span>
          </button>
          <ArrangeButtons
            place={place}
            itemName={displayName}
            removeBlockedBy={stage.applicationCount > 0 ? id("in-use") : undefined}
          />
        </div>
      </div>
      {collapsed && <p className="stage-summary">{stageSummary(stage, hasErrors)}</p>}
      <div id={id("body")} className="stage-editor-body" hidden={collapsed}>
        {stage.applicationCount > 0 && (
          <p id={id("in-use")} className="hint">
            {stage.applicationCount === 1
              ? "1 application is in this stage, so it cannot be removed."
              : `${stage.applicationCount} applications are in this stage, so it cannot be removed.`}
          </p>
        )}

        <div className="field-row">
          <Field id={id("name")} label="Name" required error={errors.name}>
            {(described) => (
              <input
                {...described}
                required
                maxLength={80}
                autoComplete="off"
                value={stage.name}
                onChange={(event) => onChange({ name: event.target.value })}
              />
            )}
          </Field>
          <SelectField
            id={id("type")}
            label="Type"
            required
            error={errors.type}
            options={labelledOptions(stageTypes, stageTypeLabels)}
            value={stage.type}
            onChange={(value) => onChange(changesForType(stage, value as StageType))}
          />
          {modes.length > 0 && (
            <SelectField
              id={id("mode")}
              label="Mode"
              error={errors.mode}
              options={labelledOptions(modes, stageModeLabels)}
              value={stage.mode ?? ""}
              onChange={(value) => onChange({ mode: (value || null) as StageMode | null })}
            />
          )}
        </div>

        {stage.type === "async_challenge" && (
          <div className="field-row">
            <ChallengeSelect
              stage={stage}
              challenges={challenges}
              id={id("challenge")}
              error={errors.challengeId}
              onChange={onChange}
            />
          </div>
        )}

        <div className="field-row">
          {kitKind !== null && (
            <SelectField
              id={id("kit")}
              label="Interview kit"
              hint="The questions and anchored rubric raters use in this stage."
              error={errors.kitVersionId}
              placeholder="No kit"
              options={kitOptions}
              value={stage.kitChoice}
              onChange={(kitChoice) => onChange({ kitChoice })}
            />
          )}
          {usesRaters && (
            <NumberField
              id={id("raters")}
              label="Required raters"
              required
              hint={
                interviewStageTypes.includes(stage.type)
                  ? "Live interviews need at least two independent raters."
                  : undefined
              }
              error={errors.requiredRaters}
              min={1}
              max={10}
              step={1}
              value={stage.requiredRaters}
              onChange={(text) => onChange({ requiredRaters: text })}
            />
          )}
          {!unscored && (
            <NumberField
              id={id("weight")}
              label="Weight"
              hint="Share of the decision formula, from 0 to 1 (0.25 is a quarter)."
              error={errors.weight}
              min={0}
              max={1}
              step={0.05}
              value={stage.weight}
              onChange={(text) => onChange({ weight: text })}
            />
          )}
          {deadlineStageTypes.includes(stage.type) && (
            <NumberField
              id={id("deadline")}
              label="Deadline in days"
              hint="Days the candidate has to hand in."
              error={errors.deadlineDays}
              min={1}
              max={60}
              step={1}
              value={stage.deadlineDays}
              onChange={(text) => onChange({ deadlineDays: text })}
            />
          )}
          {stage.type === "async_challenge" && (
            <NumberField
              id={id("max-submits")}
              label="Submits allowed"
              hint="How often a candidate may submit; the latest submit counts."
              error={errors.maxSubmits}
              min={1}
              max={20}
              step={1}
              value={stage.maxSubmits}
              onChange={(text) => onChange({ maxSubmits: text })}
            />
          )}
          <NumberField
            id={id("target-days")}
            label="Stalled after (days)"
            hint="Days an application may wait here before Home lists it as stalled."
            error={errors.targetDays}
            min={1}
            max={365}
            step={1}
            value={stage.targetDays}
            onChange={(text) => onChange({ targetDays: text })}
          />
        </div>

        {stage.type !== "decision" && (
          <div className="checkbox-field">
            <input
              id={id("blind")}
              type="checkbox"
              checked={stage.isBlind}
              aria-describedby={`${id("blind")}-hint${errors.isBlind ? ` ${id("blind")}-error` : ""}`}
              onChange={(event) => onChange({ isBlind: event.target.checked })}
            />
            <div>
              <label htmlFor={id("blind")}>Blind review</label>
              <p id={`${id("blind")}-hint`} className="hint">
                Raters see the work, not the candidate's name, resume or other scores.
              </p>
              {errors.isBlind && (
                <p id={`${id("blind")}-error`} className="field-error">
                  {errors.isBlind}
                </p>
              )}
            </div>
          </div>
        )}

        {usesRaters && (
          <fieldset
            className="fieldset interviewer-pool"
            aria-describedby={poolError ? `${id("pool")}-error` : undefined}
          >
            <legend>Interviewer pool</legend>
            {members.length === 0 ? (
              <p className="hint">No members to choose from.</p>
            ) : (
              <Checklist
                idPrefix={id("pool")}
                options={members.map((member) => ({
                  value: member.userId,
                  label: (
                    <>
                      {member.name} <span className="muted pool-role">{memberRoleLabels[member.role]}</span>
                    </>
                  ),
                }))}
                chosen={stage.interviewerPool}
                onChange={(interviewerPool) => onChange({ interviewerPool })}
              />
            )}
            {stage.interviewerPool.length === 0 && (
              <p className="pool-warning" id={`${id("pool")}-warning`}>
                Nobody is in this stage's pool, so any member can be scheduled to rate it. Choose the
                interviewers so that every candidate is rated by the same people.
              </p>
            )}
            {poolError && (
              <p id={`${id("pool")}-error`} className="field-error">
                {poolError}
              </p>
            )}
          </fieldset>
        )}

        {stage.type === "async_exercise" &&
          (stage.id && stage.savedType === "async_exercise" ? (
            <ExerciseDefinitionEditor stageId={stage.id} />
          ) : (
            <p className="notice">
              Save the plan to define this exercise's steps: they are kept with the saved stage.
            </p>
          ))}
      </div>
    </section>
  );
}
