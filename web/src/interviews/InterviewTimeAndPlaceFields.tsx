import type { InterviewMode } from "../api/schema";
import { Field, NumberField } from "../ui/Field";
import { interviewModeLabels } from "./interviews";

const modes: readonly InterviewMode[] = ["onsite", "remote"];

/** The browser's IANA time zone: a datetime-local value is read in it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A datetime-local value (the browser's local time, no zone) as an instant, or "" when it is not one. */
export function localDateTimeToIso(value: string): string {
  const startsAt = value ? new Date(value) : null;
  return startsAt && !Number.isNaN(startsAt.getTime()) ? startsAt.toISOString() : "";
}

/** An instant as a datetime-local value in the browser's time zone, to start a form from it. */
export function isoToLocalDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The start (in the browser's time zone) and the duration of an interview, as the schedule and
 * reschedule forms ask for them. `idPrefix` keeps two forms on one page apart.
 */
export function InterviewTimeFields({
  idPrefix,
  scheduledAt,
  onScheduledAt,
  duration,
  onDuration,
  minimumMinutes,
  errors,
}: {
  idPrefix: string;
  scheduledAt: string;
  onScheduledAt: (value: string) => void;
  duration: string;
  onDuration: (text: string) => void;
  minimumMinutes: number | null;
  errors: { scheduledAt: string | undefined; durationMinutes: string | undefined };
}) {
  return (
    <div className="field-row">
      <Field
        id={`${idPrefix}-at`}
        label="Date and time"
        required
        hint={`In your time zone (${browserTimeZone()}).`}
        error={errors.scheduledAt}
      >
        {(control) => (
          <input
            {...control}
            type="datetime-local"
            required
            value={scheduledAt}
            onChange={(event) => onScheduledAt(event.target.value)}
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
        error={errors.durationMinutes}
        min={minimumMinutes ?? 5}
        max={600}
        step={5}
        value={duration}
        onChange={onDuration}
      />
    </div>
  );
}

/** Onsite with a room or remote with a video link, as the schedule and reschedule forms ask for them. */
export function InterviewPlaceFields({
  idPrefix,
  mode,
  onMode,
  room,
  onRoom,
  videoLink,
  onVideoLink,
  errors,
}: {
  idPrefix: string;
  mode: InterviewMode;
  onMode: (mode: InterviewMode) => void;
  room: string;
  onRoom: (value: string) => void;
  videoLink: string;
  onVideoLink: (value: string) => void;
  errors: { room: string | undefined; videoLink: string | undefined };
}) {
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
              checked={mode === option}
              onChange={() => onMode(option)}
            />
            <label htmlFor={`${idPrefix}-mode-${option}`}>{interviewModeLabels[option]}</label>
          </div>
        ))}
      </div>
      {mode === "onsite" ? (
        <Field id={`${idPrefix}-room`} label="Room" required error={errors.room}>
          {(control) => (
            <input
              {...control}
              required
              maxLength={200}
              autoComplete="off"
              value={room}
              onChange={(event) => onRoom(event.target.value)}
            />
          )}
        </Field>
      ) : (
        <Field
          id={`${idPrefix}-video-link`}
          label="Video link"
          required
          hint="An https:// link to the call. Blind reviewers do not see a link that names the candidate, so use a neutral one."
          error={errors.videoLink}
        >
          {(control) => (
            <input
              {...control}
              type="url"
              required
              inputMode="url"
              autoComplete="off"
              placeholder="https://"
              value={videoLink}
              onChange={(event) => onVideoLink(event.target.value)}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
