import { FormError } from "../ui/FormError";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useDeliveries, useIntegrations, useSendTestEvent } from "./outcomes";
import type { Integration } from "./types";

const kindLabels: Record<Integration["kind"], string> = {
  github: "GitHub",
  pagerduty: "PagerDuty",
  jira: "Jira",
};

/** Connected tools, a "send a test event" check each, and the last deliveries received. */
export function IntegrationsPage() {
  const integrations = useIntegrations();
  const deliveries = useDeliveries();

  return (
    <section aria-labelledby="integrations-heading">
      <title>Integrations – Teams &amp; outcomes – Evident</title>
      <h2 id="integrations-heading">Integrations</h2>
      <p>
        GitHub, PagerDuty and Jira send their events to Evident by webhook, signed with a secret shown once
        when the integration is created. Send a test event to check that a delivery arrives and is accepted.
      </p>
      {integrations.isPending && <Loading what="integrations" />}
      {integrations.isError && (
        <LoadFailed error={integrations.error} onRetry={() => void integrations.refetch()} />
      )}
      {integrations.data && integrations.data.items.length === 0 && (
        <p className="empty-state">No integrations yet.</p>
      )}
      {integrations.data && integrations.data.items.length > 0 && (
        <ul className="bare-list integration-list">
          {integrations.data.items.map((integration) => (
            <IntegrationItem key={integration.id} integration={integration} />
          ))}
        </ul>
      )}

      <h3 id="deliveries-heading">Last deliveries</h3>
      {deliveries.isPending && <Loading what="deliveries" />}
      {deliveries.isError && (
        <LoadFailed error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      )}
      {deliveries.data && deliveries.data.items.length === 0 && (
        <p className="empty-state">Nothing received yet.</p>
      )}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <div className="table-scroll">
          <table aria-labelledby="deliveries-heading">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Source</th>
                <th scope="col">Delivery</th>
                <th scope="col">Status</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatDateTime(delivery.receivedAt)}</td>
                  <td>{delivery.source}</td>
                  <td>
                    <code>{delivery.deliveryId}</code>
                  </td>
                  <td>
                    <span className={`delivery-status delivery-status-${delivery.status}`}>
                      {delivery.status}
                    </span>
                  </td>
                  <td>{delivery.error ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function IntegrationItem({ integration }: { integration: Integration }) {
  const test = useSendTestEvent();
  return (
    <li className="panel integration-item">
      <div>
        <h4 className="integration-name">
          {kindLabels[integration.kind]}: {integration.name}
        </h4>
        <p className="muted">Connected {formatDateTime(integration.createdAt)}</p>
      </div>
      <div className="integration-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={test.isPending}
          onClick={() => test.mutate(integration.id)}
        >
          {test.isPending ? "Sending…" : "Send a test event"}
        </button>
        {test.data && (
          <p role="status" className={test.data.error ? "form-error" : "form-success"}>
            {test.data.error
              ? `Test event refused: ${test.data.error}`
              : `Test event received (${test.data.status}).`}
          </p>
        )}
        <FormError error={test.error} />
      </div>
    </li>
  );
}
