import type { ApplicationEvent, EventStage } from "../api/schema";
import { formatDateTime } from "../ui/format";
import { TableHead } from "../ui/TableHead";
import { describeRejectionReason } from "./labels";

function stageName(stage: EventStage | null): string {
  if (!stage) return "no stage";
  return stage.name === null ? "a stage since removed from the plan" : `“${stage.name}”`;
}

export function describeEvent(event: ApplicationEvent): string {
  switch (event.kind) {
    case "created":
      return `Applied, entering ${stageName(event.toStage)}`;
    case "stage_moved":
      return `Moved from ${stageName(event.fromStage)} to ${stageName(event.toStage)}`;
    case "rejected":
      return `Rejected in ${stageName(event.fromStage)}${event.reason ? `: ${describeRejectionReason(event.reason)}` : ""}`;
    case "withdrawn":
      return `Withdrew in ${stageName(event.fromStage)}`;
    case "hired":
      return "Hired";
    case "reopened":
      return `Reopened in ${stageName(event.toStage)}`;
  }
}

/** Every stage move and status change of an application, oldest first, with who did it and why. */
export function ApplicationHistory({
  history,
  caption,
  hideCaption = false,
}: {
  history: ApplicationEvent[];
  caption: string;
  /** For when a heading right above already says what the table is. */
  hideCaption?: boolean;
}) {
  if (history.length === 0) return <p className="muted">No history yet.</p>;
  return (
    <div className="table-scroll">
      <table className="history-table">
        <caption className={hideCaption ? "visually-hidden" : undefined}>{caption}</caption>
        <TableHead columns={["When", "What", "By", "Note"]} />
        <tbody>
          {history.map((event) => (
            <tr key={event.id}>
              <td>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              </td>
              <td>{describeEvent(event)}</td>
              <td>{event.actor ? event.actor.name : <span className="muted">System</span>}</td>
              <td className="history-note">{event.note ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
