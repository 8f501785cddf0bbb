import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { apiFetch } from "../api/client";
import type { Health, WorkItem } from "../api/schema";
import { useSession } from "../auth/session";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { useWorkQueue, workItemGroups } from "../work-queue/workQueue";
import "../work-queue/work-queue.css";

/**
 * Home is the member's work queue: what waits for them, by kind, overdue first, each item a link
 * to the page where it is done. The server decides what each role sees (work-queue module).
 */
export function HomePage() {
  const session = useSession();
  const queue = useWorkQueue();

  return (
    <article className="page">
      <title>Home – Evident</title>
      <h1>Welcome, {session.user.name}</h1>
      {session.activeOrganization === null ? null : queue.isPending ? (
        <Loading what="your work queue" />
      ) : queue.isError ? (
        <LoadFailed error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.total === 0 ? (
        <section className="work-queue-empty" aria-labelledby="work-queue-heading">
          <h2 id="work-queue-heading">Nothing waiting for you</h2>
          <p className="muted">
            Scorecards, interviews, decisions and results that need you will appear here.
          </p>
        </section>
      ) : (
        <WorkQueueGroups items={queue.data.items} />
      )}
      <ServiceStatus />
    </article>
  );
}

function WorkQueueGroups({ items }: { items: WorkItem[] }) {
  const overdue = items.filter((item) => item.isOverdue);
  return (
    <div className="work-queue">
      <p className="lead">
        {items.length} {items.length === 1 ? "thing waits" : "things wait"} for you
        {overdue.length > 0 ? `, ${overdue.length} overdue` : ""}.
      </p>
      {workItemGroups.map((group) => {
        const groupItems = items.filter((item) => item.kind === group.kind);
        if (groupItems.length === 0) return null;
        const headingId = `work-queue-${group.kind}`;
        return (
          <section key={group.kind} className="work-queue-group" aria-labelledby={headingId}>
            <h2 id={headingId}>
              {group.title} <span className="status-pill">{groupItems.length}</span>
            </h2>
            <ul className="work-queue-list">
              {groupItems.map((item) => (
                <li key={item.key} className={item.isOverdue ? "work-item work-item-overdue" : "work-item"}>
                  <Link to={item.path} className="work-item-title">
                    {item.title}
                  </Link>
                  {item.isOverdue && <span className="status-pill status-pill-overdue">Overdue</span>}
                  <span className="work-item-meta muted">
                    {item.detail ? `${item.detail} · ` : ""}
                    {timeLabel(item)} {formatDateTime(item.at)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function timeLabel(item: WorkItem): string {
  switch (item.kind) {
    case "scorecard_owed":
    case "observation_owed":
      return "Ended";
    case "interview_today":
      return "Starts";
    case "decision_ready":
      return "Ready since";
    case "challenge_result":
      return "Graded";
    case "stalled":
      return "In the stage since";
    case "package_validating":
      return "Uploaded";
  }
}

function describeHealth(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && "status" in value && typeof value.status === "string") {
    return value.status;
  }
  return "unknown";
}

function ServiceStatus() {
  const health = useQuery({
    queryKey: ["health"],
    queryFn: ({ signal }) => apiFetch<Health>("/api/health", { signal }),
  });

  return (
    <section aria-labelledby="service-status-heading" className="service-status">
      <h2 id="service-status-heading">Service status</h2>
      {health.isPending && <p className="muted">Checking…</p>}
      {health.isError && <p className="muted">The service status could not be checked.</p>}
      {health.data && (
        <dl>
          <div>
            <dt>Overall</dt>
            <dd>{describeHealth(health.data.status)}</dd>
          </div>
          <div>
            <dt>Database</dt>
            <dd>{describeHealth(health.data.database)}</dd>
          </div>
          <div>
            <dt>Queue</dt>
            <dd>{describeHealth(health.data.queue)}</dd>
          </div>
          <div>
            <dt>Code grading</dt>
            <dd>{describeHealth(health.data.sandbox)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
