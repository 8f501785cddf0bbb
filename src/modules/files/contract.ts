import { and, asc, eq } from "drizzle-orm";
import type { ModuleContract } from "../module-contract.ts";
import { exportFileUrl } from "../privacy/personal-data.ts";
import { storedFiles } from "./files-table.ts";

const ofCandidate = (organizationId: string, candidateId: string) =>
  and(
    eq(storedFiles.organizationId, organizationId),
    eq(storedFiles.ownerType, "candidate"),
    eq(storedFiles.ownerId, candidateId),
  );

/** Uploaded files (resumes, whiteboard exports of interviews), content included. */
export const filesContract: ModuleContract = {
  name: "files",
  personalData: [
    {
      subject: "candidate",
      table: storedFiles,
      columns: [storedFiles.filename, storedFiles.content],
      async export({ tx, organizationId, candidateId, baseUrl }) {
        const rows = await tx
          .select({
            id: storedFiles.id,
            purpose: storedFiles.purpose,
            filename: storedFiles.filename,
            contentType: storedFiles.contentType,
            sizeBytes: storedFiles.sizeBytes,
            createdAt: storedFiles.createdAt,
          })
          .from(storedFiles)
          .where(ofCandidate(organizationId, candidateId))
          .orderBy(asc(storedFiles.createdAt));
        // Listed with a download link each: the export stays JSON, the files stay as uploaded.
        return {
          files: rows.map((file) => ({
            id: file.id,
            purpose: file.purpose,
            filename: file.filename,
            contentType: file.contentType,
            sizeBytes: file.sizeBytes,
            uploadedAt: file.createdAt.toISOString(),
            downloadUrl: exportFileUrl(baseUrl, candidateId, file.id),
          })),
        };
      },
      erasure: "Deleted.",
      async erase({ tx, organizationId, candidateId }) {
        const deleted = await tx
          .delete(storedFiles)
          .where(ofCandidate(organizationId, candidateId))
          .returning({ id: storedFiles.id });
        return { removed: { files: deleted.length } };
      },
    },
  ],
  freeOfPersonalData: [],
  jobs: [],
};
