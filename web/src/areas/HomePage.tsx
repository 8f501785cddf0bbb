import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../api/client";
import type { Health } from "../api/schema";
import { useSession } from "../auth/session";
import { allAreas } from "./areas";

export function HomePage() {
  const session = useSession();

  return (
    <article className="page">
      <title>Home – Evident</title>
      <h1>Welcome, {session.user.name}</h1>
      <p className="lead">
        Hiring backend engineers, onsite, remote or hybrid, with every decision checked against evidence.
      </p>
      <h2>Areas</h2>
      <ul className="area-grid">
        {allAreas.map((area) => (
          <li key={area.path} className="area-card">
            <h3>{area.title}</h3>
            <p>{area.purpose}</p>
          </li>
        ))}
      </ul>
      <ServiceStatus />
    </article>
  );
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
