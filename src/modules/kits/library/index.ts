import type { KitContent } from "../kit-schema.ts";
import { asyncCollaborationKit } from "./async-collaboration.ts";
import { metricsIngestionKit } from "./metrics-ingestion.ts";
import { multiRegionCatalogueKit } from "./multi-region-catalogue.ts";
import { notificationFanOutKit } from "./notification-fan-out.ts";
import { onsiteTrialDayKit } from "./onsite-trial-day.ts";
import { pairProgrammingKit } from "./pair-programming.ts";
import { paymentsLedgerKit } from "./payments-ledger.ts";
import { rateLimiterKit } from "./rate-limiter.ts";
import { urlShortenerKit } from "./url-shortener.ts";
import { writtenCommunicationKit } from "./written-communication.ts";

/** Every kit that ships with Evident, system-design kits first. Validated in CI by library.test.ts. */
export const builtInKits: KitContent[] = [
  urlShortenerKit,
  rateLimiterKit,
  notificationFanOutKit,
  paymentsLedgerKit,
  metricsIngestionKit,
  multiRegionCatalogueKit,
  pairProgrammingKit,
  onsiteTrialDayKit,
  asyncCollaborationKit,
  writtenCommunicationKit,
];
