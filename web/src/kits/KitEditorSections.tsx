import { useState } from "react";
import type { KitContent, QuestionType } from "../api/schema";
import { toggled } from "../ui/Checklist";
import { Field, FieldMessage, NumberField, TextAreaField, TextField } from "../ui/Field";
import { PromptMarkdown } from "../ui/PromptMarkdown";
import {
  blankAttribute,
  blankCompetency,
  blankQuestion,
  editKit,
  itemAt,
  type KitProblems,
  move,
  plannedMinutes,
  problemAt,
} from "./kit-draft";
import { kitKindLabels, kitKinds, questionTypeLabels } from "./kits";

/** What every section gets: the kit, a way to change it, and the problems to show at fields. */
export interface SectionProps {
  kit: KitContent;
  problems: KitProblems;
  onChange: (kit: KitContent) => void;
}

const questionTypes = Object.keys(questionTypeLabels) as QuestionType[];

/** Whole minutes typed into a field; NaN while empty, which the schema reports at the field. */
function minutes(text: string): number {
  return text.trim() === "" ? Number.NaN : Number(text);
}

function shown(value: number): string {
  return Number.isNaN(value) ? "" : String(value);
}

/** The messages the schema gives a whole list or group, shown where that group starts. */
function GroupProblems({ problems, path, id }: { problems: KitProblems; path: string; id: string }) {
  return <FieldMessage id={id} message={problemAt(problems, path)} />;
}

function ItemActions({
  label,
  index,
  count,
  onMove,
  onRemove,
}: {
  label: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <div className="kit-item-actions">
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={index === 0}
        onClick={() => onMove(-1)}
      >
        Move up<span className="visually-hidden"> {label}</span>
      </button>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        Move down<span className="visually-hidden"> {label}</span>
      </button>
      <button type="button" className="button button-secondary button-small" onClick={onRemove}>
        Remove<span className="visually-hidden"> {label}</span>
      </button>
    </div>
  );
}

export function AboutSection({ kit, problems, onChange }: SectionProps) {
  const set = (edit: (draft: KitContent) => void) => onChange(editKit(kit, edit));
  const planned = plannedMinutes(kit);
  return (
    <fieldset className="kit-section">
      <legend>About the kit</legend>
      <div className="field-row">
        <TextField
          id="kit-title"
          label="Title"
          required
          value={kit.title ?? ""}
          error={problemAt(problems, "title")}
          onChange={(title) =>
            set((draft) => {
              draft.title = title;
            })
          }
        />
        <TextField
          id="kit-slug"
          label="Slug"
          required
          hint="Keep it to revise this kit; change it to start a kit of your own."
          value={kit.slug ?? ""}
          error={problemAt(problems, "slug")}
          onChange={(slug) =>
            set((draft) => {
              draft.slug = slug;
            })
          }
        />
        <Field id="kit-kind" label="Kind" required error={problemAt(problems, "kind")}>
          {(control) => (
            <select
              {...control}
              value={kit.kind ?? ""}
              onChange={(event) =>
                set((draft) => {
                  draft.kind = event.target.value as KitContent["kind"];
                })
              }
            >
              {kitKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {kitKindLabels[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <TextAreaField
        id="kit-summary"
        label="Summary"
        required
        error={problemAt(problems, "summary")}
        rows={2}
        value={kit.summary ?? ""}
        onChange={(text) =>
          set((draft) => {
            draft.summary = text;
          })
        }
      />
      <div className="field-row">
        <NumberField
          id="kit-minimum-duration"
          label="Minimum duration (minutes)"
          required
          min={1}
          value={shown(kit.minimumDurationMinutes)}
          error={problemAt(problems, "minimumDurationMinutes")}
          onChange={(text) =>
            set((draft) => {
              draft.minimumDurationMinutes = minutes(text);
            })
          }
        />
        <NumberField
          id="kit-minimum-questions"
          label="Minimum questions"
          required
          min={1}
          value={shown(kit.minimumQuestions)}
          error={problemAt(problems, "minimumQuestions")}
          onChange={(text) =>
            set((draft) => {
              draft.minimumQuestions = minutes(text);
            })
          }
        />
      </div>
      <p className="hint" aria-live="polite">
        The questions and the candidate's questions plan {planned} minutes.
      </p>
    </fieldset>
  );
}

export function CompetenciesSection({ kit, problems, onChange }: SectionProps) {
  const set = (edit: (draft: KitContent) => void) => onChange(editKit(kit, edit));
  return (
    <fieldset className="kit-section">
      <legend>Competencies</legend>
      <p className="hint">
        What the kit gathers evidence for. Every competency needs a question and a rubric attribute.
      </p>
      <GroupProblems problems={problems} path="competencies" id="kit-competencies" />
      {kit.competencies.map((competency, index) => {
        const label = `competency ${index + 1}`;
        const path = `competencies.${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, so the position is the identity
          <fieldset key={index} className="kit-item">
            <legend>Competency {index + 1}</legend>
            <GroupProblems problems={problems} path={path} id={`kit-${path}`} />
            <div className="field-row">
              <TextField
                id={`kit-competency-${index}-name`}
                label="Name"
                required
                value={competency.name ?? ""}
                error={problemAt(problems, `${path}.name`)}
                onChange={(name) =>
                  set((draft) => {
                    itemAt(draft.competencies, index).name = name;
                  })
                }
              />
              <TextField
                id={`kit-competency-${index}-id`}
                label="Id"
                required
                value={competency.id ?? ""}
                error={problemAt(problems, `${path}.id`)}
                onChange={(id) => set((draft) => renameCompetency(draft, index, id))}
              />
            </div>
            <TextAreaField
              id={`kit-competency-${index}-description`}
              label="Description"
              required
              error={problemAt(problems, `${path}.description`)}
              rows={2}
              value={competency.description ?? ""}
              onChange={(text) =>
                set((draft) => {
                  itemAt(draft.competencies, index).description = text;
                })
              }
            />
            <ItemActions
              label={label}
              index={index}
              count={kit.competencies.length}
              onMove={(by) => set((draft) => move(draft.competencies, index, by))}
              onRemove={() => set((draft) => void draft.competencies.splice(index, 1))}
            />
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => set((draft) => void draft.competencies.push(blankCompetency(draft)))}
      >
        Add competency
      </button>
    </fieldset>
  );
}

/** A renamed competency keeps its questions and attributes pointing at it. */
function renameCompetency(draft: KitContent, index: number, id: string) {
  const competency = itemAt(draft.competencies, index);
  const previous = competency.id;
  competency.id = id;
  for (const question of draft.questions) {
    question.competencyIds = question.competencyIds.map((ref) => (ref === previous ? id : ref));
  }
  for (const attribute of draft.rubric) if (attribute.competencyId === previous) attribute.competencyId = id;
}

export function QuestionsSection({ kit, problems, onChange }: SectionProps) {
  const set = (edit: (draft: KitContent) => void) => onChange(editKit(kit, edit));
  return (
    <fieldset className="kit-section">
      <legend>Questions</legend>
      <p className="hint">
        Asked in this order to every candidate. Prompts are Markdown; interviewers follow up only with the
        probes written here.
      </p>
      <GroupProblems problems={problems} path="questions" id="kit-questions" />
      {kit.questions.map((_question, index) => (
        <QuestionEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, so the position is the identity
          key={index}
          kit={kit}
          index={index}
          problems={problems}
          set={set}
        />
      ))}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => set((draft) => void draft.questions.push(blankQuestion(draft)))}
      >
        Add question
      </button>
    </fieldset>
  );
}

function QuestionEditor({
  kit,
  index,
  problems,
  set,
}: {
  kit: KitContent;
  index: number;
  problems: KitProblems;
  set: (edit: (draft: KitContent) => void) => void;
}) {
  const [previewing, setPreviewing] = useState(false);
  const question = itemAt(kit.questions, index);
  const path = `questions.${index}`;
  const prefix = `kit-question-${index}`;
  const label = `question ${index + 1}`;
  const change = (edit: (draftQuestion: KitContent["questions"][number]) => void) =>
    set((draft) => edit(itemAt(draft.questions, index)));
  const competencyProblem = [
    problemAt(problems, `${path}.competencyIds`),
    ...question.competencyIds.map((_, ref) => problemAt(problems, `${path}.competencyIds.${ref}`)),
  ]
    .filter(Boolean)
    .join("; ");

  return (
    <fieldset className="kit-item">
      <legend>Question {index + 1}</legend>
      <div className="field-row">
        <Field id={`${prefix}-type`} label="Type" required error={problemAt(problems, `${path}.type`)}>
          {(control) => (
            <select
              {...control}
              value={question.type ?? ""}
              onChange={(event) =>
                change((draft) => {
                  draft.type = event.target.value as QuestionType;
                })
              }
            >
              {questionTypes.map((type) => (
                <option key={type} value={type}>
                  {questionTypeLabels[type]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <NumberField
          id={`${prefix}-minutes`}
          label="Minutes"
          required
          min={1}
          value={shown(question.suggestedMinutes)}
          error={problemAt(problems, `${path}.suggestedMinutes`)}
          onChange={(text) =>
            change((draft) => {
              draft.suggestedMinutes = minutes(text);
            })
          }
        />
        <TextField
          id={`${prefix}-id`}
          label="Id"
          required
          value={question.id ?? ""}
          error={problemAt(problems, `${path}.id`)}
          onChange={(id) =>
            change((draft) => {
              draft.id = id;
            })
          }
        />
      </div>
      <Field
        id={`${prefix}-prompt`}
        label="Prompt"
        required
        hint="Markdown: **bold**, lists, `code`, links."
        error={problemAt(problems, `${path}.prompt`)}
      >
        {(control) =>
          previewing ? (
            <div className="kit-prompt-preview" id={control.id}>
              <PromptMarkdown markdown={question.prompt ?? ""} title="" />
            </div>
          ) : (
            <textarea
              {...control}
              rows={4}
              value={question.prompt ?? ""}
              onChange={(event) =>
                change((draft) => {
                  draft.prompt = event.target.value;
                })
              }
            />
          )
        }
      </Field>
      <button
        type="button"
        className="button button-secondary button-small"
        aria-pressed={previewing}
        onClick={() => setPreviewing(!previewing)}
      >
        {previewing ? "Edit prompt" : "Preview prompt"}
        <span className="visually-hidden"> of {label}</span>
      </button>

      <fieldset className="kit-subgroup" aria-describedby={`${prefix}-probes-error`}>
        <legend>Probes</legend>
        <FieldMessage id={`${prefix}-probes`} message={problemAt(problems, `${path}.probes`)} />
        {question.probes.map((probe, probeIndex) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: probes are plain text edited in place
          <div key={probeIndex} className="kit-list-row">
            <TextField
              id={`${prefix}-probe-${probeIndex}`}
              label={`Probe ${probeIndex + 1}`}
              value={probe}
              error={problemAt(problems, `${path}.probes.${probeIndex}`)}
              onChange={(text) =>
                change((draft) => {
                  draft.probes[probeIndex] = text;
                })
              }
            />
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => change((draft) => void draft.probes.splice(probeIndex, 1))}
            >
              Remove
              <span className="visually-hidden">
                {" "}
                probe {probeIndex + 1} of {label}
              </span>
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => change((draft) => void draft.probes.push(""))}
        >
          Add probe<span className="visually-hidden"> to {label}</span>
        </button>
      </fieldset>

      <fieldset className="kit-subgroup" aria-describedby={`${prefix}-competencies-error`}>
        <legend>Evidence for</legend>
        <FieldMessage id={`${prefix}-competencies`} message={competencyProblem || undefined} />
        <div className="checkbox-grid">
          {kit.competencies.map((competency, competencyIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: competency ids may repeat while being edited
            <div key={competencyIndex} className="checkbox-field">
              <input
                type="checkbox"
                id={`${prefix}-competency-${competencyIndex}`}
                checked={question.competencyIds.includes(competency.id)}
                onChange={(event) =>
                  change((draft) => {
                    draft.competencyIds = toggled(draft.competencyIds, competency.id, event.target.checked);
                  })
                }
              />
              <label htmlFor={`${prefix}-competency-${competencyIndex}`}>
                {competency.name || competency.id}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <ItemActions
        label={label}
        index={index}
        count={kit.questions.length}
        onMove={(by) => set((draft) => move(draft.questions, index, by))}
        onRemove={() => set((draft) => void draft.questions.splice(index, 1))}
      />
    </fieldset>
  );
}

export function RubricSection({ kit, problems, onChange }: SectionProps) {
  const set = (edit: (draft: KitContent) => void) => onChange(editKit(kit, edit));
  return (
    <fieldset className="kit-section">
      <legend>Rubric</legend>
      <p className="hint">
        Each attribute is rated 1 to 4. Every level needs an anchor: what a candidate at that level did or
        said, in concrete words, never a verdict like “good”.
      </p>
      <GroupProblems problems={problems} path="rubric" id="kit-rubric" />
      {kit.rubric.map((attribute, index) => {
        const path = `rubric.${index}`;
        const prefix = `kit-attribute-${index}`;
        const change = (edit: (draftAttribute: KitContent["rubric"][number]) => void) =>
          set((draft) => edit(itemAt(draft.rubric, index)));
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, so the position is the identity
          <fieldset key={index} className="kit-item">
            <legend>Attribute {index + 1}</legend>
            <div className="field-row">
              <TextField
                id={`${prefix}-name`}
                label="Name"
                required
                value={attribute.name ?? ""}
                error={problemAt(problems, `${path}.name`)}
                onChange={(name) =>
                  change((draft) => {
                    draft.name = name;
                  })
                }
              />
              <TextField
                id={`${prefix}-id`}
                label="Id"
                required
                value={attribute.id ?? ""}
                error={problemAt(problems, `${path}.id`)}
                onChange={(id) =>
                  change((draft) => {
                    draft.id = id;
                  })
                }
              />
              <Field
                id={`${prefix}-competency`}
                label="Competency"
                required
                error={problemAt(problems, `${path}.competencyId`)}
              >
                {(control) => (
                  <select
                    {...control}
                    value={attribute.competencyId ?? ""}
                    onChange={(event) =>
                      change((draft) => {
                        draft.competencyId = event.target.value;
                      })
                    }
                  >
                    {!kit.competencies.some((competency) => competency.id === attribute.competencyId) && (
                      <option value={attribute.competencyId ?? ""}>Choose a competency</option>
                    )}
                    {kit.competencies.map((competency) => (
                      <option key={competency.id} value={competency.id}>
                        {competency.name || competency.id}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <TextAreaField
              id={`${prefix}-description`}
              label="Description"
              required
              error={problemAt(problems, `${path}.description`)}
              rows={2}
              value={attribute.description ?? ""}
              onChange={(text) =>
                change((draft) => {
                  draft.description = text;
                })
              }
            />
            <FieldMessage id={`${prefix}-levels`} message={problemAt(problems, `${path}.levels`)} />
            <ol className="kit-levels">
              {attribute.levels.map((level, levelIndex) => {
                const levelPath = `${path}.levels.${levelIndex}`;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the four levels are fixed positions
                  <li key={levelIndex} className="kit-level">
                    <FieldMessage
                      id={`${prefix}-level-${levelIndex}`}
                      message={problemAt(problems, `${levelPath}.level`)}
                    />
                    <TextField
                      id={`${prefix}-level-${levelIndex}-label`}
                      label={`Level ${level.level ?? levelIndex + 1} label`}
                      required
                      value={level.label ?? ""}
                      error={problemAt(problems, `${levelPath}.label`)}
                      onChange={(text) =>
                        change((draft) => {
                          itemAt(draft.levels, levelIndex).label = text;
                        })
                      }
                    />
                    <TextAreaField
                      id={`${prefix}-level-${levelIndex}-anchor`}
                      label={`Level ${level.level ?? levelIndex + 1} anchor`}
                      required
                      error={problemAt(problems, `${levelPath}.anchor`)}
                      rows={2}
                      value={level.anchor ?? ""}
                      onChange={(text) =>
                        change((draft) => {
                          itemAt(draft.levels, levelIndex).anchor = text;
                        })
                      }
                    />
                  </li>
                );
              })}
            </ol>
            <ItemActions
              label={`attribute ${index + 1}`}
              index={index}
              count={kit.rubric.length}
              onMove={(by) => set((draft) => move(draft.rubric, index, by))}
              onRemove={() => set((draft) => void draft.rubric.splice(index, 1))}
            />
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => set((draft) => void draft.rubric.push(blankAttribute(draft)))}
      >
        Add attribute
      </button>
    </fieldset>
  );
}

export function ClosingSection({ kit, problems, onChange }: SectionProps) {
  const set = (edit: (draft: KitContent) => void) => onChange(editKit(kit, edit));
  return (
    <fieldset className="kit-section">
      <legend>Candidate's questions and interviewer guidance</legend>
      <div className="field-row">
        <NumberField
          id="kit-candidate-minutes"
          label="Minutes for the candidate's questions"
          required
          min={1}
          value={shown(kit.candidateQuestionsSegment.minutes)}
          error={problemAt(problems, "candidateQuestionsSegment.minutes")}
          onChange={(text) =>
            set((draft) => {
              draft.candidateQuestionsSegment.minutes = minutes(text);
            })
          }
        />
      </div>
      <TextAreaField
        id="kit-candidate-guidance"
        label="Guidance for the candidate's questions"
        required
        error={problemAt(problems, "candidateQuestionsSegment.guidance")}
        rows={2}
        value={kit.candidateQuestionsSegment.guidance ?? ""}
        onChange={(text) =>
          set((draft) => {
            draft.candidateQuestionsSegment.guidance = text;
          })
        }
      />
      <fieldset className="kit-subgroup">
        <legend>Rules for interviewers</legend>
        <FieldMessage id="kit-guidance" message={problemAt(problems, "interviewerGuidance")} />
        {kit.interviewerGuidance.map((rule, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rules are plain text edited in place
          <div key={index} className="kit-list-row">
            <TextField
              id={`kit-guidance-${index}`}
              label={`Rule ${index + 1}`}
              value={rule}
              error={problemAt(problems, `interviewerGuidance.${index}`)}
              onChange={(text) =>
                set((draft) => {
                  draft.interviewerGuidance[index] = text;
                })
              }
            />
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => set((draft) => void draft.interviewerGuidance.splice(index, 1))}
            >
              Remove<span className="visually-hidden"> rule {index + 1}</span>
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => set((draft) => void draft.interviewerGuidance.push(""))}
        >
          Add rule
        </button>
      </fieldset>
    </fieldset>
  );
}
