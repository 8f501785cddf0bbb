import { useState } from "react";
import { LoadFailed, Loading } from "../ui/QueryState";
import { DoraTiles } from "./DoraTiles";
import {
  type DoraWindow,
  isoDate,
  type Scope,
  teamWorkModelLabels,
  useDora,
  useOutcomesAccess,
  useServices,
  useTeams,
  useWeeklyTrend,
} from "./outcomes";
import { TrendChart } from "./TrendChart";
import type { WeeklyPoint } from "./types";

function defaultWindow(): DoraWindow {
  const to = new Date();
  const from = new Date(to);
  from.setUTCMonth(from.getUTCMonth() - 6);
  return { from: isoDate(from), to: isoDate(to), report: "2023" };
}

function scopeValue(scope: Scope | null): string {
  if (scope === null) return "";
  return scope.kind === "team" ? `team:${scope.id}` : `service:${scope.name}`;
}

function parseScope(value: string): Scope | null {
  if (value.startsWith("team:")) return { kind: "team", id: value.slice(5) };
  if (value.startsWith("service:")) return { kind: "service", name: value.slice(8) };
  return null;
}

/** The four DORA metrics of one team or service over a window, with their weekly trends. */
export function DeliveryPage() {
  const { isAdmin } = useOutcomesAccess();
  const teams = useTeams();
  const services = useServices(isAdmin);
  const [chosenScope, setChosenScope] = useState<Scope | null>(null);
  const [window, setWindow] = useState<DoraWindow>(defaultWindow);
  const firstTeam = teams.data?.items[0];
  const scope: Scope | null = chosenScope ?? (firstTeam ? { kind: "team", id: firstTeam.id } : null);
  const dora = useDora(scope, window);
  const weekly = useWeeklyTrend(scope, window);

  return (
    <section aria-labelledby="delivery-heading">
      <title>Delivery – Teams &amp; outcomes – Evident</title>
      <h2 id="delivery-heading">Delivery</h2>
      <form className="analytics-filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="dora-scope">Team or service</label>
          <select
            id="dora-scope"
            value={scopeValue(scope)}
            onChange={(event) => setChosenScope(parseScope(event.target.value))}
          >
            <optgroup label="Teams">
              {teams.data?.items.map((team) => (
                <option key={team.id} value={`team:${team.id}`}>
                  {team.name} ({teamWorkModelLabels[team.workModel]})
                </option>
              ))}
            </optgroup>
            {isAdmin && (
              <optgroup label="Services">
                {services.data?.items.map((service) => (
                  <option key={service.id} value={`service:${service.name}`}>
                    {service.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dora-from">From</label>
          <input
            id="dora-from"
            type="date"
            value={window.from}
            max={window.to}
            onChange={(event) => event.target.value && setWindow({ ...window, from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="dora-to">To</label>
          <input
            id="dora-to"
            type="date"
            value={window.to}
            min={window.from}
            onChange={(event) => event.target.value && setWindow({ ...window, to: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="dora-report">Bands</label>
          <select
            id="dora-report"
            value={window.report}
            onChange={(event) => setWindow({ ...window, report: event.target.value as DoraWindow["report"] })}
          >
            <option value="2023">DORA 2023 report</option>
            <option value="2021">DORA 2021 report</option>
          </select>
        </div>
      </form>
      {teams.isPending && <Loading what="teams" />}
      {teams.isError && <LoadFailed error={teams.error} onRetry={() => void teams.refetch()} />}
      {teams.data && teams.data.items.length === 0 && (
        <p className="empty-state">
          No teams yet. Create teams and assign their services under Teams &amp; services.
        </p>
      )}
      {dora.isPending && scope !== null && <Loading what="the DORA metrics" />}
      {dora.isError && <LoadFailed error={dora.error} onRetry={() => void dora.refetch()} />}
      {dora.data && <DoraTiles dora={dora.data} report={window.report} />}
      {weekly.isError && <LoadFailed error={weekly.error} onRetry={() => void weekly.refetch()} />}
      {weekly.data && <WeeklyTrends weeks={weekly.data.weeks} />}
      <p className="hint">
        Computed as Apache DevLake computes DORA: medians over the window, weeks starting on Monday, a failed
        deployment is one an incident is linked to. These describe a team's delivery system, not the people in
        it.
      </p>
    </section>
  );
}

/** Durations per week in hours, or in days when a week's median runs past three days. */
function durationScale(values: (number | null)[]): { unit: string; divisor: number; label: string } {
  const longest = Math.max(0, ...values.map((minutes) => minutes ?? 0));
  return longest > 72 * 60
    ? { unit: "d", divisor: 24 * 60, label: "Days" }
    : { unit: "h", divisor: 60, label: "Hours" };
}

function DurationTrend({
  title,
  weeks,
  minutesOf,
}: {
  title: string;
  weeks: WeeklyPoint[];
  minutesOf: (week: WeeklyPoint) => number | null;
}) {
  const scale = durationScale(weeks.map(minutesOf));
  return (
    <TrendChart
      title={title}
      yLabel={scale.label}
      format={(value) => `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} ${scale.unit}`}
      points={weeks.map((week) => {
        const minutes = minutesOf(week);
        return { week: week.week, value: minutes === null ? null : minutes / scale.divisor };
      })}
    />
  );
}

function WeeklyTrends({ weeks }: { weeks: WeeklyPoint[] }) {
  return (
    <section aria-labelledby="trends-heading">
      <h3 id="trends-heading">Week by week</h3>
      <div className="trend-grid">
        <TrendChart
          title="Deployment days per week"
          yLabel="Days"
          format={(value) => value.toFixed(0)}
          points={weeks.map((week) => ({ week: week.week, value: week.deploymentDays }))}
        />
        <DurationTrend
          title="Median lead time for changes"
          weeks={weeks}
          minutesOf={(week) => week.leadTimeMedianMinutes}
        />
        <TrendChart
          title="Change failure rate"
          yLabel="Failed deployments"
          format={(value) => `${Math.round(value * 100)} %`}
          points={weeks.map((week) => ({ week: week.week, value: week.changeFailureRate }))}
        />
        <DurationTrend
          title="Median recovery time"
          weeks={weeks}
          minutesOf={(week) => week.recoveryMedianMinutes}
        />
      </div>
    </section>
  );
}
