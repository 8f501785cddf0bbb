import { useState } from "react";
import type { Member, TrialDayOfApplication, TrialDaySessionInput } from "../api/schema";
import { useMembers } from "../settings/members";
import { toggled } from "../ui/Checklist";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { sessionKindLabels, useSavePlan } from "./trial-days";

type SessionDraft = Required<Omit<TrialDaySessionInput, "id" | "room">> & {
  id?: string;
  room: string;
  key: string;
};

let nextKey = 0;
const newKey = () => `session-${++nextKey}`;

function blankSession(kind: SessionDraft["kind"], startTime: string, endTime: string): SessionDraft {
  const titles = {
    pairing: "Pairing on the ticket",
    design_discussion: "Design discussion",
    team_meeting: "Team meeting",
    lunch: "Team lunch",
    other: "",
  } as const;
  return {
    key: newKey(),
    kind,
    title: titles[kind],
    startTime,
    endTime,
    room: "",
    hostIds: [],
    observerIds: [],
    behaviourIds: [],
  };
}

function draftsOf(data: TrialDayOfApplication): SessionDraft[] {
  const day = data.trialDay;
  if (!day) {
    return [
      blankSession("pairing", "09:30", "12:00"),
      blankSession("lunch", "12:00", "13:00"),
      blankSession("design_discussion", "13:00", "14:00"),
    ];
  }
  return day.sessions.map((session) => ({
    key: newKey(),
    id: session.id,
    kind: session.kind,
    title: session.title,
    startTime: session.startTime,
    endTime: session.endTime,
    room: session.room ?? "",
    hostIds: session.hostIds,
    observerIds: session.observerIds,
    behaviourIds: session.chosenBehaviourIds,
  }));
}

/** The day's plan: date, the candidate's zone, place and an agenda of sessions with hosts and observers. */
export function TrialDayPlanner({ data }: { data: TrialDayOfApplication }) {
  const day = data.trialDay;
  const members = useMembers();
  const save = useSavePlan(data.applicationId);
  const [date, setDate] = useState(day?.date ?? "");
  const [timeZone, setTimeZone] = useState(day?.candidateTimeZone ?? "");
  const [dayStart, setDayStart] = useState(day?.dayStart ?? "09:00");
  const [dayEnd, setDayEnd] = useState(day?.dayEnd ?? "17:00");
  const [location, setLocation] = useState(day?.location ?? "");
  const [sessions, setSessions] = useState<SessionDraft[]>(() => draftsOf(data));
  const update = (key: string, change: Partial<SessionDraft>) =>
    setSessions((current) =>
      current.map((session) => (session.key === key ? { ...session, ...change } : session)),
    );
  const people = members.data?.items ?? [];
  const isSent = day?.status === "sent";

  return (
    <form
      className="panel trial-day-planner"
      aria-labelledby="trial-day-plan-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({
          date,
          candidateTimeZone: timeZone.trim(),
          dayStart,
          dayEnd,
          location: location.trim(),
          sessions: sessions.map(({ key: _key, room, ...session }) => ({
            ...session,
            room: room.trim() === "" ? null : room.trim(),
          })),
        });
      }}
    >
      <h2 id="trial-day-plan-heading">{day ? "The plan" : "Plan the trial day"}</h2>
      <p className="hint">
        Times are the candidate's local times on the day. Every scored session needs at least one observer;
        lunch is optional for the candidate and nobody rates it.
      </p>
      <div className="trial-day-frame">
        <Field id="trial-day-date" label="Date" required error={fieldMessage(save.error, "date")}>
          {(control) => (
            <input
              {...control}
              type="date"
              required
              value={date}
              onChange={(event) => setDate(event.target.value)}
            />
          )}
        </Field>
        <Field
          id="trial-day-zone"
          label="Candidate's time zone"
          required
          hint="An IANA name, e.g. Europe/Lisbon"
          error={fieldMessage(save.error, "candidateTimeZone")}
        >
          {(control) => (
            <input
              {...control}
              required
              value={timeZone}
              onChange={(event) => setTimeZone(event.target.value)}
            />
          )}
        </Field>
        <Field id="trial-day-start" label="Day starts" required error={fieldMessage(save.error, "dayStart")}>
          {(control) => (
            <input
              {...control}
              type="time"
              required
              value={dayStart}
              onChange={(event) => setDayStart(event.target.value)}
            />
          )}
        </Field>
        <Field id="trial-day-end" label="Day ends" required error={fieldMessage(save.error, "dayEnd")}>
          {(control) => (
            <input
              {...control}
              type="time"
              required
              value={dayEnd}
              onChange={(event) => setDayEnd(event.target.value)}
            />
          )}
        </Field>
        <Field
          id="trial-day-location"
          label="Location"
          required
          hint="The office address the candidate comes to"
          error={fieldMessage(save.error, "location")}
          className="field trial-day-location"
        >
          {(control) => (
            <input
              {...control}
              required
              maxLength={300}
              value={location}
              onChange={(event) => setLocation(event.target.value)}
            />
          )}
        </Field>
      </div>
      <h3>Agenda</h3>
      <ol className="trial-day-sessions">
        {sessions.map((session, index) => (
          <li key={session.key}>
            <SessionEditor
              index={index}
              session={session}
              people={people}
              error={save.error}
              onChange={(change) => update(session.key, change)}
              onRemove={
                sessions.length > 1
                  ? () => setSessions((current) => current.filter((s) => s.key !== session.key))
                  : null
              }
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          const last = sessions.at(-1);
          setSessions([
            ...sessions,
            blankSession("other", last?.endTime ?? "09:00", last?.endTime ?? "10:00"),
          ]);
        }}
      >
        Add a session
      </button>
      <FormError
        error={save.error}
        labelFor={(path) => {
          const match = /^sessions\.(\d+)\.?(.*)$/.exec(path);
          if (!match)
            return (
              { date: "Date", candidateTimeZone: "Time zone", dayEnd: "Day ends", location: "Location" }[
                path
              ] ?? path
            );
          const title = sessions[Number(match[1])]?.title || `Session ${Number(match[1]) + 1}`;
          return `${title}`;
        }}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? "Saving…" : isSent ? "Save and send an update" : "Save the draft"}
        </button>
        {save.isSuccess && !save.isPending && (
          <span role="status" className="muted">
            {isSent ? "Saved; everyone was sent the update." : "Saved."}
          </span>
        )}
      </div>
    </form>
  );
}

function SessionEditor({
  index,
  session,
  people,
  error,
  onChange,
  onRemove,
}: {
  index: number;
  session: SessionDraft;
  people: Member[];
  error: unknown;
  onChange: (change: Partial<SessionDraft>) => void;
  onRemove: (() => void) | null;
}) {
  const id = `session-${session.key}`;
  const at = (field: string) => fieldMessage(error, `sessions.${index}.${field}`);
  const isLunch = session.kind === "lunch";
  return (
    <fieldset className="fieldset trial-day-session">
      <legend>
        Session {index + 1}: {session.title || "untitled"}
      </legend>
      <div className="trial-day-session-grid">
        <Field id={`${id}-kind`} label="Kind" required className="field trial-day-kind">
          {(control) => (
            <select
              {...control}
              value={session.kind}
              onChange={(event) => {
                const kind = event.target.value as SessionDraft["kind"];
                onChange({ kind, ...(kind === "lunch" ? { observerIds: [], behaviourIds: [] } : {}) });
              }}
            >
              {Object.entries(sessionKindLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={`${id}-title`}
          label="Title"
          required
          error={at("title")}
          className="field trial-day-session-title"
        >
          {(control) => (
            <input
              {...control}
              required
              maxLength={120}
              value={session.title}
              onChange={(event) => onChange({ title: event.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-start`} label="Starts" required error={at("startTime")}>
          {(control) => (
            <input
              {...control}
              type="time"
              required
              value={session.startTime}
              onChange={(event) => onChange({ startTime: event.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-end`} label="Ends" required error={at("endTime")}>
          {(control) => (
            <input
              {...control}
              type="time"
              required
              value={session.endTime}
              onChange={(event) => onChange({ endTime: event.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-room`} label="Room" error={at("room")}>
          {(control) => (
            <input
              {...control}
              maxLength={120}
              value={session.room}
              onChange={(event) => onChange({ room: event.target.value })}
            />
          )}
        </Field>
      </div>
      <PeoplePicker
        legend="Hosts"
        name={`${id}-hosts`}
        people={people}
        chosen={session.hostIds}
        error={at("hostIds")}
        onChange={(hostIds) => onChange({ hostIds })}
      />
      {isLunch ? (
        <p className="hint">
          Lunch is optional for the candidate and unscored: it has no observers and no form.
        </p>
      ) : (
        <PeoplePicker
          legend="Observers (at least one; they file a form for this session)"
          name={`${id}-observers`}
          people={people}
          chosen={session.observerIds}
          error={at("observerIds")}
          onChange={(observerIds) => onChange({ observerIds })}
        />
      )}
      {onRemove && (
        <button type="button" className="button button-secondary" onClick={onRemove}>
          Remove session {index + 1}
        </button>
      )}
    </fieldset>
  );
}

function PeoplePicker({
  legend,
  name,
  people,
  chosen,
  error,
  onChange,
}: {
  legend: string;
  name: string;
  people: Member[];
  chosen: string[];
  error: string | undefined;
  onChange: (ids: string[]) => void;
}) {
  return (
    <fieldset className="trial-day-people" aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {people.length === 0 ? (
        <p className="muted">Loading the organisation's members…</p>
      ) : (
        <div className="checkbox-grid trial-day-people-options">
          {people.map((person) => {
            const id = `${name}-${person.userId}`;
            return (
              <div key={person.userId} className="checkbox-field">
                <input
                  id={id}
                  type="checkbox"
                  checked={chosen.includes(person.userId)}
                  onChange={(event) => onChange(toggled(chosen, person.userId, event.target.checked))}
                />
                <label htmlFor={id}>{person.name}</label>
              </div>
            );
          })}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
