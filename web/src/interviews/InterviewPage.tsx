import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client";
import type { InterviewDetail, RubricAttribute, Scorecard } from "../api/schema";
import { useSession } from "../auth/session";
import { Breadcrumb } from "../ui/Breadcrumb";
import { FormError } from "../ui/FormError";
import { formatDateTime, formatSize } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { InterviewKit } from "./InterviewKit";
import { InterviewPlace } from "./InterviewsPage";
import {
  candidateLabel,
  useAmendScorecard,
  useCancelInterview,
  useInterview,
  useInterviewScorecards,
  useIsHiringTeam,
  useScorecard,
  useWhiteboardExports,
  whiteboardExportDownloadPath,
} from "./interviews";
import { canReschedule, RescheduleInterviewForm } from "./RescheduleInterviewForm";
import { ScorecardForm } from "./ScorecardForm";
import { ScorecardView } from "./ScorecardView";
import { SubmitScorecard } from "./SubmitScorecard";

const statusLabels: Record<InterviewDetail["status"], string> = {
  scheduled: "Scheduled",
  completed: "Completed: every interviewer has filed",
  cancelled: "Cancelled",
};

export function InterviewPage() {
  const { interviewId = "" } = useParams();
  const interview = useInterview(interviewId);

  return (
    <article className="page interview-page">
      <Breadcrumb to="/interviews">Interviews</Breadcrumb>
      {interview.isPending && <Loading what="the interview" />}
      {interview.isError &&
        (interview.error instanceof ApiError &&
        (interview.error.status === 404 || interview.error.status === 400) ? (
          <>
            <title>Interview not found – Evident</title>
            <h1>Interview not found</h1>
            <p>There is no such interview, or you are not one of its interviewers.</p>
          </>
        ) : (
          <LoadFailed error={interview.error} onRetry={() => void interview.refetch()} />
        ))}
      {interview.data && <InterviewDetails interview={interview.data} />}
    </article>
  );
}

function InterviewDetails({ interview }: { interview: InterviewDetail }) {
  const isHiringTeam = useIsHiringTeam();
  const label = candidateLabel(interview);
  // Held here: the confirmation must outlive the form, which closes on success.
  const [rescheduling, setRescheduling] = useState(false);
  const [rescheduledMessage, setRescheduledMessage] = useState("");
  const mayReschedule = isHiringTeam && canReschedule(interview);
  const mayCancel = isHiringTeam && interview.status === "scheduled";
  const hasPad =
    (interview.stage.type === "pair_programming" || interview.stage.type === "system_design") &&
    interview.status !== "cancelled";

  return (
    <>
      <title>{`${label} – ${interview.stage.name} – Interviews – Evident`}</title>
      <div className="page-heading">
        <div>
          <h1>
            {label}
            {interview.candidate.isRedacted && <span className="blind-badge">Blind review</span>}
          </h1>
          <p className="muted role-subtitle">
            {interview.role.title} · {interview.stage.name}
          </p>
        </div>
        {(hasPad || mayReschedule || mayCancel) && (
          <div className="interview-actions">
            {hasPad && (
              <Link className="button" to={`/interviews/${interview.id}/pad`}>
                Open pad
              </Link>
            )}
            {mayReschedule && !rescheduling && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setRescheduledMessage("");
                  setRescheduling(true);
                }}
              >
                Reschedule
              </button>
            )}
            {mayCancel && <CancelInterview interviewId={interview.id} />}
          </div>
        )}
      </div>
      {mayReschedule && rescheduling && (
        <RescheduleInterviewForm
          interview={interview}
          onCancel={() => setRescheduling(false)}
          onDone={(message) => {
            setRescheduling(false);
            setRescheduledMessage(message);
          }}
        />
      )}
      <p role="status" className="form-success">
        {rescheduledMessage}
      </p>
      {interview.candidate.isRedacted && (
        <p className="notice">
          Blind review: the candidate's name and contact details are hidden so they cannot colour your
          ratings. Rate only what you see in the work and hear in the interview.
        </p>
      )}
      <dl className="role-details">
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={interview.scheduledAt}>{formatDateTime(interview.scheduledAt)}</time>,{" "}
            {interview.durationMinutes} minutes
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            <InterviewPlace interview={interview} />
          </dd>
        </div>
        <div>
          <dt>Kit</dt>
          <dd>
            {interview.kitVersion ? (
              <Link
                to={`/interviews/kits/${encodeURIComponent(interview.kitVersion.slug)}?version=${interview.kitVersion.version}`}
              >
                {interview.kitVersion.title}, version {interview.kitVersion.version}
              </Link>
            ) : (
              "None"
            )}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{statusLabels[interview.status]}</dd>
        </div>
        <div className="interviewers-detail">
          <dt>Interviewers</dt>
          <dd>
            <ul className="plain-list">
              {interview.interviewers.map((interviewer) => (
                <li key={interviewer.id}>
                  {interviewer.name}{" "}
                  {interviewer.hasSubmitted ? (
                    <span className="submitted-badge">Submitted</span>
                  ) : (
                    <span className="pending-badge">Not submitted</span>
                  )}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        {isHiringTeam && (
          <div>
            <dt>Decision</dt>
            <dd>
              <Link to={`/applications/${interview.applicationId}/decision`}>Decision summary</Link>
            </dd>
          </div>
        )}
      </dl>

      {interview.stage.type === "system_design" && <WhiteboardExports interviewId={interview.id} />}

      {interview.kit ? (
        <div className="interview-layout">
          <InterviewKit kit={interview.kit} />
          <Scorecards interview={interview} rubric={interview.kit.rubric} />
        </div>
      ) : (
        <p className="notice">This interview has no kit, so there is nothing to rate against.</p>
      )}
    </>
  );
}

/** PNG/SVG snapshots of the pad's whiteboard that an interviewer attached to this interview. */
function WhiteboardExports({ interviewId }: { interviewId: string }) {
  const exports = useWhiteboardExports(interviewId);
  return (
    <section aria-labelledby="whiteboard-exports-heading" className="whiteboard-exports">
      <h2 id="whiteboard-exports-heading">Whiteboard exports</h2>
      {exports.isPending && <Loading what="the whiteboard exports" />}
      {exports.isError && <LoadFailed error={exports.error} onRetry={() => void exports.refetch()} />}
      {exports.data?.items.length === 0 && (
        <p className="muted">
          None yet. In the pad, use "Attach PNG to the interview" or "Attach SVG to the interview" under the
          whiteboard.
        </p>
      )}
      {exports.data && exports.data.items.length > 0 && (
        <ul className="plain-list whiteboard-export-list">
          {exports.data.items.map((file) => (
            <li key={file.id}>
              <a href={whiteboardExportDownloadPath(interviewId, file.id)} download={file.filename}>
                {file.filename}
              </a>{" "}
              <span className="muted">
                {file.kind.toUpperCase()}, {formatSize(file.sizeBytes)}, attached
                {file.uploadedBy ? ` by ${file.uploadedBy}` : ""}{" "}
                <time dateTime={file.uploadedAt}>{formatDateTime(file.uploadedAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CancelInterview({ interviewId }: { interviewId: string }) {
  const cancel = useCancelInterview(interviewId);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="status-control">
      {confirming ? (
        <div className="confirm">
          <span>Cancel this interview? Its scorecards will no longer count.</span>
          <button
            type="button"
            className="button button-danger"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            Confirm cancel
          </button>
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          Cancel interview
        </button>
      )}
      <FormError error={cancel.error} />
    </div>
  );
}

function Scorecards({ interview, rubric }: { interview: InterviewDetail; rubric: RubricAttribute[] }) {
  const session = useSession();
  const isHiringTeam = useIsHiringTeam();
  // Participants see scorecards only after filing their own (EVIDENCE.md, rule 13); the API refuses earlier.
  const maySeeScorecards = interview.isParticipant ? interview.hasSubmitted : isHiringTeam;
  const scorecards = useInterviewScorecards(interview.id, maySeeScorecards);
  const mine = useScorecard(interview.myScorecard?.id ?? null);
  // Held here rather than in MyScorecard: the amendment gives the scorecard a new id, and the
  // confirmation must outlive whatever re-renders that causes below.
  const [amendedMessage, setAmendedMessage] = useState("");
  const others =
    scorecards.data?.items.filter((scorecard) => scorecard.interviewer.id !== session.user.id) ?? [];

  return (
    <section aria-labelledby="scorecards-heading" className="interview-scorecards">
      <h2 id="scorecards-heading">Scorecards</h2>
      {interview.isParticipant && (
        <section aria-labelledby="my-scorecard-heading">
          <h3 id="my-scorecard-heading">Your scorecard</h3>
          {interview.hasSubmitted ? (
            <>
              {mine.isPending && <Loading what="your scorecard" />}
              {mine.isError && <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />}
              {mine.data && (
                <MyScorecard
                  scorecard={mine.data}
                  rubric={rubric}
                  interview={interview}
                  amendedMessage={amendedMessage}
                  onAmendedMessage={setAmendedMessage}
                />
              )}
            </>
          ) : interview.status === "cancelled" ? (
            <p className="empty-state">The interview was cancelled; it takes no scorecards.</p>
          ) : (
            <SubmitScorecard interview={interview} rubric={rubric} />
          )}
        </section>
      )}

      <section aria-labelledby="other-scorecards-heading">
        <h3 id="other-scorecards-heading">
          {interview.isParticipant ? "Other interviewers' scorecards" : "Interviewers' scorecards"}
        </h3>
        {!maySeeScorecards ? (
          <p className="notice hidden-scorecards">
            Other scorecards stay hidden until you submit yours, so every rating is made independently.
          </p>
        ) : (
          <>
            {scorecards.isPending && <Loading what="scorecards" />}
            {scorecards.isError &&
              (scorecards.error instanceof ApiError && scorecards.error.status === 403 ? (
                <p className="notice hidden-scorecards">{scorecards.error.detail}</p>
              ) : (
                <LoadFailed error={scorecards.error} onRetry={() => void scorecards.refetch()} />
              ))}
            {scorecards.data &&
              (others.length === 0 ? (
                <p className="empty-state">
                  {interview.isParticipant
                    ? "No other interviewer has filed a scorecard yet."
                    : "No scorecard has been filed yet."}
                </p>
              ) : (
                others.map((scorecard) => (
                  <ScorecardView
                    key={scorecard.id}
                    scorecard={scorecard}
                    rubric={rubric}
                    heading={`Scorecard by ${scorecard.interviewer.name}`}
                  />
                ))
              ))}
          </>
        )}
      </section>
    </section>
  );
}

function MyScorecard({
  scorecard,
  rubric,
  interview,
  amendedMessage,
  onAmendedMessage,
}: {
  scorecard: Scorecard;
  rubric: RubricAttribute[];
  interview: InterviewDetail;
  amendedMessage: string;
  onAmendedMessage: (message: string) => void;
}) {
  const amend = useAmendScorecard();
  const [amending, setAmending] = useState(false);

  if (amending) {
    return (
      <section aria-labelledby="amend-heading" className="panel amend-panel">
        <h4 id="amend-heading">Amend your scorecard</h4>
        <p className="muted">
          Your filed scorecard (version {scorecard.version}) stays on record; the amendment becomes version{" "}
          {scorecard.version + 1}, and only the latest version counts in the decision.
        </p>
        <ScorecardForm
          rubric={rubric}
          amend
          initial={{ ratings: scorecard.ratings, recommendation: scorecard.recommendation }}
          pending={amend.isPending}
          error={amend.error}
          onCancel={() => {
            amend.reset();
            setAmending(false);
          }}
          onSubmit={(submission) => {
            if (submission.kind !== "amend") return;
            // The promise, not mutate's per-call callbacks: those are dropped when the observer
            // re-subscribes, and the confirmation must not depend on that.
            amend.mutateAsync({ scorecardId: scorecard.id, request: submission.request }).then(
              (saved) => {
                setAmending(false);
                onAmendedMessage(`Amendment saved as version ${saved.version}.`);
              },
              () => {
                // amend.error carries the problem; the form shows it.
              },
            );
          }}
        />
      </section>
    );
  }

  return (
    <>
      <p role="status" className="form-success">
        {amendedMessage}
      </p>
      <ScorecardView scorecard={scorecard} rubric={rubric} heading="Your scorecard as filed" />
      {interview.status !== "cancelled" && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            onAmendedMessage("");
            setAmending(true);
          }}
        >
          Amend
        </button>
      )}
    </>
  );
}
