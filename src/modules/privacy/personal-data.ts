import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../platform/db/client.ts";
import type { ApplicationExport, CandidateExport, ErasureCounts } from "./schemas.ts";

/**
 * What a module holds of a person, described in its contract.ts so that export and erasure
 * (privacy/export.ts, privacy/erase.ts) reach every table without knowing it, and a new table
 * cannot be forgotten (test/module-contracts.test.ts fails on a table with a text column that
 * no contract mentions).
 */

/** What replaces free text that named the candidate, so readers see why it is gone. */
export const ERASED_TEXT = "[removed when the candidate's personal data was erased]";

type OfApplication<Row> = Row & { applicationId: string };

/**
 * The parts of an export each holding contributes; export.ts puts them together (rows of an
 * application's history, interviews, scorecards and decisions go under their application).
 */
export interface CandidateExportParts {
  candidate: CandidateExport["candidate"];
  applications: Omit<ApplicationExport, "history" | "interviews" | "scorecards" | "decisions" | "hires">[];
  history: OfApplication<ApplicationExport["history"][number]>[];
  interviews: OfApplication<ApplicationExport["interviews"][number]>[];
  scorecards: OfApplication<ApplicationExport["scorecards"][number]>[];
  decisions: OfApplication<ApplicationExport["decisions"][number]>[];
  hires: OfApplication<ApplicationExport["hires"][number]>[];
  demographics: CandidateExport["demographics"];
  emails: CandidateExport["emails"];
  emailDrafts: CandidateExport["emailDrafts"];
  files: CandidateExport["files"];
}

/** The candidate an export or erasure is about, read once before any holding runs. */
export interface CandidateScope {
  /** The caller's transaction: an export reads one snapshot, an erasure commits or not as a whole. */
  tx: Db;
  organizationId: string;
  candidateId: string;
  /** The candidate's own applications in the organisation (they stay after erasure, anonymous). */
  applicationIds: string[];
}

export interface ExportScope extends CandidateScope {
  baseUrl: string;
}

export interface ErasureScope extends CandidateScope {
  now: Date;
  /** The candidate as they were before erasure began (erasure clears these fields). */
  candidate: {
    fullName: string | null;
    email: string | null;
    phone: string | null;
    links: string[];
    erasedAt: Date | null;
  };
  /** Whether free text names the candidate (privacy/candidate-mentions.ts). */
  mentionsCandidate(text: string | null): boolean;
}

/** What one holding's erasure did: its counts, and .eml files to delete once the erasure commits. */
export interface HoldingErasure {
  removed?: Partial<ErasureCounts["removed"]>;
  redacted?: Partial<ErasureCounts["redacted"]>;
  outboxFileNames?: string[];
}

/** A table holding data about candidates: what it holds, how it is exported and erased. */
export interface CandidateDataHolding {
  subject: "candidate";
  table: PgTable;
  /** The columns that hold the person's data (the rest are ids, times and fixed values). */
  columns: PgColumn[];
  /** Its part of a subject access request, or why it has none. */
  export: ((scope: ExportScope) => Promise<Partial<CandidateExportParts>>) | { notExported: string };
  /** In one sentence, what erasure does to it (documentation; `erase` does it). */
  erasure: string;
  erase(scope: ErasureScope): Promise<HoldingErasure>;
}

/**
 * A table holding data about staff (users of the product). Candidate requests do not reach it;
 * `handling` says how the data is limited and removed.
 */
export interface StaffDataHolding {
  subject: "staff member";
  table: PgTable;
  columns: PgColumn[];
  handling: string;
}

export type PersonalDataHolding = CandidateDataHolding | StaffDataHolding;

/** Where an admin downloads one of the candidate's files listed in their export. */
export const exportFileUrl = (baseUrl: string, candidateId: string, fileId: string) =>
  `${baseUrl}/api/v1/candidates/${candidateId}/export/files/${fileId}`;
