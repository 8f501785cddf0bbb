import { Link } from "react-router";
import type { PortalApplication, PortalApplicationStatus, PortalInterview, WorkModel } from "../api/schema";
import { fullDateTimeFormat } from "../ui/format";
import { DemographicsSection } from "./DemographicsForm";
import { FeedbackView } from "./FeedbackView";
import { useSignedInCandidate } from "./useSignedInCandidate";

const workModelLabels: Record<WorkModel, string> = {
  onsite: "Onsite",
  remote: "Remote",
  hybrid: "Hybrid",
};

/** Neutral words: the decision email explains an outcome; the portal only states where things are. */
const statusLabels: Record<PortalApplicationStatus, string> = {
  active: "In progress",
  rejected: "Closed – not moving forward",
  withdrawn: "Withdrawn",
  hired: "Offer made",
};

const browserTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const interviewEnd = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function HomePage() {
  const candidate = useSignedInCandidate("your applications");

  if (candidate.me === null) return candidate.fallback;

  const { fullName, organization, applications, feedbackShared } = candidate.me;
  return (
    <div className="portal-home">
      <title>Your applications – Candidate portal – Evident</title>
      <h1>{fullName ? `Hello ${fullName}` : "Your applications"}</h1>
      <p className="lead">
        Your applications with {organization.name}: where each one stands and your upcoming interviews.
        {!feedbackShared && " This organisation does not share interview scores with candidates."}
      </p>

      {applications.length === 0 ? (
        <p className="notice">You have no applications with {organization.name} at the moment.</p>
      ) : (
        applications.map((application) => <ApplicationCard key={application.id} application={application} />)
      )}

      <DemographicsSection />
    </div>
  );
}

function ApplicationCard({ application }: { application: PortalApplication }) {
  const headingId = `application-${application.id}`;
  return (
    <section aria-labelledby={headingId} className="panel portal-application">
      <h2 id={headingId}>{application.roleTitle}</h2>
      <dl className="facts">
        <div>
          <dt>Work model</dt>
          <dd>{application.workModel ? workModelLabels[application.workModel] : "Not decided yet"}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{statusLabels[application.status]}</dd>
        </div>
        <div>
          <dt>Current stage</dt>
          <dd>{application.currentStage?.name ?? "Not started yet"}</dd>
        </div>
      </dl>
      {application.status === "active" && application.currentStage?.type === "async_exercise" && (
        <p className="portal-challenge-link">
          <Link className="button" to={`/portal/applications/${application.id}/exercise`}>
            Open the exercise<span className="visually-hidden"> for {application.roleTitle}</span>
          </Link>
        </p>
      )}
      {application.status === "active" && application.currentStage?.type === "trial_day" && (
        <p className="portal-challenge-link">
          <Link className="button" to={`/portal/applications/${application.id}/trial-day`}>
            See your trial day's agenda<span className="visually-hidden"> for {application.roleTitle}</span>
          </Link>
        </p>
      )}
      {application.status === "active" && application.currentStage?.type === "async_challenge" && (
        <p className="portal-challenge-link">
          <Link className="button" to={`/portal/applications/${application.id}/challenge`}>
            Open the challenge<span className="visually-hidden"> for {application.roleTitle}</span>
          </Link>
        </p>
      )}

      <StageTimeline application={application} />
      <UpcomingInterviews interviews={application.upcomingInterviews} />
      {application.feedback && (
        <FeedbackView feedback={application.feedback} roleTitle={application.roleTitle} />
      )}
    </section>
  );
}

function StageTimeline({ application }: { application: PortalApplication }) {
  const { stageHistory, status } = application;
  if (stageHistory.length === 0) return null;
  return (
    <>
      <h3>Your progress</h3>
      <ol className="portal-timeline">
        {stageHistory.map((entry, index) => {
          const isCurrent = status === "active" && index === stageHistory.length - 1;
          return (
            <li
              key={`${entry.stageName}-${entry.enteredAt}`}
              className={isCurrent ? "portal-timeline-current" : undefined}
              aria-current={isCurrent ? "step" : undefined}
            >
              <span className="portal-timeline-stage">{entry.stageName}</span>
              <span className="portal-timeline-date">
                {isCurrent ? "Current stage, since " : "Reached "}
                <time dateTime={entry.enteredAt}>{dayFormat.format(new Date(entry.enteredAt))}</time>
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}

function UpcomingInterviews({ interviews }: { interviews: PortalInterview[] }) {
  return (
    <>
      <h3>Upcoming interviews</h3>
      {interviews.length === 0 ? (
        <p className="muted">No interviews are scheduled right now.</p>
      ) : (
        <>
          <p className="hint">Times are shown in your time zone ({browserTimeZone}).</p>
          <ul className="portal-interviews">
            {interviews.map((interview) => (
              <InterviewItem key={`${interview.stageName}-${interview.scheduledAt}`} interview={interview} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function InterviewItem({ interview }: { interview: PortalInterview }) {
  const start = new Date(interview.scheduledAt);
  const end = new Date(start.getTime() + interview.durationMinutes * 60_000);
  return (
    <li className="portal-interview">
      <p className="portal-interview-stage">{interview.stageName}</p>
      {interview.hasPad && (
        <p>
          <Link to={`/portal/interviews/${interview.id}/pad`}>Open the interview pad</Link>
        </p>
      )}
      <p>
        <time dateTime={interview.scheduledAt}>{fullDateTimeFormat.format(start)}</time> to{" "}
        <time dateTime={end.toISOString()}>{interviewEnd.format(end)}</time> ({interview.durationMinutes}{" "}
        minutes)
      </p>
      {interview.mode === "onsite" ? (
        <p>On site{interview.room ? `, room: ${interview.room}` : ", the room will be confirmed"}</p>
      ) : interview.videoLink && isWebLink(interview.videoLink) ? (
        <p>
          Remote:{" "}
          <a href={interview.videoLink} target="_blank" rel="noopener noreferrer">
            join the video call
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>{" "}
          <span className="muted portal-video-link">{interview.videoLink}</span>
        </p>
      ) : (
        <p>
          Remote
          {interview.videoLink
            ? `, video link: ${interview.videoLink}`
            : "; the video link will be confirmed"}
        </p>
      )}
    </li>
  );
}

/** Links come from the hiring team's input; only web addresses become clickable. */
function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
