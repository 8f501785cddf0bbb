import { type ChangeEvent, type FormEvent, useCallback, useState } from "react";
import { TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { PlotFigure } from "../ui/PlotFigure";
import { LoadFailed, Loading } from "../ui/QueryState";
import {
  formatWeek,
  useFocusTime,
  useImportCalendar,
  useMyCalendar,
  useRemoveCalendar,
} from "./team-practices";
import type { PracticeTeam, TeamFocusTime } from "./types";

/** The largest calendar file the page sends (the server refuses larger ones too). */
const MAX_CALENDAR_FILE_BYTES = 2 * 1024 * 1024 - 1024;

/** Focus time: the caller's own calendar import, and the team's distribution and trend. */
export function FocusTimePage({ team }: { team: PracticeTeam }) {
  const focus = useFocusTime(team.id);
  return (
    <section aria-labelledby="focus-heading">
      <title>{`Focus time – ${team.name} – Evident`}</title>
      <h2 id="focus-heading">Focus time</h2>
      <p className="hint">
        Uninterrupted blocks of two hours or more without meetings, within the team's working hours, counted
        per member and week and shown only for the team as a whole: never per person, and nothing for a week
        with fewer than three members' calendars.
      </p>
      {team.isMember && <MyCalendarPanel />}
      {focus.isPending && <Loading what="the team's focus time" />}
      {focus.isError && <LoadFailed error={focus.error} onRetry={() => void focus.refetch()} />}
      {focus.data && <TeamFocus data={focus.data} />}
    </section>
  );
}

function MyCalendarPanel() {
  const calendar = useMyCalendar();
  const importCalendar = useImportCalendar();
  const remove = useRemoveCalendar();
  const [url, setUrl] = useState("");
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    setFileProblem(null);
    if (!file) return;
    if (file.size > MAX_CALENDAR_FILE_BYTES) {
      setFileProblem("That file is larger than 2 MB; export a shorter range of your calendar.");
      return;
    }
    importCalendar.mutate({ content: await file.text() });
  }

  function submitUrl(event: FormEvent) {
    event.preventDefault();
    importCalendar.mutate({ url }, { onSuccess: () => setUrl("") });
  }

  return (
    <section aria-labelledby="my-calendar-heading" className="panel">
      <h3 id="my-calendar-heading">Your calendar</h3>
      {calendar.isPending && <Loading what="your calendar" />}
      {calendar.data &&
        (calendar.data.isImported ? (
          <p role="status">
            Imported {calendar.data.source === "url" ? "from a link" : "from a file"} on{" "}
            {new Date(calendar.data.importedAt ?? "").toLocaleString("en-GB", {
              dateStyle: "medium",
              timeStyle: "short",
            })}
            : {calendar.data.eventCount} busy {calendar.data.eventCount === 1 ? "time" : "times"} kept (times
            only; titles, people and places are not stored).{" "}
            <button
              type="button"
              className="link-button"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Delete my calendar
            </button>
          </p>
        ) : (
          <p className="muted">
            You have not imported a calendar. Only the times you are busy are kept, and only the team's totals
            are shown.
          </p>
        ))}
      <div className="calendar-import">
        <div className="field">
          <label htmlFor="calendar-file">Import an .ics file</label>
          <input
            id="calendar-file"
            type="file"
            accept=".ics,text/calendar"
            disabled={importCalendar.isPending}
            onChange={(event) => void chooseFile(event)}
          />
        </div>
        <form onSubmit={submitUrl} className="calendar-url-form" aria-label="Import from a calendar link">
          <TextField
            id="calendar-url"
            type="url"
            label="Or a calendar link (ICS)"
            hint="A public https address; fetched once, not stored."
            maxLength={2000}
            error={fieldMessage(importCalendar.error, "url")}
            value={url}
            onChange={setUrl}
          />
          <button
            type="submit"
            className="button button-secondary"
            disabled={importCalendar.isPending || url.trim() === ""}
          >
            Import link
          </button>
        </form>
      </div>
      {importCalendar.isPending && (
        <p role="status" className="muted">
          Importing…
        </p>
      )}
      {fileProblem && (
        <div role="alert" className="form-error">
          <p>{fileProblem}</p>
        </div>
      )}
      <FormError
        error={importCalendar.error}
        fieldLabels={{ url: "Calendar link", content: "Calendar file" }}
      />
      <FormError error={remove.error} />
    </section>
  );
}

function TeamFocus({ data }: { data: TeamFocusTime }) {
  const shown = data.weeks.filter((week) => week.isShown);
  const trend = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const points = shown.map((week) => ({
        date: new Date(`${week.weekStart}T00:00:00Z`),
        hours: week.medianFocusHours,
      }));
      return {
        width,
        height: 200,
        marginLeft: 48,
        marginBottom: 32,
        style: { fontSize: "12px", fontFamily: "var(--font)" },
        x: { type: "utc" as const, label: null, ticks: width < 520 ? 4 : 8 },
        y: { label: "Median focus hours", grid: true, zero: true, ticks: 4 },
        marks: [
          Plot.lineY(points, { x: "date", y: "hours", stroke: "var(--accent)", strokeWidth: 1.5 }),
          Plot.dot(points, { x: "date", y: "hours", fill: "var(--accent)", r: 3 }),
          Plot.ruleY([0]),
        ],
      };
    },
    [shown],
  );
  const distribution = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const rows = shown.flatMap((week) =>
        (week.buckets ?? []).map((bucket) => ({
          week: formatWeek(week.weekStart),
          bucket: bucket.label,
          count: bucket.memberWeeks,
        })),
      );
      return {
        width,
        height: 220,
        marginLeft: 40,
        marginBottom: 32,
        style: { fontSize: "12px", fontFamily: "var(--font)" },
        // Week labels rather than ISO dates as band names: Plot warns about date-like strings.
        x: {
          label: null,
          domain: shown.map((week) => formatWeek(week.weekStart)),
          // On a phone every other week is labelled, so the labels do not run into each other.
          tickFormat: (label: string, index: number) => (width < 520 && index % 2 === 1 ? "" : label),
        },
        y: { label: "Members", grid: true, ticks: 4 },
        color: {
          legend: true,
          domain: ["No focus block", "1–3 blocks", "4–6 blocks", "7 or more blocks"],
          range: ["#d9d9d9", "#9ecae1", "#4292c6", "#084594"],
        },
        marks: [Plot.barY(rows, { x: "week", y: "count", fill: "bucket" }), Plot.ruleY([0])],
      };
    },
    [shown],
  );

  if (data.memberCount === 0) return <p className="empty-state">This team has no members yet.</p>;
  const hours = data.workingHours;
  return (
    <section aria-labelledby="team-focus-heading">
      <h3 id="team-focus-heading">The team's focus time</h3>
      <p className="muted">
        {data.importedCount} of {data.memberCount} members imported a calendar. Working hours{" "}
        {hours.startHour}:00–
        {hours.endHour}:00, Monday to Friday ({hours.timeZone}); days away (all-day events) count neither way.
      </p>
      {shown.length === 0 ? (
        <p className="empty-state too-few">
          Too few to show: focus time appears once at least {data.minGroupSize} members have imported a
          calendar.
        </p>
      ) : (
        <div className="focus-figures">
          <PlotFigure
            title="Focus blocks per member-week"
            caption="How many members had how many blocks of two hours or more."
            description={`${shown.length} weeks shown. The latest: ${describeWeek(shown.at(-1))}.`}
            plot={distribution}
            table={{
              columns: ["Week", "Members", "Median blocks", "Median focus hours"],
              rows: data.weeks.map((week) => ({
                key: week.weekStart,
                cells: week.isShown
                  ? [
                      formatWeek(week.weekStart),
                      String(week.memberCount),
                      String(week.medianBlocks),
                      String(week.medianFocusHours),
                    ]
                  : [formatWeek(week.weekStart), "Too few to show", "–", "–"],
              })),
            }}
          />
          <PlotFigure
            title="Median focus hours per member, trend"
            description={`${shown.length} weeks shown. The latest median: ${shown.at(-1)?.medianFocusHours ?? 0} hours.`}
            plot={trend}
          />
        </div>
      )}
    </section>
  );
}

function describeWeek(week: TeamFocusTime["weeks"][number] | undefined): string {
  if (!week?.buckets) return "too few to show";
  return `the week of ${formatWeek(week.weekStart)}, ${week.buckets.map((bucket) => `${bucket.memberWeeks} with ${bucket.label.toLowerCase()}`).join(", ")}`;
}
