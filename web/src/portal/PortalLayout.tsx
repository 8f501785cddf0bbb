import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Outlet } from "react-router";
import { SignOutButton } from "../ui/SignOutButton";
import { SkipLink } from "../ui/SkipLink";
import { useMainFocusOnNavigation } from "../ui/useMainFocusOnNavigation";
import { usePortalLogout, usePortalMe } from "./portal";
import { createPortalQueryClient } from "./portalClient";

/** The candidate portal's own shell: no staff navigation, no staff session. */
export function PortalLayout() {
  const [queryClient] = useState(createPortalQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <PortalShell />
    </QueryClientProvider>
  );
}

function PortalShell() {
  const mainRef = useMainFocusOnNavigation();
  const me = usePortalMe();
  return (
    <div className="portal">
      <SkipLink mainId="portal-main" />
      <header className="portal-header">
        <Link to={me.data ? "/portal/home" : "/portal"} className="brand">
          Evident <span className="portal-brand-suffix">Candidate portal</span>
        </Link>
        <PortalAccount />
      </header>
      <main id="portal-main" ref={mainRef} tabIndex={-1} className="portal-main">
        <Outlet />
      </main>
    </div>
  );
}

function PortalAccount() {
  const me = usePortalMe();
  const logout = usePortalLogout();
  if (!me.data) return null;
  return (
    <div className="account">
      <span className="account-email">
        {me.data.organization.name}
        <span className="muted"> · {me.data.email}</span>
      </span>
      <SignOutButton logout={logout} />
    </div>
  );
}
