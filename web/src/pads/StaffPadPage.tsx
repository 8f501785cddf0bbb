import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { apiFetch, isNotFound } from "../api/client";
import { LoadFailed, Loading } from "../ui/QueryState";
import { InterviewerPanel } from "./InterviewerPanel";
import { PadWorkspace } from "./PadWorkspace";
import type { Pad } from "./types";

/** The interviewer's pad: the workspace with their private panel; ?present=1 for the shared screen. */
export function StaffPadPage() {
  const { interviewId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const presentation = search.get("present") === "1";
  const pad = useQuery({
    queryKey: ["pads", "interview", interviewId],
    queryFn: ({ signal }) =>
      apiFetch<Pad>(`/api/v1/interviews/${encodeURIComponent(interviewId)}/pad`, { signal }),
    retry: false,
  });
  if (pad.isPending) return <Loading what="the pad" />;
  if (pad.isError) {
    if (isNotFound(pad.error)) return <h1>Pad not found</h1>;
    return <LoadFailed error={pad.error} onRetry={() => void pad.refetch()} />;
  }
  const data = pad.data;
  return (
    <>
      <title>{`Pad – ${data.candidateName ?? "Interview"} – Evident`}</title>
      {!presentation && (
        <div className="page-heading">
          <div>
            <h1>Pad: {data.candidateName}</h1>
            <p className="muted">
              <Link to={`/interviews/${data.interviewId}`}>Back to the interview</Link> ·{" "}
              <Link to={`/pads/${data.id}/playback`}>Replay</Link>
            </p>
          </div>
        </div>
      )}
      <PadWorkspace
        pad={data}
        audience="staff"
        presentation={presentation}
        headerActions={
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setSearch(presentation ? {} : { present: "1" })}
          >
            {presentation ? "Leave presentation mode" : "Presentation mode"}
          </button>
        }
        panel={
          data.kit && data.panelDocumentName ? (
            <InterviewerPanel
              padId={data.id}
              isLocked={data.isLocked}
              documentName={data.panelDocumentName}
              kit={data.kit}
            />
          ) : undefined
        }
      />
    </>
  );
}
