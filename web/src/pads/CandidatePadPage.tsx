import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { isNotFound } from "../api/client";
import { portalFetch } from "../portal/portalClient";
import { LoadFailed, Loading } from "../ui/QueryState";
import { PadWorkspace } from "./PadWorkspace";
import type { Pad } from "./types";

/** The candidate's pad, from the link on their interview in the portal (their portal session). */
export function CandidatePadPage() {
  const { interviewId = "" } = useParams();
  const pad = useQuery({
    queryKey: ["portal", "pads", interviewId],
    queryFn: ({ signal }) =>
      portalFetch<Pad>(`/api/v1/portal/interviews/${encodeURIComponent(interviewId)}/pad`, { signal }),
    retry: false,
  });
  if (pad.isPending) return <Loading what="the pad" />;
  if (pad.isError) {
    if (isNotFound(pad.error)) return <h1>Pad not found</h1>;
    return <LoadFailed error={pad.error} onRetry={() => void pad.refetch()} />;
  }
  return (
    <>
      <title>Interview pad – Evident</title>
      <h1>Interview pad</h1>
      <p className="muted">
        Your interviewers see what you type and run here, live. The pad opens 15 minutes before the interview.{" "}
        <Link to="/portal/home">Back to your applications</Link>
      </p>
      <PadWorkspace pad={pad.data} audience="candidate" />
    </>
  );
}
