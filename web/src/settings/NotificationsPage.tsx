import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client";
import type { SlackWebhookStatus } from "../api/schema";
import { useIsAdmin } from "../auth/session";
import { TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useRemoveSlackWebhook, useSetSlackWebhook, useSlackWebhook } from "./slack-webhook";

/** Organisation-wide notifications: where overdue-scorecard nudges go besides email (admins). */
export function NotificationsPage() {
  const isAdmin = useIsAdmin();
  return (
    <section aria-labelledby="notifications-heading">
      <title>Notifications – Settings – Evident</title>
      <h2 id="notifications-heading">Notifications</h2>
      {isAdmin ? <SlackWebhookSettings /> : <AdminsOnly />}
    </section>
  );
}

function AdminsOnly() {
  return (
    <p className="notice">
      Notification settings are for admins only. Ask an admin of this organisation to connect Slack.
    </p>
  );
}

function SlackWebhookSettings() {
  const status = useSlackWebhook(true);
  if (status.isPending) return <Loading what="the Slack settings" />;
  if (status.data === undefined) {
    if (status.error instanceof ApiError && status.error.status === 403) return <AdminsOnly />;
    return <LoadFailed error={status.error} onRetry={() => void status.refetch()} />;
  }
  return <SlackWebhookForm status={status.data} />;
}

function SlackWebhookForm({ status }: { status: SlackWebhookStatus }) {
  const save = useSetSlackWebhook();
  const remove = useRemoveSlackWebhook();
  const [url, setUrl] = useState("");
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const [message, setMessage] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    remove.reset();
    save.mutate(url.trim(), {
      onSuccess: () => {
        setUrl("");
        setMessage(status.isConfigured ? "Webhook replaced." : "Webhook saved.");
      },
    });
  }

  return (
    <form className="form panel slack-webhook-form" onSubmit={submit} aria-labelledby="slack-nudges-heading">
      <h3 id="slack-nudges-heading">Slack nudges for overdue scorecards</h3>
      <p className="muted">
        Every day, each interviewer with a scorecard overdue (24 hours after the interview ended) is emailed.
        With a Slack incoming webhook, a summary of them is also posted to that channel.
      </p>
      <p className="slack-webhook-state">
        {status.isConfigured ? (
          <>
            <strong>Webhook set</strong>
            {status.updatedAt && (
              <>
                {" "}
                (saved <time dateTime={status.updatedAt}>{formatDateTime(status.updatedAt)}</time>)
              </>
            )}
            . The URL is a secret: it is stored encrypted and never shown again.
          </>
        ) : (
          <>
            <strong>No webhook</strong>: overdue scorecards are nudged by email only.
          </>
        )}
      </p>
      <TextField
        id="slack-webhook-url"
        type="url"
        label={status.isConfigured ? "Replace the incoming webhook URL" : "Incoming webhook URL"}
        hint="From Slack's Incoming Webhooks app: https://hooks.slack.com/services/…"
        maxLength={2000}
        error={fieldMessage(save.error, "url")}
        value={url}
        onChange={(text) => {
          save.reset();
          setMessage("");
          setUrl(text);
        }}
      />
      <FormError error={save.error} fieldLabels={{ url: "Incoming webhook URL" }} />
      <FormError error={remove.error} />
      <p role="status" className="form-success">
        {message}
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending || url.trim() === ""}>
          {status.isConfigured ? "Replace webhook" : "Save webhook"}
        </button>
        {status.isConfigured &&
          (confirmingRemoval ? (
            <span className="confirm">
              <span>Stop posting nudges to Slack?</span>
              <button
                type="button"
                className="button button-danger"
                disabled={remove.isPending}
                onClick={() => {
                  save.reset();
                  remove.mutate(undefined, {
                    onSuccess: () => {
                      setConfirmingRemoval(false);
                      setMessage("Webhook removed: nudges go by email only.");
                    },
                  });
                }}
              >
                Confirm removal
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setConfirmingRemoval(false)}
              >
                Keep it
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setMessage("");
                setConfirmingRemoval(true);
              }}
            >
              Remove webhook
            </button>
          ))}
      </div>
    </form>
  );
}
