import { type FormEvent, useEffect, useRef, useState } from "react";
import type { CandidatePage, ErasureSummary } from "../api/schema";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { formatDate, formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useCandidateSearch, useEraseCandidate, useExportCandidate, useInviteCandidate } from "./privacy";

type CandidateSearchResult = CandidatePage["items"][number];

export function CandidateDataTool() {
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<CandidateSearchResult | null>(null);
  const [erased, setErased] = useState<{ name: string; summary: ErasureSummary } | null>(null);
  const search = useCandidateSearch(query);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSelected(null);
    setErased(null);
    setQuery(draft.trim());
  }

  return (
    <section aria-labelledby="candidate-data-heading" className="panel">
      <h3 id="candidate-data-heading">Candidate data</h3>
      <p>
        Answer a candidate's request for their data: export everything Evident holds about them, invite them
        to the candidate portal, or erase them.
      </p>
      <search aria-label="Find a candidate">
        <form onSubmit={submit} className="candidate-search">
          <Field id="privacy-candidate-query" label="Name or email" required>
            {(control) => (
              <input
                {...control}
                type="search"
                required
                autoComplete="off"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button">
            Find candidate
          </button>
        </form>
      </search>

      {erased && <ErasureReport name={erased.name} summary={erased.summary} />}

      {query !== "" && search.isPending && <Loading what="candidates" />}
      {search.isError && <LoadFailed error={search.error} onRetry={() => void search.refetch()} />}
      {search.data &&
        (search.data.items.length === 0 ? (
          <p role="status">No candidate matches “{query}”. Erased candidates are not listed.</p>
        ) : (
          <ul className="candidate-results" aria-label="Matching candidates">
            {search.data.items.map((candidate) => (
              <li key={candidate.id}>
                <span>
                  <strong>{candidate.fullName ?? "Unnamed candidate"}</strong>
                  <span className="muted"> {candidate.email}</span>
                  <span className="muted"> · added {formatDate(candidate.createdAt)}</span>
                </span>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-pressed={selected?.id === candidate.id}
                  onClick={() => {
                    setErased(null);
                    setSelected(candidate);
                  }}
                >
                  Select<span className="visually-hidden"> {candidate.fullName ?? candidate.email}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}

      {selected && (
        <SelectedCandidate
          key={selected.id}
          candidate={selected}
          onErased={(summary) => {
            setErased({ name: selected.fullName ?? selected.email ?? selected.id, summary });
            setSelected(null);
          }}
        />
      )}
    </section>
  );
}

function SelectedCandidate({
  candidate,
  onErased,
}: {
  candidate: CandidateSearchResult;
  onErased: (summary: ErasureSummary) => void;
}) {
  const invite = useInviteCandidate();
  const exportData = useExportCandidate();
  const [confirmingErase, setConfirmingErase] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const name = candidate.fullName ?? "Unnamed candidate";

  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="selected-candidate-heading" className="selected-candidate">
      <h4 id="selected-candidate-heading" ref={heading} tabIndex={-1}>
        {name}
      </h4>
      <dl className="facts">
        <div>
          <dt>Email</dt>
          <dd>{candidate.email}</dd>
        </div>
        <div>
          <dt>Candidate id</dt>
          <dd>
            <code>{candidate.id}</code>
          </dd>
        </div>
      </dl>
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={invite.isPending}
          onClick={() => invite.mutate(candidate.id)}
        >
          Invite to portal
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={exportData.isPending}
          onClick={() => exportData.mutate(candidate.id)}
        >
          Export data (JSON)
        </button>
        <button
          type="button"
          className="button button-danger"
          aria-expanded={confirmingErase}
          aria-controls="erase-confirmation"
          onClick={() => setConfirmingErase(!confirmingErase)}
        >
          Erase candidate
        </button>
      </div>
      <FormError error={invite.error ?? exportData.error} />
      <p role="status" className="form-success">
        {invite.data &&
          (invite.data.email.status === "sent"
            ? `Invitation sent to ${candidate.email}. The link works once, until ${formatDateTime(invite.data.expiresAt)}.`
            : "")}
        {exportData.isSuccess && ` The export of ${name} was downloaded as candidate-${candidate.id}.json.`}
      </p>
      {invite.data?.email.status === "failed" && (
        <div role="alert" className="form-error">
          <p>
            The invitation email could not be sent: {invite.data.email.error}. It is listed in the email
            outbox with its error.
          </p>
        </div>
      )}
      {confirmingErase && (
        <EraseConfirmation
          candidate={candidate}
          name={name}
          onCancel={() => setConfirmingErase(false)}
          onErased={onErased}
        />
      )}
    </section>
  );
}

function EraseConfirmation({
  candidate,
  name,
  onCancel,
  onErased,
}: {
  candidate: CandidateSearchResult;
  name: string;
  onCancel: () => void;
  onErased: (summary: ErasureSummary) => void;
}) {
  const erase = useEraseCandidate();
  const [typed, setTyped] = useState("");
  const matches = typed.trim() === candidate.id;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!matches) return;
    erase.mutate({ candidateId: candidate.id, confirm: typed.trim() }, { onSuccess: onErased });
  }

  return (
    <form id="erase-confirmation" onSubmit={submit} className="form erase-confirmation">
      <div className="erase-warning" id="erase-warning">
        <p className="warning">Erasing {name} cannot be undone.</p>
        <p>Removed for good:</p>
        <ul>
          <li>their name, email, phone, location, links and source;</li>
          <li>their resume and other files;</li>
          <li>every email sent to them, in the outbox and as stored files;</li>
          <li>their portal sign-in links and sessions, which end at once;</li>
          <li>their voluntary self-identification answers;</li>
          <li>
            notes on their application history, and any evidence, reason or interview place that names them.
          </li>
        </ul>
        <p>
          Kept, with nothing that identifies them: their applications' stages and dates, interview scores and
          evidence notes about their work, recommendations and decisions, so that hiring statistics,
          adverse-impact checks and outcome analyses keep their shape. The audit log records that the erasure
          happened, with counts only.
        </p>
      </div>
      <Field
        id="erase-confirm"
        label="Type the candidate id to confirm"
        required
        hint={
          <>
            The id is <code>{candidate.id}</code>.
          </>
        }
      >
        {(control) => (
          <input
            {...control}
            aria-describedby={`${control["aria-describedby"]} erase-warning`}
            required
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
        )}
      </Field>
      <FormError error={erase.error} />
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={!matches || erase.isPending}>
          Erase {name} permanently
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={erase.isPending}
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

function ErasureReport({ name, summary }: { name: string; summary: ErasureSummary }) {
  const { removed, redacted } = summary;
  const redactedTexts =
    redacted.applicationEventReasons +
    redacted.scorecardEvidence +
    redacted.scorecardAmendmentReasons +
    redacted.decisionOverrideReasons +
    redacted.interviewPlaces;
  return (
    <div role="status" className="erasure-report">
      <p className="warning">
        {name} was erased on <time dateTime={summary.erasedAt}>{formatDateTime(summary.erasedAt)}</time>.
      </p>
      <p>
        Removed: {removed.emails} emails, {removed.files} files, {removed.magicLinks} sign-in links,{" "}
        {removed.portalSessions} portal sessions and {removed.demographics === 0 ? "no" : "their"}{" "}
        self-identification answers. Cleared: {redacted.applicationEventNotes} application notes and{" "}
        {redactedTexts} other texts that named them.
      </p>
      {summary.outboxFilesNotDeleted > 0 && (
        <p>
          {summary.outboxFilesNotDeleted} stored email files could not be deleted from the data directory's
          outbox folder; delete them by hand.
        </p>
      )}
    </div>
  );
}
