import { type FormEvent, useState } from "react";
import { NumberField, TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import {
  useSendSlackTest,
  useSetSlackWebhook,
  useSetTeamMembers,
  useUpdateTeamSettings,
} from "./team-practices";
import type { PracticeTeam } from "./types";

/** Managers: who is in the team, its working hours, and its Slack webhook. */
export function TeamSettingsPage({ team }: { team: PracticeTeam }) {
  return (
    <section aria-labelledby="settings-heading">
      <title>{`Members & settings – ${team.name} – Evident`}</title>
      <h2 id="settings-heading">Members &amp; settings</h2>
      <MembersForm team={team} />
      <HoursForm team={team} />
      <SlackForm team={team} />
    </section>
  );
}

function MembersForm({ team }: { team: PracticeTeam }) {
  const save = useSetTeamMembers(team.id);
  const [chosen, setChosen] = useState(() => new Set(team.members.map((member) => member.id)));
  const [isSaved, setIsSaved] = useState(false);

  function toggle(userId: string, isChecked: boolean) {
    setIsSaved(false);
    setChosen((current) => {
      const next = new Set(current);
      if (isChecked) next.add(userId);
      else next.delete(userId);
      return next;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate([...chosen], { onSuccess: () => setIsSaved(true) });
  }

  return (
    <form className="form panel" onSubmit={submit}>
      <fieldset>
        <legend>Members</legend>
        <p className="hint">Members write updates, take part in retros and may import their calendar.</p>
        <ul className="bare-list checkbox-grid member-choices">
          {team.organizationMembers.map((member) => (
            <li key={member.id} className="checkbox-field">
              <input
                id={`team-member-${member.id}`}
                type="checkbox"
                checked={chosen.has(member.id)}
                onChange={(event) => toggle(member.id, event.target.checked)}
              />
              <label htmlFor={`team-member-${member.id}`}>{member.name}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <FormError error={save.error} fieldLabels={{ userIds: "Members" }} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          Save members
        </button>
        {isSaved && (
          <p role="status" className="muted">
            Saved.
          </p>
        )}
      </div>
    </form>
  );
}

function HoursForm({ team }: { team: PracticeTeam }) {
  const save = useUpdateTeamSettings(team.id);
  const [timeZone, setTimeZone] = useState(team.settings.timeZone);
  const [start, setStart] = useState(String(team.settings.workdayStartHour));
  const [end, setEnd] = useState(String(team.settings.workdayEndHour));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ timeZone, workdayStartHour: Number(start), workdayEndHour: Number(end) });
  }

  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="hours-heading">
      <h3 id="hours-heading">Working hours</h3>
      <p className="hint">
        Focus time is counted within these hours, Monday to Friday, and weeks start on Monday here.
      </p>
      <div className="field-row">
        <TextField
          id="team-time-zone"
          label="Time zone"
          hint="An IANA name, e.g. Europe/Berlin."
          maxLength={100}
          error={fieldMessage(save.error, "timeZone")}
          value={timeZone}
          onChange={setTimeZone}
        />
        <NumberField
          id="team-day-start"
          label="Day starts (hour)"
          min={0}
          max={23}
          error={fieldMessage(save.error, "workdayStartHour")}
          value={start}
          onChange={setStart}
        />
        <NumberField
          id="team-day-end"
          label="Day ends (hour)"
          min={1}
          max={24}
          error={fieldMessage(save.error, "workdayEndHour")}
          value={end}
          onChange={setEnd}
        />
      </div>
      <FormError
        error={save.error}
        fieldLabels={{ timeZone: "Time zone", workdayStartHour: "Day starts", workdayEndHour: "Day ends" }}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          Save hours
        </button>
        {save.isSuccess && (
          <p role="status" className="muted">
            Saved.
          </p>
        )}
      </div>
    </form>
  );
}

function SlackForm({ team }: { team: PracticeTeam }) {
  const save = useSetSlackWebhook(team.id);
  const test = useSendSlackTest(team.id);
  const [url, setUrl] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(url, { onSuccess: () => setUrl("") });
  }

  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="slack-heading">
      <h3 id="slack-heading">Slack</h3>
      <p role="status">
        {team.settings.hasSlackWebhook
          ? "Update prompts and digests also go to this team's Slack channel. The webhook is stored encrypted and never shown."
          : "No Slack webhook: prompts and digests go by email only."}
      </p>
      <TextField
        id="team-slack-url"
        type="url"
        label={team.settings.hasSlackWebhook ? "Replace the incoming webhook URL" : "Incoming webhook URL"}
        hint="https://hooks.slack.com/services/…"
        maxLength={2000}
        error={fieldMessage(save.error, "url")}
        value={url}
        onChange={setUrl}
      />
      <FormError error={save.error} fieldLabels={{ url: "Incoming webhook URL" }} />
      <FormError error={test.error} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending || url.trim() === ""}>
          Save webhook
        </button>
        {team.settings.hasSlackWebhook && (
          <>
            <button
              type="button"
              className="button button-secondary"
              disabled={test.isPending}
              onClick={() => test.mutate()}
            >
              Send a test message
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={save.isPending}
              onClick={() => save.mutate(null)}
            >
              Remove webhook
            </button>
          </>
        )}
        {test.isSuccess && (
          <p role="status" className="muted">
            Test message sent.
          </p>
        )}
      </div>
    </form>
  );
}
