import type { ModuleContract } from "../module-contract.ts";
import { kitVersions } from "./kits-table.ts";

export const kitsContract: ModuleContract = {
  name: "kits",
  personalData: [],
  freeOfPersonalData: [{ table: kitVersions, reason: "Interview kits: questions, attributes and anchors." }],
  jobs: [],
};
