import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/client.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId, randomSecret } from "../../../platform/ids.ts";
import { type Actor, recordAudit } from "../../audit/audit-log.ts";
import {
  type GitHubConfig,
  githubConfigSchema,
  type JiraConfig,
  jiraConfigSchema,
  type PagerDutyConfig,
  pagerDutyConfigSchema,
} from "./integration-config.ts";
import { outcomeIntegrations } from "./integrations-table.ts";
import type { SecretBox } from "./secret-box.ts";
import type { IntegrationKind } from "./signatures.ts";

/**
 * Integrations: create, list, rotate the secret, delete. A secret is shown once, in the answer
 * to create or rotate; afterwards it exists only sealed in the database (secret-box.ts) and is
 * opened only to check a signature or call the vendor's API. It never reaches a response, a
 * log line or the audit log.
 */

export type Integration =
  | {
      id: string;
      kind: "github";
      config: GitHubConfig;
      hasApiToken: boolean;
      createdAt: string;
      secretRotatedAt: string | null;
    }
  | {
      id: string;
      kind: "pagerduty";
      config: PagerDutyConfig;
      hasApiToken: boolean;
      createdAt: string;
      secretRotatedAt: string | null;
    }
  | {
      id: string;
      kind: "jira";
      config: JiraConfig;
      hasApiToken: boolean;
      createdAt: string;
      secretRotatedAt: string | null;
    };

export const configSchemaOf: Record<IntegrationKind, z.ZodType> = {
  github: githubConfigSchema,
  pagerduty: pagerDutyConfigSchema,
  jira: jiraConfigSchema,
};

type Deps = { db: Db; clock: Clock; secrets: SecretBox };

/** What a sealed value of an integration is bound to: another row's ciphertext will not open here. */
export const sealBinding = (
  organizationId: string,
  integrationId: string,
  purpose: "webhook" | "api-token",
) => `${organizationId}/${integrationId}/${purpose}`;

type Row = typeof outcomeIntegrations.$inferSelect;

function toIntegration(row: Row): Integration {
  return {
    id: row.id,
    kind: row.kind,
    config: configSchemaOf[row.kind].parse(row.config),
    hasApiToken: row.sealedApiToken !== null,
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: row.secretRotatedAt?.toISOString() ?? null,
  } as Integration;
}

function parseConfig(kind: IntegrationKind, config: unknown) {
  const parsed = configSchemaOf[kind].safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  const fieldErrors = parsed.error.issues.map((issue) => ({
    path: ["body", "config", ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  throw new AppError(
    "bad_request",
    `The ${kind} configuration is invalid: ${fieldErrors.map((error) => `${error.path} ${error.message}`).join("; ")}.`,
    { fieldErrors },
  );
}

export interface CreateIntegrationInput {
  kind: IntegrationKind;
  config?: unknown;
  /** PagerDuty generates its own signing secret; give it here. Otherwise Evident generates one. */
  webhookSecret?: string;
  apiToken?: string;
}

export async function createIntegration(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  input: CreateIntegrationInput,
): Promise<{ integration: Integration; webhookSecret: string }> {
  const config = parseConfig(input.kind, input.config);
  const id = newId();
  const webhookSecret = input.webhookSecret ?? randomSecret(32);
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(outcomeIntegrations)
      .values({
        id,
        organizationId,
        kind: input.kind,
        config,
        sealedWebhookSecret: deps.secrets.seal(webhookSecret, sealBinding(organizationId, id, "webhook")),
        sealedApiToken: input.apiToken
          ? deps.secrets.seal(input.apiToken, sealBinding(organizationId, id, "api-token"))
          : null,
        createdAt: deps.clock.now(),
      })
      .returning();
    await recordAudit(tx, actor, {
      organizationId,
      action: "outcome_integration.created",
      objectType: "outcome_integration",
      objectId: id,
      detail: { kind: input.kind, hasApiToken: input.apiToken !== undefined },
    });
    return inserted as Row;
  });
  return { integration: toIntegration(row), webhookSecret };
}

export async function listIntegrations(db: Db, organizationId: string): Promise<Integration[]> {
  const rows = await db
    .select()
    .from(outcomeIntegrations)
    .where(eq(outcomeIntegrations.organizationId, organizationId))
    .orderBy(desc(outcomeIntegrations.createdAt), outcomeIntegrations.id);
  return rows.map(toIntegration);
}

async function findRow(db: Db, organizationId: string, integrationId: string): Promise<Row | null> {
  const [row] = await db
    .select()
    .from(outcomeIntegrations)
    .where(
      and(eq(outcomeIntegrations.organizationId, organizationId), eq(outcomeIntegrations.id, integrationId)),
    );
  return row ?? null;
}

async function requireRow(db: Db, organizationId: string, integrationId: string): Promise<Row> {
  const row = await findRow(db, organizationId, integrationId);
  if (!row) throw new AppError("not_found", "That integration was not found in this organisation.");
  return row;
}

export async function getIntegration(db: Db, organizationId: string, integrationId: string) {
  return toIntegration(await requireRow(db, organizationId, integrationId));
}

export async function updateIntegrationConfig(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  integrationId: string,
  config: unknown,
): Promise<Integration> {
  const row = await requireRow(deps.db, organizationId, integrationId);
  const parsed = parseConfig(row.kind, config);
  return deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(outcomeIntegrations)
      .set({ config: parsed })
      .where(eq(outcomeIntegrations.id, row.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId,
      action: "outcome_integration.configured",
      objectType: "outcome_integration",
      objectId: row.id,
      detail: { kind: row.kind },
    });
    return toIntegration(updated as Row);
  });
}

/** A new webhook secret (given, or generated); the old one stops working at once. */
export async function rotateIntegrationSecret(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  integrationId: string,
  input: { webhookSecret?: string; apiToken?: string | null },
): Promise<{ integration: Integration; webhookSecret: string }> {
  const row = await requireRow(deps.db, organizationId, integrationId);
  const webhookSecret = input.webhookSecret ?? randomSecret(32);
  const updated = await deps.db.transaction(async (tx) => {
    const [changed] = await tx
      .update(outcomeIntegrations)
      .set({
        sealedWebhookSecret: deps.secrets.seal(webhookSecret, sealBinding(organizationId, row.id, "webhook")),
        ...(input.apiToken === undefined
          ? {}
          : {
              sealedApiToken:
                input.apiToken === null
                  ? null
                  : deps.secrets.seal(input.apiToken, sealBinding(organizationId, row.id, "api-token")),
            }),
        secretRotatedAt: deps.clock.now(),
      })
      .where(eq(outcomeIntegrations.id, row.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId,
      action: "outcome_integration.secret_rotated",
      objectType: "outcome_integration",
      objectId: row.id,
      detail: {
        kind: row.kind,
        apiToken: input.apiToken === undefined ? "kept" : input.apiToken === null ? "removed" : "replaced",
      },
    });
    return changed as Row;
  });
  return { integration: toIntegration(updated), webhookSecret };
}

export async function deleteIntegration(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  integrationId: string,
) {
  const row = await requireRow(deps.db, organizationId, integrationId);
  await deps.db.transaction(async (tx) => {
    await tx.delete(outcomeIntegrations).where(eq(outcomeIntegrations.id, row.id));
    await recordAudit(tx, actor, {
      organizationId,
      action: "outcome_integration.deleted",
      objectType: "outcome_integration",
      objectId: row.id,
      detail: { kind: row.kind },
    });
  });
}

/**
 * What a webhook receiver needs: the integration (any organisation's, found by id alone, since
 * the sender has no session) and its opened signing secret. Null when there is no such
 * integration of that kind.
 */
export async function findWebhookReceiver(
  db: Db,
  secrets: SecretBox,
  kind: IntegrationKind,
  integrationId: string,
): Promise<{ organizationId: string; integration: Integration; webhookSecret: string } | null> {
  const [row] = await db.select().from(outcomeIntegrations).where(eq(outcomeIntegrations.id, integrationId));
  if (!row || row.kind !== kind) return null;
  return {
    organizationId: row.organizationId,
    integration: toIntegration(row),
    webhookSecret: secrets.open(row.sealedWebhookSecret, sealBinding(row.organizationId, row.id, "webhook")),
  };
}

/** The opened API token of a GitHub integration, for the backfill; null when none was given. */
export async function openApiToken(
  db: Db,
  secrets: SecretBox,
  organizationId: string,
  integrationId: string,
) {
  const row = await requireRow(db, organizationId, integrationId);
  if (!row.sealedApiToken) return null;
  return secrets.open(row.sealedApiToken, sealBinding(organizationId, row.id, "api-token"));
}
