import { type FormEvent, useState } from "react";
import { labelledOptions, SelectField, TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { LoadFailed, Loading } from "../ui/QueryState";
import {
  teamWorkModelLabels,
  useAssignService,
  useCreateTeam,
  useOutcomesAccess,
  useServices,
  useTeams,
} from "./outcomes";
import type { Service, Team, TeamWorkModel } from "./types";

const workModels: readonly TeamWorkModel[] = ["onsite", "remote", "hybrid"];

/** Teams with their work model and the services they own; admins create teams and assign services. */
export function TeamsPage() {
  const { isAdmin } = useOutcomesAccess();
  const teams = useTeams();
  const services = useServices();

  return (
    <section aria-labelledby="teams-heading">
      <title>Teams &amp; services – Teams &amp; outcomes – Evident</title>
      <h2 id="teams-heading">Teams &amp; services</h2>
      {(teams.isPending || services.isPending) && <Loading what="teams and services" />}
      {teams.isError && <LoadFailed error={teams.error} onRetry={() => void teams.refetch()} />}
      {services.isError && <LoadFailed error={services.error} onRetry={() => void services.refetch()} />}
      {teams.data && services.data && (
        <TeamsView teams={teams.data.items} services={services.data.items} canEdit={isAdmin} />
      )}
      {isAdmin && <NewTeamForm />}
    </section>
  );
}

function TeamsView({ teams, services, canEdit }: { teams: Team[]; services: Service[]; canEdit: boolean }) {
  const unassigned = services.filter((service) => service.team === null);
  return (
    <>
      {teams.length === 0 ? (
        <p className="empty-state">No teams yet.</p>
      ) : (
        <ul className="team-cards" aria-label="Teams">
          {teams.map((team) => {
            return (
              <li key={team.id} className="team-card">
                <h3 className="team-card-name">{team.name}</h3>
                <p className="team-card-meta">
                  <span className={`work-model-badge work-model-${team.workModel}`}>
                    {teamWorkModelLabels[team.workModel]}
                  </span>
                  {team.location && <span>{team.location}</span>}
                </p>
                <p className="team-card-services-label">Services</p>
                {team.services.length === 0 ? (
                  <p className="muted">None yet.</p>
                ) : (
                  <ul className="team-card-services">
                    {team.services.map((service) => (
                      <li key={service.id}>
                        <code>{service.name}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && unassigned.length > 0 && (
        <section aria-labelledby="unassigned-heading" className="panel">
          <h3 id="unassigned-heading">Services in no team</h3>
          <p className="hint">
            Events for a service Evident did not know create it here. Assign it to a team so its delivery
            counts in the team's metrics.
          </p>
          <ul className="bare-list unassigned-services">
            {unassigned.map((service) => (
              <AssignService key={service.id} service={service} teams={teams} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function AssignService({ service, teams }: { service: Service; teams: Team[] }) {
  const assign = useAssignService();
  const id = `assign-${service.id}`;
  return (
    <li className="assign-service">
      <label htmlFor={id}>{service.name}</label>
      <select
        id={id}
        value=""
        disabled={assign.isPending}
        onChange={(event) => assign.mutate({ serviceId: service.id, teamId: event.target.value || null })}
      >
        <option value="">Choose a team…</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      <FormError error={assign.error} />
    </li>
  );
}

function NewTeamForm() {
  const create = useCreateTeam();
  const [name, setName] = useState("");
  const [workModel, setWorkModel] = useState<TeamWorkModel>("hybrid");
  const [location, setLocation] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { name, workModel, location: location.trim() || null },
      {
        onSuccess: () => {
          setName("");
          setLocation("");
        },
      },
    );
  }

  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="new-team-heading">
      <h3 id="new-team-heading">New team</h3>
      <div className="field-row">
        <TextField
          id="team-name"
          label="Name"
          required
          maxLength={200}
          error={fieldMessage(create.error, "name")}
          value={name}
          onChange={setName}
        />
        <SelectField
          id="team-work-model"
          label="Work model"
          error={fieldMessage(create.error, "workModel")}
          options={labelledOptions(workModels, teamWorkModelLabels)}
          value={workModel}
          onChange={(value) => setWorkModel(value as TeamWorkModel)}
        />
        <TextField
          id="team-timezone"
          label="Office or time zones"
          hint="For example “Lisbon office” or “UTC−1 to UTC+3”."
          maxLength={200}
          error={fieldMessage(create.error, "location")}
          value={location}
          onChange={setLocation}
        />
      </div>
      <FormError error={create.error} fieldLabels={{ name: "Name", workModel: "Work model" }} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={create.isPending}>
          Create team
        </button>
      </div>
    </form>
  );
}
