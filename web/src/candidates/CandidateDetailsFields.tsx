import { Field, TextField } from "../ui/Field";
import { fieldMessage } from "../ui/field-message";

/** The candidate's contact details as typed into a form: every field as its text. */
export interface CandidateDetailsDraft {
  fullName: string;
  email: string;
  phone: string;
  location: string;
  source: string;
  /** http(s) addresses separated by white space, one per line as people type them. */
  links: string;
}

export const emptyCandidateDetails: CandidateDetailsDraft = {
  fullName: "",
  email: "",
  phone: "",
  location: "",
  source: "",
  links: "",
};

/** The draft as the API takes it: trimmed, empty optional fields as null, links split. */
export function candidateDetailsFromDraft(draft: CandidateDetailsDraft) {
  return {
    fullName: draft.fullName.trim(),
    email: draft.email.trim(),
    phone: draft.phone.trim() || null,
    location: draft.location.trim() || null,
    source: draft.source.trim() || null,
    links: draft.links.split(/\s+/).filter((link) => link !== ""),
  };
}

/**
 * The contact-detail fields of a candidate, shared by "Add a candidate" and "Edit details" so
 * both ask for the same things with the same limits (the API's) and show its field messages.
 */
export function CandidateDetailsFields({
  idPrefix,
  draft,
  onChange,
  error,
}: {
  idPrefix: string;
  draft: CandidateDetailsDraft;
  onChange: (draft: CandidateDetailsDraft) => void;
  error: unknown;
}) {
  const text = (
    name: Exclude<keyof CandidateDetailsDraft, "links">,
    label: string,
    options: { maxLength: number; type?: "email" | "tel"; required?: boolean; hint?: string },
  ) => (
    <TextField
      id={`${idPrefix}-${name === "fullName" ? "full-name" : name}`}
      label={label}
      required={options.required ?? false}
      hint={options.hint}
      error={fieldMessage(error, name)}
      type={options.type ?? "text"}
      maxLength={options.maxLength}
      value={draft[name]}
      onChange={(text) => onChange({ ...draft, [name]: text })}
    />
  );
  return (
    <>
      <div className="field-row">
        {text("fullName", "Full name", { maxLength: 200, required: true })}
        {text("email", "Email", { maxLength: 254, type: "email", required: true })}
      </div>
      <div className="field-row">
        {text("phone", "Phone", { maxLength: 50, type: "tel" })}
        {text("location", "Location", { maxLength: 200 })}
        {text("source", "Source", {
          maxLength: 100,
          hint: "Where the candidate came from, for example: referral, job board.",
        })}
      </div>
      <Field
        id={`${idPrefix}-links`}
        label="Links"
        hint="http(s) addresses such as a GitHub profile or portfolio, one per line."
        error={fieldMessage(error, "links")}
      >
        {(described) => (
          <textarea
            {...described}
            rows={3}
            value={draft.links}
            onChange={(event) => onChange({ ...draft, links: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}
