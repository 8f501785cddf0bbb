import { NavLink, Outlet } from "react-router";
import { useIsAdmin } from "../auth/session";
import { useCanEditTemplates } from "../emails/emails";

export function SettingsLayout() {
  const isAdmin = useIsAdmin();
  const canEditTemplates = useCanEditTemplates();

  return (
    <div className="page">
      <h1>Settings</h1>
      <nav aria-label="Settings" className="sub-nav">
        <ul>
          <li>
            <NavLink to="/settings/members">Members</NavLink>
          </li>
          <li>
            <NavLink to="/settings/tokens">API tokens</NavLink>
          </li>
          {isAdmin && (
            <li>
              <NavLink to="/settings/audit">Audit log</NavLink>
            </li>
          )}
          {canEditTemplates && (
            <li>
              <NavLink to="/settings/email-templates">Email templates</NavLink>
            </li>
          )}
          {isAdmin && (
            <li>
              <NavLink to="/settings/outbox">Email outbox</NavLink>
            </li>
          )}
          {isAdmin && (
            <li>
              <NavLink to="/settings/privacy">Privacy</NavLink>
            </li>
          )}
          {isAdmin && (
            <li>
              <NavLink to="/settings/notifications">Notifications</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
