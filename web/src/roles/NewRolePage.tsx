import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Seniority } from "../api/schema";
import { Breadcrumb } from "../ui/Breadcrumb";
import { labelledOptions, NumberField, SelectField, TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { seniorities, seniorityLabels, useCanEditRoles, useCreateRole, useTeamChoices } from "./roles";

const fieldLabels: Record<string, string> = {
  title: "Title",
  team: "Team",
  teamId: "Team",
  seniority: "Seniority",
  techStack: "Tech stack",
  officeLocations: "Office locations",
  timezone: "Accepted time zones",
  "timezone.fromUtcOffset": "Accepted time zones from",
  "timezone.toUtcOffset": "Accepted time zones to",
  complianceNeeds: "Compliance needs",
  headcount: "Headcount",
  hireThreshold: "Hire threshold",
};

/** The team select's value for "a team not in the list". */
const otherTeam = "other";

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function NewRolePage() {
  const canEdit = useCanEditRoles();

  return (
    <article className="page">
      <title>Open a role – Roles – Evident</title>
      <Breadcrumb to="/roles">Roles</Breadcrumb>
      <h1>Open a role</h1>
      {canEdit ? (
        <NewRoleForm />
      ) : (
        <p className="notice">Only admins, recruiters and hiring managers can open roles.</p>
      )}
    </article>
  );
}

function NewRoleForm() {
  const navigate = useNavigate();
  const createRole = useCreateRole();
  const [title, setTitle] = useState("");
  const [team, setTeam] = useState("");
  // The team the hire will join: one of the organisation's teams, or a name typed when none fits
  // (the role is then linked to no team, and an admin links it later).
  const teamChoices = useTeamChoices();
  const teams = teamChoices.data?.items ?? [];
  const [teamId, setTeamId] = useState("");
  const typingTeamName = teams.length === 0 || teamId === otherTeam;
  const [seniority, setSeniority] = useState<Seniority | "">("");
  const [techStack, setTechStack] = useState("");
  const [officeLocations, setOfficeLocations] = useState("");
  const [timezoneFrom, setTimezoneFrom] = useState("");
  const [timezoneTo, setTimezoneTo] = useState("");
  const [complianceNeeds, setComplianceNeeds] = useState("");
  const [headcount, setHeadcount] = useState("1");
  const [hireThreshold, setHireThreshold] = useState("3");
  const error = createRole.error;
  const timezoneBandError = fieldMessage(error, "timezone", { exact: true });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (seniority === "") return;
    createRole.mutate(
      {
        title: title.trim(),
        ...(typingTeamName
          ? { team: team.trim() }
          : { team: teams.find((choice) => choice.id === teamId)?.name ?? "", teamId }),
        seniority,
        techStack: splitList(techStack),
        officeLocations: splitList(officeLocations),
        timezone: { fromUtcOffset: Number(timezoneFrom), toUtcOffset: Number(timezoneTo) },
        complianceNeeds: splitList(complianceNeeds),
        headcount: Number(headcount),
        status: "draft",
        hireThreshold: Number(hireThreshold),
      },
      { onSuccess: (role) => void navigate(`/roles/${role.id}`) },
    );
  }

  return (
    <form className="form panel role-form" onSubmit={submit} aria-describedby="new-role-required-note">
      <p id="new-role-required-note" className="muted">
        Fields marked * are required. The role starts as a draft.
      </p>
      <div className="field-row">
        <TextField
          id="role-title"
          label="Title"
          required
          error={fieldMessage(error, "title")}
          maxLength={120}
          value={title}
          onChange={setTitle}
        />
        {teams.length > 0 ? (
          <SelectField
            id="role-team-choice"
            label="Team"
            required
            hint="The team the hire joins; its outcomes are measured after the hire."
            error={fieldMessage(error, "teamId")}
            placeholder="Choose a team"
            options={[
              ...teams.map((choice) => ({ value: choice.id, label: `${choice.name} (${choice.workModel})` })),
              { value: otherTeam, label: "Another team (type its name)" },
            ]}
            value={teamId}
            onChange={setTeamId}
          />
        ) : null}
        {typingTeamName ? (
          <TextField
            id="role-team"
            label={teams.length > 0 ? "Team name" : "Team"}
            required
            hint={
              teams.length > 0
                ? "Not linked to a team yet: an admin can add it under Outcomes → Teams."
                : "No teams are set up yet (admins add them under Outcomes → Teams)."
            }
            error={fieldMessage(error, "team")}
            maxLength={120}
            value={team}
            onChange={setTeam}
          />
        ) : null}
        <SelectField
          id="role-seniority"
          label="Seniority"
          required
          error={fieldMessage(error, "seniority")}
          placeholder="Choose a level"
          options={labelledOptions(seniorities, seniorityLabels)}
          value={seniority}
          onChange={(value) => setSeniority(value as Seniority | "")}
        />
      </div>

      <div className="field-row">
        <TextField
          id="role-tech-stack"
          label="Tech stack"
          hint="Comma-separated, for example: TypeScript, PostgreSQL, Kafka."
          error={fieldMessage(error, "techStack")}
          value={techStack}
          onChange={setTechStack}
        />
        <TextField
          id="role-office-locations"
          label="Office locations"
          hint="Comma-separated offices the role can work from."
          error={fieldMessage(error, "officeLocations")}
          value={officeLocations}
          onChange={setOfficeLocations}
        />
        <TextField
          id="role-compliance-needs"
          label="Compliance needs"
          hint="Comma-separated, for example: SOC 2, PCI DSS."
          error={fieldMessage(error, "complianceNeeds")}
          value={complianceNeeds}
          onChange={setComplianceNeeds}
        />
      </div>

      <fieldset
        className="fieldset"
        aria-describedby={timezoneBandError ? "role-timezone-hint role-timezone-error" : "role-timezone-hint"}
      >
        <legend>Accepted time zones</legend>
        <p id="role-timezone-hint" className="hint">
          Whole-hour UTC offsets from −12 to +14; for example −1 to 3 accepts Lisbon to Moscow.
        </p>
        <div className="field-row">
          <NumberField
            id="role-timezone-from"
            label="Accepted time zones from (UTC offset)"
            required
            error={fieldMessage(error, "timezone.fromUtcOffset")}
            min={-12}
            max={14}
            step={1}
            value={timezoneFrom}
            onChange={(text) => setTimezoneFrom(text)}
          />
          <NumberField
            id="role-timezone-to"
            label="to (UTC offset)"
            required
            error={fieldMessage(error, "timezone.toUtcOffset")}
            min={-12}
            max={14}
            step={1}
            value={timezoneTo}
            onChange={(text) => setTimezoneTo(text)}
          />
        </div>
        {timezoneBandError && (
          <p id="role-timezone-error" className="field-error">
            {timezoneBandError}
          </p>
        )}
      </fieldset>

      <div className="field-row">
        <NumberField
          id="role-headcount"
          label="Headcount"
          required
          error={fieldMessage(error, "headcount")}
          min={1}
          max={1000}
          step={1}
          value={headcount}
          onChange={(text) => setHeadcount(text)}
        />
        <NumberField
          id="role-hire-threshold"
          label="Hire threshold"
          required
          hint="Weighted interview score from 1 to 4 at or above which the scoring formula says hire."
          error={fieldMessage(error, "hireThreshold")}
          min={1}
          max={4}
          step={0.1}
          value={hireThreshold}
          onChange={(text) => setHireThreshold(text)}
        />
      </div>

      <FormError error={error} fieldLabels={fieldLabels} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={createRole.isPending}>
          Create role
        </button>
        <Link to="/roles" className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}
