import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { isForbidden, isNotFound } from "../api/client";
import type { JobRoleDetail, Plan, WorkModel } from "../api/schema";
import { NoAccess } from "../candidates/NoAccess";
import { describeWorkModel, useRole, workModelLabels, workModels } from "../roles/roles";
import { Breadcrumb } from "../ui/Breadcrumb";
import { FormError } from "../ui/FormError";
import { LoadFailed, Loading } from "../ui/QueryState";
import { PlanEditor } from "./PlanEditor";
import { useCanManagePlans, useCreatePlanFromTemplate, usePlan } from "./plans";

export function PlanEditorPage() {
  const { roleId = "" } = useParams();
  const canManage = useCanManagePlans();
  const role = useRole(roleId);
  const plan = usePlan(roleId, canManage);

  return (
    <article className="page plan-page">
      <Breadcrumb to={`/roles/${roleId}`}>{role.data ? role.data.title : "Role"}</Breadcrumb>
      <title>{`Hiring plan${role.data ? ` – ${role.data.title}` : ""} – Evident`}</title>
      <div className="page-heading">
        <div>
          <h1>Hiring plan</h1>
          {role.data && (
            <p className="muted role-subtitle">
              {role.data.title} · {describeWorkModel(role.data.workModel, role.data.onsiteDaysPerWeek)}
            </p>
          )}
        </div>
        {canManage && plan.data && plan.data.stages.length > 0 && (
          <Link to={`/roles/${roleId}/pipeline`} className="button button-secondary">
            Open the pipeline
          </Link>
        )}
      </div>
      {!canManage || isForbidden(plan.error) ? (
        <NoAccess what="and change hiring plans" />
      ) : (
        <>
          {(role.isPending || plan.isPending) && <Loading what="the hiring plan" />}
          {role.isError &&
            (isNotFound(role.error) ? (
              <p className="notice">There is no such role in this organisation.</p>
            ) : (
              <LoadFailed error={role.error} onRetry={() => void role.refetch()} />
            ))}
          {plan.isError && !isNotFound(role.error) && (
            <LoadFailed error={plan.error} onRetry={() => void plan.refetch()} />
          )}
          {role.data && plan.data && <PlanSection role={role.data} plan={plan.data} />}
        </>
      )}
    </article>
  );
}

function PlanSection({ role, plan }: { role: JobRoleDetail; plan: Plan }) {
  const hasStages = plan.stages.length > 0;
  // Replacing the plan with the template starts a fresh draft; saving keeps the editor's own state.
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <p className="lead">
        The stages every candidate for this role goes through, in order. Scored stages feed the decision
        formula by their weight; live interviews need at least two independent raters.
      </p>
      {hasStages ? (
        <>
          <PlanEditor key={generation} role={role} plan={plan} />
          <TemplateForm role={role} replace onCreated={() => setGeneration((current) => current + 1)} />
        </>
      ) : (
        <div className="empty-state">
          <p>This role has no hiring plan yet.</p>
          <TemplateForm
            role={role}
            replace={false}
            onCreated={() => setGeneration((current) => current + 1)}
          />
        </div>
      )}
    </>
  );
}

/** Creates the plan from the template for a work model: the role's decided one, or one the user picks. */
function TemplateForm({
  role,
  replace,
  onCreated,
}: {
  role: JobRoleDetail;
  replace: boolean;
  onCreated: () => void;
}) {
  const createFromTemplate = useCreatePlanFromTemplate(role.id);
  const [workModel, setWorkModel] = useState<WorkModel>(role.workModel ?? "hybrid");
  const [confirming, setConfirming] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (replace && !confirming) {
      setConfirming(true);
      return;
    }
    createFromTemplate.mutate(
      { workModel, ...(replace ? { replace: true } : {}) },
      {
        onSuccess: () => {
          setConfirming(false);
          onCreated();
        },
      },
    );
  }

  const templateName = `${workModelLabels[workModel].toLowerCase()} template`;
  return (
    <form className={replace ? "panel template-form" : "template-form"} onSubmit={submit}>
      {replace && <h2 className="panel-heading">Start again from a template</h2>}
      {role.workModel === null ? (
        <div className="field field-medium">
          <label htmlFor="template-work-model">Template for work model</label>
          <select
            id="template-work-model"
            value={workModel}
            onChange={(event) => setWorkModel(event.target.value as WorkModel)}
          >
            {workModels.map((model) => (
              <option key={model} value={model}>
                {workModelLabels[model]}
              </option>
            ))}
          </select>
          <p className="hint">
            The role's work model is not decided yet, so choose which template to start from.
          </p>
        </div>
      ) : (
        <p className="muted">
          The {templateName} follows the role's decided work model: it tests how the person will actually
          work.
        </p>
      )}
      {confirming && (
        <p role="alert" className="notice">
          This replaces every stage of the current plan, including unsaved changes. Select “Replace the plan”
          again to confirm.
        </p>
      )}
      <FormError error={createFromTemplate.error} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={createFromTemplate.isPending}>
          {replace
            ? confirming
              ? "Replace the plan"
              : `Replace with the ${templateName}`
            : `Create from the ${templateName}`}
        </button>
        {confirming && (
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            Keep the current plan
          </button>
        )}
      </div>
    </form>
  );
}
