import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { z } from "zod";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/client.ts";
import type { JobDefinition } from "../../../platform/queue.ts";
import type { ChangeEvent, OutcomeEvent } from "../dora/events.ts";
import { ingestOutcomeEvents } from "../ingest.ts";
import { instant, mapGitHubDelivery, mergeChange } from "./github-mapping.ts";
import type { GitHubConfig } from "./integration-config.ts";
import { getIntegration, openApiToken } from "./integrations.ts";
import { eventsOfDelivery } from "./process-delivery.ts";
import { createSecretBox } from "./secret-box.ts";
import { findStoredChange } from "./stored-events.ts";

/**
 * The GitHub backfill: what the webhooks would have said, read from the REST API for the
 * configured repositories — merged pull requests (with their first commit and first review by
 * someone else) and deployments with their final status — mapped by the same code as the
 * webhooks and ingested through the one ingestion path. Octokit paginates (Link headers) and
 * @octokit/plugin-throttling waits out primary and secondary rate limits (retrying twice).
 */

const ThrottledOctokit = Octokit.plugin(throttling);
type GitHubClient = InstanceType<typeof ThrottledOctokit>;

export function createGitHubClient(token: string, apiUrl?: string): GitHubClient {
  return new ThrottledOctokit({
    auth: token,
    ...(apiUrl ? { baseUrl: apiUrl.replace(/\/$/, "") } : {}),
    userAgent: "Evident-outcomes-backfill",
    // Octokit logs every failed request (rate limits it then waits out included) to the console;
    // the job's result and retries say what matters.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      onRateLimit: (_retryAfter, _options, _octokit, retryCount) => retryCount < 2,
      onSecondaryRateLimit: (_retryAfter, _options, _octokit, retryCount) => retryCount < 2,
    },
  });
}

export interface BackfillResult {
  changes: number;
  deployments: number;
}

const earliestInstant = (values: (string | null | undefined)[]) =>
  values
    .map((value) => instant(value ?? null))
    .filter((value): value is string => value !== null)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

export async function backfillGitHub(
  deps: { db: Db; client: GitHubClient },
  organizationId: string,
  config: GitHubConfig,
  sinceIso: string,
): Promise<BackfillResult> {
  const since = Date.parse(sinceIso);
  const { client, db } = deps;
  let changeCount = 0;
  let deploymentCount = 0;
  for (const { repository: fullName } of config.repositories) {
    const [owner, repo] = fullName.split("/");
    if (!owner || !repo) continue;
    const repository = { full_name: fullName };

    // Pull requests, most recently updated first; stop at the first one older than `since`.
    const changes: ChangeEvent[] = [];
    pages: for await (const page of client.paginate.iterator(client.rest.pulls.list, {
      owner,
      repo,
      state: "closed",
      sort: "updated",
      direction: "desc",
      per_page: 100,
    })) {
      for (const pullRequest of page.data) {
        if (Date.parse(pullRequest.updated_at) < since) break pages;
        if (!pullRequest.merged_at) continue;
        const mapped = mapGitHubDelivery(config, "pull_request", {
          action: "closed",
          repository,
          pull_request: { ...pullRequest, merged: true },
        }).changes[0];
        if (!mapped) continue;
        const author = mapped.author.toLowerCase();
        const reviews = await client.paginate(client.rest.pulls.listReviews, {
          owner,
          repo,
          pull_number: pullRequest.number,
          per_page: 100,
        });
        const commits = await client.paginate(client.rest.pulls.listCommits, {
          owner,
          repo,
          pull_number: pullRequest.number,
          per_page: 100,
        });
        const firstReviewAt = earliestInstant(
          reviews
            .filter((review) => review.user && review.user.login.toLowerCase() !== author)
            .map((review) => review.submitted_at),
        );
        // DevLake's first commit is the earliest *authored* date among the PR's commits.
        const firstCommitAt = earliestInstant(commits.map((commit) => commit.commit.author?.date));
        const stored = await findStoredChange(
          db,
          organizationId,
          "github",
          mapped.service,
          mapped.externalId,
        );
        changes.push(mergeChange(stored, { ...mapped, firstReviewAt, firstCommitAt }));
      }
    }
    await ingestOutcomeEvents(db, organizationId, "github", changes);
    changeCount += changes.length;

    // Deployments, newest first; each with its latest final status, stored oldest first so
    // that each one's predecessor is known when its changes are worked out.
    const deploymentPayloads: unknown[] = [];
    pages: for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, {
      owner,
      repo,
      per_page: 100,
    })) {
      for (const deployment of page.data) {
        if (Date.parse(deployment.created_at) < since) break pages;
        const { data: statuses } = await client.rest.repos.listDeploymentStatuses({
          owner,
          repo,
          deployment_id: deployment.id,
          per_page: 100,
        });
        const final = statuses.find((status) => ["success", "failure", "error"].includes(status.state));
        if (final) deploymentPayloads.push({ repository, deployment, deployment_status: final });
      }
    }
    for (const payload of deploymentPayloads.reverse()) {
      const events: OutcomeEvent[] = await eventsOfDelivery(
        db,
        organizationId,
        "github",
        config,
        "deployment_status",
        payload,
      );
      await ingestOutcomeEvents(db, organizationId, "github", events);
      deploymentCount += events.length;
    }
  }
  return { changes: changeCount, deployments: deploymentCount };
}

export const githubBackfillPayload = z.object({
  organizationId: z.uuid(),
  integrationId: z.uuid(),
  since: z.iso.datetime({ offset: true }),
});

export const githubBackfillJob: JobDefinition<
  typeof githubBackfillPayload,
  { db: Db; clock: Clock; secret: string }
> = {
  queue: "outcomes.github-backfill",
  payload: githubBackfillPayload,
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 60 * 60,
  async handle(deps, payload) {
    const secrets = createSecretBox(deps.secret);
    const integration = await getIntegration(deps.db, payload.organizationId, payload.integrationId);
    if (integration.kind !== "github") return { changes: 0, deployments: 0 };
    const token = await openApiToken(deps.db, secrets, payload.organizationId, payload.integrationId);
    if (!token) return { changes: 0, deployments: 0 };
    const client = createGitHubClient(token, integration.config.apiUrl);
    return backfillGitHub({ db: deps.db, client }, payload.organizationId, integration.config, payload.since);
  },
};
