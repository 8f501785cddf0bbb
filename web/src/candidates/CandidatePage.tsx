import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { isForbidden, isNotFound } from "../api/client";
import type { ApplicationSummary, CandidateDetail } from "../api/schema";
import { useCanManagePlans } from "../plans/plans";
import { useRoles } from "../roles/roles";
import { Breadcrumb } from "../ui/Breadcrumb";
import { FormError } from "../ui/FormError";
import { formatDate, formatDateTime, formatSize } from "../ui/format";
import { LoadFailed, Loading } from "../ui/QueryState";
import { ApplicationHistory } from "./ApplicationHistory";
import {
  type CandidateDetailsDraft,
  CandidateDetailsFields,
  candidateDetailsFromDraft,
} from "./CandidateDetailsFields";
import {
  resumeDownloadPath,
  useApplication,
  useCandidate,
  useCreateApplication,
  useUpdateCandidate,
  useUploadResume,
} from "./candidates";
import { InviteToPortal } from "./InviteToPortal";
import { applicationStatusLabels, describeRejectionReason, nameOf } from "./labels";
import { NoAccess } from "./NoAccess";

const RESUME_MAX_BYTES = 5 * 1024 * 1024;

export function CandidatePage() {
  const { candidateId = "" } = useParams();
  const canSee = useCanManagePlans();
  const candidate = useCandidate(candidateId, canSee);

  return (
    <article className="page candidate-page">
      <Breadcrumb to="/candidates">Candidates</Breadcrumb>
      {!canSee || isForbidden(candidate.error) ? (
        <>
          <title>Candidate – Evident</title>
          <h1>Candidate</h1>
          <NoAccess what="candidates" />
        </>
      ) : (
        <>
          {candidate.isPending && <Loading what="the candidate" />}
          {candidate.isError &&
            (isNotFound(candidate.error) ? (
              <>
                <title>Candidate not found – Evident</title>
                <h1>Candidate not found</h1>
                <p>There is no such candidate in this organisation.</p>
              </>
            ) : (
              <LoadFailed error={candidate.error} onRetry={() => void candidate.refetch()} />
            ))}
          {candidate.data && <CandidateView candidate={candidate.data} />}
        </>
      )}
    </article>
  );
}

function CandidateView({ candidate }: { candidate: CandidateDetail }) {
  const [editing, setEditing] = useState(false);
  const name = nameOf(candidate);
  const erased = candidate.erasedAt !== null;
  return (
    <>
      <title>{`${name} – Candidates – Evident`}</title>
      <div className="page-heading">
        <h1>{name}</h1>
        {!erased && !editing && (
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            Edit details
          </button>
        )}
      </div>
      {erased && candidate.erasedAt && (
        <p className="notice">
          This candidate's personal data was erased on {formatDate(candidate.erasedAt)}.
        </p>
      )}
      {editing ? (
        <EditCandidateForm candidate={candidate} onClose={() => setEditing(false)} />
      ) : (
        <dl className="role-details">
          <div>
            <dt>Email</dt>
            <dd>{candidate.email ?? "—"}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{candidate.phone ?? "—"}</dd>
          </div>
          <div>
            <dt>Location</dt>
            <dd>{candidate.location ?? "—"}</dd>
          </div>
          <div>
            <dt>Source</dt>
            <dd>{candidate.source ?? "—"}</dd>
          </div>
          <div>
            <dt>Links</dt>
            <dd>
              {candidate.links.length === 0 ? (
                "—"
              ) : (
                <ul className="bare-list">
                  {candidate.links.map((link) => (
                    <li key={link}>
                      <a href={link} target="_blank" rel="noopener noreferrer">
                        {link}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
          <div>
            <dt>Added</dt>
            <dd>
              <time dateTime={candidate.createdAt}>{formatDate(candidate.createdAt)}</time>
            </dd>
          </div>
        </dl>
      )}
      {!erased && !editing && <InviteToPortal candidateId={candidate.id} candidateName={name} />}
      {!erased && <ResumeSection candidate={candidate} />}
      <ApplicationsSection candidate={candidate} />
    </>
  );
}

function EditCandidateForm({ candidate, onClose }: { candidate: CandidateDetail; onClose: () => void }) {
  const update = useUpdateCandidate(candidate.id);
  const [details, setDetails] = useState<CandidateDetailsDraft>({
    fullName: candidate.fullName ?? "",
    email: candidate.email ?? "",
    phone: candidate.phone ?? "",
    location: candidate.location ?? "",
    source: candidate.source ?? "",
    links: candidate.links.join("\n"),
  });
  const error = update.error;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(candidateDetailsFromDraft(details), { onSuccess: onClose });
  }

  return (
    <form className="form panel" onSubmit={submit} aria-label="Edit candidate details">
      <CandidateDetailsFields idPrefix="edit" draft={details} onChange={setDetails} error={error} />
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={update.isPending}>
          Save details
        </button>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ResumeSection({ candidate }: { candidate: CandidateDetail }) {
  const upload = useUploadResume(candidate.id);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState("");
  const [inputKey, setInputKey] = useState(0);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setFileError("Choose a file first.");
      return;
    }
    if (file.size > RESUME_MAX_BYTES) {
      setFileError(`The file is ${formatSize(file.size)}; a resume may be at most 5 MiB.`);
      return;
    }
    upload.mutate(file, {
      onSuccess: () => {
        setFile(null);
        setInputKey((key) => key + 1);
      },
    });
  }

  const resume = candidate.resume;
  return (
    <section aria-labelledby="resume-heading" className="panel">
      <h2 id="resume-heading" className="panel-heading">
        Resume
      </h2>
      {resume ? (
        <p>
          <a href={resumeDownloadPath(candidate.id)} download={resume.filename}>
            Download resume<span className="visually-hidden"> of {nameOf(candidate)}</span>
          </a>{" "}
          <span className="muted">
            {resume.filename}, {formatSize(resume.sizeBytes)}, uploaded {formatDateTime(resume.uploadedAt)}
          </span>
        </p>
      ) : (
        <p className="muted">No resume yet.</p>
      )}
      <form className="resume-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="resume-file">{resume ? "Replace the resume" : "Resume file"}</label>
          <input
            key={inputKey}
            id="resume-file"
            type="file"
            accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
            aria-describedby={`resume-file-hint${fileError ? " resume-file-error" : ""}`}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFileError("");
              upload.reset();
            }}
          />
          <p id="resume-file-hint" className="hint">
            PDF, Word (.docx) or plain text, at most 5 MiB.
          </p>
          {fileError && (
            <p id="resume-file-error" className="field-error" role="alert">
              {fileError}
            </p>
          )}
        </div>
        <FormError error={upload.error} />
        {upload.isSuccess && (
          <p role="status" className="form-success">
            Resume uploaded.
          </p>
        )}
        <button type="submit" className="button" disabled={upload.isPending}>
          Upload resume
        </button>
      </form>
    </section>
  );
}

function ApplicationsSection({ candidate }: { candidate: CandidateDetail }) {
  return (
    <section aria-labelledby="applications-heading">
      <h2 id="applications-heading">Applications</h2>
      {candidate.applications.length === 0 ? (
        <p className="muted">{nameOf(candidate)} has not applied to a role yet.</p>
      ) : (
        <ul className="application-list">
          {candidate.applications.map((application) => (
            <ApplicationItem key={application.id} application={application} />
          ))}
        </ul>
      )}
      {candidate.erasedAt === null && <ApplyForm candidate={candidate} />}
    </section>
  );
}

function ApplicationItem({ application }: { application: ApplicationSummary }) {
  const detail = useApplication(application.id);
  return (
    <li className="panel application-item">
      <h3 className="panel-heading">
        <Link to={`/applications/${application.id}`}>{application.role.title}</Link>
      </h3>
      <p>
        <span className={`application-status application-status-${application.status}`}>
          {applicationStatusLabels[application.status]}
        </span>{" "}
        {application.rejectionReason && `(${describeRejectionReason(application.rejectionReason)}) `}
        in {application.currentStage ? `“${application.currentStage.name}”` : "no stage"} ·{" "}
        <Link to={`/roles/${application.role.id}/pipeline`}>pipeline</Link>
      </p>
      {detail.isPending && <Loading what="the history" />}
      {detail.isError && <LoadFailed error={detail.error} onRetry={() => void detail.refetch()} />}
      {detail.data && (
        <ApplicationHistory
          history={detail.data.history}
          caption={`History of the application to ${application.role.title}`}
        />
      )}
    </li>
  );
}

function ApplyForm({ candidate }: { candidate: CandidateDetail }) {
  const roles = useRoles({});
  const apply = useCreateApplication();
  const [roleId, setRoleId] = useState("");
  const appliedRoleIds = new Set(candidate.applications.map((application) => application.role.id));
  const available = roles.data?.items.filter((role) => !appliedRoleIds.has(role.id)) ?? [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!roleId) return;
    apply.mutate({ candidateId: candidate.id, roleId }, { onSuccess: () => setRoleId("") });
  }

  if (roles.isSuccess && available.length === 0) {
    return <p className="muted">{nameOf(candidate)} has applied to every role.</p>;
  }
  return (
    <form className="panel apply-form" onSubmit={submit}>
      <h3 className="panel-heading">Apply to another role</h3>
      <div className="field">
        <label htmlFor="apply-role">Role</label>
        <select
          id="apply-role"
          required
          value={roleId}
          aria-describedby="apply-role-hint"
          onChange={(event) => setRoleId(event.target.value)}
        >
          <option value="">Choose a role</option>
          {available.map((role) => (
            <option key={role.id} value={role.id}>
              {role.title}
            </option>
          ))}
        </select>
        <p id="apply-role-hint" className="hint">
          The application starts in the first stage of the role's hiring plan.
        </p>
      </div>
      <button type="submit" className="button" disabled={apply.isPending}>
        Apply
      </button>
      <FormError error={apply.error} />
      {apply.isSuccess && (
        <p role="status" className="form-success">
          Applied to {apply.data.role.title}.
        </p>
      )}
    </form>
  );
}
