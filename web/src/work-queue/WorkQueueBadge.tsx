import { useWorkQueue } from "./workQueue";
import "./work-queue.css";

/** How many things wait for the member on Home; nothing while there are none or it is loading. */
export function WorkQueueBadge() {
  const queue = useWorkQueue();
  const total = queue.data?.total ?? 0;
  if (total === 0) return null;
  const overdue = queue.data?.items.filter((item) => item.isOverdue).length ?? 0;
  return (
    <span
      className={overdue > 0 ? "nav-count nav-count-overdue" : "nav-count"}
      title={overdue > 0 ? `${total} waiting, ${overdue} overdue` : `${total} waiting`}
    >
      <span aria-hidden="true">{total}</span>
      <span className="visually-hidden">
        {`, ${total} waiting${overdue > 0 ? `, ${overdue} overdue` : ""}`}
      </span>
    </span>
  );
}
