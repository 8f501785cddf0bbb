import { Link, Outlet } from "react-router";
import { useLogout, useSession } from "../auth/session";
import { memberRoleLabels } from "../settings/member-roles";
import { SignOutButton } from "../ui/SignOutButton";
import { SkipLink } from "../ui/SkipLink";
import { useMainFocusOnNavigation } from "../ui/useMainFocusOnNavigation";
import { WorkQueueBadge } from "../work-queue/WorkQueueBadge";
import { GradingUnavailableBanner } from "./GradingUnavailableBanner";
import { NavigationMenu } from "./NavigationMenu";
import { OrganisationSwitcher } from "./OrganisationSwitcher";

export function AppLayout() {
  const session = useSession();
  const logout = useLogout();
  const mainRef = useMainFocusOnNavigation();

  return (
    <div className="app">
      <SkipLink mainId="main" />
      <header className="app-header">
        <Link to="/" className="brand">
          Evident
        </Link>
        <OrganisationSwitcher />
        <div className="account">
          <span className="account-email">{session.user.email}</span>
          {session.activeOrganization && (
            <span className="role-badge">{memberRoleLabels[session.activeOrganization.role]}</span>
          )}
          <SignOutButton logout={logout} />
        </div>
      </header>
      <NavigationMenu role={session.activeOrganization?.role} badges={{ "/": <WorkQueueBadge /> }} />
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <GradingUnavailableBanner />
        {session.activeOrganization?.isDemo && (
          <p className="notice demo-notice">
            This is the demo organisation: every role, candidate and scorecard in it is sample data.
          </p>
        )}
        {session.activeOrganization === null && (
          <p className="notice">
            Your account is not a member of any organisation yet. Ask an organisation admin to add you.
          </p>
        )}
        <Outlet />
      </main>
    </div>
  );
}
