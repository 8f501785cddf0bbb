import { useState } from "react";
import { Link } from "react-router";
import type { Interview, InterviewStatus } from "../api/schema";
import { useRoles } from "../roles/roles";
import { LoadFailed, Loading } from "../ui/QueryState";
import {
  candidateLabel,
  interviewStatusLabels,
  type TeamInterviewFilters,
  useMembers,
  useTeamInterviews,
} from "./interviews";

const DAY_MS = 86_400_000;

/** Monday 00:00 (local time) of the week holding `day`. */
function startOfWeek(day: Date): Date {
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  const sinceMonday = (start.getDay() + 6) % 7;
  start.setDate(start.getDate() - sinceMonday);
  return start;
}

function addDays(day: Date, days: number): Date {
  const next = new Date(day);
  next.setDate(next.getDate() + days);
  return next;
}

const dayHeading = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const weekRange = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long", year: "numeric" });

/**
 * Every interview of the organisation, for the hiring team: one week at a time, as a calendar or a
 * list, filtered by role, interviewer and status. Interviewers keep their own list above.
 */
export function TeamInterviews() {
  const [weekStart, setWeekStart] = useState(() => startOfWeek(new Date()));
  const [view, setView] = useState<"week" | "list">("week");
  const [roleId, setRoleId] = useState("");
  const [interviewerId, setInterviewerId] = useState("");
  const [status, setStatus] = useState<InterviewStatus | "">("");
  const weekEnd = addDays(weekStart, 7);
  const filters: TeamInterviewFilters = {
    from: weekStart.toISOString(),
    to: weekEnd.toISOString(),
    roleId,
    interviewerId,
    status,
  };
  const interviews = useTeamInterviews(filters);
  const roles = useRoles({});
  const members = useMembers(true);
  const days = Array.from({ length: 7 }, (_, index) => addDays(weekStart, index));
  const items = interviews.data?.items ?? [];

  return (
    <section aria-labelledby="team-interviews-heading" className="team-interviews">
      <h2 id="team-interviews-heading">Team interviews</h2>
      <div className="team-interviews-toolbar">
        <fieldset className="week-nav">
          <legend className="visually-hidden">Week</legend>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setWeekStart(addDays(weekStart, -7))}
          >
            Previous week
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setWeekStart(startOfWeek(new Date()))}
          >
            Today
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setWeekStart(addDays(weekStart, 7))}
          >
            Next week
          </button>
        </fieldset>
        <p className="week-label" aria-live="polite">
          Week of {weekRange.format(weekStart)}
        </p>
        <fieldset className="view-switch">
          <legend className="visually-hidden">View</legend>
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={view === "week"}
            onClick={() => setView("week")}
          >
            Week
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={view === "list"}
            onClick={() => setView("list")}
          >
            List
          </button>
        </fieldset>
      </div>
      <div className="filters team-interviews-filters">
        <label>
          Role
          <select value={roleId} onChange={(event) => setRoleId(event.target.value)}>
            <option value="">All roles</option>
            {(roles.data?.items ?? []).map((role) => (
              <option key={role.id} value={role.id}>
                {role.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Interviewer
          <select value={interviewerId} onChange={(event) => setInterviewerId(event.target.value)}>
            <option value="">Everyone</option>
            {(members.data?.items ?? []).map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value as InterviewStatus | "")}>
            <option value="">Any status</option>
            {(Object.keys(interviewStatusLabels) as InterviewStatus[]).map((value) => (
              <option key={value} value={value}>
                {interviewStatusLabels[value]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {interviews.isPending && <Loading what="the team's interviews" />}
      {interviews.isError && (
        <LoadFailed error={interviews.error} onRetry={() => void interviews.refetch()} />
      )}
      {interviews.data &&
        (view === "week" ? (
          <WeekCalendar days={days} interviews={items} />
        ) : items.length === 0 ? (
          <p className="empty-state">No interviews this week match the filters.</p>
        ) : (
          <ul className="team-interview-list">
            {items.map((interview) => (
              <li key={interview.id}>
                <InterviewCard interview={interview} withDay />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function WeekCalendar({ days, interviews }: { days: Date[]; interviews: Interview[] }) {
  const today = new Date().toDateString();
  return (
    <ol className="week-calendar" aria-label="Interviews by day">
      {days.map((day) => {
        const dayStart = day.getTime();
        const ofDay = interviews.filter((interview) => {
          const at = new Date(interview.scheduledAt).getTime();
          return at >= dayStart && at < dayStart + DAY_MS;
        });
        const isToday = day.toDateString() === today;
        return (
          <li key={dayStart} className={isToday ? "week-day week-day-today" : "week-day"}>
            <h3 className="week-day-heading">
              {dayHeading.format(day)}
              {isToday && <span className="visually-hidden"> (today)</span>}
            </h3>
            {ofDay.length === 0 ? (
              <p className="muted week-day-empty">No interviews</p>
            ) : (
              <ul className="week-day-interviews">
                {ofDay.map((interview) => (
                  <li key={interview.id}>
                    <InterviewCard interview={interview} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function InterviewCard({ interview, withDay = false }: { interview: Interview; withDay?: boolean }) {
  const at = new Date(interview.scheduledAt);
  return (
    <Link to={`/interviews/${interview.id}`} className={`interview-card interview-card-${interview.status}`}>
      <time dateTime={interview.scheduledAt} className="interview-card-time">
        {withDay ? `${dayHeading.format(at)}, ` : ""}
        {timeOfDay.format(at)} · {interview.durationMinutes} min
      </time>
      <span className="interview-card-candidate">{candidateLabel(interview)}</span>
      <span className="interview-card-meta">
        {interview.stage.name} · {interview.role.title}
      </span>
      <span className="interview-card-meta">
        {interview.interviewers.map((person) => person.name).join(", ")}
      </span>
      {interview.status !== "scheduled" && (
        <span className="status-pill">{interviewStatusLabels[interview.status]}</span>
      )}
    </Link>
  );
}
