import type { TrialDay, TrialDayBehaviour, TrialDaySession } from "../api/schema";
import { RatingWithEvidence, useRatingDrafts } from "../ui/AnchoredRating";
import { FormError } from "../ui/FormError";
import { sessionKindLabels, useFileObservation } from "./trial-days";

/**
 * The observation forms of the day, one section per session: a form for each session the reader
 * observes and has not filed yet, and the filed forms they may see. Others' forms show only
 * once one's own is filed, so observers rate independently. Lunch has no form.
 */
export function ObservationForms({ applicationId, day }: { applicationId: string; day: TrialDay }) {
  const scored = day.sessions.filter((session) => session.isScored);
  return (
    <section className="panel" aria-labelledby="trial-day-observations-heading">
      <h2 id="trial-day-observations-heading">Observation forms</h2>
      {day.status === "draft" && <p className="muted">Forms open once the day is sent to the candidate.</p>}
      {day.status === "cancelled" && <p className="muted">The day was cancelled; it takes no forms.</p>}
      {scored.length === 0 ? (
        <p className="muted">No scored sessions on the agenda.</p>
      ) : (
        scored.map((session) => (
          <SessionObservations key={session.id} applicationId={applicationId} day={day} session={session} />
        ))
      )}
    </section>
  );
}

function SessionObservations({
  applicationId,
  day,
  session,
}: {
  applicationId: string;
  day: TrialDay;
  session: TrialDaySession;
}) {
  const behaviours = day.behaviours.filter((behaviour) => session.behaviourIds.includes(behaviour.id));
  const nameOf = (id: string) => behaviours.find((behaviour) => behaviour.id === id)?.name ?? id;
  const hidden = session.filedCount - session.observations.length;
  return (
    <div className="trial-day-observation-session">
      <h3>
        {session.startTime}–{session.endTime} · {session.title}
      </h3>
      <p className="muted">
        {sessionKindLabels[session.kind]} · {session.filedCount} of {session.observerIds.length} form
        {session.observerIds.length === 1 ? "" : "s"} filed
      </p>
      {session.observations.length > 0 && (
        <ul className="trial-day-filed">
          {session.observations.map((form) => (
            <li key={form.id}>
              <strong>{form.isMine ? "Your form" : form.observerName}</strong>
              <ul>
                {form.ratings.map((rating) => (
                  <li key={rating.behaviourId}>
                    {nameOf(rating.behaviourId)}: <strong>{rating.level}</strong> · {rating.evidence}
                  </li>
                ))}
              </ul>
              {form.flaggedTerms.length > 0 && (
                <span className="badge">note guard: {form.flaggedTerms.join(", ")}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 && (
        <p className="muted">
          {hidden} other form{hidden === 1 ? " is" : "s are"} filed; you see them once you file yours.
        </p>
      )}
      {session.isMyObservation && !session.hasMyForm && day.status === "sent" && (
        <ObservationForm applicationId={applicationId} session={session} behaviours={behaviours} />
      )}
    </div>
  );
}

function ObservationForm({
  applicationId,
  session,
  behaviours,
}: {
  applicationId: string;
  session: TrialDaySession;
  behaviours: TrialDayBehaviour[];
}) {
  const file = useFileObservation(applicationId, session.id);
  const ratings = useRatingDrafts();
  return (
    <form
      className="trial-day-observation-form"
      aria-label={`Your observation form: ${session.title}`}
      onSubmit={(event) => {
        event.preventDefault();
        file.mutate({
          ratings: behaviours.map((behaviour) => ({
            behaviourId: behaviour.id,
            ...ratings.filed(behaviour.id),
          })),
        });
      }}
    >
      <p className="hint">
        Rate what you saw against each anchor, with the evidence: what the candidate said or did, and when. If
        you saw nothing for a behaviour, rate 1 and write “no evidence observed”. Your form is final once
        filed.
      </p>
      {behaviours.map((behaviour) => (
        <RatingWithEvidence
          key={behaviour.id}
          group={`${session.id}-${behaviour.id}`}
          name={behaviour.name}
          description={behaviour.description}
          levels={behaviour.levels}
          draft={ratings.draftOf(behaviour.id)}
          onChange={(change) => ratings.edit(behaviour.id, change)}
        />
      ))}
      <FormError error={file.error} />
      <button type="submit" className="button" disabled={file.isPending}>
        {file.isPending ? "Filing…" : "File your form"}
      </button>
    </form>
  );
}
