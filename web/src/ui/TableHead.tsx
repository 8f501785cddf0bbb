/**
 * A column's heading: its text, or its text with how the column shows: `numeric` aligns the
 * heading with the column's numbers (styles.css `.numeric`), `visuallyHidden` leaves a heading
 * only screen readers read, for a column whose cells say what they are (a "Details" link).
 */
export type Column = string | { label: string; numeric?: boolean; visuallyHidden?: boolean };

/** A column of numbers: its heading lines up with them. */
export function numeric(label: string): Column {
  return { label, numeric: true };
}

/**
 * The <thead> of a data table: one row of headings, each scoped to its column. CardTable copies
 * these headings into the cells on a phone, so every column has one, even a hidden one.
 */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const {
            label,
            numeric = false,
            visuallyHidden = false,
          } = typeof column === "string" ? { label: column } : column;
          return (
            <th key={label} scope="col" className={numeric ? "numeric" : undefined}>
              {visuallyHidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
