import type { InputHTMLAttributes, ReactNode } from "react";

export interface DescribedControl {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * A label, its control, an optional hint and the API's message for the field (see fieldMessage),
 * wired together by id: the control gets aria-describedby and aria-invalid through `children`.
 */
export function Field({
  id,
  label,
  required = false,
  hint,
  error,
  className = "field",
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  children: (control: DescribedControl) => ReactNode;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      {children({
        id,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(error ? { "aria-invalid": true } : {}),
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldMessage id={id} message={error} />
    </div>
  );
}

/** What a Field around one input needs: its label, hint and the API's message for it. */
interface InputFieldFrame {
  id: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
}

/** The control's value as the person typed or chose it, and the change that sets it. */
interface ControlValue {
  value: string;
  onChange: (value: string) => void;
}

/**
 * A Field around one control: the frame's `required` marks the label and goes on the control, so
 * the two cannot disagree.
 */
function FramedField({
  frame,
  children,
}: {
  frame: InputFieldFrame;
  children: (control: DescribedControl & { required: boolean }) => ReactNode;
}) {
  const { className, required = false, ...rest } = frame;
  return (
    <Field {...rest} required={required} {...(className ? { className } : {})}>
      {(control) => children({ ...control, required })}
    </Field>
  );
}

/** A Field whose control is one input, given the input's own attributes. */
function InputField({
  frame,
  input,
  onChange,
}: {
  frame: InputFieldFrame;
  input: Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange">;
  onChange: (text: string) => void;
}) {
  return (
    <FramedField frame={frame}>
      {(control) => <input {...control} {...input} onChange={(event) => onChange(event.target.value)} />}
    </FramedField>
  );
}

/**
 * A Field holding a one-line text input whose value is what the person typed. The browser offers
 * no earlier entries unless `autoComplete` says what the field is ("username", "email").
 */
export function TextField({
  type = "text",
  name,
  autoComplete = "off",
  maxLength,
  value,
  onChange,
  ...frame
}: InputFieldFrame &
  ControlValue & {
    type?: "text" | "email" | "tel" | "url" | "password";
    name?: string;
    autoComplete?: string;
    maxLength?: number;
  }) {
  return (
    <InputField frame={frame} input={{ type, name, maxLength, autoComplete, value }} onChange={onChange} />
  );
}

/** A Field holding a multi-line text box whose value is what the person typed. */
export function TextAreaField({
  rows,
  maxLength,
  value,
  onChange,
  ...frame
}: InputFieldFrame &
  ControlValue & {
    rows: number;
    maxLength?: number;
  }) {
  return (
    <FramedField frame={frame}>
      {(control) => (
        <textarea
          {...control}
          rows={rows}
          maxLength={maxLength}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FramedField>
  );
}

/**
 * A Field holding a number input. The value stays the text the person typed (an empty or
 * half-typed number is not forced to 0); the form converts it when it submits. The keyboard on a
 * phone is the numeric one for whole numbers and the decimal one otherwise.
 */
export function NumberField({
  min,
  max,
  step = 1,
  disabled = false,
  value,
  onChange,
  ...frame
}: InputFieldFrame & {
  min?: number;
  max?: number;
  step?: number;
  disabled?: boolean;
  value: string | number;
  onChange: (text: string) => void;
}) {
  const inputMode = Number.isInteger(step) ? "numeric" : "decimal";
  return (
    <InputField
      frame={frame}
      input={{ type: "number", inputMode, min, max, step, disabled, value }}
      onChange={onChange}
    />
  );
}

/** One choice of a select: its value and what the option says. */
export interface SelectOption {
  value: string;
  label: string;
}

/** The options of a fixed set of values (statuses, work models), each called by its label. */
export function labelledOptions<Value extends string>(
  values: readonly Value[],
  labels: Record<Value, string>,
): SelectOption[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/** A select's options, after a first one with the value "" when `empty` says what it means. */
export function SelectOptions({
  empty,
  options,
}: {
  empty?: string | undefined;
  options: readonly SelectOption[];
}) {
  return (
    <>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}

/**
 * A Field holding a select of given choices. `placeholder` is a first choice with the value "",
 * "Choose a level", which a required select does not accept.
 */
export function SelectField({
  options,
  placeholder,
  disabled = false,
  value,
  onChange,
  ...frame
}: InputFieldFrame &
  ControlValue & {
    options: readonly SelectOption[];
    placeholder?: string;
    disabled?: boolean;
  }) {
  return (
    <FramedField frame={frame}>
      {(control) => (
        <select
          {...control}
          disabled={disabled}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        >
          <SelectOptions empty={placeholder} options={options} />
        </select>
      )}
    </FramedField>
  );
}

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

/**
 * The API's message for a field, as Field shows it under its control; on its own for a group
 * of controls (a fieldset) that points at it with aria-describedby `${id}-error`.
 */
export function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      {message}
    </p>
  );
}
