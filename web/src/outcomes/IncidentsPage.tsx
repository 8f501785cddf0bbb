import { useState } from "react";
import { CardTable } from "../ui/CardTable";
import { FilterSelect } from "../ui/FilterSelect";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { formatDuration, useIncidents, useServices } from "./outcomes";

/** Incidents from PagerDuty, Jira, the events API or CSV, newest first. */
export function IncidentsPage() {
  const services = useServices();
  const [service, setService] = useState("");
  const incidents = useIncidents(service);

  return (
    <section aria-labelledby="incidents-heading">
      <title>Incidents – Teams &amp; outcomes – Evident</title>
      <h2 id="incidents-heading">Incidents</h2>
      <div className="analytics-filters">
        <FilterSelect
          id="incident-service"
          label="Service"
          unfilteredLabel="All services"
          options={(services.data?.items ?? []).map((option) => ({ value: option.name, label: option.name }))}
          value={service}
          onChange={setService}
        />
      </div>
      {incidents.isPending && <Loading what="incidents" />}
      {incidents.isError && <LoadFailed error={incidents.error} onRetry={() => void incidents.refetch()} />}
      {incidents.data && incidents.data.items.length === 0 && <p className="empty-state">No incidents.</p>}
      {incidents.data && incidents.data.items.length > 0 && (
        <CardTable>
          <table>
            <caption>Incidents</caption>
            <TableHead
              columns={["Incident", "Service", "Source", "Opened", "Resolved", numeric("Time to resolve")]}
            />
            <tbody>
              {incidents.data.items.map((incident) => (
                <tr key={`${incident.service}:${incident.externalId}`}>
                  <th scope="row">
                    <code>{incident.externalId}</code>
                  </th>
                  <td>{incident.service}</td>
                  <td>{incident.source}</td>
                  <td>{formatDateTime(incident.createdAt)}</td>
                  <td>{incident.resolvedAt ? formatDateTime(incident.resolvedAt) : <strong>Open</strong>}</td>
                  <td className="numeric">{formatDuration(incident.minutesToResolve)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardTable>
      )}
    </section>
  );
}
