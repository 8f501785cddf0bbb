import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { ApiError } from "../api/client";
import type { DemographicAnswers, DemographicQuestions, PortalMe } from "../api/schema";
import { portalFetch, rememberCandidateCsrfToken } from "./portalClient";

export const portalMeQueryKey = ["portal", "me"] as const;

async function fetchPortalMe(signal: AbortSignal): Promise<PortalMe | null> {
  try {
    const me = await portalFetch<PortalMe>("/api/v1/portal/me", { signal });
    rememberCandidateCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberCandidateCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in candidate, or null when no portal session is open in this browser. */
export function usePortalMe() {
  return useQuery({ queryKey: portalMeQueryKey, queryFn: ({ signal }) => fetchPortalMe(signal) });
}

export function useRequestMagicLink() {
  return useMutation({
    mutationFn: (request: { email: string; organization?: string }) =>
      portalFetch<{ detail: string }>("/api/v1/portal/magic-links", { method: "POST", body: request }),
  });
}

/**
 * A link works once, so the exchange must run once per token even when React mounts the
 * page twice (StrictMode, a re-render after an error): every caller shares the first promise.
 */
const exchanges = new Map<string, Promise<PortalMe>>();

export function exchangeSignInToken(token: string): Promise<PortalMe> {
  let exchange = exchanges.get(token);
  if (!exchange) {
    exchange = portalFetch<PortalMe>("/api/v1/portal/session", { method: "POST", body: { token } }).then(
      (me) => {
        signedOutInThisTab = false;
        rememberCandidateCsrfToken(me.csrfToken);
        return me;
      },
    );
    exchanges.set(token, exchange);
  }
  return exchange;
}

/** Where the portal sends a candidate without a session, and why; read by the sign-in page. */
export interface PortalNotice {
  notice: "signed-out" | "session-ended";
}

/**
 * Whether the candidate signed out in this tab, so a page that finds no candidate can tell a
 * sign-out from a session that ended elsewhere (expiry, erasure, another tab).
 */
let signedOutInThisTab = false;

export function noticeForMissingSession(): PortalNotice {
  return { notice: signedOutInThisTab ? "signed-out" : "session-ended" };
}

export function usePortalLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signedOut = () => {
    signedOutInThisTab = true;
    rememberCandidateCsrfToken(null);
    queryClient.setQueryData(portalMeQueryKey, null);
    void navigate("/portal", { replace: true, state: noticeForMissingSession() });
  };
  return useMutation({
    mutationFn: () => portalFetch<void>("/api/v1/portal/logout", { method: "POST" }),
    onSuccess: signedOut,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) signedOut();
    },
  });
}

const demographicsQueryKey = ["portal", "demographics"] as const;

export function useDemographics() {
  return useQuery({
    queryKey: demographicsQueryKey,
    queryFn: ({ signal }) =>
      portalFetch<{ answers: DemographicAnswers }>("/api/v1/portal/demographics", { signal }),
  });
}

/** The questions the organisation asks (its preset), in order, with their choices. */
export function useDemographicQuestions() {
  return useQuery({
    queryKey: [...demographicsQueryKey, "questions"],
    queryFn: ({ signal }) =>
      portalFetch<DemographicQuestions>("/api/v1/portal/demographics/questions", { signal }),
  });
}

export function useSaveDemographics() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answers: DemographicAnswers) =>
      portalFetch<{ answers: DemographicAnswers }>("/api/v1/portal/demographics", {
        method: "PUT",
        body: answers,
      }),
    onSuccess: (saved) => queryClient.setQueryData(demographicsQueryKey, saved),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(portalMeQueryKey, null);
    },
  });
}
