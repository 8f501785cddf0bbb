import type { ChangeEvent, DeploymentEvent } from "../dora/events.ts";
import type { GitHubConfig } from "./integration-config.ts";

/**
 * GitHub webhook payloads → Evident events (docs/outcomes.md "Connectors", GitHub). Pure: the
 * payload in, the events it implies out, nothing read or written. Payloads are read loosely
 * (GitHub adds fields all the time); a payload without the fields a mapping needs maps to nothing.
 */

/** What one delivery implies. Changes merge with what is already known of them (mergeChange). */
export interface ConnectorEvents {
  changes: ChangeEvent[];
  deployments: GitHubDeployment[];
}

/**
 * A deployment as GitHub reports it. GitHub's deployment payloads do not say which pull requests
 * they ship; `changes` holds the ones the payload names (a workflow run's pull_requests), and
 * `shipsMergedSince` asks the ingestion to add the service's changes merged since the previous
 * successful production deployment (DevLake's commit-diff rule on a linear main branch).
 */
export interface GitHubDeployment {
  event: DeploymentEvent;
  shipsMergedSince: boolean;
}

type Json = Record<string, unknown>;
const none = (): ConnectorEvents => ({ changes: [], deployments: [] });

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const stringAt = (value: unknown, key: string): string | null =>
  isObject(value) && typeof value[key] === "string" ? (value[key] as string) : null;
const numberAt = (value: unknown, key: string): number | null =>
  isObject(value) && typeof value[key] === "number" ? (value[key] as number) : null;
const objectAt = (value: unknown, key: string): Json | null =>
  isObject(value) && isObject(value[key]) ? (value[key] as Json) : null;

/** An instant GitHub sent, normalised to ISO 8601 UTC; null when absent or unreadable. */
export function instant(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function serviceOfRepository(config: GitHubConfig, repository: string): string {
  const mapped = config.repositories.find(
    (entry) => entry.repository.toLowerCase() === repository.toLowerCase(),
  );
  return mapped?.service ?? repository;
}

/** A pull request's identity: unique per repository, stable across every payload naming it. */
export const pullRequestId = (repository: string, number: number) => `${repository}#${number}`;

function changeOfPullRequest(
  config: GitHubConfig,
  repository: string,
  pullRequest: Json,
): ChangeEvent | null {
  const number = numberAt(pullRequest, "number");
  const openedAt = instant(stringAt(pullRequest, "created_at"));
  const author = stringAt(objectAt(pullRequest, "user"), "login");
  if (number === null || openedAt === null || author === null) return null;
  return {
    type: "change",
    service: serviceOfRepository(config, repository),
    externalId: pullRequestId(repository, number),
    author,
    firstCommitAt: null,
    openedAt,
    firstReviewAt: null,
    mergedAt: instant(stringAt(pullRequest, "merged_at")),
  };
}

export function mapGitHubDelivery(
  config: GitHubConfig,
  eventName: string,
  payload: unknown,
): ConnectorEvents {
  const repository = stringAt(objectAt(payload, "repository"), "full_name");
  if (repository === null) return none();
  const action = stringAt(payload, "action");
  switch (eventName) {
    case "pull_request":
      return mapPullRequest(config, repository, action, payload);
    case "pull_request_review":
      return mapPullRequestReview(config, repository, action, payload);
    case "deployment_status":
      return mapDeploymentStatus(config, repository, payload);
    case "workflow_run":
      return mapWorkflowRun(config, repository, action, payload);
    default:
      return none();
  }
}

/** Only a merged pull request is a change DORA counts; closing without merging says nothing. */
function mapPullRequest(
  config: GitHubConfig,
  repository: string,
  action: string | null,
  payload: unknown,
): ConnectorEvents {
  const pullRequest = objectAt(payload, "pull_request");
  if (action !== "closed" || !pullRequest || pullRequest.merged !== true) return none();
  const change = changeOfPullRequest(config, repository, pullRequest);
  return change && change.mergedAt !== null ? { changes: [change], deployments: [] } : none();
}

/** firstReviewAt: the first review by someone other than the pull request's author. */
function mapPullRequestReview(
  config: GitHubConfig,
  repository: string,
  action: string | null,
  payload: unknown,
): ConnectorEvents {
  const pullRequest = objectAt(payload, "pull_request");
  const review = objectAt(payload, "review");
  if (action !== "submitted" || !pullRequest || !review) return none();
  const reviewer = stringAt(objectAt(review, "user"), "login");
  const submittedAt = instant(stringAt(review, "submitted_at"));
  const change = changeOfPullRequest(config, repository, pullRequest);
  if (!change || reviewer === null || submittedAt === null) return none();
  if (reviewer.toLowerCase() === change.author.toLowerCase()) return none();
  return { changes: [{ ...change, firstReviewAt: submittedAt }], deployments: [] };
}

function environmentName(config: GitHubConfig, environment: string): string {
  const isProduction = config.productionEnvironments.some(
    (production) => production.toLowerCase() === environment.toLowerCase(),
  );
  return isProduction ? "production" : environment;
}

/** success → a successful deployment; failure or error → a failed one; other states are not final. */
function mapDeploymentStatus(config: GitHubConfig, repository: string, payload: unknown): ConnectorEvents {
  const status = objectAt(payload, "deployment_status");
  const deployment = objectAt(payload, "deployment");
  const state = stringAt(status, "state");
  const result: "success" | "failure" | null =
    state === "success" ? "success" : state === "failure" || state === "error" ? "failure" : null;
  const id = numberAt(deployment, "id");
  const startedAt = instant(stringAt(deployment, "created_at"));
  const finishedAt = instant(stringAt(status, "created_at"));
  const environment = stringAt(status, "environment") ?? stringAt(deployment, "environment");
  if (result === null || id === null || !startedAt || !finishedAt || !environment) return none();
  return {
    changes: [],
    deployments: [
      {
        event: {
          type: "deployment" as const,
          service: serviceOfRepository(config, repository),
          externalId: `${repository}/deployments/${id}`,
          environment: environmentName(config, environment),
          result,
          startedAt,
          finishedAt,
          changes: [],
        },
        shipsMergedSince: true,
      },
    ],
  };
}

/** A completed run of a workflow configured as a production deployment. */
function mapWorkflowRun(
  config: GitHubConfig,
  repository: string,
  action: string | null,
  payload: unknown,
): ConnectorEvents {
  const run = objectAt(payload, "workflow_run");
  if (action !== "completed" || !run) return none();
  const path = stringAt(run, "path");
  const name = stringAt(run, "name") ?? stringAt(objectAt(payload, "workflow"), "name");
  const isProductionWorkflow = config.productionWorkflows.some(
    (workflow) => workflow === path || (name !== null && name !== "" && workflow === name),
  );
  const conclusion = stringAt(run, "conclusion");
  const result: "success" | "failure" | null =
    conclusion === "success"
      ? "success"
      : conclusion === "failure" || conclusion === "timed_out"
        ? "failure"
        : null;
  const id = numberAt(run, "id");
  const startedAt = instant(stringAt(run, "run_started_at") ?? stringAt(run, "created_at"));
  const finishedAt = instant(stringAt(run, "updated_at"));
  if (!isProductionWorkflow || result === null || id === null || !startedAt || !finishedAt) return none();
  const pullRequests = Array.isArray(run.pull_requests) ? run.pull_requests : [];
  const listed = pullRequests
    .map((pullRequest) => numberAt(pullRequest, "number"))
    .filter((number): number is number => number !== null)
    .map((number) => pullRequestId(repository, number));
  return {
    changes: [],
    deployments: [
      {
        event: {
          type: "deployment" as const,
          service: serviceOfRepository(config, repository),
          externalId: `${repository}/actions/runs/${id}`,
          environment: "production",
          result,
          startedAt,
          finishedAt,
          changes: listed,
        },
        shipsMergedSince: true,
      },
    ],
  };
}

const earliest = (a: string | null, b: string | null) =>
  a === null ? b : b === null ? a : Date.parse(a) <= Date.parse(b) ? a : b;

/**
 * A change as known after one more delivery: each delivery shows part of a pull request (a review,
 * the merge, a backfilled first commit), so the earliest first commit and first review are kept,
 * and a merge time once known stays known.
 */
export function mergeChange(stored: ChangeEvent | null, incoming: ChangeEvent): ChangeEvent {
  if (stored === null) return incoming;
  return {
    ...incoming,
    firstCommitAt: earliest(stored.firstCommitAt, incoming.firstCommitAt),
    openedAt: incoming.openedAt,
    firstReviewAt: earliest(stored.firstReviewAt, incoming.firstReviewAt),
    mergedAt: incoming.mergedAt ?? stored.mergedAt,
  };
}
