import { Link, useParams } from "react-router";
import { ApiError } from "../api/client";
import type { JobRoleDetail, RoleStatus, WorkModelAdvice, WorkModelFactorCatalogue } from "../api/schema";
import { Breadcrumb } from "../ui/Breadcrumb";
import { FormError } from "../ui/FormError";
import { formatDate } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { AdviceDetails, HardConstraintsCallout, RecommendationSummary, ScoresFigure } from "./AdviceView";
import {
  describeWorkModel,
  formatUtcOffset,
  roleStatuses,
  roleStatusLabels,
  seniorityLabels,
  useCanEditRoles,
  useFactorCatalogue,
  useRole,
  useUpdateRole,
} from "./roles";
import { WorkModelAdvisor } from "./WorkModelAdvisor";
import { WorkModelDecisionHistory } from "./WorkModelDecisionHistory";

export function RolePage() {
  const { roleId = "" } = useParams();
  const role = useRole(roleId);
  const catalogue = useFactorCatalogue();

  return (
    <article className="page role-page">
      <Breadcrumb to="/roles">Roles</Breadcrumb>
      {role.isPending && <Loading what="the role" />}
      {role.isError &&
        (role.error instanceof ApiError && (role.error.status === 404 || role.error.status === 400) ? (
          <>
            <title>Role not found – Evident</title>
            <h1>Role not found</h1>
            <p>There is no such role in this organisation. It may belong to another organisation.</p>
          </>
        ) : (
          <LoadFailed error={role.error} onRetry={() => void role.refetch()} />
        ))}
      {role.data && (
        <>
          <title>{`${role.data.title} – Roles – Evident`}</title>
          <RoleDetails role={role.data} />
          {catalogue.isPending && <Loading what="the advisor" />}
          {catalogue.isError && (
            <LoadFailed error={catalogue.error} onRetry={() => void catalogue.refetch()} />
          )}
          {catalogue.data && <WorkModelSection role={role.data} catalogue={catalogue.data} />}
          <WorkModelDecisionHistory decisions={role.data.workModelDecisions} />
        </>
      )}
    </article>
  );
}

function listOrNone(items: string[]): string {
  return items.length === 0 ? "None" : items.join(", ");
}

function RoleDetails({ role }: { role: JobRoleDetail }) {
  const canEdit = useCanEditRoles();
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>{role.title}</h1>
          <p className="muted role-subtitle">
            {role.team} · {seniorityLabels[role.seniority]}
          </p>
          {canEdit ? (
            <nav aria-label="This role" className="role-links">
              <Link to={`/roles/${role.id}/plan`}>Hiring plan</Link>
              <Link to={`/roles/${role.id}/pipeline`}>Pipeline</Link>
            </nav>
          ) : null}
        </div>
        {canEdit ? (
          <StatusControl role={role} />
        ) : (
          <span className={`role-status role-status-${role.status}`}>{roleStatusLabels[role.status]}</span>
        )}
      </div>
      <dl className="role-details">
        <div>
          <dt>Work model</dt>
          <dd>{describeWorkModel(role.workModel, role.onsiteDaysPerWeek)}</dd>
        </div>
        <div>
          <dt>Headcount</dt>
          <dd>{role.headcount}</dd>
        </div>
        <div>
          <dt>Tech stack</dt>
          <dd>{listOrNone(role.techStack)}</dd>
        </div>
        <div>
          <dt>Office locations</dt>
          <dd>{listOrNone(role.officeLocations)}</dd>
        </div>
        <div>
          <dt>Accepted time zones</dt>
          <dd>
            {formatUtcOffset(role.timezone.fromUtcOffset)} to {formatUtcOffset(role.timezone.toUtcOffset)}
          </dd>
        </div>
        <div>
          <dt>Compliance needs</dt>
          <dd>{listOrNone(role.complianceNeeds)}</dd>
        </div>
        <div>
          <dt>Hire threshold</dt>
          <dd>{role.hireThreshold} of 4</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <time dateTime={role.createdAt}>{formatDate(role.createdAt)}</time>
          </dd>
        </div>
      </dl>
    </>
  );
}

function StatusControl({ role }: { role: JobRoleDetail }) {
  const updateRole = useUpdateRole(role.id);
  // Show the status being saved rather than the old one until the role is refetched.
  const shownStatus = updateRole.isPending ? (updateRole.variables.status ?? role.status) : role.status;

  return (
    <div className="status-control">
      <div className="field">
        <label htmlFor="role-status">Status</label>
        <select
          id="role-status"
          className="select-inline"
          value={shownStatus}
          disabled={updateRole.isPending}
          onChange={(event) => updateRole.mutate({ status: event.target.value as RoleStatus })}
        >
          {roleStatuses.map((status) => (
            <option key={status} value={status}>
              {roleStatusLabels[status]}
            </option>
          ))}
        </select>
      </div>
      <FormError error={updateRole.error} />
    </div>
  );
}

function WorkModelSection({ role, catalogue }: { role: JobRoleDetail; catalogue: WorkModelFactorCatalogue }) {
  const canEdit = useCanEditRoles();
  if (canEdit) return <WorkModelAdvisor role={role} catalogue={catalogue} />;
  return <RecordedAdvice role={role} catalogue={catalogue} />;
}

// Decisions store the advice as the advisor gave it; an older advisor version may have
// stored a different shape, which is then left out rather than shown half-broken.
function storedAdvice(value: unknown): WorkModelAdvice | null {
  if (typeof value !== "object" || value === null) return null;
  const advice = value as Partial<WorkModelAdvice>;
  const complete =
    typeof advice.recommendation === "string" &&
    typeof advice.scores === "object" &&
    Array.isArray(advice.allowedModels) &&
    Array.isArray(advice.contributions) &&
    Array.isArray(advice.hardConstraints) &&
    Array.isArray(advice.evidence) &&
    typeof advice.confidence === "object";
  return complete ? (advice as WorkModelAdvice) : null;
}

/** Read-only: the advice the latest decision was made on, for members who may not decide. */
function RecordedAdvice({ role, catalogue }: { role: JobRoleDetail; catalogue: WorkModelFactorCatalogue }) {
  const latest = role.workModelDecisions[0];
  const advice = storedAdvice(latest?.advice);
  return (
    <section aria-labelledby="advisor-heading" className="advisor">
      <h2 id="advisor-heading">Work-model advisor</h2>
      <p className="notice">
        Only admins, recruiters and hiring managers can use the advisor and decide a role's work model.
      </p>
      {latest && advice && (
        <>
          <p className="muted">
            The advice the latest decision was based on (advisor version {latest.advisorVersion}).
          </p>
          <div className="advisor-grid advisor-grid-readonly">
            <div className="advice-summary">
              <RecommendationSummary advice={advice} updating={false} />
              <HardConstraintsCallout advice={advice} />
            </div>
            <ScoresFigure advice={advice} />
          </div>
          <AdviceDetails advice={advice} catalogue={catalogue} />
        </>
      )}
    </section>
  );
}
