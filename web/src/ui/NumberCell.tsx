import type { ReactNode } from "react";

/**
 * A cell in a column of numbers. A stacked table (`.stack-table`) hides its heading row on a phone
 * and shows `label`, the column's heading, before each value instead.
 */
export function NumberCell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td className="numeric" data-label={label}>
      {children}
    </td>
  );
}
