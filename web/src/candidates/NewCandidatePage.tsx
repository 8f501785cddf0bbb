import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../api/client";
import { useCanManagePlans } from "../plans/plans";
import { useRoles } from "../roles/roles";
import { Breadcrumb } from "../ui/Breadcrumb";
import { SelectField } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import {
  type CandidateDetailsDraft,
  CandidateDetailsFields,
  candidateDetailsFromDraft,
  emptyCandidateDetails,
} from "./CandidateDetailsFields";
import { useCreateCandidate } from "./candidates";
import { NoAccess } from "./NoAccess";

const fieldLabels: Record<string, string> = {
  fullName: "Full name",
  email: "Email",
  phone: "Phone",
  location: "Location",
  links: "Links",
  source: "Source",
  roleId: "Role",
};

function labelFor(path: string): string {
  const link = /^links\.(\d+)$/.exec(path);
  if (link) return `Link ${Number(link[1]) + 1}`;
  return fieldLabels[path] ?? path;
}

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The API names the existing candidate in a duplicate-email refusal; this finds the id in it. */
export function existingCandidateId(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  return uuidPattern.exec(error.detail)?.[0] ?? null;
}

export function NewCandidatePage() {
  const canAdd = useCanManagePlans();
  return (
    <article className="page">
      <title>Add a candidate – Candidates – Evident</title>
      <Breadcrumb to="/candidates">Candidates</Breadcrumb>
      <h1>Add a candidate</h1>
      {canAdd ? <NewCandidateForm /> : <NoAccess what="or add candidates" />}
    </article>
  );
}

function NewCandidateForm() {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const roles = useRoles({});
  const createCandidate = useCreateCandidate();
  const [details, setDetails] = useState<CandidateDetailsDraft>(emptyCandidateDetails);
  const [roleId, setRoleId] = useState(searchParams.get("roleId") ?? "");
  const error = createCandidate.error;
  const existingId = existingCandidateId(error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    createCandidate.mutate(
      { ...candidateDetailsFromDraft(details), ...(roleId ? { roleId } : {}) },
      { onSuccess: (candidate) => void navigate(`/candidates/${candidate.id}`) },
    );
  }

  return (
    <form className="form panel candidate-form" onSubmit={submit} aria-describedby="new-candidate-note">
      <p id="new-candidate-note" className="muted">
        Fields marked * are required. With a role, the candidate applies to it and starts in its plan's first
        stage.
      </p>
      <CandidateDetailsFields idPrefix="candidate" draft={details} onChange={setDetails} error={error} />
      <SelectField
        id="candidate-role"
        label="Apply to role"
        hint="Optional. The role needs a hiring plan."
        error={fieldMessage(error, "roleId")}
        className="field field-medium"
        placeholder="Not for a role yet"
        options={(roles.data?.items ?? []).map((role) => ({ value: role.id, label: role.title }))}
        value={roleId}
        onChange={setRoleId}
      />
      <FormError error={error} labelFor={labelFor}>
        {existingId && (
          <p>
            <Link to={`/candidates/${existingId}`}>Open the existing candidate</Link>
          </p>
        )}
      </FormError>
      <div className="form-actions">
        <button type="submit" className="button" disabled={createCandidate.isPending}>
          Add candidate
        </button>
        <Link to="/candidates" className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}
