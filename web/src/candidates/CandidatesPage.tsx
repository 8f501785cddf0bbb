import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { isForbidden } from "../api/client";
import type {
  ApplicationFilters,
  ApplicationStatus,
  ApplicationSummary,
  Candidate,
  CursorPage,
  WorkModel,
} from "../api/schema";
import { useCanManagePlans, usePlan } from "../plans/plans";
import { describeWorkModel, useRoles, workModelLabels, workModels } from "../roles/roles";
import { useDebouncedValue } from "../roles/useDebouncedValue";
import { CardTable } from "../ui/CardTable";
import { labelledOptions } from "../ui/Field";
import { FilterSelect } from "../ui/FilterSelect";
import { formatDate } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { type Column, TableHead } from "../ui/TableHead";
import { useApplicationList, useCandidateList } from "./candidates";
import { applicationStatuses, applicationStatusLabels, nameOf } from "./labels";
import { NoAccess } from "./NoAccess";

type View = "applications" | "people";

function filtersFrom(params: URLSearchParams): ApplicationFilters {
  const status = params.get("status");
  const workModel = params.get("workModel");
  const roleId = params.get("roleId") ?? "";
  const stageId = params.get("stageId") ?? "";
  return {
    ...(roleId ? { roleId } : {}),
    ...(roleId && stageId ? { stageId } : {}),
    ...(applicationStatuses.includes(status as ApplicationStatus)
      ? { status: status as ApplicationStatus }
      : {}),
    ...(workModels.includes(workModel as WorkModel) ? { workModel: workModel as WorkModel } : {}),
  };
}

export function CandidatesPage() {
  const canSee = useCanManagePlans();
  return (
    <article className="page candidates-page">
      <title>Candidates – Evident</title>
      <div className="page-heading">
        <h1>Candidates</h1>
        {canSee && (
          <div className="form-actions">
            <Link to="/candidates/new" className="button">
              Add candidate
            </Link>
            <Link to="/candidates/import" className="button button-secondary">
              Import CSV
            </Link>
          </div>
        )}
      </div>
      {canSee ? <CandidateLists /> : <NoAccess what="candidates and their applications" />}
    </article>
  );
}

function CandidateLists() {
  // Search and filters live in the address so a filtered list can be bookmarked and shared.
  const [searchParams, setSearchParams] = useSearchParams();
  const view: View = searchParams.get("view") === "people" ? "people" : "applications";
  const [queryText, setQueryText] = useState(searchParams.get("query") ?? "");
  const query = useDebouncedValue(queryText.trim(), 300);

  useEffect(() => {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (query) next.set("query", query);
        else next.delete("query");
        return next;
      },
      { replace: true },
    );
  }, [query, setSearchParams]);

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(searchParams);
    if (value === "") next.delete(name);
    else next.set(name, value);
    // A stage belongs to one role's plan; another role's stage would match nothing.
    if (name === "roleId") next.delete("stageId");
    setSearchParams(next, { replace: true });
  }

  return (
    <>
      <p className="lead">
        Everyone who applied, with the role, the stage they are in and the status of each application.
      </p>
      <nav aria-label="Candidate lists" className="sub-nav">
        <ul>
          <li>
            <Link
              to={{ search: withView(searchParams, "applications") }}
              aria-current={view === "applications" ? "page" : undefined}
            >
              Applications
            </Link>
          </li>
          <li>
            <Link
              to={{ search: withView(searchParams, "people") }}
              aria-current={view === "people" ? "page" : undefined}
            >
              All candidates
            </Link>
          </li>
        </ul>
      </nav>
      <form
        className="candidate-filters"
        aria-label="Search and filter"
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="field candidate-search">
          <label htmlFor="candidate-search">Search by name or email</label>
          <input
            id="candidate-search"
            type="search"
            autoComplete="off"
            value={queryText}
            onChange={(event) => setQueryText(event.target.value)}
          />
        </div>
        {view === "applications" && (
          <ApplicationFilterFields searchParams={searchParams} setParam={setParam} />
        )}
      </form>
      {view === "applications" ? (
        <ApplicationsTable filters={{ ...filtersFrom(searchParams), ...(query ? { query } : {}) }} />
      ) : (
        <PeopleTable query={query} />
      )}
    </>
  );
}

function withView(params: URLSearchParams, view: View): string {
  const next = new URLSearchParams(params);
  if (view === "people") next.set("view", "people");
  else next.delete("view");
  return next.toString();
}

function ApplicationFilterFields({
  searchParams,
  setParam,
}: {
  searchParams: URLSearchParams;
  setParam: (name: string, value: string) => void;
}) {
  const roles = useRoles({});
  const roleId = searchParams.get("roleId") ?? "";
  const plan = usePlan(roleId, roleId !== "");
  return (
    <>
      <FilterSelect
        id="filter-role"
        label="Role"
        unfilteredLabel="All roles"
        options={(roles.data?.items ?? []).map((role) => ({ value: role.id, label: role.title }))}
        value={roleId}
        onChange={(value) => setParam("roleId", value)}
      />
      <FilterSelect
        id="filter-stage"
        label="Stage"
        unfilteredLabel="All stages"
        options={(plan.data?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.name }))}
        value={searchParams.get("stageId") ?? ""}
        onChange={(value) => setParam("stageId", value)}
        disabled={roleId === ""}
        hint={roleId === "" ? "Choose a role first." : undefined}
      />
      <FilterSelect
        id="filter-status"
        label="Status"
        unfilteredLabel="All statuses"
        options={labelledOptions(applicationStatuses, applicationStatusLabels)}
        value={searchParams.get("status") ?? ""}
        onChange={(value) => setParam("status", value)}
      />
      <FilterSelect
        id="filter-work-model"
        label="Work model"
        unfilteredLabel="All work models"
        options={labelledOptions(workModels, workModelLabels)}
        value={searchParams.get("workModel") ?? ""}
        onChange={(value) => setParam("workModel", value)}
      />
    </>
  );
}

function ApplicationsTable({ filters }: { filters: ApplicationFilters }) {
  const list = useApplicationList(filters);
  const filtered = Object.keys(filters).length > 0;
  return (
    <PagedTable
      list={list}
      noun={{ singular: "application", plural: "applications" }}
      caption="Applications, newest first"
      columns={[
        "Candidate",
        "Role",
        "Stage",
        "Status",
        "Applied",
        { label: "Application", visuallyHidden: true },
      ]}
      row={(application) => <ApplicationRow key={application.id} application={application} />}
      empty={
        <div className="empty-state">
          <p>
            {filtered
              ? "No applications match this search and these filters."
              : "There are no applications yet."}
          </p>
          {!filtered && (
            <p className="muted">
              Add a candidate for a role, or import a CSV of candidates, to start filling the pipeline.
            </p>
          )}
        </div>
      }
    />
  );
}
function ApplicationRow({ application }: { application: ApplicationSummary }) {
  const name = nameOf(application.candidate);
  return (
    <tr className={application.status === "active" ? undefined : "row-inactive"}>
      <th scope="row">
        <Link to={`/candidates/${application.candidate.id}`}>{name}</Link>
        {application.candidate.email && <span className="cell-secondary">{application.candidate.email}</span>}
      </th>
      <td>
        <Link to={`/roles/${application.role.id}/pipeline`}>{application.role.title}</Link>
        <span className="cell-secondary">{describeWorkModel(application.role.workModel, null)}</span>
      </td>
      <td>{application.currentStage?.name ?? <span className="muted">No stage</span>}</td>
      <td>
        <span className={`application-status application-status-${application.status}`}>
          {applicationStatusLabels[application.status]}
        </span>
      </td>
      <td>
        <time dateTime={application.createdAt}>{formatDate(application.createdAt)}</time>
      </td>
      <td>
        <Link
          to={`/applications/${application.id}`}
          aria-label={`Application of ${name} to ${application.role.title}`}
        >
          Details
        </Link>
      </td>
    </tr>
  );
}

function PeopleTable({ query }: { query: string }) {
  const list = useCandidateList(query);
  return (
    <PagedTable
      list={list}
      noun={{ singular: "candidate", plural: "candidates" }}
      caption="Candidates, newest first"
      columns={["Name", "Email", "Location", "Source", "Added"]}
      row={(candidate) => <PersonRow key={candidate.id} candidate={candidate} />}
      empty={
        <p className="empty-state">
          {query ? "No candidates match this search." : "There are no candidates yet."}
        </p>
      }
    />
  );
}

function PersonRow({ candidate }: { candidate: Candidate }) {
  return (
    <tr>
      <th scope="row">
        <Link to={`/candidates/${candidate.id}`}>{nameOf(candidate)}</Link>
      </th>
      <td>{candidate.email ?? ""}</td>
      <td>{candidate.location ?? ""}</td>
      <td>{candidate.source ?? ""}</td>
      <td>
        <time dateTime={candidate.createdAt}>{formatDate(candidate.createdAt)}</time>
      </td>
    </tr>
  );
}

/**
 * A list the server sends a page at a time, as a table of the rows so far with "Load more" under
 * it. While the first page loads, or when it fails or is refused, that is shown instead; `empty`
 * is what shows when there are no rows.
 */
function PagedTable<Item>({
  list,
  noun,
  caption,
  columns,
  row,
  empty,
}: {
  list: UseInfiniteQueryResult<InfiniteData<CursorPage<Item>>>;
  noun: { singular: string; plural: string };
  caption: string;
  columns: readonly Column[];
  row: (item: Item) => ReactNode;
  empty: ReactNode;
}) {
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  if (list.isPending) return <Loading what={noun.plural} />;
  if (list.isError && !list.data) {
    if (isForbidden(list.error)) return <NoAccess what="candidates and their applications" />;
    return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (items.length === 0) return empty;
  return (
    <>
      <CardTable>
        <table aria-busy={list.isFetching}>
          <caption className="visually-hidden">{caption}</caption>
          <TableHead columns={columns} />
          <tbody>{items.map(row)}</tbody>
        </table>
      </CardTable>
      <LoadMore
        shown={items.length}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        error={list.isFetchNextPageError ? list.error : null}
        onLoadMore={() => void list.fetchNextPage()}
        noun={noun}
      />
    </>
  );
}

function LoadMore({
  shown,
  hasMore,
  loading,
  error,
  onLoadMore,
  noun,
}: {
  shown: number;
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  onLoadMore: () => void;
  noun: { singular: string; plural: string };
}) {
  return (
    <div className="load-more">
      <p className="muted" aria-live="polite">
        Showing {shown} {shown === 1 ? noun.singular : noun.plural}
        {hasMore ? "" : ", all there are"}.
      </p>
      {error ? <LoadFailed error={error} onRetry={onLoadMore} /> : null}
      {hasMore && (
        <button type="button" className="button button-secondary" disabled={loading} onClick={onLoadMore}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
