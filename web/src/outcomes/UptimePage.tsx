import { useState } from "react";
import { LoadFailed, Loading } from "../ui/QueryState";
import { BurnDownChart } from "./BurnDownChart";
import { useServices, useUptime } from "./outcomes";
import type { UptimeAnswer } from "./types";

const percent = (value: number | null, digits = 2) =>
  value === null ? "–" : `${(value * 100).toLocaleString(undefined, { maximumFractionDigits: digits })} %`;

/** A service's availability against its SLO, the error budget left and how fast it burns. */
export function UptimePage() {
  const services = useServices();
  const [chosen, setChosen] = useState("");
  const serviceId = chosen || services.data?.items[0]?.id || "";
  const uptime = useUptime(serviceId);

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
      {uptime.data && <UptimeView uptime={uptime.data} />}
    </section>
  );
}

function UptimeView({ uptime }: { uptime: UptimeAnswer }) {
  if (uptime.validChecks === 0) {
    return <p className="empty-state">No checks in this window: configure a probe or import checks.</p>;
  }
  return (
    <>
      <ul className="dora-tiles uptime-tiles" aria-label="Uptime">
        <li className="dora-tile">
          <h3 className="dora-tile-title">Availability</h3>
          <p className="dora-tile-value">{percent(uptime.availability, 3)}</p>
          <p className="dora-tile-detail">
            Good checks ÷ valid checks, maintenance windows left out; {uptime.validChecks} checks.
          </p>
        </li>
        <li className="dora-tile">
          <h3 className="dora-tile-title">SLO</h3>
          <p className="dora-tile-value">{percent(uptime.sloTarget, 3)}</p>
          <p className="dora-tile-detail">The availability the service promises over the window.</p>
        </li>
        <li className="dora-tile">
          <h3 className="dora-tile-title">Error budget left</h3>
          <p className="dora-tile-value">{percent(uptime.errorBudgetRemaining, 1)}</p>
          <p className="dora-tile-detail">The share of allowed failures not yet used.</p>
        </li>
        <li className="dora-tile">
          <h3 className="dora-tile-title">Burn rate</h3>
          <p className="dora-tile-value">
            {uptime.burnRate === null ? "–" : `${uptime.burnRate.toFixed(2)}×`}
          </p>
          <p className="dora-tile-detail">
            1× spends the budget exactly by the window's end; above 1× sooner.
          </p>
        </li>
      </ul>
      {uptime.burnDown.length > 0 && <BurnDownChart points={uptime.burnDown} sloTarget={uptime.sloTarget} />}
    </>
  );
}
