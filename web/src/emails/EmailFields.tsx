import type { ReactNode } from "react";

/**
 * The subject and text of an email someone words themselves (a drafted email, a rejection email,
 * an email template), with the lengths the API takes. The fields' ids are `${idPrefix}-subject`
 * and `${idPrefix}-body`.
 */
export function EmailWordingFields({
  idPrefix,
  subject,
  onSubject,
  text,
  onText,
  textLabel = "Email text",
  rows,
}: {
  idPrefix: string;
  subject: string;
  onSubject: (subject: string) => void;
  text: string;
  onText: (text: string) => void;
  textLabel?: string;
  rows: number;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-subject`}>Subject</label>
        <input
          id={`${idPrefix}-subject`}
          value={subject}
          maxLength={300}
          required
          onChange={(event) => onSubject(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-body`}>{textLabel}</label>
        <textarea
          id={`${idPrefix}-body`}
          rows={rows}
          value={text}
          maxLength={20000}
          required
          onChange={(event) => onText(event.target.value)}
        />
      </div>
    </>
  );
}

/** When a scheduled email goes out, in the browser's local time; `children` may say more under it. */
export function SendAtField({
  idPrefix,
  label,
  value,
  onChange,
  children,
}: {
  idPrefix: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={`${idPrefix}-send-at`}>{label}</label>
      <input
        id={`${idPrefix}-send-at`}
        type="datetime-local"
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {children}
    </div>
  );
}
