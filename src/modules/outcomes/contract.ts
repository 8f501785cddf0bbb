import { asc, eq, inArray } from "drizzle-orm";
import type { ModuleContract } from "../module-contract.ts";
import {
  hires,
  integrationDeliveries,
  outcomeChanges,
  outcomeDeployments,
  outcomeIncidents,
  outcomeSettings,
  services,
  teams,
} from "./outcomes-table.ts";

/** Teams, services, hires and delivery events (issue 14). */
export const outcomesContract: ModuleContract = {
  name: "outcomes",
  personalData: [
    {
      subject: "candidate",
      table: hires,
      columns: [hires.level, hires.startDate, hires.teamId, hires.workModel],
      async export({ tx, applicationIds }) {
        if (applicationIds.length === 0) return { hires: [] };
        const rows = await tx
          .select({ hire: hires, team: { id: teams.id, name: teams.name } })
          .from(hires)
          .leftJoin(teams, eq(teams.id, hires.teamId))
          .where(inArray(hires.applicationId, applicationIds))
          .orderBy(asc(hires.createdAt));
        return {
          hires: rows.map(({ hire, team }) => ({
            applicationId: hire.applicationId,
            id: hire.id,
            team: team?.id ? { id: team.id, name: team.name } : null,
            workModel: hire.workModel,
            level: hire.level,
            startDate: hire.startDate,
            createdAt: hire.createdAt.toISOString(),
          })),
        };
      },
      erasure:
        "The hire record (which team the person joined, when, at what level) is deleted; team metrics never held the person.",
      async erase({ tx, applicationIds }) {
        if (applicationIds.length === 0) return {};
        const removed = await tx
          .delete(hires)
          .where(inArray(hires.applicationId, applicationIds))
          .returning({ id: hires.id });
        return { removed: { hires: removed.length } };
      },
    },
    {
      subject: "staff member",
      table: outcomeChanges,
      columns: [outcomeChanges.author],
      handling:
        "An engineer's login in the source tool, kept only so connectors can tell reviews from self-comments; no metric reads it, no route returns it, and deleting the service's events removes it.",
    },
  ],
  freeOfPersonalData: [
    { table: teams, reason: "A team's name, work model and office or time-zone band." },
    { table: services, reason: "A service's name and owning team." },
    { table: outcomeSettings, reason: "Whether events may create services." },
    {
      table: outcomeDeployments,
      reason: "Deployment times, environment, result and the change ids shipped.",
    },
    { table: outcomeIncidents, reason: "Incident creation and resolution times per service." },
    {
      table: integrationDeliveries,
      reason: "Delivery ids, status and error text of webhook and import deliveries; never the payload.",
    },
  ],
  jobs: [],
};
