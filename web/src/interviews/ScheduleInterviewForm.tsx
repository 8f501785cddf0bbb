import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import type { ApplicationSummary, Member, PlanStage } from "../api/schema";
import { toggled } from "../ui/Checklist";
import { FieldMessage, SelectField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { formatDateTime, localInputToIso } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { ApplicationCombobox } from "./ApplicationCombobox";
import { InterviewPlaceFields, type InterviewSlot, InterviewTimeFields } from "./InterviewTimeAndPlaceFields";
import {
  requiredInterviewers,
  schedulableStageTypes,
  useKitVersion,
  useMembers,
  useRolePlan,
  useScheduleInterview,
} from "./interviews";

/** The form's own field names, for matching the API's per-field messages; the slot's fields match theirs. */
type ScheduleField = "applicationId" | "stageId" | "interviewerIds";

export function ScheduleInterviewForm() {
  const members = useMembers(true);
  const schedule = useScheduleInterview();

  const [application, setApplication] = useState<ApplicationSummary | null>(null);
  const [stageId, setStageId] = useState("");
  // Only what the person set: the duration and the mode follow the chosen stage until they do.
  const [slotEdits, setSlotEdits] = useState<Partial<InterviewSlot>>({});
  const [interviewerIds, setInterviewerIds] = useState<string[]>([]);
  const [scheduled, setScheduled] = useState<{ id: string; label: string } | null>(null);

  const plan = useRolePlan(application?.role.id ?? null);
  const stages = (plan.data?.stages ?? []).filter(
    (stage) => schedulableStageTypes.includes(stage.type) && stage.kitVersionId !== null,
  );
  const stage = stages.find((candidate) => candidate.id === stageId) ?? null;
  const kit = useKitVersion(stage?.kitVersionId ?? null);
  const minimumMinutes = kit.data?.content.minimumDurationMinutes ?? null;
  const stageMode = stage?.mode === "onsite" || stage?.mode === "remote" ? stage.mode : null;
  const slot: InterviewSlot = {
    scheduledAt: "",
    duration: minimumMinutes === null ? "" : String(minimumMinutes),
    mode: stageMode ?? "remote",
    room: "",
    videoLink: "",
    ...slotEdits,
  };
  const pool = stage && stage.interviewerPool.length > 0 ? new Set(stage.interviewerPool) : null;
  const eligibleMembers = (members.data?.items ?? []).filter((member) => !pool || pool.has(member.userId));

  const problem = (field: ScheduleField) => fieldMessage(schedule.error, field);

  function edited() {
    schedule.reset();
    setScheduled(null);
  }

  function editSlot(change: Partial<InterviewSlot>) {
    edited();
    setSlotEdits((current) => ({ ...current, ...change }));
  }

  /** Another stage brings its own duration and mode; the time and place typed so far stay. */
  function forgetStageDefaults() {
    setSlotEdits(({ duration: _duration, mode: _mode, ...timeAndPlace }) => timeAndPlace);
  }

  function chooseApplication(chosen: ApplicationSummary | null) {
    edited();
    setApplication(chosen);
    setStageId("");
    forgetStageDefaults();
    setInterviewerIds([]);
  }

  function chooseStage(id: string) {
    edited();
    setStageId(id);
    forgetStageDefaults();
    setInterviewerIds([]);
  }

  function toggleInterviewer(userId: string, checked: boolean) {
    edited();
    setInterviewerIds((current) => toggled(current, userId, checked));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    schedule.mutate(
      {
        applicationId: application?.id ?? "",
        stageId,
        // datetime-local has no time zone: it is the browser's local time, sent as an instant.
        scheduledAt: localInputToIso(slot.scheduledAt) ?? "",
        durationMinutes: Number(slot.duration),
        interviewerIds,
        mode: slot.mode,
        ...(slot.mode === "onsite" ? { room: slot.room.trim() } : { videoLink: slot.videoLink.trim() }),
      },
      {
        onSuccess: (interview) => {
          setScheduled({
            id: interview.id,
            label: `${interview.stage.name} on ${formatDateTime(interview.scheduledAt)}`,
          });
          setSlotEdits((current) => ({ ...current, scheduledAt: "" }));
          setInterviewerIds([]);
        },
      },
    );
  }

  return (
    <section aria-labelledby="schedule-heading" className="panel schedule-panel">
      <h2 id="schedule-heading">Schedule an interview</h2>
      {members.isPending && <Loading what="members" />}
      {members.isError && <LoadFailed error={members.error} onRetry={() => void members.refetch()} />}
      {members.data && (
        <form className="form schedule-form" onSubmit={submit} noValidate>
          <div className="field-row">
            <ApplicationCombobox
              chosen={application}
              onChoose={chooseApplication}
              error={problem("applicationId")}
            />
            <SelectField
              id="schedule-stage"
              label="Stage"
              required
              hint={stageHint(application, plan.isPending, plan.isError, stages, stage)}
              error={problem("stageId")}
              disabled={!application}
              placeholder={application ? "Choose a stage of the role's plan" : "Choose an application first"}
              options={stages.map((option) => ({ value: option.id, label: stageLabel(option) }))}
              value={stageId}
              onChange={chooseStage}
            />
          </div>

          <InterviewTimeFields
            idPrefix="schedule"
            slot={slot}
            onChange={editSlot}
            error={schedule.error}
            minimumMinutes={minimumMinutes}
          />

          <fieldset className="fieldset" aria-describedby="schedule-interviewers-hint">
            <legend>
              Interviewers{" "}
              <span className="required-mark" aria-hidden="true">
                *
              </span>
            </legend>
            <p id="schedule-interviewers-hint" className="hint">
              {stage
                ? `At least ${requiredInterviewers(stage)} independent interviewers, each filing their own scorecard.${
                    pool
                      ? " Only the stage's interviewer pool is listed: the same people interview every candidate."
                      : ""
                  }`
                : "Choose a stage to see who may interview in it."}
            </p>
            {stage && (
              <div className="checkbox-grid">
                {eligibleMembers.map((member) => (
                  <InterviewerCheckbox
                    key={member.userId}
                    member={member}
                    checked={interviewerIds.includes(member.userId)}
                    onChange={(checked) => toggleInterviewer(member.userId, checked)}
                  />
                ))}
              </div>
            )}
            <FieldMessage id="schedule-interviewers" message={problem("interviewerIds")} />
          </fieldset>

          <InterviewPlaceFields idPrefix="schedule" slot={slot} onChange={editSlot} error={schedule.error} />

          <FormError error={schedule.error} />
          <p role="status" className="form-success">
            {scheduled && (
              <>
                Interview scheduled: {scheduled.label}.{" "}
                <Link to={`/interviews/${scheduled.id}`}>Open the interview</Link>
              </>
            )}
          </p>
          <button type="submit" className="button" disabled={schedule.isPending}>
            Schedule interview
          </button>
        </form>
      )}
    </section>
  );
}

function InterviewerCheckbox({
  member,
  checked,
  onChange,
}: {
  member: Member;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = `schedule-interviewer-${member.userId}`;
  return (
    <div className="checkbox-field">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>
        {member.name} <span className="muted">({member.email})</span>
      </label>
    </div>
  );
}

function stageLabel(stage: PlanStage): string {
  return `${stage.position}. ${stage.name}${stage.isBlind ? " (blind review)" : ""}`;
}

function stageHint(
  application: ApplicationSummary | null,
  planPending: boolean,
  planFailed: boolean,
  stages: PlanStage[],
  stage: PlanStage | null,
): string {
  if (!application) return "The stages of the application's role.";
  if (planPending) return "Loading the role's plan…";
  if (planFailed) return "The role's plan could not be loaded.";
  if (stages.length === 0) return "This role's plan has no interview or review stage with a kit yet.";
  if (stage?.isBlind) return "Blind review: interviewers see a pseudonym, never the candidate's name.";
  return "Only interview and review stages with a kit are listed.";
}
