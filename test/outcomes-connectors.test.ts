import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import webhookExamples from "@octokit/webhooks-examples";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillGitHub, createGitHubClient } from "../src/modules/outcomes/connectors/github-backfill.ts";
import { mapGitHubDelivery, mergeChange } from "../src/modules/outcomes/connectors/github-mapping.ts";
import {
  githubConfigSchema,
  jiraConfigSchema,
  pagerDutyConfigSchema,
} from "../src/modules/outcomes/connectors/integration-config.ts";
import { mapJiraDelivery } from "../src/modules/outcomes/connectors/jira-mapping.ts";
import { mapPagerDutyDelivery, mergeIncident } from "../src/modules/outcomes/connectors/pagerduty-mapping.ts";
import { createSecretBox, deriveIntegrationKey } from "../src/modules/outcomes/connectors/secret-box.ts";
import {
  isValidHubSignature,
  isValidPagerDutySignature,
  signBody,
} from "../src/modules/outcomes/connectors/signatures.ts";
import { computeDoraMetrics } from "../src/modules/outcomes/dora/dora.ts";
import { loadOutcomeEvents } from "../src/modules/outcomes/events-store.ts";
import { services } from "../src/modules/outcomes/outcomes-table.ts";
import { queryRows } from "../src/platform/db/client.ts";
import type { HttpApp } from "../src/server/http-types.ts";
import { type TestDatabase, testEngines } from "./support/databases.ts";
import { type LoggedApp, startLoggedApp } from "./support/logged-app.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/**
 * Connectors: vendor payloads → events, signatures, sealed secrets, the webhook receivers over
 * real HTTP, the GitHub backfill against a local fake of the REST API.
 */

type Example = { name: string; examples: Record<string, unknown>[] };
const examplesOf = (name: string) =>
  structuredClone(
    (webhookExamples as unknown as Example[]).find((entry) => entry.name === name)?.examples ?? [],
  );
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/outcomes-connectors/${name}`, import.meta.url), "utf8");

const githubConfig = githubConfigSchema.parse({
  repositories: [{ repository: "Codertocat/Hello-World", service: "hello-world" }],
  productionWorkflows: [".github/workflows/test.yml"],
});
const pagerDutyConfig = pagerDutyConfigSchema.parse({
  services: [{ pagerDutyServiceId: "PF9KMXH", service: "hello-world" }],
});
const jiraConfig = jiraConfigSchema.parse({
  incidentRules: [{ issueType: "Incident" }, { issueType: "Bug", priorities: ["P1", "P2"] }],
  projects: [{ projectKey: "OPS", service: "checkout" }],
});

/**
 * No published example shows a merged pull request: the `closed` example (PR #2 of
 * Codertocat/Hello-World, opened 15:20:33) is marked merged at 15:20:45, before the published
 * deployment example (created 15:20:53, success at 15:20:55) starts.
 */
function mergedPullRequestPayload() {
  const closed = examplesOf("pull_request").find((example) => example.action === "closed") as {
    pull_request: Record<string, unknown>;
  };
  closed.pull_request.merged = true;
  closed.pull_request.merged_at = "2019-05-15T15:20:45Z";
  return closed;
}

/** The published review is by the PR's own author; the same review by someone else is a first review. */
function reviewByAnotherPayload() {
  const review = examplesOf("pull_request_review").find((example) => example.action === "submitted") as {
    review: { user: { login: string } };
  };
  review.review.user.login = "octocat";
  return review;
}

describe("mapping published GitHub examples", () => {
  it("maps only a merged pull request to a change: openedAt = created_at, mergedAt = merged_at", () => {
    const unmerged = examplesOf("pull_request").filter((example) => example.action === "closed");
    expect(unmerged.length).toBeGreaterThan(0);
    for (const payload of unmerged)
      expect(mapGitHubDelivery(githubConfig, "pull_request", payload).changes).toEqual([]);
    for (const payload of examplesOf("pull_request").filter((example) => example.action !== "closed")) {
      expect(mapGitHubDelivery(githubConfig, "pull_request", payload).changes).toEqual([]);
    }
    expect(mapGitHubDelivery(githubConfig, "pull_request", mergedPullRequestPayload()).changes).toEqual([
      {
        type: "change",
        service: "hello-world",
        externalId: "Codertocat/Hello-World#2",
        author: "Codertocat",
        firstCommitAt: null,
        openedAt: "2019-05-15T15:20:33.000Z",
        firstReviewAt: null,
        mergedAt: "2019-05-15T15:20:45.000Z",
      },
    ]);
  });

  it("takes a review as the first review only when someone other than the author wrote it", () => {
    for (const payload of examplesOf("pull_request_review")) {
      // Every published review is Codertocat's on Codertocat's own pull request.
      expect(mapGitHubDelivery(githubConfig, "pull_request_review", payload).changes).toEqual([]);
    }
    const [change] = mapGitHubDelivery(githubConfig, "pull_request_review", reviewByAnotherPayload()).changes;
    expect(change?.firstReviewAt).toBe("2019-05-15T15:20:38.000Z");
    expect(change?.mergedAt).toBeNull();
    // A review known before the merge survives the merge delivery, and the merge time survives later reviews.
    const merged = mapGitHubDelivery(githubConfig, "pull_request", mergedPullRequestPayload()).changes[0];
    if (!change || !merged) throw new Error("expected both changes");
    const combined = mergeChange(mergeChange(null, change), merged);
    expect(combined).toMatchObject({
      firstReviewAt: "2019-05-15T15:20:38.000Z",
      mergedAt: "2019-05-15T15:20:45.000Z",
    });
    expect(mergeChange(combined, change)).toEqual(combined);
  });

  it("maps final deployment statuses to deployments and ignores the others", () => {
    const mapped = examplesOf("deployment_status").map(
      (payload) => mapGitHubDelivery(githubConfig, "deployment_status", payload).deployments,
    );
    // Three published statuses are success in production, one is in_progress on github-pages.
    expect(mapped.map((deployments) => deployments.length)).toEqual([1, 0, 1, 1]);
    expect(mapped[0]?.[0]).toEqual({
      event: {
        type: "deployment",
        service: "hello-world",
        externalId: "Codertocat/Hello-World/deployments/145988746",
        environment: "production",
        result: "success",
        startedAt: "2019-05-15T15:20:53.000Z",
        finishedAt: "2019-05-15T15:20:55.000Z",
        changes: [],
      },
      shipsMergedSince: true,
    });
    const failed = examplesOf("deployment_status")[0] as { deployment_status: { state: string } };
    failed.deployment_status.state = "error";
    expect(mapGitHubDelivery(githubConfig, "deployment_status", failed).deployments[0]?.event.result).toBe(
      "failure",
    );
  });

  it("maps completed runs of a configured production workflow, with the pull requests they name", () => {
    const runs = examplesOf("workflow_run");
    const mapped = runs.map(
      (payload) => mapGitHubDelivery(githubConfig, "workflow_run", payload).deployments,
    );
    // requested runs and a completed run without a conclusion are not deployments.
    expect(mapped.map((deployments) => deployments.length)).toEqual([0, 1, 1, 0, 0]);
    expect(mapped[2]?.[0]?.event).toEqual({
      type: "deployment",
      service: "octo-org/octo-repo",
      externalId: "octo-org/octo-repo/actions/runs/289782451",
      environment: "production",
      result: "success",
      startedAt: "2020-10-05T16:33:49.000Z",
      finishedAt: "2020-10-05T16:33:49.000Z",
      changes: ["octo-org/octo-repo#2"],
    });
    // Not a production workflow → nothing.
    const otherConfig = githubConfigSchema.parse({ productionWorkflows: ["deploy.yml"] });
    expect(mapGitHubDelivery(otherConfig, "workflow_run", runs[2]).deployments).toEqual([]);
  });
});

describe("mapping PagerDuty and Jira payloads from their documentation", () => {
  it("takes the resolution time from the resolution event, never from a later update", () => {
    const triggered = mapPagerDutyDelivery(
      pagerDutyConfig,
      JSON.parse(fixture("pagerduty-incident-triggered.json")),
    );
    const resolved = mapPagerDutyDelivery(
      pagerDutyConfig,
      JSON.parse(fixture("pagerduty-incident-resolved.json")),
    );
    expect(triggered[0]?.event).toEqual({
      type: "incident",
      service: "hello-world",
      externalId: "PGR0VU2",
      createdAt: "2020-04-09T15:16:27.000Z",
      resolvedAt: null,
    });
    expect(resolved[0]?.event.resolvedAt).toBe("2020-04-09T16:16:27.169Z");
    // Out of order: the trigger arriving after the resolution does not clear it.
    const afterResolution = mergeIncident(null, resolved[0] as never);
    expect(mergeIncident(afterResolution, triggered[0] as never).resolvedAt).toBe("2020-04-09T16:16:27.169Z");
    // A reopening after the resolution clears it; one from before (late delivery) does not.
    const reopen = {
      event: afterResolution,
      change: { kind: "reopened" as const, at: "2020-04-09T17:00:00.000Z" },
    };
    expect(mergeIncident(afterResolution, reopen).resolvedAt).toBeNull();
    const staleReopen = {
      event: afterResolution,
      change: { kind: "reopened" as const, at: "2020-04-09T16:00:00.000Z" },
    };
    expect(mergeIncident(afterResolution, staleReopen).resolvedAt).toBe("2020-04-09T16:16:27.169Z");
  });

  it("maps Jira issues of a configured type and priority to incidents with resolutiondate", () => {
    expect(mapJiraDelivery(jiraConfig, JSON.parse(fixture("jira-issue-created.json")))).toEqual([
      {
        type: "incident",
        service: "checkout",
        externalId: "OPS-12",
        createdAt: "2024-03-01T10:00:00.000Z",
        resolvedAt: null,
      },
    ]);
    // Jira's +0100 offset: resolved 12:30 local = 11:30 UTC.
    expect(mapJiraDelivery(jiraConfig, JSON.parse(fixture("jira-issue-resolved.json")))[0]?.resolvedAt).toBe(
      "2024-03-01T11:30:00.000Z",
    );
    // A Bug of priority Medium is not an incident; the same bug at P2 is.
    const bug = JSON.parse(fixture("jira-bug-medium.json"));
    expect(mapJiraDelivery(jiraConfig, bug)).toEqual([]);
    bug.issue.fields.priority.name = "P2";
    expect(mapJiraDelivery(jiraConfig, bug)).toHaveLength(1);
  });
});

describe("signatures and sealed secrets", () => {
  const body = Buffer.from(JSON.stringify({ hello: "wörld" }));
  it("checks GitHub's and Jira's sha256= HMAC over the raw body", () => {
    const header = signBody("github", body, "s3cret-s3cret-s3cret");
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(isValidHubSignature(body, header, ["s3cret-s3cret-s3cret"])).toBe(true);
    expect(isValidHubSignature(body, header, ["another-secret-000"])).toBe(false);
    expect(isValidHubSignature(Buffer.from(`${body} `), header, ["s3cret-s3cret-s3cret"])).toBe(false);
    expect(isValidHubSignature(body, undefined, ["s3cret-s3cret-s3cret"])).toBe(false);
    expect(isValidHubSignature(body, "sha256=abc", ["s3cret-s3cret-s3cret"])).toBe(false);
    expect(isValidHubSignature(body, header.replace("sha256=", "sha1="), ["s3cret-s3cret-s3cret"])).toBe(
      false,
    );
  });

  it("accepts a PagerDuty header with several v1 signatures when one matches (rotation)", () => {
    const current = signBody("pagerduty", body, "new-secret-new-secret");
    const old = signBody("pagerduty", body, "old-secret-old-secret");
    expect(isValidPagerDutySignature(body, `${old},${current}`, ["new-secret-new-secret"])).toBe(true);
    expect(isValidPagerDutySignature(body, `${old}`, ["new-secret-new-secret"])).toBe(false);
    expect(isValidPagerDutySignature(body, current.replace("v1=", "v0="), ["new-secret-new-secret"])).toBe(
      false,
    );
  });

  it("seals with AES-256-GCM bound to its row, under a key derived from EVIDENT_SECRET", () => {
    const box = createSecretBox("an-evident-secret-of-at-least-32-characters");
    const sealed = box.seal("whsec_plain", "org/integration/webhook");
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("whsec_plain");
    expect(box.open(sealed, "org/integration/webhook")).toBe("whsec_plain");
    expect(() => box.open(sealed, "org/other/webhook")).toThrow();
    expect(() =>
      createSecretBox("another-evident-secret-of-32-characters!").open(sealed, "org/integration/webhook"),
    ).toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    expect(() => box.open(tampered, "org/integration/webhook")).toThrow();
    expect(deriveIntegrationKey("x".repeat(32))).toHaveLength(32);
  });
});

describe.each(testEngines)("connectors over HTTP on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Connectors");
    other = await seedOrganization(server.database, "Elsewhere");
  }, 120_000);
  afterAll(() => server?.close());

  const admin = () => org.users.admin.token;
  const counts = async () =>
    (
      await queryRows<{ deliveries: number; changes: number; deployments: number; incidents: number }>(
        server.database.db,
        sql`select (select count(*)::int from integration_deliveries where organization_id = ${org.id}) as deliveries,
          (select count(*)::int from outcome_changes where organization_id = ${org.id}) as changes,
          (select count(*)::int from outcome_deployments where organization_id = ${org.id}) as deployments,
          (select count(*)::int from outcome_incidents where organization_id = ${org.id}) as incidents`,
      )
    )[0];

  async function createIntegration(body: Record<string, unknown>) {
    const created = await call(server, "POST", "/api/v1/outcomes/integrations", { token: admin(), body });
    expect(created.status).toBe(201);
    return created.body as unknown as {
      integration: { id: string };
      webhookSecret: string;
      webhookUrl: string;
    };
  }

  function deliver(
    kind: "github" | "pagerduty" | "jira",
    id: string,
    payload: unknown,
    options: { secret?: string; headers?: Record<string, string>; signature?: string | null } = {},
  ) {
    const raw = typeof payload === "string" ? payload : JSON.stringify(payload);
    const header = {
      github: "x-hub-signature-256",
      pagerduty: "x-pagerduty-signature",
      jira: "x-hub-signature",
    }[kind];
    const signature =
      options.signature === null
        ? {}
        : { [header]: options.signature ?? signBody(kind, raw, options.secret ?? "") };
    return call(server, "POST", `/api/v1/outcomes/webhooks/${kind}/${id}`, {
      rawBody: raw,
      headers: { "content-type": "application/json", ...signature, ...options.headers },
    });
  }

  it("shows the secret once, stores it sealed, and never returns or audits it", async () => {
    const { integration, webhookSecret, webhookUrl } = await createIntegration({
      kind: "github",
      config: githubConfig,
      apiToken: "ghp_backfill_token_123456",
    });
    expect(webhookSecret.length).toBeGreaterThanOrEqual(32);
    expect(webhookUrl).toMatch(new RegExp(`/api/v1/outcomes/webhooks/github/${integration.id}$`));
    const [row] = await queryRows<Record<string, string>>(
      server.database.db,
      sql`select * from outcome_integrations where id = ${integration.id}`,
    );
    const rawRow = JSON.stringify(row);
    expect(rawRow).not.toContain(webhookSecret);
    expect(rawRow).not.toContain("ghp_backfill_token_123456");
    expect(row?.sealed_webhook_secret).toMatch(/^v1\./);
    const listed = await call(server, "GET", "/api/v1/outcomes/integrations", { token: admin() });
    const read = await call(server, "GET", `/api/v1/outcomes/integrations/${integration.id}`, {
      token: admin(),
    });
    for (const answer of [listed, read]) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(webhookSecret);
      expect(JSON.stringify(answer.body)).not.toContain("ghp_backfill_token_123456");
    }
    expect(read.body).toMatchObject({ kind: "github", hasApiToken: true });
    const audit = await queryRows<{ detail: unknown }>(
      server.database.db,
      sql`select detail from audit_events where object_id = ${integration.id}`,
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(webhookSecret);
  });

  it("lets only admins manage integrations, and only their organisation's", async () => {
    const { integration } = await createIntegration({ kind: "jira", config: jiraConfig });
    for (const role of ["interviewer", "recruiter", "hiring_manager"] as const) {
      const token = org.users[role].token;
      expect((await call(server, "GET", "/api/v1/outcomes/integrations", { token })).status).toBe(403);
      expect(
        (
          await call(server, "POST", `/api/v1/outcomes/integrations/${integration.id}/rotate`, {
            token,
            body: {},
          })
        ).status,
      ).toBe(403);
    }
    const stranger = other.users.admin.token;
    expect(
      (await call(server, "GET", `/api/v1/outcomes/integrations/${integration.id}`, { token: stranger }))
        .status,
    ).toBe(404);
    expect(
      (await call(server, "DELETE", `/api/v1/outcomes/integrations/${integration.id}`, { token: stranger }))
        .status,
    ).toBe(404);
    expect(
      (await call(server, "GET", "/api/v1/outcomes/integrations", { token: stranger })).body.items,
    ).toEqual([]);
    const bad = await call(server, "POST", "/api/v1/outcomes/integrations", {
      token: admin(),
      body: { kind: "jira", config: { incidentRules: [] } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("incidentRules");
  });

  it("refuses unsigned, wrongly signed and oversized deliveries and stores nothing", async () => {
    const { integration, webhookSecret } = await createIntegration({ kind: "github", config: githubConfig });
    const before = await counts();
    const payload = mergedPullRequestPayload();
    const headers = { "x-github-event": "pull_request", "x-github-delivery": "refused-1" };
    expect((await deliver("github", integration.id, payload, { headers, signature: null })).status).toBe(401);
    expect(
      (await deliver("github", integration.id, payload, { headers, secret: "not-the-secret-at-all" })).status,
    ).toBe(401);
    // Signed with the right secret, but the body was changed on the way.
    const signature = signBody("github", JSON.stringify(payload), webhookSecret);
    const altered = { ...payload, action: "reopened" };
    expect((await deliver("github", integration.id, altered, { headers, signature })).status).toBe(401);
    // The right signature for another kind's receiver or an unknown integration.
    expect((await deliver("jira", integration.id, payload, { secret: webhookSecret })).status).toBe(401);
    expect(
      (
        await deliver("github", "00000000-0000-4000-8000-000000000000", payload, {
          headers,
          secret: webhookSecret,
        })
      ).status,
    ).toBe(401);
    const huge = JSON.stringify({ padding: "x".repeat(1024 * 1024 + 10) });
    const tooLarge = await deliver("github", integration.id, huge, { headers, secret: webhookSecret });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("content-type")).toContain("application/problem+json");
    expect(await counts()).toEqual(before);
  });

  it("ends published payloads in the right DORA metrics; a replayed delivery changes nothing", async () => {
    const github = await createIntegration({ kind: "github", config: githubConfig });
    const pagerDuty = await createIntegration({
      kind: "pagerduty",
      config: pagerDutyConfig,
      webhookSecret: "pd-signing-secret-0123456789",
    });
    const send = (event: string, delivery: string, payload: unknown) =>
      deliver("github", github.integration.id, payload, {
        secret: github.webhookSecret,
        headers: { "x-github-event": event, "x-github-delivery": delivery },
      });
    expect((await send("pull_request_review", "d-review", reviewByAnotherPayload())).status).toBe(202);
    expect((await send("pull_request", "d-merged", mergedPullRequestPayload())).status).toBe(202);
    const deployment = examplesOf("deployment_status")[0];
    expect((await send("deployment_status", "d-deploy", deployment)).status).toBe(202);
    const resolved = fixture("pagerduty-incident-resolved.json");
    const triggered = fixture("pagerduty-incident-triggered.json");
    const signedBy = (raw: string) => ({
      signature: `${signBody("pagerduty", raw, "old-secret-000000000000")},${signBody("pagerduty", raw, "pd-signing-secret-0123456789")}`,
    });
    // Resolution first, trigger second: delivery order must not matter.
    expect((await deliver("pagerduty", pagerDuty.integration.id, resolved, signedBy(resolved))).status).toBe(
      202,
    );
    expect(
      (await deliver("pagerduty", pagerDuty.integration.id, triggered, signedBy(triggered))).status,
    ).toBe(202);

    const afterFirst = await counts();
    const replay = await send("deployment_status", "d-deploy", deployment);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ status: "duplicate", deliveryId: "d-deploy" });
    const pagerDutyReplay = await deliver(
      "pagerduty",
      pagerDuty.integration.id,
      resolved,
      signedBy(resolved),
    );
    expect(pagerDutyReplay.status).toBe(200);
    expect(await counts()).toEqual(afterFirst);

    const [service] = await server.database.db
      .select()
      .from(services)
      .where(sql`${services.organizationId} = ${org.id} and ${services.name} = 'hello-world'`);
    if (!service) throw new Error("the service was not created");
    const events = await loadOutcomeEvents(server.database.db, org.id, [service.id]);
    const change = events.find((event) => event.type === "change");
    expect(change).toMatchObject({
      firstReviewAt: "2019-05-15T15:20:38.000Z",
      mergedAt: "2019-05-15T15:20:45.000Z",
    });
    const window = { from: "2019-05-01", to: "2020-04-30" };
    const metrics2023 = computeDoraMetrics(events, { ...window, report: 2023 });
    // One deployment (the example's success), shipping PR #2: cycle = ⌈33→45 s⌉ + ⌈45→55 s⌉ = 1 + 1 min.
    expect(metrics2023.deploymentFrequency).toMatchObject({ deployments: 1, deploymentDays: 1 });
    expect(metrics2023.leadTimeForChanges).toEqual({ changes: 1, medianMinutes: 2, band: "elite" });
    // The incident (created 2020-04-09) links to that deployment: one of one failed.
    expect(metrics2023.changeFailureRate).toEqual({
      deployments: 1,
      failedDeployments: 1,
      rate: 1,
      band: "low",
    });
    // 2023: from the deployment's finish 2019-05-15T15:20:55Z to 2020-04-09T16:16:27.169Z = 475255.5 min, truncated.
    expect(metrics2023.recoveryTime).toEqual({ incidents: 1, medianMinutes: 475255, band: "low" });
    // 2021: created 15:16:27 → resolved 16:16:27.169 = 60 min: not under an hour, so "high".
    expect(computeDoraMetrics(events, { ...window, report: 2021 }).recoveryTime).toEqual({
      incidents: 1,
      medianMinutes: 60,
      band: "high",
    });

    const deliveries = await call(
      server,
      "GET",
      `/api/v1/outcomes/integrations/${github.integration.id}/deliveries`,
      { token: admin() },
    );
    expect(deliveries.status).toBe(200);
    const byId = new Map(
      (deliveries.body.items as { deliveryId: string; status: string; eventCount: number }[]).map((item) => [
        item.deliveryId,
        item,
      ]),
    );
    expect(byId.get("d-merged")).toMatchObject({ status: "accepted", eventCount: 1 });
    expect(byId.get("d-deploy")).toMatchObject({ status: "accepted", eventCount: 1 });
  });

  it("ingests Jira incidents through the receiver", async () => {
    const jira = await createIntegration({ kind: "jira", config: jiraConfig });
    for (const [name, id] of [
      ["jira-issue-created.json", "j-1"],
      ["jira-bug-medium.json", "j-2"],
      ["jira-issue-resolved.json", "j-3"],
    ]) {
      const raw = fixture(name as string);
      const answer = await deliver("jira", jira.integration.id, raw, {
        secret: jira.webhookSecret,
        headers: { "x-atlassian-webhook-identifier": id as string },
      });
      expect(answer.status).toBe(202);
    }
    const rows = await queryRows<{ external_id: string; created_at: Date; resolved_at: Date | null }>(
      server.database.db,
      sql`select external_id, created_at, resolved_at from outcome_incidents where organization_id = ${org.id} and source = 'jira'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.external_id).toBe("OPS-12");
    expect(new Date(rows[0]?.resolved_at ?? 0).toISOString()).toBe("2024-03-01T11:30:00.000Z");
  });

  it("records a refused delivery as failed with its reason, and processes the sender's retry", async () => {
    const elsewhere = await seedOrganization(server.database, "Strict");
    const token = elsewhere.users.admin.token;
    expect(
      (await call(server, "PUT", "/api/v1/outcomes/settings", { token, body: { autoCreateServices: false } }))
        .status,
    ).toBe(200);
    const created = await call(server, "POST", "/api/v1/outcomes/integrations", {
      token,
      body: { kind: "github", config: githubConfig },
    });
    const { integration, webhookSecret } = created.body as unknown as {
      integration: { id: string };
      webhookSecret: string;
    };
    const send = () =>
      deliver("github", integration.id, mergedPullRequestPayload(), {
        secret: webhookSecret,
        headers: { "x-github-event": "pull_request", "x-github-delivery": "strict-1" },
      });
    expect((await send()).status).toBe(202);
    const failed = await call(server, "GET", `/api/v1/outcomes/integrations/${integration.id}/deliveries`, {
      token,
    });
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        deliveryId: "strict-1",
        status: "failed",
        eventCount: 0,
        error: expect.stringContaining("hello-world"),
      }),
    ]);
    expect(
      (await call(server, "PUT", "/api/v1/outcomes/settings", { token, body: { autoCreateServices: true } }))
        .status,
    ).toBe(200);
    expect((await send()).status).toBe(202);
    const retried = await call(server, "GET", `/api/v1/outcomes/integrations/${integration.id}/deliveries`, {
      token,
    });
    expect(retried.body.items).toEqual([
      expect.objectContaining({ deliveryId: "strict-1", status: "accepted", eventCount: 1, error: null }),
    ]);
    // Now accepted, the same id is a replay.
    expect((await send()).status).toBe(200);
  });

  it("rotates the secret (the old one stops working) and sends a test event", async () => {
    const { integration, webhookSecret } = await createIntegration({ kind: "github", config: githubConfig });
    const rotated = await call(server, "POST", `/api/v1/outcomes/integrations/${integration.id}/rotate`, {
      token: admin(),
      body: {},
    });
    expect(rotated.status).toBe(200);
    const newSecret = (rotated.body as { webhookSecret: string }).webhookSecret;
    expect(newSecret).not.toBe(webhookSecret);
    const ping = { zen: "Keep it logically awesome.", hook_id: 1 };
    const headers = { "x-github-event": "ping", "x-github-delivery": "rotation-ping" };
    expect((await deliver("github", integration.id, ping, { secret: webhookSecret, headers })).status).toBe(
      401,
    );
    expect((await deliver("github", integration.id, ping, { secret: newSecret, headers })).status).toBe(202);
    const test = await call(server, "POST", `/api/v1/outcomes/integrations/${integration.id}/test`, {
      token: admin(),
    });
    expect(test.status).toBe(200);
    expect(test.body.delivery).toMatchObject({ status: "accepted", eventCount: 0, error: null });
    expect(JSON.stringify(test.body)).not.toContain(newSecret);
  });
});

describe.each(testEngines)("webhook processing through the job queue on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  beforeAll(async () => {
    server = await startTestServer(engine, { withWorker: true });
    org = await seedOrganization(server.database, "Queued");
  }, 120_000);
  afterAll(() => server?.close());

  it("accepts at once (202) and the worker stores the events", async () => {
    const created = await call(server, "POST", "/api/v1/outcomes/integrations", {
      token: org.users.admin.token,
      body: { kind: "github", config: githubConfig },
    });
    const { integration, webhookSecret } = created.body as unknown as {
      integration: { id: string };
      webhookSecret: string;
    };
    const raw = JSON.stringify(mergedPullRequestPayload());
    const answer = await call(server, "POST", `/api/v1/outcomes/webhooks/github/${integration.id}`, {
      rawBody: raw,
      headers: {
        "x-github-event": "pull_request",
        "x-github-delivery": "queued-1",
        "x-hub-signature-256": signBody("github", raw, webhookSecret),
      },
    });
    expect(answer.status).toBe(202);
    const deadline = Date.now() + 30_000;
    let stored = 0;
    while (Date.now() < deadline) {
      const [row] = await queryRows<{ n: number }>(
        server.database.db,
        sql`select count(*)::int as n from outcome_changes where organization_id = ${org.id}`,
      );
      stored = row?.n ?? 0;
      if (stored > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(stored).toBe(1);
  }, 60_000);
});

describe.each(testEngines)("GitHub backfill against a local fake of the REST API on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let fake: Server;
  let fakeUrl: string;
  const seen: { path: string; authorization: string | undefined }[] = [];
  let rateLimited = false;

  beforeAll(async () => {
    server = await startTestServer(engine, { withWorker: true });
    org = await seedOrganization(server.database, "Backfill");
    fake = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://fake");
      seen.push({ path: `${url.pathname}${url.search}`, authorization: request.headers.authorization });
      const send = (body: unknown, link?: string) => {
        response.writeHead(200, { "content-type": "application/json", ...(link ? { link } : {}) });
        response.end(JSON.stringify(body));
      };
      const page = Number(url.searchParams.get("page") ?? "1");
      const base = `${fakeUrl}${url.pathname}`;
      const pr = (number: number, merged: string | null, updated: string) => ({
        number,
        user: { login: "ada" },
        created_at: "2024-03-01T09:00:00Z",
        updated_at: updated,
        merged_at: merged,
      });
      switch (url.pathname) {
        case "/repos/acme/shop/pulls":
          // The first request meets a secondary rate limit; the throttling plugin waits and retries.
          if (!rateLimited) {
            rateLimited = true;
            response.writeHead(403, { "content-type": "application/json", "retry-after": "1" });
            response.end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
            return;
          }
          // Two pages, newest update first; the last pull request is older than `since`.
          if (page === 1)
            return send(
              [pr(3, "2024-03-01T10:00:00Z", "2024-03-05T00:00:00Z"), pr(4, null, "2024-03-04T00:00:00Z")],
              `<${base}?state=closed&page=2>; rel="next"`,
            );
          return send([
            pr(5, "2024-03-01T11:00:00Z", "2024-03-03T00:00:00Z"),
            pr(1, "2023-01-01T00:00:00Z", "2023-01-02T00:00:00Z"),
          ]);
        case "/repos/acme/shop/pulls/3/reviews":
          return send([
            { user: { login: "ada" }, submitted_at: "2024-03-01T09:10:00Z" },
            { user: { login: "grace" }, submitted_at: "2024-03-01T09:30:00Z" },
          ]);
        case "/repos/acme/shop/pulls/5/reviews":
          return send([]);
        case "/repos/acme/shop/pulls/3/commits":
          return send([
            { commit: { author: { date: "2024-03-01T08:00:00Z" } } },
            { commit: { author: { date: "2024-03-01T07:30:00Z" } } },
          ]);
        case "/repos/acme/shop/pulls/5/commits":
          return send([{ commit: { author: { date: "2024-03-01T08:45:00Z" } } }]);
        case "/repos/acme/shop/deployments":
          return send([
            { id: 12, environment: "production", created_at: "2024-03-01T12:00:00Z" },
            { id: 11, environment: "production", created_at: "2024-03-01T10:30:00Z" },
          ]);
        case "/repos/acme/shop/deployments/11/statuses":
          return send([{ state: "success", environment: "production", created_at: "2024-03-01T10:40:00Z" }]);
        case "/repos/acme/shop/deployments/12/statuses":
          return send([
            { state: "success", environment: "production", created_at: "2024-03-01T12:05:00Z" },
            { state: "in_progress", environment: "production", created_at: "2024-03-01T12:01:00Z" },
          ]);
        default:
          response.writeHead(404, { "content-type": "application/json" });
          response.end(JSON.stringify({ message: "Not Found" }));
      }
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => fake?.close(resolve));
    await server?.close();
  });

  it("pages through pull requests and deployments and stores what the webhooks would have", async () => {
    const config = githubConfigSchema.parse({
      repositories: [{ repository: "acme/shop", service: "shop" }],
      apiUrl: fakeUrl,
    });
    const client = createGitHubClient("ghp_fake_token", fakeUrl);
    const result = await backfillGitHub(
      { db: server.database.db, client },
      org.id,
      config,
      "2024-02-01T00:00:00Z",
    );
    expect(result).toEqual({ changes: 2, deployments: 2 });
    expect(seen.some((request) => request.path.includes("page=2"))).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((request) => request.authorization === "token ghp_fake_token")).toBe(true);
    // The rate-limited first page, its retry after the wait, and the second page.
    expect(seen.filter((request) => request.path.startsWith("/repos/acme/shop/pulls?")).length).toBe(3);

    const [service] = await server.database.db
      .select()
      .from(services)
      .where(sql`${services.organizationId} = ${org.id} and ${services.name} = 'shop'`);
    if (!service) throw new Error("the service was not created");
    const events = await loadOutcomeEvents(server.database.db, org.id, [service.id]);
    expect(events.filter((event) => event.type === "change")).toEqual([
      expect.objectContaining({
        externalId: "acme/shop#3",
        firstCommitAt: "2024-03-01T07:30:00.000Z",
        firstReviewAt: "2024-03-01T09:30:00.000Z",
        mergedAt: "2024-03-01T10:00:00.000Z",
      }),
      expect.objectContaining({
        externalId: "acme/shop#5",
        firstCommitAt: "2024-03-01T08:45:00.000Z",
        firstReviewAt: null,
        mergedAt: "2024-03-01T11:00:00.000Z",
      }),
    ]);
    // Deployment 11 (started 10:30) ships #3 (merged 10:00); deployment 12 (started 12:00) ships #5 (merged 11:00).
    const deployments = events.filter((event) => event.type === "deployment");
    expect(deployments.map((event) => [event.externalId, event.changes])).toEqual([
      ["acme/shop/deployments/11", ["acme/shop#3"]],
      ["acme/shop/deployments/12", ["acme/shop#5"]],
    ]);
    // #3: coding 07:30→09:00 = 90, created→merged 60, deploy 10:00→10:40 = 40 → 190; #5: 15 + 120 + 65 = 200.
    const metrics = computeDoraMetrics(events, { from: "2024-03-01", to: "2024-03-31", report: 2023 });
    expect(metrics.leadTimeForChanges).toEqual({ changes: 2, medianMinutes: 190, band: "elite" });
    // A second run stores nothing new.
    const again = await backfillGitHub(
      { db: server.database.db, client },
      org.id,
      config,
      "2024-02-01T00:00:00Z",
    );
    expect(again).toEqual({ changes: 2, deployments: 2 });
    expect((await loadOutcomeEvents(server.database.db, org.id, [service.id])).length).toBe(events.length);
  }, 60_000);

  it("runs as a job from the backfill route, opening the sealed API token in the worker", async () => {
    const owner = await seedOrganization(server.database, "Routed");
    const token = owner.users.admin.token;
    const created = await call(server, "POST", "/api/v1/outcomes/integrations", {
      token,
      body: {
        kind: "github",
        config: { repositories: [{ repository: "acme/shop", service: "shop" }], apiUrl: fakeUrl },
        apiToken: "ghp_sealed_route_token",
      },
    });
    const { integration } = created.body as unknown as { integration: { id: string } };
    const answer = await call(server, "POST", `/api/v1/outcomes/integrations/${integration.id}/backfill`, {
      token,
      body: { since: "2024-02-01T00:00:00Z" },
    });
    expect(answer.status).toBe(202);
    const deadline = Date.now() + 30_000;
    let stored = 0;
    while (Date.now() < deadline) {
      const [row] = await queryRows<{ n: number }>(
        server.database.db,
        sql`select count(*)::int as n from outcome_deployments where organization_id = ${owner.id}`,
      );
      stored = row?.n ?? 0;
      if (stored === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(stored).toBe(2);
    expect(seen.some((request) => request.authorization === "token ghp_sealed_route_token")).toBe(true);
    // A Jira integration has nothing to backfill.
    const jira = await call(server, "POST", "/api/v1/outcomes/integrations", {
      token,
      body: { kind: "jira", config: jiraConfig },
    });
    const jiraId = (jira.body as unknown as { integration: { id: string } }).integration.id;
    expect(
      (await call(server, "POST", `/api/v1/outcomes/integrations/${jiraId}/backfill`, { token, body: {} }))
        .status,
    ).toBe(409);
  }, 60_000);
});

describe("integration secrets in the logs", () => {
  let logged: LoggedApp;
  let app: HttpApp;
  let database: TestDatabase;
  let lines: string[];

  beforeAll(async () => {
    logged = await startLoggedApp("trace");
    ({ app, lines, database } = logged);
  }, 120_000);
  afterAll(() => logged?.close());

  it("never writes a webhook secret or API token to the log, even at trace level", async () => {
    const org = await seedOrganization(database, "Logged");
    const headers = { authorization: `Bearer ${org.users.admin.token}`, "content-type": "application/json" };
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/outcomes/integrations",
      headers,
      payload: {
        kind: "pagerduty",
        config: pagerDutyConfig,
        webhookSecret: "pd-visible-only-once-0123456789",
      },
    });
    expect(created.statusCode).toBe(201);
    const { integration } = created.json() as { integration: { id: string } };
    const rotated = await app.inject({
      method: "POST",
      url: `/api/v1/outcomes/integrations/${integration.id}/rotate`,
      headers,
      payload: {},
    });
    const newSecret = (rotated.json() as { webhookSecret: string }).webhookSecret;
    const raw = fixture("pagerduty-incident-triggered.json");
    const delivered = await app.inject({
      method: "POST",
      url: `/api/v1/outcomes/webhooks/pagerduty/${integration.id}`,
      headers: {
        "content-type": "application/json",
        "x-pagerduty-signature": signBody("pagerduty", raw, newSecret),
      },
      payload: raw,
    });
    expect(delivered.statusCode).toBe(202);
    await app.inject({
      method: "POST",
      url: `/api/v1/outcomes/integrations/${integration.id}/test`,
      headers,
    });
    expect(lines.length).toBeGreaterThan(3);
    const log = lines.join("\n");
    expect(log).not.toContain("pd-visible-only-once-0123456789");
    expect(log).not.toContain(newSecret);
  });
});
