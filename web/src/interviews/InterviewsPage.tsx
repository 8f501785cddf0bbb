import { Link } from "react-router";
import type { Interview } from "../api/schema";
import { CardTable } from "../ui/CardTable";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { candidateLabel, interviewModeLabels, useIsHiringTeam, useMyInterviews } from "./interviews";
import { ScheduleInterviewForm } from "./ScheduleInterviewForm";
import { TeamInterviews } from "./TeamInterviews";
import "./team-interviews.css";
import { TableHead } from "../ui/TableHead";

function endOf(interview: Interview): number {
  return new Date(interview.scheduledAt).getTime() + interview.durationMinutes * 60_000;
}

export function InterviewsPage() {
  const isHiringTeam = useIsHiringTeam();
  const interviews = useMyInterviews();
  const now = Date.now();
  const items = interviews.data?.items ?? [];
  const upcoming = items.filter((interview) => interview.status === "scheduled" && endOf(interview) > now);
  const past = items
    .filter((interview) => !upcoming.includes(interview))
    .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));

  return (
    <article className="page">
      <title>Interviews – Evident</title>
      <div className="page-heading">
        <h1>Interviews</h1>
        <Link to="/interviews/kits" className="button button-secondary">
          Interview kits
        </Link>
      </div>
      <p className="lead">
        Structured interviews: the same questions and pre-written probes for every candidate, a rubric with a
        behavioural example for every level, and scorecards that stay independent until each interviewer has
        filed their own.
      </p>

      <section aria-labelledby="my-interviews-heading">
        <h2 id="my-interviews-heading">My interviews</h2>
        {interviews.isPending && <Loading what="your interviews" />}
        {interviews.isError && (
          <LoadFailed error={interviews.error} onRetry={() => void interviews.refetch()} />
        )}
        {interviews.data && (
          <>
            <InterviewTable
              caption="Upcoming"
              interviews={upcoming}
              empty="You have no upcoming interviews."
            />
            <InterviewTable caption="Past" interviews={past} empty="You have no past interviews." />
          </>
        )}
      </section>

      {isHiringTeam && <TeamInterviews />}

      {isHiringTeam && <ScheduleInterviewForm />}
    </article>
  );
}

function InterviewTable({
  caption,
  interviews,
  empty,
}: {
  caption: string;
  interviews: Interview[];
  empty: string;
}) {
  if (interviews.length === 0) {
    return (
      <>
        <h3>{caption}</h3>
        <p className="empty-state">{empty}</p>
      </>
    );
  }
  return (
    <CardTable>
      <table className="interviews-table">
        <caption>{caption}</caption>
        <TableHead columns={["Candidate", "Role", "Stage", "When", "Where", "My scorecard"]} />
        <tbody>
          {interviews.map((interview) => (
            <tr key={interview.id} className={interview.status === "cancelled" ? "row-inactive" : undefined}>
              <th scope="row">
                <Link to={`/interviews/${interview.id}`}>{candidateLabel(interview)}</Link>
                {interview.candidate.isRedacted && <span className="blind-badge">Blind review</span>}
              </th>
              <td>{interview.role.title}</td>
              <td>{interview.stage.name}</td>
              <td>
                <time dateTime={interview.scheduledAt}>{formatDateTime(interview.scheduledAt)}</time>
                <span className="muted"> · {interview.durationMinutes} min</span>
              </td>
              <td>
                <InterviewPlace interview={interview} />
              </td>
              <td>
                <ScorecardState interview={interview} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </CardTable>
  );
}

/** Onsite with its room, or remote with its video link. */
export function InterviewPlace({ interview }: { interview: Interview }) {
  if (interview.mode === "onsite") {
    return (
      <>
        {interviewModeLabels.onsite}
        {interview.room && `, ${interview.room}`}
      </>
    );
  }
  return (
    <>
      {interviewModeLabels.remote}
      {interview.videoLink && (
        <>
          {", "}
          <a href={interview.videoLink} target="_blank" rel="noreferrer noopener">
            Join video call
          </a>
        </>
      )}
      {/* The server withholds a link that names the candidate from blind readers. */}
      {!interview.videoLink && interview.candidate.isRedacted && (
        <span className="muted">
          {", link withheld: it names the candidate; ask the scheduler for a neutral one"}
        </span>
      )}
    </>
  );
}

function ScorecardState({ interview }: { interview: Interview }) {
  if (interview.status === "cancelled") return <span className="muted">Cancelled</span>;
  if (!interview.isParticipant) return <span className="muted">Not an interviewer</span>;
  if (interview.hasSubmitted) return <span className="submitted-badge">Submitted</span>;
  return <span className="pending-badge">Not submitted</span>;
}
