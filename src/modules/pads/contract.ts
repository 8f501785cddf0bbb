import { eq, inArray } from "drizzle-orm";
import { interviews } from "../interviews/interviews-table.ts";
import type { ModuleContract } from "../module-contract.ts";
import { erasePadContent } from "./pad-log.ts";
import { padMarkers, padPanelStates, padSnapshots, pads, padUpdates } from "./pads-table.ts";

/** The pads of a candidate's interviews: what was typed, drawn and run, and the interviewers' notes. */
export const padsContract: ModuleContract = {
  name: "pads",
  personalData: [
    {
      subject: "candidate",
      table: padUpdates,
      columns: [padUpdates.update],
      export: {
        notExported:
          "The pad's content is part of the interview's evidence, replayed by reviewers; it is removed on erasure.",
      },
      erasure:
        "Every pad of the candidate's interviews loses its update log, snapshots, markers and panel notes, and stays locked and empty.",
      async erase({ tx, applicationIds, now }) {
        if (applicationIds.length === 0) return {};
        const rows = await tx
          .select({ id: pads.id })
          .from(pads)
          .innerJoin(interviews, eq(interviews.id, pads.interviewId))
          .where(inArray(interviews.applicationId, applicationIds));
        const padIds = [...new Set(rows.map((row) => row.id))];
        await erasePadContent(tx, padIds);
        if (padIds.length > 0) await tx.update(pads).set({ erasedAt: now }).where(inArray(pads.id, padIds));
        return { removed: { pads: padIds.length } };
      },
    },
    {
      subject: "candidate",
      table: padSnapshots,
      columns: [padSnapshots.state],
      export: { notExported: "Snapshots of the pad's content (see pad_updates)." },
      erasure: "Removed with the pad's log.",
      erase: async () => ({}),
    },
    {
      subject: "candidate",
      table: padMarkers,
      columns: [padMarkers.detail],
      export: { notExported: "Playback markers (see pad_updates)." },
      erasure: "Removed with the pad's log.",
      erase: async () => ({}),
    },
    {
      subject: "candidate",
      table: padPanelStates,
      columns: [padPanelStates.state],
      export: { notExported: "Interviewers' private notes about the candidate, removed with the pad's log." },
      erasure: "Removed with the pad's log.",
      erase: async () => ({}),
    },
  ],
  freeOfPersonalData: [{ table: pads, reason: "Ids, the pad's kind and starting language, times." }],
  jobs: [],
};
