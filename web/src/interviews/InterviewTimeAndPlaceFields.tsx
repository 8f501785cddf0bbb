import type { InterviewMode } from "../api/schema";
import { Field, NumberField } from "../ui/Field";
import { fieldMessage } from "../ui/field-message";
import { interviewModeLabels } from "./interviews";

const modes: readonly InterviewMode[] = ["onsite", "remote"];

/** The browser's IANA time zone: a datetime-local value is read in it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** When, for how long and where an interview is, as the schedule and reschedule forms edit it. */
export interface InterviewSlot {
  /** A datetime-local value: the browser's local time, no zone. */
  scheduledAt: string;
  /** The minutes as typed: the form converts them when it submits. */
  duration: string;
  mode: InterviewMode;
  room: string;
  videoLink: string;
}

/**
 * What the slot's fields share: the form's slot, one callback for every change (so the form can
 * clear its last failed attempt in one place) and that attempt's error, whose per-field messages
 * the fields show. `idPrefix` keeps two forms on one page apart.
 */
interface SlotFieldsProps {
  idPrefix: string;
  slot: InterviewSlot;
  onChange: (change: Partial<InterviewSlot>) => void;
  error: unknown;
}

/** The start (in the browser's time zone) and the duration of an interview. */
export function InterviewTimeFields({
  idPrefix,
  slot,
  onChange,
  error,
  minimumMinutes,
}: SlotFieldsProps & { minimumMinutes: number | null }) {
  return (
    <div className="field-row">
      <Field
        id={`${idPrefix}-at`}
        label="Date and time"
        required
        hint={`In your time zone (${browserTimeZone()}).`}
        error={fieldMessage(error, "scheduledAt")}
      >
        {(control) => (
          <input
            {...control}
            type="datetime-local"
            required
            value={slot.scheduledAt}
            onChange={(event) => onChange({ scheduledAt: event.target.value })}
          />
        )}
      </Field>
      <NumberField
        id={`${idPrefix}-duration`}
        label="Duration (minutes)"
        required
        hint={
          minimumMinutes === null
            ? "The stage's kit sets the minimum."
            : `The kit needs at least ${minimumMinutes} minutes.`
        }
        error={fieldMessage(error, "durationMinutes")}
        min={minimumMinutes ?? 5}
        max={600}
        step={5}
        value={slot.duration}
        onChange={(duration) => onChange({ duration })}
      />
    </div>
  );
}

/** Onsite with a room or remote with a video link, as the schedule and reschedule forms ask for them. */
export function InterviewPlaceFields({ idPrefix, slot, onChange, error }: SlotFieldsProps) {
  return (
    <fieldset className="fieldset">
      <legend>Mode</legend>
      <div className="radio-options">
        {modes.map((option) => (
          <div key={option} className="radio-option">
            <input
              id={`${idPrefix}-mode-${option}`}
              type="radio"
              name={`${idPrefix}-mode`}
              value={option}
              checked={slot.mode === option}
              onChange={() => onChange({ mode: option })}
            />
            <label htmlFor={`${idPrefix}-mode-${option}`}>{interviewModeLabels[option]}</label>
          </div>
        ))}
      </div>
      {slot.mode === "onsite" ? (
        <Field id={`${idPrefix}-room`} label="Room" required error={fieldMessage(error, "room")}>
          {(control) => (
            <input
              {...control}
              required
              maxLength={200}
              autoComplete="off"
              value={slot.room}
              onChange={(event) => onChange({ room: event.target.value })}
            />
          )}
        </Field>
      ) : (
        <Field
          id={`${idPrefix}-video-link`}
          label="Video link"
          required
          hint="An https:// link to the call. Blind reviewers do not see a link that names the candidate, so use a neutral one."
          error={fieldMessage(error, "videoLink")}
        >
          {(control) => (
            <input
              {...control}
              type="url"
              required
              inputMode="url"
              autoComplete="off"
              placeholder="https://"
              value={slot.videoLink}
              onChange={(event) => onChange({ videoLink: event.target.value })}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
