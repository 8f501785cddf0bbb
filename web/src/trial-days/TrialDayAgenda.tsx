import type { ReactNode } from "react";

/** What an agenda line shows of a session, whoever reads it. */
interface AgendaSession {
  id: string;
  startsAt: string;
  startTime: string;
  endTime: string;
  title: string;
}

/**
 * A trial day's sessions in order, as the candidate's portal and the team's page show them: the
 * time, the title, a line of details (`details`, joined by " · ", empty ones left out) and a badge
 * for what this reader should know of the session.
 */
export function TrialDayAgenda<Session extends AgendaSession>({
  sessions,
  details,
  badge,
}: {
  sessions: readonly Session[];
  details: (session: Session) => readonly (string | null)[];
  badge: (session: Session) => ReactNode;
}) {
  return (
    <ol className="trial-day-agenda">
      {sessions.map((session) => (
        <li key={session.id}>
          <time dateTime={session.startsAt}>
            {session.startTime}–{session.endTime}
          </time>
          <div>
            <strong>{session.title}</strong>
            <div className="muted">{details(session).filter(Boolean).join(" · ")}</div>
            {badge(session)}
          </div>
        </li>
      ))}
    </ol>
  );
}
