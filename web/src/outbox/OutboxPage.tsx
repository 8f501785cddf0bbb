import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";
import { ApiError } from "../api/client";
import type { OutboxEmail } from "../api/schema";
import { useIsAdmin } from "../auth/session";
import { CardTable } from "../ui/CardTable";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading, NextPageButton } from "../ui/QueryState";
import { TableHead } from "../ui/TableHead";
import { templateLabels, useOutbox, useOutboxEmail } from "./outbox";

export function OutboxPage() {
  const isAdmin = useIsAdmin();
  return (
    <section aria-labelledby="outbox-heading">
      <title>Email outbox – Settings – Evident</title>
      <h2 id="outbox-heading">Email outbox</h2>
      {isAdmin ? <Outbox /> : <AdminsOnly />}
    </section>
  );
}

function AdminsOnly() {
  return <p className="notice">The email outbox is for admins only.</p>;
}

function Outbox() {
  const outbox = useOutbox();
  // The selection lives in the address so a link to one email can be shared with another admin.
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedId = searchParams.get("email");

  function select(emailId: string | null) {
    const next = new URLSearchParams(searchParams);
    if (emailId === null) next.delete("email");
    else next.set("email", emailId);
    setSearchParams(next, { replace: true });
  }

  if (outbox.isPending) return <Loading what="the outbox" />;
  if (outbox.data === undefined) {
    if (outbox.error instanceof ApiError && outbox.error.status === 403) return <AdminsOnly />;
    return <LoadFailed error={outbox.error} onRetry={() => void outbox.refetch()} />;
  }

  const emails = outbox.data.pages.flatMap((page) => page.items);
  const latestTransport = emails[0]?.transport;

  return (
    <>
      <div className="outbox-intro">
        <p>
          Every email Evident sends to candidates is recorded here: portal invitations, sign-in links,
          interview times and decisions. Sign-in links are redacted in these copies, so reading the outbox
          never lets anyone sign in as a candidate.
        </p>
        <p>
          Without SMTP settings (<code>SMTP_HOST</code> and the other <code>SMTP_</code> variables), emails
          are not delivered: each one is written as an <code>.eml</code> file to the <code>outbox</code>{" "}
          folder of the data directory (<code>EVIDENT_DATA_DIR</code>), where any mail client can open it.
          {latestTransport === "file" &&
            " The latest email was written to a file, so this installation has no SMTP server set."}
          {latestTransport === "smtp" && " The latest email went through the SMTP server."}
        </p>
      </div>
      {emails.length === 0 ? (
        <p>No emails have been sent yet.</p>
      ) : (
        <div className="outbox-layout">
          <CardTable>
            <table className="outbox-table">
              <caption className="visually-hidden">Sent emails, newest first</caption>
              <TableHead columns={["Time", "To", "Subject", "Type", "Status"]} />
              <tbody>
                {emails.map((email) => (
                  <OutboxRow
                    key={email.id}
                    email={email}
                    selected={email.id === selectedId}
                    onSelect={() => select(email.id)}
                  />
                ))}
              </tbody>
            </table>
          </CardTable>
          <NextPageButton list={outbox} what="more emails" />
          {selectedId !== null && <EmailDetail emailId={selectedId} onClose={() => select(null)} />}
        </div>
      )}
    </>
  );
}

function OutboxRow({
  email,
  selected,
  onSelect,
}: {
  email: OutboxEmail;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <tr className={selected ? "row-selected" : undefined}>
      <td>
        <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
      </td>
      <td>{email.to}</td>
      <th scope="row">
        <button
          type="button"
          className="link-button"
          aria-current={selected ? "true" : undefined}
          aria-controls="outbox-email-detail"
          onClick={onSelect}
        >
          {email.subject}
        </button>
      </th>
      <td>{templateLabels[email.template] ?? email.template}</td>
      <td>
        <EmailStatus email={email} />
      </td>
    </tr>
  );
}

function EmailStatus({ email }: { email: Pick<OutboxEmail, "status" | "transport"> }) {
  if (email.status === "failed") return <span className="email-status email-status-failed">Failed</span>;
  return (
    <span className="email-status email-status-sent">
      {email.transport === "file" ? "Written to file" : "Sent by SMTP"}
    </span>
  );
}

function EmailDetail({ emailId, onClose }: { emailId: string; onClose: () => void }) {
  const email = useOutboxEmail(emailId);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (email.data) heading.current?.focus();
  }, [email.data]);

  return (
    <section id="outbox-email-detail" aria-labelledby="outbox-email-heading" className="panel outbox-detail">
      {email.isPending && <Loading what="the email" />}
      {email.isError && <LoadFailed error={email.error} onRetry={() => void email.refetch()} />}
      {email.data && (
        <>
          <h3 id="outbox-email-heading" ref={heading} tabIndex={-1}>
            {email.data.subject}
          </h3>
          <dl className="outbox-headers">
            <dt>To</dt>
            <dd>{email.data.to}</dd>
            <dt>Time</dt>
            <dd>
              <time dateTime={email.data.createdAt}>{formatDateTime(email.data.createdAt)}</time>
            </dd>
            <dt>Type</dt>
            <dd>{templateLabels[email.data.template] ?? email.data.template}</dd>
            <dt>Status</dt>
            <dd>
              <EmailStatus email={email.data} />
            </dd>
            {email.data.fileName !== null && (
              <>
                <dt>File</dt>
                <dd>
                  <code>outbox/{email.data.fileName}</code>
                </dd>
              </>
            )}
            {email.data.error !== null && (
              <>
                <dt>Error</dt>
                <dd className="outbox-error">{email.data.error}</dd>
              </>
            )}
          </dl>
          <h4 className="visually-hidden">Text of the email</h4>
          <pre className="outbox-body">{email.data.bodyText}</pre>
        </>
      )}
      <button type="button" className="button button-secondary" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
