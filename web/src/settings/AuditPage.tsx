import { useInfiniteQuery } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import type { AuditEvent, CursorPage } from "../api/schema";
import { useIsAdmin, useSession } from "../auth/session";
import { FormError } from "../ui/FormError";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";

const pageSize = 50;

export function AuditPage() {
  const isAdmin = useIsAdmin();

  return (
    <section aria-labelledby="audit-heading">
      <title>Audit log – Settings – Evident</title>
      <h2 id="audit-heading">Audit log</h2>
      {isAdmin ? <AuditLog /> : <AdminsOnly />}
    </section>
  );
}

function AdminsOnly() {
  return (
    <p className="notice">
      The audit log is for admins only. Ask an admin of this organisation if you need to know who changed
      what.
    </p>
  );
}

function useAuditEvents() {
  const organizationId = useSession().activeOrganization?.id ?? null;
  return useInfiniteQuery({
    queryKey: ["audit", organizationId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (pageParam !== null) query.set("cursor", pageParam);
      return apiFetch<CursorPage<AuditEvent>>(`/api/v1/audit?${query.toString()}`, { signal });
    },
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

function AuditLog() {
  const audit = useAuditEvents();

  if (audit.isPending) return <Loading what="the audit log" />;
  if (audit.data === undefined) {
    // The role in the session can be out of date; the server has the final say.
    if (audit.error instanceof ApiError && audit.error.status === 403) return <AdminsOnly />;
    return <LoadFailed error={audit.error} onRetry={() => void audit.refetch()} />;
  }

  const events = audit.data.pages.flatMap((page) => page.items);
  if (events.length === 0) return <p>Nothing has been recorded yet.</p>;

  return (
    <>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Audit log, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Object</th>
              <th scope="col">IP address</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </td>
                <td>{describeActor(event.actor)}</td>
                <td>
                  <code>{event.action}</code>
                </td>
                <td>
                  {event.objectType}
                  {event.objectId !== null && <span className="muted"> {event.objectId}</span>}
                </td>
                <td>{event.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {audit.isFetchNextPageError && <FormError error={audit.error} />}
      {audit.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={audit.isFetchingNextPage}
          onClick={() => void audit.fetchNextPage()}
        >
          Load more
        </button>
      )}
      {audit.isFetchingNextPage && <Loading what="more events" />}
    </>
  );
}

function describeActor(actor: AuditEvent["actor"]): string {
  if (actor.type === "system") return "System";
  if (actor.type === "token") return actor.email ? `${actor.email} (API token)` : "API token";
  return actor.email ?? "Unknown user";
}
