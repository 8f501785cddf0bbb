import { useState } from "react";
import type { TrialDay } from "../api/schema";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { fieldMessage } from "../ui/field-message";
import { useRecordPayment } from "./trial-days";

/** Whether the candidate is paid for the day: recruiters and admins only (the server shows it to no one else). */
export function PaymentPanel({ applicationId, day }: { applicationId: string; day: TrialDay }) {
  const payment = day.payment;
  const record = useRecordPayment(applicationId);
  const [isPaid, setPaid] = useState(payment?.isPaid ?? true);
  const [amount, setAmount] = useState(payment?.amount ?? "");
  const [currency, setCurrency] = useState(payment?.currency ?? "EUR");
  const [status, setStatus] = useState<"planned" | "paid">(payment?.status ?? "planned");
  const [paidOn, setPaidOn] = useState(payment?.paidAt?.slice(0, 10) ?? "");
  return (
    <form
      className="panel trial-day-payment"
      aria-labelledby="trial-day-payment-heading"
      onSubmit={(event) => {
        event.preventDefault();
        record.mutate(
          isPaid
            ? {
                isPaid,
                amount: amount.trim() === "" ? null : Number(amount),
                currency: currency.trim().toUpperCase() || null,
                status,
                paidAt: status === "paid" && paidOn ? `${paidOn}T12:00:00Z` : null,
              }
            : { isPaid },
        );
      }}
    >
      <h2 id="trial-day-payment-heading">Payment</h2>
      <p className="hint">Seen by recruiters and admins only.</p>
      <p>
        {payment === null
          ? "Nothing recorded yet."
          : payment.isPaid
            ? `${payment.amount} ${payment.currency}, ${payment.status === "paid" ? `paid ${payment.paidAt?.slice(0, 10)}` : "planned"}`
            : "The day is unpaid."}
      </p>
      <div className="checkbox-field">
        <input
          id="trial-day-paid"
          type="checkbox"
          checked={isPaid}
          onChange={(event) => setPaid(event.target.checked)}
        />
        <label htmlFor="trial-day-paid">The candidate is paid for the day</label>
      </div>
      {isPaid && (
        <div className="trial-day-frame">
          <Field id="trial-day-amount" label="Amount" required error={fieldMessage(record.error, "amount")}>
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                required
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
              />
            )}
          </Field>
          <Field
            id="trial-day-currency"
            label="Currency"
            required
            hint="e.g. EUR"
            error={fieldMessage(record.error, "currency")}
          >
            {(control) => (
              <input
                {...control}
                required
                maxLength={3}
                value={currency}
                onChange={(event) => setCurrency(event.target.value)}
              />
            )}
          </Field>
          <Field
            id="trial-day-payment-status"
            label="Status"
            required
            error={fieldMessage(record.error, "status")}
          >
            {(control) => (
              <select
                {...control}
                value={status}
                onChange={(event) => setStatus(event.target.value as "planned" | "paid")}
              >
                <option value="planned">Planned</option>
                <option value="paid">Paid</option>
              </select>
            )}
          </Field>
          {status === "paid" && (
            <Field
              id="trial-day-paid-on"
              label="Paid on"
              required
              error={fieldMessage(record.error, "paidAt")}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  required
                  value={paidOn}
                  onChange={(event) => setPaidOn(event.target.value)}
                />
              )}
            </Field>
          )}
        </div>
      )}
      <FormError
        error={record.error}
        fieldLabels={{ amount: "Amount", currency: "Currency", status: "Status", paidAt: "Paid on" }}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={record.isPending}>
          {record.isPending ? "Saving…" : "Save the payment"}
        </button>
        {record.isSuccess && !record.isPending && (
          <span role="status" className="muted">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
