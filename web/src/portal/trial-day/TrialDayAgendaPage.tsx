import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { CandidateTrialDay } from "../../api/schema";
import { TrialDayAgenda } from "../../trial-days/TrialDayAgenda";
import { LoadFailed, Loading } from "../../ui/QueryState";
import { useCandidateTrialDay } from "./trial-day";
import "../../trial-days/trial-days.css";
import { useSignedInCandidate } from "../useSignedInCandidate";

const kindLabels: Record<CandidateTrialDay["sessions"][number]["kind"], string> = {
  pairing: "Pairing",
  design_discussion: "Design discussion",
  team_meeting: "Team meeting",
  lunch: "Lunch",
  other: "Session",
};

/** The candidate's trial-day agenda: when, where, with whom, and which sessions are observed. */
export function TrialDayAgendaPage() {
  const { applicationId = "" } = useParams();
  const candidate = useSignedInCandidate("your trial day");
  const agenda = useCandidateTrialDay(applicationId);
  if (candidate.me === null) return candidate.fallback;
  if (agenda.isPending) return <Loading what="your trial day" />;
  if (agenda.isError) {
    if (agenda.error instanceof ApiError && agenda.error.status === 404) {
      return (
        <div className="portal-trial-day-page">
          <title>Trial day – Candidate portal – Evident</title>
          <h1>Trial day</h1>
          <p className="notice">
            Your trial day is not planned yet. The hiring team will email you its agenda and a calendar
            invitation.
          </p>
          <p>
            <Link to="/portal/home">Back to your applications</Link>
          </p>
        </div>
      );
    }
    return <LoadFailed error={agenda.error} onRetry={() => void agenda.refetch()} />;
  }
  const day = agenda.data;
  return (
    <div className="portal-trial-day-page">
      <title>{`Trial day, ${day.dateLocal} – Candidate portal – Evident`}</title>
      <p className="portal-challenge-back">
        <Link to="/portal/home">← Your applications</Link>
      </p>
      <h1>Your trial day with {day.organizationName}</h1>
      {day.status === "cancelled" ? (
        <p className="notice">
          This trial day is cancelled. The hiring team will be in touch about what comes next.
        </p>
      ) : (
        <p>
          For the role {day.roleTitle}. Every time is your local time in{" "}
          <strong>{day.candidateTimeZone}</strong>. Sessions marked “observed” are those the team takes notes
          in; lunch is optional and never assessed.
        </p>
      )}
      <dl className="exercise-times panel">
        <dt>Date</dt>
        <dd>{day.dateLocal}</dd>
        <dt>Hours</dt>
        <dd>
          {day.dayStart}–{day.dayEnd}
        </dd>
        <dt>Where</dt>
        <dd>{day.location}</dd>
      </dl>
      <section className="panel" aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">Agenda</h2>
        <TrialDayAgenda
          sessions={day.sessions}
          details={(session) => [
            kindLabels[session.kind],
            session.room,
            session.hosts.length > 0 ? `with ${session.hosts.join(", ")}` : null,
          ]}
          badge={(session) => (
            <span className="badge">{session.isObserved ? "Observed" : "Optional, not assessed"}</span>
          )}
        />
      </section>
    </div>
  );
}
