import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { ApiTokenCache } from "../modules/api-tokens/api-tokens.ts";
import type { ApplicationPageCache } from "../modules/candidates/application-page-cache.ts";
import type { Mailer } from "../modules/mail/mailer.ts";
import type { Clock } from "../platform/clock.ts";
import type { Config } from "../platform/config.ts";
import type { Database } from "../platform/db/client.ts";
import type { EventBus } from "../platform/events.ts";
import type { JobQueue } from "../platform/queue.ts";

/** The Fastify instance routes are registered on: zod schemas type every request and reply. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What route handlers may use. Services receive the parts they need, never the request. */
export interface RouteDependencies {
  config: Config;
  database: Database;
  queue: JobQueue | null;
  clock: Clock;
  /** Created from the configuration once at start (SMTP or the file outbox). */
  mailer: Mailer;
  /** The platform event bus, shared with the job worker when it runs in the same process. */
  events: EventBus;
  /**
   * In-process caches of hot reads, kept current by the database's data-change feed; built by
   * buildApp, absent when the configuration turns them off (EVIDENT_RESPONSE_CACHE=false).
   */
  caches?: ServerCaches;
}

export interface ServerCaches {
  apiTokens: ApiTokenCache;
  applicationPages: ApplicationPageCache;
}
