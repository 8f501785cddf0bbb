/** Plan checks: whether an EXPLAIN (FORMAT JSON) plan reads a table through an index, and which. */

/** Whether an EXPLAIN (FORMAT JSON) plan reads `table` through an index. */
export function planUsesIndexOn(plan: unknown, table: string): boolean {
  const visit = (node: unknown): boolean => {
    if (!node || typeof node !== "object") return false;
    const record = node as Record<string, unknown>;
    const type = record["Node Type"];
    if (
      (type === "Index Scan" || type === "Index Only Scan" || type === "Bitmap Heap Scan") &&
      record["Relation Name"] === table
    ) {
      return true;
    }
    return Object.values(record).some((value) =>
      Array.isArray(value) ? value.some(visit) : typeof value === "object" && visit(value),
    );
  };
  return Array.isArray(plan) ? plan.some(visit) : visit(plan);
}

/** The names of the indexes through which an EXPLAIN (FORMAT JSON) plan reads `table`. */
export function planIndexNamesOn(plan: unknown, table: string): string[] {
  const names = new Set<string>();
  const children = (record: Record<string, unknown>): unknown[] =>
    Object.values(record).flatMap((value) =>
      Array.isArray(value) ? value : value && typeof value === "object" ? [value] : [],
    );
  // Under a Bitmap Heap Scan the index names sit on Bitmap Index Scans (maybe below BitmapAnd/Or).
  const collectBitmapIndexes = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record["Node Type"] === "Bitmap Index Scan" && typeof record["Index Name"] === "string") {
      names.add(record["Index Name"]);
    }
    for (const child of children(record)) collectBitmapIndexes(child);
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    const type = record["Node Type"];
    if (record["Relation Name"] === table) {
      if ((type === "Index Scan" || type === "Index Only Scan") && typeof record["Index Name"] === "string") {
        names.add(record["Index Name"]);
      }
      if (type === "Bitmap Heap Scan") for (const child of children(record)) collectBitmapIndexes(child);
    }
    for (const child of children(record)) visit(child);
  };
  visit(plan);
  return [...names];
}

/** Every index of a user table with its definition; grader-authored, nothing interpolated. */
export const indexDefinitionsQuery = `select t.relname as table_name, c.relname as index_name,
  pg_get_indexdef(c.oid) as definition
from pg_index i
join pg_class c on c.oid = i.indexrelid
join pg_class t on t.oid = i.indrelid
join pg_namespace n on n.oid = t.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`;
