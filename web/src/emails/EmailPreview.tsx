/**
 * An email as the candidate will see it: the subject, the recipient when known, and the HTML
 * part in a sandboxed frame (no scripts, no links followed from inside the app).
 */
export function EmailPreview({
  subject,
  html,
  to,
  label = "Preview",
}: {
  subject: string;
  html: string;
  to?: string | undefined;
  label?: string;
}) {
  return (
    <figure className="email-preview">
      <figcaption className="email-preview-heading">{label}</figcaption>
      <dl className="email-preview-envelope">
        {to !== undefined && (
          <>
            <dt>To</dt>
            <dd>{to}</dd>
          </>
        )}
        <dt>Subject</dt>
        <dd className="email-preview-subject">{subject}</dd>
      </dl>
      <iframe className="email-preview-body" title={`${label}: ${subject}`} sandbox="" srcDoc={html} />
    </figure>
  );
}
