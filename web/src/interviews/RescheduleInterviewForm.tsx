import { type FormEvent, useState } from "react";
import type { InterviewDetail } from "../api/schema";
import { FormError } from "../ui/FormError";
import { formatDateTime, localInputToIso, toLocalInput } from "../ui/format";
import { InterviewPlaceFields, type InterviewSlot, InterviewTimeFields } from "./InterviewTimeAndPlaceFields";
import { useRescheduleInterview } from "./interviews";

type RescheduleField = "scheduledAt" | "durationMinutes" | "room" | "videoLink";

const fieldLabels: Record<RescheduleField, string> = {
  scheduledAt: "Date and time",
  durationMinutes: "Duration (minutes)",
  room: "Room",
  videoLink: "Video link",
};

/** Whether the hiring team may still move the interview: scheduled and not yet started. */
export function canReschedule(interview: Pick<InterviewDetail, "status" | "scheduledAt">, now = Date.now()) {
  return interview.status === "scheduled" && new Date(interview.scheduledAt).getTime() > now;
}

/**
 * Moves a scheduled interview to a new start, length or place, with the schedule form's own
 * fields. The server sends the candidate and each interviewer the updated calendar invitation.
 */
export function RescheduleInterviewForm({
  interview,
  onDone,
  onCancel,
}: {
  interview: InterviewDetail;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const reschedule = useRescheduleInterview(interview.id);
  const [slot, setSlot] = useState<InterviewSlot>(() => ({
    scheduledAt: toLocalInput(new Date(interview.scheduledAt)),
    duration: String(interview.durationMinutes),
    mode: interview.mode,
    room: interview.room ?? "",
    videoLink: interview.videoLink ?? "",
  }));

  function editSlot(change: Partial<InterviewSlot>) {
    reschedule.reset();
    setSlot((current) => ({ ...current, ...change }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The place is sent only when it changed, so a link the page does not show is kept as it is.
    const { mode, room, videoLink } = slot;
    const modeChanged = mode !== interview.mode;
    const place =
      mode === "onsite"
        ? modeChanged || room !== (interview.room ?? "")
          ? { room: room.trim() }
          : {}
        : modeChanged || videoLink !== (interview.videoLink ?? "")
          ? { videoLink: videoLink.trim() }
          : {};
    reschedule
      .mutateAsync({
        scheduledAt: localInputToIso(slot.scheduledAt) ?? "",
        durationMinutes: Number(slot.duration),
        mode,
        ...place,
      })
      .then(
        (saved) =>
          onDone(
            `Rescheduled to ${formatDateTime(saved.scheduledAt)}, ${saved.durationMinutes} minutes. The candidate and the interviewers were sent the updated invitation.`,
          ),
        () => {
          // reschedule.error carries the problem; the form shows it at the fields.
        },
      );
  }

  return (
    <section aria-labelledby="reschedule-heading" className="panel reschedule-panel">
      <h2 id="reschedule-heading">Reschedule the interview</h2>
      <p className="muted">
        Now {formatDateTime(interview.scheduledAt)}, {interview.durationMinutes} minutes. Saving a new time
        sends the candidate and every interviewer an updated calendar invitation that replaces the old one.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <InterviewTimeFields
          idPrefix="reschedule"
          slot={slot}
          onChange={editSlot}
          error={reschedule.error}
          minimumMinutes={interview.kit?.minimumDurationMinutes ?? null}
        />
        <InterviewPlaceFields
          idPrefix="reschedule"
          slot={slot}
          onChange={editSlot}
          error={reschedule.error}
        />
        <FormError error={reschedule.error} fieldLabels={fieldLabels} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={reschedule.isPending}>
            Save the new time
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Keep the current time
          </button>
        </div>
      </form>
    </section>
  );
}
