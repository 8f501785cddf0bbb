import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeChangeLeadTimes } from "../src/modules/outcomes/dora/change-lead-time.ts";
import { prepareDoraDataset } from "../src/modules/outcomes/dora/dataset.ts";
import {
  type ChangeEvent,
  checkOutcomeEvents,
  type DeploymentEvent,
  type IncidentEvent,
  type OutcomeEvent,
} from "../src/modules/outcomes/dora/events.ts";
import { linkIncidentsToDeployments } from "../src/modules/outcomes/dora/incident-links.ts";

/**
 * DevLake's own DORA test vectors (test/fixtures/devlake-dora, see its SOURCE.md), reproduced row
 * for row. DevLake's tables are translated into Evident events the way DORA.md §0 maps them;
 * the events then go through the same validation as any client's and through the engine.
 */

type Row = Record<string, string>;

const fixtureDir = new URL("./fixtures/devlake-dora/", import.meta.url);

/** The fixtures are plain CSV: no quoted fields, no embedded commas (checked). */
function readCsv(path: string): Row[] {
  const [header = "", ...lines] = readFileSync(new URL(path, fixtureDir), "utf8").split(/\r?\n/);
  const columns = header.split(",");
  return lines
    .filter((line) => line.trim() !== "")
    .map((line) => {
      if (line.includes('"')) throw new Error(`${path}: quoted fields are not supported: ${line}`);
      const cells = line.split(",");
      return Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? ""]));
    });
}

/** DevLake writes "2023-4-10 6:51:47" (UTC, unpadded) or "2023-04-10T06:51:47.000+00:00". */
function toIso(devlakeTime: string): string {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    devlakeTime.trim(),
  );
  if (!match) throw new Error(`not a DevLake time: ${devlakeTime}`);
  const [, year, month, day, hour, minute, second, fraction = "", zone = "Z"] = match;
  const pad = (value: string | undefined) => (value ?? "").padStart(2, "0");
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${minute}:${second}${fraction}${zone}`;
}

const orNull = (value: string | undefined) => (value ? value : null);
const minutesOrNull = (value: string | undefined) => (value ? Number(value) : null);

/** project_mapping: (table, row_id) → project, the service of everything in that scope. */
function projectsOf(mapping: Row[]) {
  const projects = new Map(mapping.map((row) => [`${row.table}/${row.row_id}`, row.project_name ?? ""]));
  return (table: string, rowId: string | undefined) => projects.get(`${table}/${rowId}`);
}

/** A cicd_deployment_commits row is one deployment (DORA.md §0); environment '' has no name. */
function deploymentEvent(row: Row, service: string, changes: string[]): DeploymentEvent {
  return {
    type: "deployment",
    service,
    externalId: row.id ?? "",
    environment: row.environment ? row.environment.toLowerCase() : "unspecified",
    result: row.result === "SUCCESS" ? "success" : "failure",
    startedAt: toIso(row.started_date ?? ""),
    finishedAt: toIso(row.finished_date ?? ""),
    changes,
  };
}

function validated(events: OutcomeEvent[]): OutcomeEvent[] {
  const check = checkOutcomeEvents(events);
  if (!check.ok) throw new Error(`the translated fixture is not valid: ${JSON.stringify(check.problems)}`);
  return check.events;
}

describe("DevLake change_lead_time fixture (change_lead_time_calculator.go)", () => {
  const dir = "change_lead_time/";
  const projectOf = projectsOf(readCsv(`${dir}project_mapping.csv`));
  const pullRequests = readCsv(`${dir}pull_requests.csv`);
  const commits = readCsv(`${dir}pull_request_commits.csv`);
  const comments = readCsv(`${dir}pull_request_comments.csv`);
  const deploymentRows = readCsv(`${dir}cicd_deployment_commits.csv`);
  const diffs = readCsv(`${dir}commits_diffs.csv`);
  const expected = readCsv(`${dir}project_pr_metrics.csv`);

  const earliest = (times: string[]) =>
    times.length === 0 ? null : times.map(toIso).sort((a, b) => Date.parse(a) - Date.parse(b))[0];

  const changes: ChangeEvent[] = pullRequests.map((pr) => ({
    type: "change",
    service: projectOf("repos", pr.base_repo_id) ?? "",
    externalId: pr.id ?? "",
    // DevLake keeps PRs without an author; the events format names one, and the engine never reads it.
    author: pr.author_id || "(no author)",
    firstCommitAt:
      earliest(commits.filter((c) => c.pull_request_id === pr.id).map((c) => c.commit_authored_date ?? "")) ??
      null,
    openedAt: toIso(pr.created_date ?? ""),
    // getFirstReview: the first comment whose account is not the PR's author ('' when it has none).
    firstReviewAt:
      earliest(
        comments
          .filter((c) => c.pull_request_id === pr.id && c.account_id !== pr.author_id)
          .map((c) => c.created_date ?? ""),
      ) ?? null,
    mergedAt: pr.merged_date ? toIso(pr.merged_date) : null,
  }));

  // DevLake derives what a deployment ships: the merge commits in commits_diffs between its
  // commit and its predecessor's, and nothing for a deployment without predecessor (pr0).
  // Evident's events list changes explicitly (D1), so the translation writes that list.
  const deployments = deploymentRows.map((row) => {
    const predecessor = deploymentRows.find((other) => other.id === row.prev_success_deployment_commit_id);
    const shipped = predecessor
      ? diffs
          .filter(
            (diff) =>
              diff.new_commit_sha === row.commit_sha && diff.old_commit_sha === predecessor.commit_sha,
          )
          .flatMap((diff) =>
            pullRequests.filter((pr) => pr.merge_commit_sha === diff.commit_sha).map((pr) => pr.id ?? ""),
          )
      : [];
    return deploymentEvent(row, projectOf("cicd_scopes", row.cicd_scope_id) ?? "", shipped);
  });

  it("translates into valid events", () => {
    expect(validated([...changes, ...deployments])).toHaveLength(changes.length + deployments.length);
  });

  it("reproduces project_pr_metrics row for row: each part, the cycle time and the deployment", () => {
    const dataset = prepareDoraDataset(validated([...changes, ...deployments]));
    const rows = computeChangeLeadTimes(dataset.changes, dataset.deployments);
    const actual = rows
      .map((row) => ({
        id: row.externalId,
        project: row.service,
        coding: row.codingMinutes,
        pickup: row.pickupMinutes,
        review: row.reviewMinutes,
        deploy: row.deployMinutes,
        cycle: row.cycleMinutes,
        deployment: row.deploymentExternalId,
        deployedAt:
          row.deploymentFinishedMs === null ? null : new Date(row.deploymentFinishedMs).toISOString(),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const wanted = expected
      .map((row) => ({
        id: row.id ?? "",
        project: row.project_name ?? "",
        coding: minutesOrNull(row.pr_coding_time),
        pickup: minutesOrNull(row.pr_pickup_time),
        review: minutesOrNull(row.pr_review_time),
        deploy: minutesOrNull(row.pr_deploy_time),
        cycle: Number(row.pr_cycle_time),
        deployment: orNull(row.deployment_commit_id),
        deployedAt: row.pr_deployed_date ? new Date(toIso(row.pr_deployed_date)).toISOString() : null,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    // pr6 is not merged, so neither DevLake nor Evident gives it a row.
    expect(wanted.map((row) => row.id)).toEqual(["pr0", "pr1", "pr2", "pr3", "pr4", "pr5"]);
    expect(actual).toEqual(wanted);
  });

  it("under D1, a first deployment that lists pr0 ships it (DevLake cannot: no predecessor)", () => {
    const withPr0 = deployments.map((deployment) =>
      deployment.externalId === "1" ? { ...deployment, changes: ["pr0"] } : deployment,
    );
    const dataset = prepareDoraDataset(validated([...changes, ...withPr0]));
    const pr0 = computeChangeLeadTimes(dataset.changes, dataset.deployments).find(
      (row) => row.externalId === "pr0",
    );
    // merged 2022-02-10 04:51:47, deployment 1 finished 2023-04-10 06:52:47: 424 days 2 h 1 min.
    expect(pr0).toMatchObject({ deploymentExternalId: "1", deployMinutes: 424 * 1440 + 121 });
    expect(pr0?.cycleMinutes).toBe(44_640 + 424 * 1440 + 121);
  });
});

describe("DevLake connect_incident_to_deployment fixture (incident_deploy_connector.go)", () => {
  const deploymentRows = readCsv(
    "connect_incident_to_deployment/prev_success_deployment_commit/cicd_deployment_commits_after.csv",
  );
  const projectOf = projectsOf(readCsv("connect_incident_to_deployment/raw_tables/project_mapping.csv"));
  const deployments = deploymentRows.flatMap((row) => {
    const service = projectOf("cicd_scopes", row.cicd_scope_id);
    return service ? [deploymentEvent(row, service, [])] : [];
  });
  /** DevLake answers with the deployment's cicd_deployment_id (the pipeline). */
  const pipelineOf = new Map(deploymentRows.map((row) => [row.id, row.cicd_deployment_id]));

  function links(incidents: IncidentEvent[]) {
    const dataset = prepareDoraDataset(validated([...deployments, ...incidents]));
    return linkIncidentsToDeployments(dataset.incidents, dataset.deployments)
      .map((link) => ({
        id: link.incident.externalId,
        project_name: link.incident.service,
        deployment_id: link.deployment ? (pipelineOf.get(link.deployment.externalId) ?? "") : "",
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  const sortedRows = (rows: Row[]) => [...rows].sort((a, b) => (a.id ?? "").localeCompare(b.id ?? ""));

  it("links every incident of a project's repos and boards as project_incident_deployment_relationships does", () => {
    // Incidents of a scope in no project (repo3) belong to no service and are left out, as in DevLake.
    const incidents = readCsv("connect_incident_to_deployment/raw_tables/incidents.csv").flatMap((row) => {
      const service = projectOf(row.table ?? "", row.scope_id);
      return service
        ? [
            {
              type: "incident" as const,
              service,
              externalId: row.id ?? "",
              createdAt: toIso(row.created_date ?? ""),
              resolvedAt: null,
            },
          ]
        : [];
    });
    const expected = readCsv(
      "connect_incident_to_deployment/snapshot_tables/project_incident_deployment_relationships.csv",
    );
    expect(expected).toHaveLength(6);
    // The board incident of 2022-09-15 01:56:16 goes to pipeline2, whose row 3 finished the day
    // before, although pipeline2's other row finished after the incident: DevLake keeps only the
    // rows finished before the incident before it takes the latest.
    expect(links(incidents)).toEqual(sortedRows(expected));
  });

  it("links the INCIDENT issues of a project's boards (the older layout of the same step)", () => {
    const boardOf = new Map(
      readCsv("raw_tables/board_issues.csv").map((row) => [row.issue_id, row.board_id]),
    );
    const projectOfBoard = projectsOf(readCsv("raw_tables/project_mapping.csv"));
    const incidents = readCsv("raw_tables/issues.csv").flatMap((row) => {
      const service = row.type === "INCIDENT" ? projectOfBoard("boards", boardOf.get(row.id)) : undefined;
      return service
        ? [
            {
              type: "incident" as const,
              service,
              externalId: row.id ?? "",
              createdAt: toIso(row.created_date ?? ""),
              resolvedAt: null,
            },
          ]
        : [];
    });
    const expected = readCsv("snapshot_tables/project_incident_deployment_relationships.csv");
    expect(expected).toHaveLength(4);
    expect(links(incidents)).toEqual(sortedRows(expected));
  });
});
