import { useId, useState } from "react";
import { ApiError, errorDetail } from "../api/client";
import type { CandidateEmailTemplate } from "../api/schema";
import { useDebouncedValue } from "../roles/useDebouncedValue";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { FormError } from "../ui/FormError";
import { formatDateTime } from "../ui/format";
import { LoadFailed, Loading, NoAccessNotice } from "../ui/QueryState";
import { EmailWordingFields } from "./EmailFields";
import { EmailPreview } from "./EmailPreview";
import { useCanEditTemplates, useEmailTemplates, useSaveEmailTemplate, useTemplatePreview } from "./emails";

/** Settings > Email templates: the organisation's wording of each candidate email, with a live preview. */
export function EmailTemplatesPage() {
  const canEdit = useCanEditTemplates();
  if (!canEdit) {
    return (
      <section aria-labelledby="email-templates-heading">
        <title>Email templates – Evident</title>
        <h2 id="email-templates-heading">Email templates</h2>
        <NoAccessNotice>
          Only admins and recruiters word the emails candidates receive. Ask one of them if an email should
          say something else.
        </NoAccessNotice>
      </section>
    );
  }
  return <EmailTemplatesEditor />;
}

function EmailTemplatesEditor() {
  const templates = useEmailTemplates();
  const [selected, setSelected] = useState<CandidateEmailTemplate["template"] | null>(null);
  const items = templates.data?.items ?? [];
  const current = items.find((item) => item.template === selected) ?? items[0];

  return (
    <section aria-labelledby="email-templates-heading" className="email-templates">
      <title>Email templates – Evident</title>
      <h2 id="email-templates-heading">Email templates</h2>
      <p className="lead">
        How your organisation words the emails candidates receive. Write plain text; blank lines separate
        paragraphs, and a line such as “Open your candidate portal: {"{{portalLink}}"}” becomes a link.
        Variables in double braces are filled in for each candidate.
      </p>
      {templates.isPending && <Loading what="the email templates" />}
      {templates.isError && <LoadFailed error={templates.error} onRetry={() => void templates.refetch()} />}
      {current && (
        <div className="email-templates-layout">
          <nav aria-label="Candidate emails" className="email-template-list">
            <ul>
              {items.map((item) => (
                <li key={item.template}>
                  <button
                    type="button"
                    className="email-template-choice"
                    aria-current={item.template === current.template ? "true" : undefined}
                    onClick={() => setSelected(item.template)}
                  >
                    <span>{item.label}</span>
                    <span className="muted email-template-state">
                      {item.isCustomized ? "Your wording" : "Built-in wording"}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <TemplateEditor key={current.template} template={current} />
        </div>
      )}
    </section>
  );
}

function TemplateEditor({ template }: { template: CandidateEmailTemplate }) {
  const id = useId();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [saved, setSaved] = useState("");
  const [confirmingReset, setConfirmingReset] = useState(false);
  const save = useSaveEmailTemplate(template.template);
  // Waits until typing pauses, so the preview is not asked for at every keystroke.
  const wording = useDebouncedValue({ subject, body }, 300);
  const preview = useTemplatePreview(template.template, wording);
  const isChanged = subject !== template.subject || body !== template.body;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved("");
    save.mutate(
      { subject, body },
      { onSuccess: () => setSaved(`Saved: candidates now receive your wording of “${template.label}”.`) },
    );
  }

  return (
    <div className="email-template-editor">
      <form onSubmit={submit} aria-labelledby={`${id}-heading`} className="email-template-form">
        <h3 id={`${id}-heading`}>{template.label}</h3>
        <p className="muted">{template.description}</p>
        <p className="muted">
          {template.isCustomized && template.updatedAt
            ? `Your organisation's wording, last saved ${formatDateTime(template.updatedAt)}.`
            : "Evident's built-in wording; saving makes it yours."}
        </p>
        <EmailWordingFields
          idPrefix={id}
          subject={subject}
          onSubject={setSubject}
          text={body}
          onText={setBody}
          textLabel="Body"
          rows={14}
        />
        <details className="email-template-variables">
          <summary>Variables you can use ({template.variables.length})</summary>
          <dl>
            {template.variables.map((variable) => (
              <div key={variable.name}>
                <dt>
                  <code>{`{{${variable.name}}}`}</code>
                  {variable.isRequired && <span className="required-variable"> required</span>}
                </dt>
                <dd>{variable.description}</dd>
              </div>
            ))}
          </dl>
        </details>
        <FormError error={save.error} fieldLabels={{ subject: "Subject", body: "Body" }} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={save.isPending || !isChanged}>
            Save wording
          </button>
          {template.isCustomized && (
            <button
              type="button"
              className="button button-secondary"
              disabled={save.isPending}
              onClick={() => setConfirmingReset(true)}
            >
              Reset to default
            </button>
          )}
        </div>
        <p role="status" className="form-success">
          {saved}
        </p>
      </form>
      <div className="email-template-preview" aria-live="polite">
        {preview.isError ? (
          <div role="alert" className="form-error">
            <p>
              {preview.error instanceof ApiError
                ? `The preview cannot be shown: ${preview.error.detail}`
                : errorDetail(preview.error)}
            </p>
          </div>
        ) : preview.data ? (
          <EmailPreview
            label="Preview with sample values"
            subject={preview.data.subject}
            html={preview.data.html}
          />
        ) : (
          <Loading what="the preview" />
        )}
      </div>
      <ConfirmDialog
        open={confirmingReset}
        title={`Go back to the built-in wording of “${template.label}”?`}
        confirmLabel="Reset to default"
        danger
        pending={save.isPending}
        onCancel={() => setConfirmingReset(false)}
        onConfirm={() =>
          save.mutate(null, {
            onSuccess: (builtIn) => {
              setSubject(builtIn.subject);
              setBody(builtIn.body);
              setConfirmingReset(false);
              setSaved(`“${template.label}” uses the built-in wording again.`);
            },
          })
        }
      >
        <p>Your organisation's wording of this email is removed; candidates receive Evident's wording.</p>
      </ConfirmDialog>
    </div>
  );
}
