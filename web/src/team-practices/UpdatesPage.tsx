import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { PlotFigure } from "../ui/PlotFigure";
import { LoadFailed, Loading } from "../ui/QueryState";
import { formatWeek, useParticipation, useSaveMyUpdate, useUpdatesWeek } from "./team-practices";
import type { PracticeTeam, TeamUpdatesWeek, UpdateParticipation } from "./types";

/** The week's written updates: the caller's own form, the team's digest, and the share who posted. */
export function UpdatesPage({ team }: { team: PracticeTeam }) {
  const [search, setSearch] = useSearchParams();
  const week = search.get("week");
  const updates = useUpdatesWeek(team.id, week);
  const participation = useParticipation(team.id);

  return (
    <section aria-labelledby="updates-heading">
      <title>{`Updates – ${team.name} – Evident`}</title>
      <h2 id="updates-heading">Weekly updates</h2>
      <p className="hint">
        What moved, what is blocked, what is next: a few lines a week, read by the team. Updates are never
        scored; the team sees only how many posted.
      </p>
      {updates.isPending && <Loading what="the week's updates" />}
      {updates.isError && <LoadFailed error={updates.error} onRetry={() => void updates.refetch()} />}
      {updates.data && (
        <>
          <WeekSwitcher data={updates.data} onWeek={(next) => setSearch(next ? { week: next } : {})} />
          {team.isMember && updates.data.isCurrentWeek && (
            <MyUpdateForm teamId={team.id} mine={updates.data.mine} />
          )}
          <Digest data={updates.data} />
        </>
      )}
      {participation.data && <ParticipationChart data={participation.data} />}
      {participation.isError && (
        <LoadFailed error={participation.error} onRetry={() => void participation.refetch()} />
      )}
    </section>
  );
}

function shiftWeek(weekStart: string, weeks: number) {
  return new Date(Date.parse(`${weekStart}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

function WeekSwitcher({ data, onWeek }: { data: TeamUpdatesWeek; onWeek: (week: string | null) => void }) {
  return (
    <div className="week-switcher">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => onWeek(shiftWeek(data.weekStart, -1))}
      >
        ← Previous week
      </button>
      <p aria-live="polite">
        Week of <strong>{formatWeek(data.weekStart)}</strong>
        {data.isCurrentWeek ? " (this week)" : ""}
      </p>
      {!data.isCurrentWeek && (
        <button type="button" className="button button-secondary" onClick={() => onWeek(null)}>
          This week →
        </button>
      )}
    </div>
  );
}

function MyUpdateForm({ teamId, mine }: { teamId: string; mine: TeamUpdatesWeek["mine"] }) {
  const save = useSaveMyUpdate(teamId);
  const [moved, setMoved] = useState(mine?.moved ?? "");
  const [blocked, setBlocked] = useState(mine?.blocked ?? "");
  const [next, setNext] = useState(mine?.next ?? "");
  const [isSaved, setIsSaved] = useState(false);

  useEffect(() => {
    setMoved(mine?.moved ?? "");
    setBlocked(mine?.blocked ?? "");
    setNext(mine?.next ?? "");
  }, [mine]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setIsSaved(false);
    save.mutate({ moved, blocked, next }, { onSuccess: () => setIsSaved(true) });
  }

  const area = (
    id: string,
    label: string,
    value: string,
    onChange: (text: string) => void,
    hint?: string,
  ) => (
    <Field id={id} label={label} hint={hint} error={fieldMessage(save.error, id.replace("update-", ""))}>
      {(control) => (
        <textarea
          {...control}
          rows={3}
          maxLength={4000}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="my-update-heading">
      <h3 id="my-update-heading">
        {mine ? "Your update (you can still change it)" : "Your update for this week"}
      </h3>
      {area("update-moved", "What moved", moved, setMoved)}
      {area("update-blocked", "What is blocked", blocked, setBlocked, "Leave empty when nothing is.")}
      {area("update-next", "What is next", next, setNext)}
      <FormError
        error={save.error}
        fieldLabels={{ moved: "What moved", blocked: "What is blocked", next: "What is next" }}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? "Posting…" : mine ? "Save changes" : "Post update"}
        </button>
        {isSaved && !save.isPending && (
          <p role="status" className="muted">
            Posted.
          </p>
        )}
      </div>
    </form>
  );
}

function Digest({ data }: { data: TeamUpdatesWeek }) {
  return (
    <section aria-labelledby="digest-heading" className="digest">
      <h3 id="digest-heading">
        Team digest: {data.postedCount} of {data.memberCount} posted
      </h3>
      {data.updates.length === 0 ? (
        <p className="empty-state">No updates for this week yet.</p>
      ) : (
        <ul className="update-cards" aria-label="Updates">
          {data.updates.map((update) => (
            <li key={update.id} className="update-card">
              <h4>{update.authorName}</h4>
              <dl>
                <dt>Moved</dt>
                <dd>{update.moved}</dd>
                <dt>Blocked</dt>
                <dd>{update.blocked || <span className="muted">Nothing</span>}</dd>
                <dt>Next</dt>
                <dd>{update.next}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ParticipationChart({ data }: { data: UpdateParticipation }) {
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => ({
      width,
      height: 180,
      marginLeft: 44,
      marginBottom: 32,
      style: { fontSize: "12px", fontFamily: "var(--font)" },
      // Week labels rather than ISO dates as band names: Plot warns about date-like strings.
      x: {
        label: null,
        domain: data.weeks.map((week) => formatWeek(week.weekStart)),
        // On a phone every other week is labelled, so the labels do not run into each other.
        tickFormat: (label: string, index: number) => (width < 520 && index % 2 === 1 ? "" : label),
      },
      y: {
        label: "Posted",
        domain: [0, 1],
        tickFormat: (share: number) => `${Math.round(share * 100)} %`,
        ticks: 4,
        grid: true,
      },
      marks: [
        Plot.barY(
          data.weeks
            .filter((week) => week.share !== null)
            .map((week) => ({ week: formatWeek(week.weekStart), share: week.share })),
          { x: "week", y: "share", fill: "var(--accent)" },
        ),
        Plot.ruleY([0]),
      ],
    }),
    [data],
  );
  if (data.memberCount === 0) return <p className="empty-state">This team has no members yet.</p>;
  const latest = data.weeks.at(-1);
  return (
    <PlotFigure
      className="participation-figure"
      title="Share of members who posted, per week"
      caption={`Of the team's ${data.memberCount} current members; nobody is listed.`}
      description={`${data.weeks.length} weeks. This week ${latest?.postedCount ?? 0} of ${data.memberCount} posted.`}
      plot={plot}
      table={{
        columns: ["Week", "Posted", "Share"],
        rows: data.weeks.map((week) => ({
          key: week.weekStart,
          cells: [
            formatWeek(week.weekStart),
            `${week.postedCount} of ${data.memberCount}`,
            week.share === null ? "–" : `${Math.round(week.share * 100)} %`,
          ],
        })),
      }}
    />
  );
}
