import { Navigate, NavLink, Route, Routes } from "react-router";
import "../analytics/analytics.css";
import "./outcomes.css";
import { CohortsPage } from "./CohortsPage";
import { DeliveryPage } from "./DeliveryPage";
import { ImportPage } from "./ImportPage";
import { IncidentsPage } from "./IncidentsPage";
import { IntegrationsPage } from "./IntegrationsPage";
import { useOutcomesAccess } from "./outcomes";
import { TeamsPage } from "./TeamsPage";
import { UptimePage } from "./UptimePage";

/**
 * Teams & outcomes: delivery measured per team and service, never per person. Hiring managers
 * see the team and cohort views; admins also the service-level detail and the data sources.
 */
export function OutcomesArea() {
  const { canSee, isAdmin } = useOutcomesAccess();

  if (!canSee) {
    return (
      <article className="page">
        <title>Teams &amp; outcomes – Evident</title>
        <h1>Teams &amp; outcomes</h1>
        <p className="notice" role="status">
          Only admins and hiring managers can see delivery outcomes.
        </p>
      </article>
    );
  }

  return (
    <div className="page outcomes">
      <h1>Teams &amp; outcomes</h1>
      <p className="lead">
        How teams deliver, measured as DORA does it from the tools they already use: deployment frequency,
        lead time, change failure rate and recovery time. Never lines of code, commit counts or any ranking of
        people.
      </p>
      <nav aria-label="Outcomes" className="sub-nav">
        <ul>
          <li>
            <NavLink to="/outcomes" end>
              Delivery
            </NavLink>
          </li>
          <li>
            <NavLink to="/outcomes/teams">Teams &amp; services</NavLink>
          </li>
          <li>
            <NavLink to="/outcomes/cohorts">Cohorts</NavLink>
          </li>
          {isAdmin && (
            <>
              <li>
                <NavLink to="/outcomes/uptime">Uptime</NavLink>
              </li>
              <li>
                <NavLink to="/outcomes/incidents">Incidents</NavLink>
              </li>
              <li>
                <NavLink to="/outcomes/integrations">Integrations</NavLink>
              </li>
              <li>
                <NavLink to="/outcomes/import">Import CSV</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
      <Routes>
        <Route index element={<DeliveryPage />} />
        <Route path="teams" element={<TeamsPage />} />
        <Route path="cohorts" element={<CohortsPage />} />
        {isAdmin && <Route path="uptime" element={<UptimePage />} />}
        {isAdmin && <Route path="incidents" element={<IncidentsPage />} />}
        {isAdmin && <Route path="integrations" element={<IntegrationsPage />} />}
        {isAdmin && <Route path="import" element={<ImportPage />} />}
        <Route path="*" element={<Navigate to="/outcomes" replace />} />
      </Routes>
    </div>
  );
}
