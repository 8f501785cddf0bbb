import { NavLink, Outlet } from "react-router";
import { useIsAdmin } from "../auth/session";
import { useCanEditTemplates } from "../emails/emails";

export function SettingsLayout() {
  const isAdmin = useIsAdmin();
  const canEditTemplates = useCanEditTemplates();
  const sections = [
    { to: "members", label: "Members", isShown: true },
    { to: "tokens", label: "API tokens", isShown: true },
    { to: "audit", label: "Audit log", isShown: isAdmin },
    { to: "email-templates", label: "Email templates", isShown: canEditTemplates },
    { to: "outbox", label: "Email outbox", isShown: isAdmin },
    { to: "privacy", label: "Privacy", isShown: isAdmin },
    { to: "notifications", label: "Notifications", isShown: isAdmin },
  ];

  return (
    <div className="page">
      <h1>Settings</h1>
      <nav aria-label="Settings" className="sub-nav">
        <ul>
          {sections
            .filter((section) => section.isShown)
            .map((section) => (
              <li key={section.to}>
                <NavLink to={`/settings/${section.to}`}>{section.label}</NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
