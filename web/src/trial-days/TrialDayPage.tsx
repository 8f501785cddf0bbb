import { useState } from "react";
import { Link, useParams } from "react-router";
import type { TrialDay } from "../api/schema";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { FormError } from "../ui/FormError";
import { LoadFailed, Loading } from "../ui/QueryState";
import { ObservationForms } from "./ObservationForms";
import { PaymentPanel } from "./PaymentPanel";
import { TrialDayPlanner } from "./TrialDayPlanner";
import { sessionKindLabels, useCancelTrialDay, useSendTrialDay, useTrialDay } from "./trial-days";
import "./trial-days.css";
import { TrialDayAgenda } from "./TrialDayAgenda";

const statusLabels: Record<TrialDay["status"], string> = {
  draft: "Draft: only the hiring team sees it",
  sent: "Sent to the candidate and the team",
  cancelled: "Cancelled",
};

/**
 * A candidate's trial day: the planner (hiring team), sending and cancelling, the observation
 * forms of the sessions the reader observes, and the payment (recruiters and admins).
 */
export function TrialDayPage() {
  const { applicationId = "" } = useParams();
  const query = useTrialDay(applicationId);
  if (query.isPending) return <Loading what="the trial day" />;
  if (query.isError) return <LoadFailed error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const day = data.trialDay;
  const who = data.candidateName ?? "The candidate";
  return (
    <div className="trial-day-page">
      <title>{`Trial day: ${who} – Evident`}</title>
      <p>
        {/* Interviewers cannot open the application itself; their way back is Home's work queue. */}
        {day && !day.canPlan ? (
          <Link to="/">← Home</Link>
        ) : (
          <Link to={`/applications/${applicationId}`}>← Application</Link>
        )}
      </p>
      <h1>
        {data.stageName}: {who}
      </h1>
      <p className="muted">
        {data.roleTitle} · observed with the kit “{data.kit.title}”
      </p>
      {day ? <DayStatus applicationId={applicationId} day={day} /> : null}
      {day && !day.canPlan && <DaySummary day={day} />}
      {(!day || day.canPlan) && <TrialDayPlanner data={data} />}
      {day && <ObservationForms applicationId={applicationId} day={day} />}
      {day?.canSeePayment && <PaymentPanel applicationId={applicationId} day={day} />}
    </div>
  );
}

/** The day as a host or observer reads it: when, where, and the sessions they take part in. */
function DaySummary({ day }: { day: TrialDay }) {
  const nameOf = (id: string) => day.people.find((person) => person.id === id)?.name ?? "a team member";
  return (
    <section className="panel trial-day-summary" aria-labelledby="trial-day-summary-heading">
      <h2 id="trial-day-summary-heading">The day</h2>
      <dl className="exercise-times">
        <dt>Date</dt>
        <dd>
          {day.date} ({day.candidateTimeZone})
        </dd>
        <dt>Where</dt>
        <dd>{day.location}</dd>
      </dl>
      <TrialDayAgenda
        sessions={day.sessions}
        details={(session) => [
          sessionKindLabels[session.kind],
          session.room,
          session.hostIds.length > 0 ? `hosted by ${session.hostIds.map(nameOf).join(", ")}` : null,
        ]}
        badge={(session) => session.isMyObservation && <span className="badge">You observe</span>}
      />
    </section>
  );
}

function DayStatus({ applicationId, day }: { applicationId: string; day: TrialDay }) {
  const send = useSendTrialDay(applicationId);
  const cancel = useCancelTrialDay(applicationId);
  const [isConfirmingCancel, setConfirmingCancel] = useState(false);
  return (
    <section className="panel trial-day-status" aria-labelledby="trial-day-status-heading">
      <h2 id="trial-day-status-heading">Status</h2>
      <p>
        <span className={`badge trial-day-badge-${day.status}`}>{statusLabels[day.status]}</span>
        {day.status === "sent" && day.calendarSequence > 0 && (
          <span className="muted"> · {day.calendarSequence} update(s) sent</span>
        )}
      </p>
      {day.canPlan && (
        <div className="form-actions">
          {day.status !== "sent" && (
            <button type="button" className="button" disabled={send.isPending} onClick={() => send.mutate()}>
              {send.isPending ? "Sending…" : "Send to the candidate"}
            </button>
          )}
          {day.status !== "cancelled" && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setConfirmingCancel(true)}
            >
              Cancel the trial day
            </button>
          )}
        </div>
      )}
      {day.status === "sent" && day.canPlan && (
        <p className="hint">
          Saving a change to the plan emails everyone an update; their calendars replace the event.
        </p>
      )}
      <FormError error={send.error ?? cancel.error} />
      <ConfirmDialog
        open={isConfirmingCancel}
        title="Cancel the trial day?"
        confirmLabel="Cancel the trial day"
        cancelLabel="Keep it"
        danger
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate(undefined, { onSettled: () => setConfirmingCancel(false) })}
        onCancel={() => setConfirmingCancel(false)}
      >
        {day.status === "sent"
          ? "The candidate and every host and observer get a cancellation, and the event leaves their calendars."
          : "The draft was never sent, so nobody is emailed."}
      </ConfirmDialog>
    </section>
  );
}
