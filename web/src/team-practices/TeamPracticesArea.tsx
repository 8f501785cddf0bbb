import { Link, Navigate, NavLink, Route, Routes, useParams } from "react-router";
import "../outcomes/outcomes.css";
import "./team-practices.css";
import { teamWorkModelLabels } from "../outcomes/outcomes";
import { Breadcrumb } from "../ui/Breadcrumb";
import { LoadFailed, Loading } from "../ui/QueryState";
import { FocusTimePage } from "./FocusTimePage";
import { RetroBoardPage } from "./RetroBoardPage";
import { RetrosPage } from "./RetrosPage";
import { TeamSettingsPage } from "./TeamSettingsPage";
import { useTeam, useTeams } from "./team-practices";
import { UpdatesPage } from "./UpdatesPage";

/**
 * Team practices after the hire: weekly written updates (remote and hybrid teams), retros, and
 * focus time (onsite and hybrid teams). Members see their own teams; admins and hiring managers
 * see and arrange every team. Nothing here scores or ranks a person.
 */
export function TeamPracticesArea() {
  return (
    <Routes>
      <Route index element={<TeamsListPage />} />
      <Route path=":teamId/*" element={<TeamPage />} />
    </Routes>
  );
}

function TeamsListPage() {
  const teams = useTeams();
  return (
    <article className="page team-practices">
      <title>Team practices – Evident</title>
      <h1>Team practices</h1>
      <p className="lead">
        How teams work together after the hire: weekly written updates for remote and hybrid teams, retros
        with anonymous items, and protected focus time for onsite and hybrid teams. Never a score or a ranking
        of people.
      </p>
      {teams.isPending && <Loading what="teams" />}
      {teams.isError && <LoadFailed error={teams.error} onRetry={() => void teams.refetch()} />}
      {teams.data &&
        (teams.data.items.length === 0 ? (
          <div className="empty-state">
            <p>You are not in a team yet.</p>
            <p className="muted">
              An admin or hiring manager adds people to teams on the team's settings page.
            </p>
          </div>
        ) : (
          <ul className="team-cards" aria-label="Teams">
            {teams.data.items.map((team) => (
              <li key={team.id} className="team-card">
                <h2 className="team-card-name">
                  <Link to={`/team-practices/${team.id}`}>{team.name}</Link>
                </h2>
                <p className="team-card-meta">
                  <span className={`work-model-badge work-model-${team.workModel}`}>
                    {teamWorkModelLabels[team.workModel]}
                  </span>
                  <span>
                    {team.memberCount} {team.memberCount === 1 ? "member" : "members"}
                  </span>
                  {team.isMember && <span>You are a member</span>}
                </p>
              </li>
            ))}
          </ul>
        ))}
    </article>
  );
}

function TeamPage() {
  const teamId = useParams().teamId ?? "";
  const team = useTeam(teamId);

  if (team.isPending) {
    return (
      <article className="page">
        <Loading what="the team" />
      </article>
    );
  }
  if (team.isError) {
    return (
      <article className="page">
        <h1>Team practices</h1>
        <LoadFailed error={team.error} onRetry={() => void team.refetch()} />
        <p>
          <Link to="/team-practices">All teams</Link>
        </p>
      </article>
    );
  }
  const data = team.data;
  // Absolute paths: inside a splat route, relative ones would resolve against the whole URL.
  const path = (page: string) => `/team-practices/${data.id}/${page}`;
  const home = path(data.hasAsyncUpdates ? "updates" : "retros");
  return (
    <article className="page team-practices">
      <Breadcrumb to="/team-practices">Team practices</Breadcrumb>
      <h1>{data.name}</h1>
      <p className="team-card-meta">
        <span className={`work-model-badge work-model-${data.workModel}`}>
          {teamWorkModelLabels[data.workModel]}
        </span>
        <span>
          {data.members.length} {data.members.length === 1 ? "member" : "members"}
        </span>
        {!data.isMember && <span>You see this team as {data.canManage ? "a manager" : "a guest"}</span>}
      </p>
      <nav aria-label="Team practices" className="sub-nav">
        <ul>
          {data.hasAsyncUpdates && (
            <li>
              <NavLink to={path("updates")}>Updates</NavLink>
            </li>
          )}
          <li>
            <NavLink to={path("retros")}>Retros</NavLink>
          </li>
          {data.hasFocusTime && (
            <li>
              <NavLink to={path("focus")}>Focus time</NavLink>
            </li>
          )}
          {data.canManage && (
            <li>
              <NavLink to={path("settings")}>Members &amp; settings</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to={home} replace />} />
        {data.hasAsyncUpdates && <Route path="updates" element={<UpdatesPage team={data} />} />}
        <Route path="retros" element={<RetrosPage team={data} />} />
        <Route path="retros/:boardId" element={<RetroBoardPage />} />
        {data.hasFocusTime && <Route path="focus" element={<FocusTimePage team={data} />} />}
        {data.canManage && <Route path="settings" element={<TeamSettingsPage team={data} />} />}
        <Route path="*" element={<Navigate to={home} replace />} />
      </Routes>
    </article>
  );
}
