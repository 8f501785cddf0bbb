import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { LoadFailed, Loading } from "../ui/QueryState";
import { SessionContext, useSessionQuery } from "./session";

export interface LoginRedirectState {
  from: string;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const session = useSessionQuery();

  if (session.isPending) {
    return (
      <div className="page-centred">
        <Loading what="Evident" />
      </div>
    );
  }
  if (session.isError) {
    return (
      <div className="page-centred">
        <LoadFailed error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (session.data === null) {
    const state: LoginRedirectState = { from: `${location.pathname}${location.search}${location.hash}` };
    return <Navigate to="/login" replace state={state} />;
  }
  return <SessionContext value={session.data}>{children}</SessionContext>;
}
