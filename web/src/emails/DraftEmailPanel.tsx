import { useId, useState } from "react";
import { Link } from "react-router";
import type { EmailDraft } from "../api/schema";
import { useIsAdmin } from "../auth/session";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { FormError } from "../ui/FormError";
import { formatDateTime, localInputToIso } from "../ui/format";
import { EmailWordingFields, SendAtField } from "./EmailFields";
import { EmailPreview } from "./EmailPreview";
import { aDayFromNow, type DraftAction, draftStatusLabels, useDraftAction } from "./emails";

const openStatuses: readonly EmailDraft["status"][] = ["draft", "scheduled", "failed"];

/**
 * A drafted candidate email (a decision's or a rejection's): its preview, and for those who may
 * send it, edit, Send now, Schedule or Don't send. Sent, scheduled and cancelled are shown as such.
 */
export function DraftEmailPanel({
  draft,
  heading,
  canAct,
}: {
  draft: EmailDraft;
  heading: string;
  canAct: boolean;
}) {
  const id = useId();
  const isAdmin = useIsAdmin();
  const act = useDraftAction(draft.applicationId, draft.id);
  const [isEditing, setIsEditing] = useState(false);
  const [subject, setSubject] = useState(draft.subject);
  const [bodyText, setBodyText] = useState(draft.bodyText);
  const [sendAt, setSendAt] = useState(aDayFromNow);
  const [confirming, setConfirming] = useState<"send" | "cancel" | null>(null);
  const [done, setDone] = useState("");
  const isOpen = openStatuses.includes(draft.status);

  function perform(action: DraftAction, message: string) {
    setDone("");
    act.mutate(action, {
      onSuccess: (updated) => {
        setConfirming(null);
        setIsEditing(false);
        setSubject(updated.subject);
        setBodyText(updated.bodyText);
        setDone(updated.status === "failed" ? "" : message);
      },
    });
  }

  function schedule(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const iso = localInputToIso(sendAt);
    if (iso) perform({ kind: "schedule", sendAt: iso }, `Scheduled for ${formatDateTime(iso)}.`);
  }

  return (
    <section aria-labelledby={`${id}-heading`} className={`draft-email draft-email-${draft.status}`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p className="draft-email-status">
        <span className={`status-pill status-pill-${draft.status}`}>{draftStatusLabels[draft.status]}</span>{" "}
        <DraftStatusDetail draft={draft} />
        {draft.status === "sent" && isAdmin && draft.outboundEmailId && (
          <>
            {" "}
            <Link to={`/settings/outbox?email=${draft.outboundEmailId}`}>See it in the outbox</Link>
          </>
        )}
      </p>
      {draft.status === "draft" && (
        <p className="hint">
          Nothing has been sent. Check the email, change it if you like, then send it now or schedule it.
        </p>
      )}
      {draft.status === "failed" && draft.error && (
        <p role="alert" className="form-error">
          The mail server refused it: {draft.error}. You can send it again.
        </p>
      )}

      {isEditing ? (
        <form
          className="draft-email-form"
          aria-label="Edit the email"
          onSubmit={(event) => {
            event.preventDefault();
            perform(
              { kind: "edit", subject, bodyText },
              "Your changes are saved; the email is not sent yet.",
            );
          }}
        >
          <EmailWordingFields
            idPrefix={id}
            subject={subject}
            onSubject={setSubject}
            text={bodyText}
            onText={setBodyText}
            rows={12}
          />
          <div className="form-actions">
            <button type="submit" className="button" disabled={act.isPending}>
              Save changes
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setIsEditing(false);
                setSubject(draft.subject);
                setBodyText(draft.bodyText);
              }}
            >
              Discard changes
            </button>
          </div>
        </form>
      ) : (
        <EmailPreview label="The email" to={draft.to} subject={draft.subject} html={draft.html} />
      )}

      {canAct && isOpen && !isEditing && (
        <div className="draft-email-actions">
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={act.isPending}
              onClick={() => setConfirming("send")}
            >
              Send now
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={act.isPending}
              onClick={() => setIsEditing(true)}
            >
              Edit
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={act.isPending}
              onClick={() => setConfirming("cancel")}
            >
              {draft.status === "scheduled" ? "Cancel the scheduled email" : "Don't send"}
            </button>
          </div>
          <form className="draft-email-schedule" onSubmit={schedule}>
            <SendAtField
              idPrefix={id}
              label={draft.status === "scheduled" ? "Move the sending time to" : "Or schedule it for"}
              value={sendAt}
              onChange={setSendAt}
            />
            <button type="submit" className="button button-secondary" disabled={act.isPending}>
              Schedule
            </button>
          </form>
        </div>
      )}
      {!canAct && isOpen && (
        <p className="muted">Only admins and hiring managers, who record decisions, send this email.</p>
      )}
      <FormError
        error={act.error}
        fieldLabels={{ subject: "Subject", bodyText: "Email text", sendAt: "Time" }}
      />
      <p role="status" className="form-success">
        {done}
      </p>
      <ConfirmDialog
        open={confirming === "send"}
        title={`Send this email to ${draft.to} now?`}
        confirmLabel="Send the email"
        pending={act.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => perform({ kind: "send" }, `Sent to ${draft.to}.`)}
      >
        <p>
          Subject: <strong>{draft.subject}</strong>
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "cancel"}
        title={draft.status === "scheduled" ? "Cancel the scheduled email?" : "Don't send this email?"}
        confirmLabel={draft.status === "scheduled" ? "Cancel the email" : "Don't send"}
        cancelLabel="Keep it"
        danger
        pending={act.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => perform({ kind: "cancel" }, "The email will not be sent.")}
      >
        <p>The candidate is not emailed about this; this cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}

function DraftStatusDetail({ draft }: { draft: EmailDraft }) {
  if (draft.status === "sent" && draft.sentAt) {
    return (
      <span className="muted">
        to {draft.to} on <time dateTime={draft.sentAt}>{formatDateTime(draft.sentAt)}</time>
      </span>
    );
  }
  if (draft.status === "scheduled" && draft.sendAt) {
    return (
      <span className="muted">
        to go to {draft.to} on <time dateTime={draft.sendAt}>{formatDateTime(draft.sendAt)}</time>
      </span>
    );
  }
  return <span className="muted">to {draft.to}</span>;
}
