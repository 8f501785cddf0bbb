import { Link, useSearchParams } from "react-router";
import type { JobRole, RoleStatus, WorkModel } from "../api/schema";
import { CardTable } from "../ui/CardTable";
import { labelledOptions } from "../ui/Field";
import { FilterSelect } from "../ui/FilterSelect";
import { LoadFailed, Loading } from "../ui/QueryState";
import { numeric, TableHead } from "../ui/TableHead";
import {
  describeWorkModel,
  type RoleFilters,
  roleStatuses,
  roleStatusLabels,
  seniorityLabels,
  useCanEditRoles,
  useRoles,
  workModelLabels,
  workModels,
} from "./roles";

function filtersFrom(params: URLSearchParams): RoleFilters {
  const status = params.get("status");
  const workModel = params.get("workModel");
  return {
    ...(roleStatuses.includes(status as RoleStatus) ? { status: status as RoleStatus } : {}),
    ...(workModels.includes(workModel as WorkModel) ? { workModel: workModel as WorkModel } : {}),
  };
}

export function RolesPage() {
  const canEdit = useCanEditRoles();
  // Filters live in the address so a filtered list can be bookmarked and shared.
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFrom(searchParams);
  const roles = useRoles(filters);
  const filtered = filters.status !== undefined || filters.workModel !== undefined;

  function setFilter(name: keyof RoleFilters, value: string) {
    const next = new URLSearchParams(searchParams);
    if (value === "") next.delete(name);
    else next.set(name, value);
    setSearchParams(next, { replace: true });
  }

  return (
    <article className="page">
      <title>Roles – Evident</title>
      <div className="page-heading">
        <h1>Roles</h1>
        {canEdit && (
          <Link to="/roles/new" className="button">
            Open a role
          </Link>
        )}
      </div>
      <p className="lead">
        Backend roles your organisation is hiring for, each with its work model: onsite, remote or hybrid,
        decided with the work-model advisor.
      </p>

      <form className="roles-filters" aria-label="Filter roles" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect
          id="roles-filter-status"
          label="Status"
          unfilteredLabel="All statuses"
          options={labelledOptions(roleStatuses, roleStatusLabels)}
          value={filters.status ?? ""}
          onChange={(value) => setFilter("status", value)}
        />
        <FilterSelect
          id="roles-filter-work-model"
          label="Work model"
          unfilteredLabel="All work models"
          options={labelledOptions(workModels, workModelLabels)}
          value={filters.workModel ?? ""}
          onChange={(value) => setFilter("workModel", value)}
        />
      </form>

      {roles.isPending && <Loading what="roles" />}
      {roles.isError && <LoadFailed error={roles.error} onRetry={() => void roles.refetch()} />}
      {roles.data &&
        (roles.data.items.length === 0 ? (
          <EmptyRoles filtered={filtered} canEdit={canEdit} />
        ) : (
          <RolesTable roles={roles.data.items} />
        ))}
    </article>
  );
}

function EmptyRoles({ filtered, canEdit }: { filtered: boolean; canEdit: boolean }) {
  if (filtered) return <p className="empty-state">No roles match these filters.</p>;
  return (
    <div className="empty-state">
      <p>There are no roles yet.</p>
      <p className="muted">
        {canEdit
          ? "Open a role to describe the position and decide its work model with the advisor."
          : "Roles appear here once an admin, recruiter or hiring manager opens one."}
      </p>
    </div>
  );
}

function RolesTable({ roles }: { roles: JobRole[] }) {
  return (
    <CardTable>
      <table>
        <caption className="visually-hidden">Roles, newest first</caption>
        <TableHead columns={["Title", "Team", "Seniority", "Status", "Work model", numeric("Headcount")]} />
        <tbody>
          {roles.map((role) => (
            <tr key={role.id}>
              <th scope="row">
                <Link to={`/roles/${role.id}`}>{role.title}</Link>
              </th>
              <td>{role.team}</td>
              <td>{seniorityLabels[role.seniority]}</td>
              <td>
                <span className={`role-status role-status-${role.status}`}>
                  {roleStatusLabels[role.status]}
                </span>
              </td>
              <td className={role.workModel === null ? "muted" : undefined}>
                {describeWorkModel(role.workModel, role.onsiteDaysPerWeek)}
              </td>
              <td className="numeric">{role.headcount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </CardTable>
  );
}
