import { useState } from "react";
import { formatDate } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { BurnDownChart } from "./BurnDownChart";
import { useBurnDown, useServices, useUptime } from "./outcomes";
import type { UptimeAvailability, UptimeBurnDown } from "./types";

const percent = (value: number | null, digits = 2) =>
  value === null ? "–" : `${(value * 100).toLocaleString(undefined, { maximumFractionDigits: digits })} %`;

/** A service's availability against its SLO, the error budget left and how fast it burns. */
export function UptimePage() {
  const services = useServices();
  const [chosen, setChosen] = useState("");
  const serviceId = chosen || services.data?.items[0]?.id || "";
  const uptime = useUptime(serviceId);
  const burnDown = useBurnDown(serviceId);

  return (
    <section aria-labelledby="uptime-heading">
      <title>Uptime – Teams &amp; outcomes – Evident</title>
      <h2 id="uptime-heading">Uptime and SLO</h2>
      <div className="analytics-filters">
        <div className="field">
          <label htmlFor="uptime-service">Service</label>
          <select id="uptime-service" value={serviceId} onChange={(event) => setChosen(event.target.value)}>
            {services.data?.items.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {services.isPending && <Loading what="services" />}
      {services.isError && <LoadFailed error={services.error} onRetry={() => void services.refetch()} />}
      {services.data?.items.length === 0 && <p className="empty-state">No services yet.</p>}
      {uptime.isPending && serviceId !== "" && <Loading what="uptime" />}
      {uptime.isError && <LoadFailed error={uptime.error} onRetry={() => void uptime.refetch()} />}
      {uptime.data && <UptimeView uptime={uptime.data} burnDown={burnDown.data} />}
      {burnDown.isError && <LoadFailed error={burnDown.error} onRetry={() => void burnDown.refetch()} />}
    </section>
  );
}

function UptimeView({
  uptime,
  burnDown,
}: {
  uptime: UptimeAvailability;
  burnDown: UptimeBurnDown | undefined;
}) {
  const { summary, slo, window, probe } = uptime;
  return (
    <>
      <p>
        {formatDate(window.from)} to {formatDate(window.to)}, the SLO's {slo.windowDays}-day window.{" "}
        {probe ? (
          <>
            Probed every {probe.intervalSeconds} s at <code>{probe.url}</code>.
          </>
        ) : (
          "No probe: checks are imported."
        )}
        {!slo.isConfigured && " No SLO is set for this service; the default target applies."}
      </p>
      {summary.validChecks === 0 ? (
        <p className="empty-state">No checks in this window: configure a probe or import checks.</p>
      ) : (
        <ul className="dora-tiles uptime-tiles" aria-label="Uptime">
          <li className="dora-tile">
            <h3 className="dora-tile-title">Availability</h3>
            <p className="dora-tile-value">{percent(summary.availability, 3)}</p>
            <p className="dora-tile-detail">
              {summary.goodChecks} good of {summary.validChecks} valid checks; {summary.excludedChecks} in
              maintenance windows left out.
            </p>
          </li>
          <li className="dora-tile">
            <h3 className="dora-tile-title">SLO</h3>
            <p className="dora-tile-value">
              {summary.targetPercent.toLocaleString(undefined, { maximumFractionDigits: 3 })} %
            </p>
            <p className="dora-tile-detail">
              Allows {Math.floor(summary.allowedBadChecks)} failed checks in the window.
            </p>
          </li>
          <li className="dora-tile">
            <h3 className="dora-tile-title">Error budget left</h3>
            <p className="dora-tile-value">{percent(summary.errorBudgetRemaining, 1)}</p>
            <p className="dora-tile-detail">
              The share of allowed failures not yet used; below 0 the SLO is missed.
            </p>
          </li>
          <li className="dora-tile">
            <h3 className="dora-tile-title">Burn rate</h3>
            <p className="dora-tile-value">
              {summary.burnRate === null ? "–" : `${summary.burnRate.toFixed(2)}×`}
            </p>
            <p className="dora-tile-detail">
              1× spends the budget exactly by the window's end; above 1× sooner.
            </p>
          </li>
        </ul>
      )}
      {burnDown?.points.some((point) => point.errorBudgetRemaining !== null) && (
        <BurnDownChart points={burnDown.points} targetPercent={burnDown.slo.targetPercent} />
      )}
    </>
  );
}
