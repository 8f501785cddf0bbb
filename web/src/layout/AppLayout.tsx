import { useEffect, useRef } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { useLogout, useSession } from "../auth/session";
import { memberRoleLabels } from "../settings/member-roles";
import { FormError } from "../ui/FormError";
import { WorkQueueBadge } from "../work-queue/WorkQueueBadge";
import { OrganisationSwitcher } from "./OrganisationSwitcher";

const mainNavigation = [
  { to: "/", label: "Home" },
  { to: "/roles", label: "Roles" },
  { to: "/candidates", label: "Candidates" },
  { to: "/interviews", label: "Interviews" },
  { to: "/challenges", label: "Challenges" },
  { to: "/outcomes", label: "Teams & outcomes", audience: ["admin", "hiring_manager"] },
  { to: "/analytics", label: "Analytics", audience: ["admin", "hiring_manager"] },
  // Only the people who file post-hire reviews see the entry; the page refuses others in words.
  { to: "/analytics/reviews", label: "Reviews", audience: ["admin", "hiring_manager"] },
  { to: "/evidence", label: "Evidence" },
  { to: "/settings", label: "Settings" },
] as const;

/**
 * The navigation entry the page belongs to: the longest entry the path starts with, so that
 * /analytics/reviews marks Reviews and not Analytics as well.
 */
function currentNavigationEntry(pathname: string): string | undefined {
  return mainNavigation
    .map((item) => item.to as string)
    .filter((to) => (to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

export function AppLayout() {
  const session = useSession();
  const logout = useLogout();
  const mainRef = useMainFocusOnNavigation();
  const currentEntry = currentNavigationEntry(useLocation().pathname);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
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
          <button
            type="button"
            className="button button-secondary"
            disabled={logout.isPending}
            onClick={() => logout.mutate()}
          >
            Sign out
          </button>
          <FormError error={logout.error} />
        </div>
      </header>
      <nav aria-label="Main" className="main-nav">
        <ul>
          {mainNavigation
            .filter(
              (item) =>
                !("audience" in item) ||
                item.audience.some((role) => role === session.activeOrganization?.role),
            )
            .map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={item.to === currentEntry ? "page" : undefined}>
                  {item.label}
                  {item.to === "/" && <WorkQueueBadge />}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
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

/**
 * A client-side navigation does not move focus the way a page load does, so screen reader
 * and keyboard users would otherwise be left on the link they activated.
 */
function useMainFocusOnNavigation() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const previousPathname = useRef(pathname);

  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    mainRef.current?.focus({ preventScroll: false });
  }, [pathname]);

  return mainRef;
}
