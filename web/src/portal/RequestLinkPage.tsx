import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { type PortalNotice, usePortalMe, useRequestMagicLink } from "./portal";

const noticeText: Record<PortalNotice["notice"], string> = {
  "signed-out": "You have signed out of the candidate portal.",
  "session-ended": "Your portal session has ended. Ask for a new sign-in link to continue.",
};

export function RequestLinkPage() {
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const me = usePortalMe();
  const requestLink = useRequestMagicLink();
  const [email, setEmail] = useState("");
  // Set when the candidate came from a link in one organisation's email: only it sends a link.
  const organization = searchParams.get("org")?.trim() || undefined;
  const [sentTo, setSentTo] = useState<SentTo | null>(null);
  const notice = (location.state as Partial<PortalNotice> | null)?.notice;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = { email: email.trim(), ...(organization ? { organization } : {}) };
    requestLink.mutate(request, {
      onSuccess: (answer) => setSentTo({ email: request.email, detail: answer.detail }),
    });
  }

  return (
    <div className="portal-card">
      <title>Sign in – Candidate portal – Evident</title>
      <h1>Sign in to follow your application</h1>
      {notice && noticeText[notice] && (
        <p role="status" className="notice">
          {noticeText[notice]}
        </p>
      )}
      {me.data && (
        <p className="notice">
          You are signed in with {me.data.organization.name}.{" "}
          <Link to="/portal/home">See your applications</Link>
        </p>
      )}
      {sentTo ? (
        <LinkSent
          sentTo={sentTo}
          onAgain={() => {
            requestLink.reset();
            setSentTo(null);
          }}
        />
      ) : (
        <>
          <p>
            We will email you a sign-in link that works once, for a short time; no password is needed. Use the
            email address you applied with. If you applied to more than one organisation, each sends its own
            link.
          </p>
          <form onSubmit={submit} className="form">
            <TextField
              id="portal-email"
              label="Email"
              required
              type="email"
              autoComplete="email"
              value={email}
              onChange={setEmail}
            />
            <FormError error={requestLink.error} />
            <button type="submit" className="button" disabled={requestLink.isPending}>
              Email me a sign-in link
            </button>
          </form>
        </>
      )}
    </div>
  );
}

interface SentTo {
  email: string;
  /** The server's wording: the same whether or not the address is known. */
  detail: string;
}

function LinkSent({ sentTo, onAgain }: { sentTo: SentTo; onAgain: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The form is replaced by this message; moving focus to it tells keyboard and screen reader users.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="portal-link-sent-heading" className="portal-sent">
      <h2 id="portal-link-sent-heading" ref={heading} tabIndex={-1}>
        Check your email
      </h2>
      <p>
        Request received for <strong>{sentTo.email}</strong>. {sentTo.detail}
      </p>
      <p className="muted">
        Nothing arrived after a few minutes? Check your spam folder and the spelling of your address, or ask
        the hiring team which address they have for you.
      </p>
      <button type="button" className="button button-secondary" onClick={onAgain}>
        Ask for another link
      </button>
    </section>
  );
}
