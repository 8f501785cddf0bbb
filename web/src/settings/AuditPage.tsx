import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { ApiError, apiFetch } from "../api/client";
import type { AuditEvent, AuditFacets, CursorPage } from "../api/schema";
import { useIsAdmin, useSession } from "../auth/session";
import { CardTable } from "../ui/CardTable";
import { Field, SelectField } from "../ui/Field";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading, NextPageButton } from "../ui/QueryState";
import { TableHead } from "../ui/TableHead";
import { auditActionLabel, auditObjectLink, auditObjectTypeLabel } from "./audit-words";
import { useMembers } from "./members";

const pageSize = 50;

/** The filters live in the address, so a filtered log can be linked to and survives a reload. */
const filterNames = ["actor", "action", "objectType", "from", "to"] as const;
type FilterName = (typeof filterNames)[number];
type AuditFilters = Partial<Record<FilterName, string>>;

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

function useAuditFilters(): [AuditFilters, (name: FilterName, value: string) => void, () => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters: AuditFilters = {};
  for (const name of filterNames) {
    const value = searchParams.get(name);
    if (value) filters[name] = value;
  }
  const setFilter = (name: FilterName, value: string) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return [filters, setFilter, () => setSearchParams({}, { replace: true })];
}

/**
 * The API's query: dates are whole days in the viewer's time zone, `to` included (so the API's
 * exclusive bound is the next midnight).
 */
function auditQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams({ limit: String(pageSize) });
  if (filters.actor) query.set("actorUserId", filters.actor);
  if (filters.action) query.set("action", filters.action);
  if (filters.objectType) query.set("objectType", filters.objectType);
  const from = filters.from ? localMidnight(filters.from, 0) : null;
  const to = filters.to ? localMidnight(filters.to, 1) : null;
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  return query;
}

function localMidnight(day: string, addDays: number): string | null {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return null;
  return new Date(year, month - 1, date + addDays).toISOString();
}

function useAuditEvents(filters: AuditFilters) {
  const organizationId = useSession().activeOrganization?.id ?? null;
  return useInfiniteQuery({
    queryKey: ["audit", organizationId, filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = auditQuery(filters);
      if (pageParam !== null) query.set("cursor", pageParam);
      return apiFetch<CursorPage<AuditEvent>>(`/api/v1/audit?${query.toString()}`, { signal });
    },
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

function useAuditFacets() {
  const organizationId = useSession().activeOrganization?.id ?? null;
  return useQuery({
    queryKey: ["audit", organizationId, "facets"],
    queryFn: ({ signal }) => apiFetch<AuditFacets>("/api/v1/audit/facets", { signal }),
  });
}

function AuditFilterForm({
  filters,
  setFilter,
  clear,
}: {
  filters: AuditFilters;
  setFilter: (name: FilterName, value: string) => void;
  clear: () => void;
}) {
  const members = useMembers();
  const facets = useAuditFacets();
  const hasFilters = Object.keys(filters).length > 0;

  return (
    <form
      className="audit-filters"
      aria-label="Filter the audit log"
      onSubmit={(event) => event.preventDefault()}
    >
      <SelectField
        id="audit-actor"
        label="Who"
        placeholder="Anyone"
        options={(members.data?.items ?? []).map((member) => ({
          value: member.userId,
          label: `${member.name} (${member.email})`,
        }))}
        value={filters.actor ?? ""}
        onChange={(value) => setFilter("actor", value)}
      />
      <SelectField
        id="audit-action"
        label="Action"
        placeholder="Any action"
        options={(facets.data?.actions ?? []).map((action) => ({
          value: action,
          label: auditActionLabel(action),
        }))}
        value={filters.action ?? ""}
        onChange={(value) => setFilter("action", value)}
      />
      <SelectField
        id="audit-object-type"
        label="Object"
        placeholder="Any object"
        options={(facets.data?.objectTypes ?? []).map((objectType) => ({
          value: objectType,
          label: auditObjectTypeLabel(objectType),
        }))}
        value={filters.objectType ?? ""}
        onChange={(value) => setFilter("objectType", value)}
      />
      <Field id="audit-from" label="From">
        {(control) => (
          <input
            {...control}
            type="date"
            value={filters.from ?? ""}
            max={filters.to}
            onChange={(event) => setFilter("from", event.target.value)}
          />
        )}
      </Field>
      <Field id="audit-to" label="To (inclusive)">
        {(control) => (
          <input
            {...control}
            type="date"
            value={filters.to ?? ""}
            min={filters.from}
            onChange={(event) => setFilter("to", event.target.value)}
          />
        )}
      </Field>
      <div className="audit-filters-actions">
        <button type="button" className="button button-secondary" disabled={!hasFilters} onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

function AuditLog() {
  const [filters, setFilter, clear] = useAuditFilters();
  const audit = useAuditEvents(filters);

  return (
    <>
      <AuditFilterForm filters={filters} setFilter={setFilter} clear={clear} />
      <AuditEvents audit={audit} filtered={Object.keys(filters).length > 0} />
    </>
  );
}

function AuditEvents({ audit, filtered }: { audit: ReturnType<typeof useAuditEvents>; filtered: boolean }) {
  if (audit.isPending) return <Loading what="the audit log" />;
  if (audit.data === undefined) {
    // The role in the session can be out of date; the server has the final say.
    if (audit.error instanceof ApiError && audit.error.status === 403) return <AdminsOnly />;
    return <LoadFailed error={audit.error} onRetry={() => void audit.refetch()} />;
  }

  const events = audit.data.pages.flatMap((page) => page.items);
  if (events.length === 0) {
    return <p>{filtered ? "Nothing recorded matches these filters." : "Nothing has been recorded yet."}</p>;
  }

  return (
    <>
      <CardTable>
        <table>
          <caption className="visually-hidden">Audit log, newest first</caption>
          <TableHead columns={["Time", "Who", "Action", "Object", "IP address"]} />
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </td>
                <td>
                  <AuditActor actor={event.actor} />
                </td>
                <td>
                  {auditActionLabel(event.action)} <code className="audit-code">{event.action}</code>
                </td>
                <td>
                  <AuditObject event={event} />
                </td>
                <td>{event.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardTable>
      <NextPageButton list={audit} what="more events" />
    </>
  );
}

function AuditActor({ actor }: { actor: AuditEvent["actor"] }) {
  if (actor.type === "system") return <>Evident (automatic)</>;
  const who = actor.name ?? actor.email ?? "A former member";
  return (
    <>
      {who}
      {actor.type === "token" && <span className="muted"> with an API token</span>}
      {actor.name && actor.email && <span className="muted audit-email"> {actor.email}</span>}
    </>
  );
}

function AuditObject({ event }: { event: AuditEvent }) {
  const kind = auditObjectTypeLabel(event.objectType);
  const link = auditObjectLink(event);
  const name =
    event.objectLabel ?? (event.objectId === null ? null : `${article(kind)} ${kind.toLowerCase()}`);
  if (name === null) return <>{kind}</>;
  return (
    <>
      <span className="muted">{kind}: </span>
      {link ? <Link to={link}>{name}</Link> : name}
    </>
  );
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? "an" : "a";
}
