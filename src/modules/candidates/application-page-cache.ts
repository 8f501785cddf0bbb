import type { Clock } from "../../platform/clock.ts";
import type { EventBus } from "../../platform/events.ts";
import { createDataCache, organizationScope, type ScopedCache } from "../../platform/scoped-cache.ts";
import type { PageFilter } from "./applications.ts";

/**
 * Pages of the applications list as sent (the JSON text), by organisation and filter. The list
 * is the API's busiest read (boards, pipelines and integrations poll it) and, at 100,000
 * applications, its page query is most of a request's cost (bench/README.md). A page is the
 * same for every member allowed to list applications, so one entry serves them all.
 *
 * Everything a page shows comes from applications, candidates, roles and plan stages of one
 * organisation; any change to those rows (through any process or plain SQL) forgets the
 * organisation's pages through the data-change feed, and this process's own writes forget them
 * before their response is sent (server/app.ts), so a client never reads its write's past.
 */
export type ApplicationPageCache = ScopedCache<string>;

export function createApplicationPageCache(events: EventBus, clock: Clock): ApplicationPageCache {
  return createDataCache<string>(
    events,
    { maxEntries: 2_000, ttlMs: 60_000, clock },
    {
      applications: organizationScope,
      candidates: organizationScope,
      roles: organizationScope,
      plan_stages: organizationScope,
      organizations: organizationScope,
    },
  );
}

/** The filter as validated (its keys in the schema's order, absent ones left out), with the organisation. */
export function applicationPageKey(organizationId: string, filter: PageFilter): string {
  return `${organizationId}\n${JSON.stringify(filter)}`;
}
