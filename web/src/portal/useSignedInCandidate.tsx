import type { ReactNode } from "react";
import { Navigate } from "react-router";
import type { PortalMe } from "../api/schema";
import { LoadFailed, Loading } from "../ui/QueryState";
import { noticeForMissingSession, usePortalMe } from "./portal";

/**
 * The signed-in candidate a portal page is for, or what the page shows instead (`fallback`):
 * loading `what` it loads, a failure to retry, or the way back to the sign-in page, saying why,
 * when nobody is signed in.
 */
export function useSignedInCandidate(
  what: string,
): { me: PortalMe; fallback: null } | { me: null; fallback: ReactNode } {
  const me = usePortalMe();
  if (me.isPending) return { me: null, fallback: <Loading what={what} /> };
  if (me.isError) {
    return { me: null, fallback: <LoadFailed error={me.error} onRetry={() => void me.refetch()} /> };
  }
  if (me.data === null) {
    return { me: null, fallback: <Navigate to="/portal" replace state={noticeForMissingSession()} /> };
  }
  return { me: me.data, fallback: null };
}
