import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, errorDetail } from "../api/client";
import { Loading } from "../ui/QueryState";
import { exchangeSignInToken, portalMeQueryKey, usePortalMe } from "./portal";

type Exchange = { state: "pending" } | { state: "failed"; error: unknown };

/**
 * Where a signed-in candidate goes: the link's `next` when it is a page of the portal (a stage
 * invitation opens the challenge), else the home page. Anything else is ignored, so a crafted
 * link cannot send the candidate off the portal.
 */
function destinationOf(next: string | null): string {
  return next && /^\/portal\/[\w/-]*$/.test(next) ? next : "/portal/home";
}

/** The sign-in page for the link's organisation, so a new link comes from the same one. */
function requestLinkPathFor(organization: string | null): string {
  return organization ? `/portal?${new URLSearchParams({ org: organization }).toString()}` : "/portal";
}

export function SignInPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token") ?? "";
  const destination = destinationOf(searchParams.get("next"));
  const requestLinkPath = requestLinkPathFor(searchParams.get("org"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [exchange, setExchange] = useState<Exchange>({ state: "pending" });

  useEffect(() => {
    if (token === "") return;
    let current = true;
    exchangeSignInToken(token).then(
      async (me) => {
        if (!current) return;
        // The header asked who is signed in before the cookie existed; that answer must not win.
        await queryClient.cancelQueries({ queryKey: portalMeQueryKey });
        queryClient.setQueryData(portalMeQueryKey, me);
        // Replacing the entry takes the used link out of the history.
        void navigate(destination, { replace: true });
      },
      (error: unknown) => {
        if (current) setExchange({ state: "failed", error });
      },
    );
    return () => {
      current = false;
    };
  }, [token, destination, navigate, queryClient]);

  if (token === "") {
    return (
      <LinkProblem
        requestLinkPath={requestLinkPath}
        title="This sign-in link is incomplete"
        detail="The address has no sign-in code. Open the link from your email again, or copy the whole address into the browser."
      />
    );
  }
  if (exchange.state === "pending") {
    return (
      <div className="portal-card">
        <title>Signing in – Candidate portal – Evident</title>
        <Loading what="your portal (signing you in)" />
      </div>
    );
  }
  const refused = exchange.error instanceof ApiError && exchange.error.status === 401;
  return (
    <LinkProblem
      requestLinkPath={requestLinkPath}
      title={refused ? "This sign-in link cannot be used" : "Signing in failed"}
      detail={
        refused
          ? `${errorDetail(exchange.error)} Each link works once and only for a limited time.`
          : errorDetail(exchange.error)
      }
    />
  );
}

function LinkProblem({
  title,
  detail,
  requestLinkPath,
}: {
  title: string;
  detail: string;
  requestLinkPath: string;
}) {
  const me = usePortalMe();
  return (
    <div className="portal-card">
      <title>{`${title} – Candidate portal – Evident`}</title>
      <h1>{title}</h1>
      <div role="alert" className="form-error">
        <p>{detail}</p>
      </div>
      {me.data && (
        <p className="notice">
          You are still signed in with {me.data.organization.name}.{" "}
          <Link to="/portal/home">See your applications</Link>
        </p>
      )}
      <p className="portal-actions">
        <Link to={requestLinkPath} className="button">
          Email me a new sign-in link
        </Link>
      </p>
    </div>
  );
}
