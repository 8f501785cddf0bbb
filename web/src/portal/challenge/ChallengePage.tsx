import { useEffect, useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { CandidateChallenge } from "../../api/schema";
import { fullDateTimeFormat } from "../../ui/format";
import { PromptMarkdown } from "../../ui/PromptMarkdown";
import { LoadFailed, Loading } from "../../ui/QueryState";
import { noticeForMissingSession } from "../portal";
import { useSignedInCandidate } from "../useSignedInCandidate";
import { ChallengeWorkspace } from "./ChallengeWorkspace";
import { useCandidateChallenge } from "./challenge";
import { SplitView } from "./SplitView";

/**
 * The candidate's challenge: the prompt and the editor side by side (a resizable splitter; the
 * prompt can be hidden), Run and Submit, the console and the results.
 */
export function ChallengePage() {
  const { applicationId = "" } = useParams();
  // The portal's CSRF token comes with /portal/me; saving and sending code need it.
  const candidate = useSignedInCandidate("your challenge");
  const challenge = useCandidateChallenge(applicationId);
  const now = useMinuteClock();
  const [isPromptCollapsed, setPromptCollapsed] = useState(false);

  if (candidate.me === null) return candidate.fallback;
  if (challenge.isPending) return <Loading what="your challenge" />;
  if (challenge.isError) {
    const { error } = challenge;
    if (error instanceof ApiError && error.status === 401) {
      return <Navigate to="/portal" replace state={noticeForMissingSession()} />;
    }
    // No challenge at this stage, or the application is closed: trying again will not help.
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
      return (
        <div className="portal-challenge-page">
          <title>Challenge – Candidate portal – Evident</title>
          <h1>Challenge</h1>
          <p className="notice">{error.detail}</p>
          <p>
            <Link to="/portal/home">Back to your applications</Link>
          </p>
        </div>
      );
    }
    return <LoadFailed error={error} onRetry={() => void challenge.refetch()} />;
  }

  const data = challenge.data;
  // The server decides at load time; a deadline that passes while the page is open closes it too.
  const isClosed = data.isClosed || (data.dueAt !== null && now >= Date.parse(data.dueAt));
  return (
    <div className="portal-challenge-page">
      <title>{`${data.challenge.title} – Candidate portal – Evident`}</title>
      <p className="portal-challenge-back">
        <Link to="/portal/home">← Your applications</Link>
      </p>
      <h1>{data.challenge.title}</h1>
      <ChallengeFacts challenge={data} now={now} isClosed={isClosed} />
      <div className="portal-challenge-layout-bar">
        <button
          type="button"
          className="button button-secondary"
          aria-expanded={!isPromptCollapsed}
          aria-controls="portal-challenge-prompt"
          onClick={() => setPromptCollapsed((collapsed) => !collapsed)}
        >
          {isPromptCollapsed ? "Show the task" : "Hide the task"}
        </button>
      </div>
      <SplitView
        firstId="portal-challenge-prompt"
        isFirstCollapsed={isPromptCollapsed}
        splitterLabel="Resize the task and the editor"
        first={
          <section
            aria-labelledby="portal-challenge-prompt-heading"
            className="panel portal-challenge-prompt"
          >
            <h2 id="portal-challenge-prompt-heading" className="visually-hidden">
              The task
            </h2>
            <PromptMarkdown markdown={data.prompt} title={data.challenge.title} />
          </section>
        }
        second={
          <ChallengeWorkspace
            key={data.attemptId}
            applicationId={applicationId}
            challenge={data}
            isClosed={isClosed}
          />
        }
      />
    </div>
  );
}

function ChallengeFacts({
  challenge,
  now,
  isClosed,
}: {
  challenge: CandidateChallenge;
  now: number;
  isClosed: boolean;
}) {
  const { dueAt } = challenge;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Stage</dt>
          <dd>{challenge.stageName}</dd>
        </div>
        <div>
          <dt>Deadline</dt>
          <dd>
            {dueAt === null ? (
              "No deadline"
            ) : (
              <>
                <time dateTime={dueAt}>{fullDateTimeFormat.format(new Date(dueAt))}</time>
                <span className="portal-challenge-time-left">
                  {isClosed ? "Closed" : timeLeft(Date.parse(dueAt) - now)}
                </span>
              </>
            )}
          </dd>
        </div>
      </dl>
      {isClosed && (
        <p className="notice portal-challenge-closed">
          The deadline has passed, so this challenge is closed. You can still read your code and your results,
          but you can no longer change, run or submit it.
        </p>
      )}
    </>
  );
}

/** The time now, updated every minute: enough for a deadline counted in days and hours. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function timeLeft(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "Less than a minute left";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const restMinutes = minutes % 60;
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (days > 0) return `${plural(days, "day")}${hours > 0 ? ` ${plural(hours, "hour")}` : ""} left`;
  if (hours > 0)
    return `${plural(hours, "hour")}${restMinutes > 0 ? ` ${plural(restMinutes, "minute")}` : ""} left`;
  return `${plural(restMinutes, "minute")} left`;
}
