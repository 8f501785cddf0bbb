import { type ReactNode, type Ref, useEffect, useId, useRef } from "react";

/**
 * A modal question before a consequential step, on the native <dialog>: focus moves into it,
 * Escape cancels, and the rest of the page is inert while it is open. The confirm button names
 * the step ("Record: hire"), so nobody confirms without reading what they confirm.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  cancelLabel = "Cancel",
  pending = false,
  ...answers
}: Omit<ConfirmAnswers, "cancelLabel" | "confirmDisabled"> & {
  open: boolean;
  title: string;
  children?: ReactNode;
  cancelLabel?: string;
  pending?: boolean;
}) {
  const dialogRef = useModalDialog(open);
  // One id per dialog: a page may hold several (the interview page asks before filing early and
  // before leaving), and a shared id would name every dialog after the first one's title.
  const titleId = useId();

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: the parent decides, so its state and the dialog's stay the same.
        event.preventDefault();
        answers.onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="form-actions">
        <ConfirmButtons {...answers} cancelLabel={cancelLabel} confirmDisabled={pending} />
      </div>
    </dialog>
  );
}

/**
 * Shows a native <dialog> as a modal while `open` (focus moves into it, the rest of the page is
 * inert) and closes it after. The returned ref goes on the <dialog>; what Escape does stays with
 * the caller's onCancel.
 */
export function useModalDialog(open: boolean) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return dialogRef;
}

/** The two answers to a confirmation, as ConfirmButtons takes them. */
export interface ConfirmAnswers {
  confirmLabel: string;
  cancelLabel: string;
  /** The step destroys something: its button is red. */
  danger?: boolean;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The answers to a confirmation: the button that names the step, red when it destroys something,
 * and the one that backs out. `confirmRef` lets a question without a dialog move focus to it.
 */
export function ConfirmButtons({
  confirmLabel,
  cancelLabel,
  danger = false,
  confirmDisabled = false,
  onConfirm,
  onCancel,
  confirmRef,
}: ConfirmAnswers & { confirmRef?: Ref<HTMLButtonElement> }) {
  return (
    <>
      <button
        ref={confirmRef}
        type="button"
        className={danger ? "button button-danger" : "button"}
        disabled={confirmDisabled}
        onClick={onConfirm}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button-secondary" onClick={onCancel}>
        {cancelLabel}
      </button>
    </>
  );
}
