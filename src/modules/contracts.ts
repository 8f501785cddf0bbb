import { getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { jobResults } from "../platform/db/schema.ts";
import { analyticsContract } from "./analytics/contract.ts";
import { apiTokensContract } from "./api-tokens/contract.ts";
import { auditContract } from "./audit/contract.ts";
import { authContract } from "./auth/contract.ts";
import { candidatesContract } from "./candidates/contract.ts";
import { gradingContract } from "./challenges/contract.ts";
import { decisionsContract } from "./decisions/contract.ts";
import { exercisesContract } from "./exercises/contract.ts";
import { filesContract } from "./files/contract.ts";
import { interviewsContract } from "./interviews/contract.ts";
import { kitsContract } from "./kits/contract.ts";
import { mailContract } from "./mail/contract.ts";
import type { ModuleContract, ModuleJob } from "./module-contract.ts";
import { organizationsContract } from "./organizations/contract.ts";
import { connectorsContract } from "./outcomes/connectors/contract.ts";
import { outcomesContract } from "./outcomes/contract.ts";
import { uptimeContract } from "./outcomes/uptime/contract.ts";
import { padsContract } from "./pads/contract.ts";
import { plansContract } from "./plans/contract.ts";
import { portalContract } from "./portal/contract.ts";
import { privacyContract } from "./privacy/contract.ts";
import type { CandidateDataHolding } from "./privacy/personal-data.ts";
import { rolesContract } from "./roles/contract.ts";
import { teamPracticesContract } from "./team-practices/contract.ts";
import { trialDaysContract } from "./trial-days/contract.ts";
import { workQueueContract } from "./work-queue/contract.ts";

/** The platform's own tables that are not any module's. */
const platformContract: ModuleContract = {
  name: "platform",
  personalData: [],
  freeOfPersonalData: [
    {
      table: jobResults,
      reason: "Results of jobs that must run once: ids, counts, times and generated file names.",
    },
  ],
  jobs: [],
};

/**
 * Every module's contract. A module that holds data about people or runs background jobs adds
 * its contract here; export, erasure and the worker read this list, and
 * test/module-contracts.test.ts checks it against the tables of the migrated database.
 */
export const moduleContracts: readonly ModuleContract[] = [
  platformContract,
  organizationsContract,
  authContract,
  apiTokensContract,
  auditContract,
  rolesContract,
  plansContract,
  kitsContract,
  candidatesContract,
  filesContract,
  interviewsContract,
  padsContract,
  decisionsContract,
  mailContract,
  portalContract,
  gradingContract,
  privacyContract,
  outcomesContract,
  connectorsContract,
  uptimeContract,
  analyticsContract,
  exercisesContract,
  trialDaysContract,
  workQueueContract,
  teamPracticesContract,
];

/** Every table that holds data about candidates, in the order export and erasure visit them. */
export const candidateDataHoldings: readonly CandidateDataHolding[] = moduleContracts.flatMap((contract) =>
  contract.personalData.filter((holding): holding is CandidateDataHolding => holding.subject === "candidate"),
);

/** Every module's background jobs. */
export const moduleJobs: readonly ModuleJob[] = moduleContracts.flatMap((contract) => contract.jobs);

/** How each table is accounted for: the module that declares it and whether it holds personal data. */
export function declaredTables(): Map<string, { module: string; holdsPersonalData: boolean }[]> {
  const declared = new Map<string, { module: string; holdsPersonalData: boolean }[]>();
  const declare = (table: PgTable, module: string, holdsPersonalData: boolean) => {
    const name = getTableName(table);
    declared.set(name, [...(declared.get(name) ?? []), { module, holdsPersonalData }]);
  };
  for (const contract of moduleContracts) {
    for (const holding of contract.personalData) declare(holding.table, contract.name, true);
    for (const free of contract.freeOfPersonalData) declare(free.table, contract.name, false);
  }
  return declared;
}
