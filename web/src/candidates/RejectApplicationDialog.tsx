import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { ApiError } from "../api/client";
import type { ApplicationDetail, ApplicationSummary, RejectionReason } from "../api/schema";
import { EmailWordingFields, SendAtField } from "../emails/EmailFields";
import { aDayFromNow, useRejectionEmail } from "../emails/emails";
import { useModalDialog } from "../ui/ConfirmDialog";
import { labelledOptions, SelectField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { formatDateTime, localInputToIso } from "../ui/format";
import { ApplicationNoteField } from "./ApplicationNoteField";
import { type ApplicationAction, useApplicationAction } from "./candidates";
import { nameOf, rejectionReasonLabels, rejectionReasons } from "./labels";

type Timing = "now" | "later";

/**
 * Rejecting an application: the reason, an optional note, and the email to the candidate,
 * pre-filled from the organisation's rejection wording, which the recruiter may read, change,
 * send at once, schedule, or leave unsent. Interviews still to come are cancelled as before.
 */
export function RejectApplicationDialog({
  application,
  open,
  onClose,
  onDone,
}: {
  application: ApplicationSummary;
  open: boolean;
  onClose: () => void;
  onDone?: ((application: ApplicationDetail, action: ApplicationAction) => void) | undefined;
}) {
  const dialogRef = useModalDialog(open);
  const id = useId();
  const name = nameOf(application.candidate);
  const act = useApplicationAction(application.id);
  const queryClient = useQueryClient();
  const offered = useRejectionEmail(application.id, open);
  const [reason, setReason] = useState<RejectionReason | "">("");
  const [note, setNote] = useState("");
  const [isEmailing, setIsEmailing] = useState(true);
  const [subject, setSubject] = useState("");
  const [bodyText, setBodyText] = useState("");
  const [isPreviewing, setIsPreviewing] = useState(false);
  const [timing, setTiming] = useState<Timing>("now");
  const [sendAt, setSendAt] = useState(aDayFromNow);
  const hasNoAddress = offered.error instanceof ApiError && offered.error.status === 409;

  // The offered wording fills the fields once; what the recruiter types afterwards stays.
  useEffect(() => {
    if (!offered.data) return;
    setSubject((current) => current || offered.data.subject);
    setBodyText((current) => current || offered.data.bodyText);
  }, [offered.data]);

  const willEmail = isEmailing && !hasNoAddress && offered.isSuccess;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason === "") return;
    const trimmed = note.trim();
    const scheduledAt = timing === "later" ? localInputToIso(sendAt) : null;
    const action: ApplicationAction = {
      kind: "reject",
      reason,
      ...(trimmed ? { note: trimmed } : {}),
      ...(willEmail ? { email: { subject, bodyText, ...(scheduledAt ? { sendAt: scheduledAt } : {}) } } : {}),
    };
    act.mutate(action, {
      onSuccess: (updated) => {
        void queryClient.invalidateQueries({ queryKey: ["application-emails"] });
        setReason("");
        setNote("");
        onDone?.(updated, action);
        onClose();
      },
    });
  }

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog reject-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>Reject {name}</h2>
      <form onSubmit={submit} className="reject-dialog-form">
        <SelectField
          id={`${id}-reason`}
          label="Reason"
          required
          placeholder="Choose a reason"
          options={labelledOptions(rejectionReasons, rejectionReasonLabels)}
          value={reason}
          onChange={(value) => setReason(value as RejectionReason | "")}
        />
        <ApplicationNoteField
          id={`${id}-note`}
          label="Note for the hiring team (optional)"
          value={note}
          onChange={setNote}
        />
        <p className="hint">Interviews still to come are cancelled and their interviewers told.</p>

        <fieldset className="reject-dialog-email">
          <legend>Email to the candidate</legend>
          {hasNoAddress ? (
            <p className="notice">{name} has no email address, so nobody is emailed.</p>
          ) : (
            <div className="checkbox-field">
              <input
                id={`${id}-email`}
                type="checkbox"
                checked={isEmailing}
                onChange={(event) => setIsEmailing(event.target.checked)}
              />
              <label htmlFor={`${id}-email`}>Email the candidate</label>
            </div>
          )}
          {isEmailing && offered.isPending && <p className="muted">Loading the rejection email…</p>}
          {isEmailing && offered.isError && !hasNoAddress && <FormError error={offered.error} />}
          {willEmail && offered.data && (
            <>
              <p className="muted">To {offered.data.to}</p>
              <div className="reject-dialog-tabs">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-pressed={!isPreviewing}
                  onClick={() => setIsPreviewing(false)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-pressed={isPreviewing}
                  onClick={() => setIsPreviewing(true)}
                >
                  Preview
                </button>
              </div>
              {isPreviewing ? (
                <section className="email-text-preview" aria-label="Preview of the email">
                  <p className="email-text-preview-subject">{subject}</p>
                  <div className="email-text-preview-body">{bodyText}</div>
                </section>
              ) : (
                <EmailWordingFields
                  idPrefix={id}
                  subject={subject}
                  onSubject={setSubject}
                  text={bodyText}
                  onText={setBodyText}
                  rows={8}
                />
              )}
              <div className="radio-options" role="radiogroup" aria-label="When to send it">
                <div className="radio-option">
                  <input
                    id={`${id}-now`}
                    type="radio"
                    name={`${id}-timing`}
                    checked={timing === "now"}
                    onChange={() => setTiming("now")}
                  />
                  <label htmlFor={`${id}-now`}>Send it with the rejection</label>
                </div>
                <div className="radio-option">
                  <input
                    id={`${id}-later`}
                    type="radio"
                    name={`${id}-timing`}
                    checked={timing === "later"}
                    onChange={() => setTiming("later")}
                  />
                  <label htmlFor={`${id}-later`}>Schedule it</label>
                </div>
              </div>
              {timing === "later" && (
                <SendAtField idPrefix={id} label="Send on" value={sendAt} onChange={setSendAt}>
                  {localInputToIso(sendAt) && (
                    <p className="hint">
                      Goes out {formatDateTime(localInputToIso(sendAt) ?? "")}; cancellable until then.
                    </p>
                  )}
                </SendAtField>
              )}
            </>
          )}
        </fieldset>

        <FormError
          error={act.error}
          fieldLabels={{
            reason: "Reason",
            note: "Note",
            "email.subject": "Subject",
            "email.bodyText": "Email text",
            "email.sendAt": "Send on",
          }}
        />
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={act.isPending || reason === ""}>
            {willEmail
              ? timing === "now"
                ? "Reject and send the email"
                : "Reject and schedule the email"
              : "Reject"}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              act.reset();
              onClose();
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
