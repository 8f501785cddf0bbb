import { type FormEvent, useState } from "react";
import { labelledOptions, SelectField, TextField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { formatDateTime } from "../ui/format";
import { NumberCell } from "../ui/NumberCell";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import { useCreateIntegration, useDeliveries, useIntegrations, useSendTestEvent } from "./outcomes";
import type { CreatedIntegration, Integration, IntegrationKind, IntegrationRequest } from "./types";

const kindLabels: Record<IntegrationKind, string> = {
  github: "GitHub",
  pagerduty: "PagerDuty",
  jira: "Jira",
};

const deliveryStatusLabels = {
  accepted: "Accepted",
  duplicate: "Duplicate (already received)",
  rejected: "Rejected",
  failed: "Failed",
} as const;

/** Connected tools, a "send a test event" check each, and the last deliveries each received. */
export function IntegrationsPage() {
  const integrations = useIntegrations();

  return (
    <section aria-labelledby="integrations-heading">
      <title>Integrations – Teams &amp; outcomes – Evident</title>
      <h2 id="integrations-heading">Integrations</h2>
      <p>
        GitHub, PagerDuty and Jira send their events to Evident by webhook, signed with a secret shown once
        when the integration is created. Send a test event to check that a signed delivery arrives and is
        accepted.
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
      <NewIntegrationForm />
    </section>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function describeConfig(integration: Integration): string {
  switch (integration.kind) {
    case "github":
      return `${plural(integration.config.repositories.length, "repository", "repositories")} mapped to services${integration.hasApiToken ? "; API token for the backfill" : ""}`;
    case "pagerduty":
      return `${plural(integration.config.services.length, "PagerDuty service", "PagerDuty services")} mapped`;
    case "jira":
      return `${plural(integration.config.incidentRules.length, "incident rule", "incident rules")}, ${plural(integration.config.projects.length, "project", "projects")} mapped`;
  }
}

function IntegrationItem({ integration }: { integration: Integration }) {
  const test = useSendTestEvent(integration.id);
  const deliveries = useDeliveries(integration.id);
  const headingId = `integration-${integration.id}`;
  const tested = test.data?.delivery;

  return (
    <li className="panel integration-item" aria-labelledby={headingId}>
      <div className="integration-summary">
        <div>
          <h3 id={headingId} className="integration-name">
            {kindLabels[integration.kind]}
          </h3>
          <p className="muted">
            {describeConfig(integration)}. Connected {formatDateTime(integration.createdAt)}
            {integration.secretRotatedAt
              ? `, secret rotated ${formatDateTime(integration.secretRotatedAt)}`
              : ""}
            .
          </p>
        </div>
        <div className="integration-actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={test.isPending}
            onClick={() => test.mutate()}
          >
            {test.isPending ? "Sending…" : "Send a test event"}
          </button>
        </div>
      </div>
      {tested && (
        <p role="status" className={tested.status === "accepted" ? "form-success" : "form-error"}>
          {tested.status === "accepted"
            ? "The test event was signed, received and accepted."
            : `The test event was ${tested.status}${tested.error ? `: ${tested.error}` : "."}`}
        </p>
      )}
      <FormError error={test.error} />
      <h4>Last deliveries</h4>
      {deliveries.isPending && <Loading what="deliveries" />}
      {deliveries.isError && (
        <LoadFailed error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      )}
      {deliveries.data && deliveries.data.items.length === 0 && (
        <p className="muted">Nothing received yet.</p>
      )}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="stack-table deliveries-table">
            <caption className="visually-hidden">Last deliveries from {kindLabels[integration.kind]}</caption>
            <TableHead columns={["Received", "Delivery", "Status", numeric("Events"), "Error"]} />
            <tbody>
              {deliveries.data.items.map((delivery) => (
                <tr key={delivery.id}>
                  <th scope="row">{formatDateTime(delivery.receivedAt)}</th>
                  <td data-label="Delivery">
                    <code className="delivery-id">{delivery.deliveryId}</code>
                  </td>
                  <td data-label="Status">
                    <span className={`delivery-status delivery-status-${delivery.status}`}>
                      {deliveryStatusLabels[delivery.status]}
                    </span>
                  </td>
                  <NumberCell label="Events">{delivery.eventCount}</NumberCell>
                  <td data-label="Error">{delivery.error ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}

function NewIntegrationForm() {
  const create = useCreateIntegration();
  const [kind, setKind] = useState<IntegrationKind>("github");
  const [issueType, setIssueType] = useState("Incident");
  const [created, setCreated] = useState<CreatedIntegration | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const request: IntegrationRequest =
      kind === "jira" ? { kind, config: { incidentRules: [{ issueType: issueType.trim() }] } } : { kind };
    create.mutate(request, { onSuccess: setCreated });
  }

  return (
    <>
      {created && (
        <section className="panel secret-panel" aria-labelledby="new-secret-heading">
          <h3 id="new-secret-heading">Connect {kindLabels[created.integration.kind]}</h3>
          <p className="warning">Copy the secret now: it is shown this once and never again.</p>
          <p>
            Webhook URL: <code>{created.webhookUrl}</code>
          </p>
          <p>
            Secret: <code>{created.webhookSecret}</code>
          </p>
          <p className="hint">
            Paste both into the webhook settings of {kindLabels[created.integration.kind]}; docs/outcomes.md
            lists the events to subscribe to.
          </p>
          <div>
            <button type="button" className="button button-secondary" onClick={() => setCreated(null)}>
              I have copied the secret
            </button>
          </div>
        </section>
      )}
      <form className="form panel" onSubmit={submit} aria-labelledby="new-integration-heading">
        <h3 id="new-integration-heading">Connect a tool</h3>
        <div className="field-row">
          <SelectField
            id="integration-kind"
            label="Tool"
            options={labelledOptions(Object.keys(kindLabels) as IntegrationKind[], kindLabels)}
            value={kind}
            onChange={(value) => setKind(value as IntegrationKind)}
          />
          {kind === "jira" && (
            <TextField
              id="integration-issue-type"
              label="Issue type that counts as an incident"
              required
              maxLength={100}
              error={fieldMessage(create.error, "config.incidentRules")}
              value={issueType}
              onChange={setIssueType}
            />
          )}
        </div>
        <FormError error={create.error} fieldLabels={{ "config.incidentRules": "Issue type" }} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={create.isPending}>
            Create integration
          </button>
        </div>
      </form>
    </>
  );
}
