import type { ReactNode } from "react";

/**
 * The asterisk sits outside the <label> so the field's label text stays exactly its name;
 * the input's `required` attribute is what assistive technology announces.
 */
export function FieldLabel({
  htmlFor,
  required = false,
  children,
}: {
  htmlFor: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <span className="field-label">
      <label htmlFor={htmlFor}>{children}</label>
      {required && (
        <span className="required-mark" aria-hidden="true">
          *
        </span>
      )}
    </span>
  );
}
