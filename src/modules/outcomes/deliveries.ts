import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { newId } from "../../platform/ids.ts";
import { type deliveryStatuses, integrationDeliveries, type OutcomeSource } from "./outcomes-table.ts";

/**
 * The deliveries received from each integration (webhooks, the events API, imports), for the
 * settings page's "last deliveries" list. Connectors record each one; a delivery id seen before
 * is a replay: `recordDelivery` answers `duplicate` and the caller stores nothing new.
 */

export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveryView {
  id: string;
  source: OutcomeSource;
  deliveryId: string;
  status: DeliveryStatus;
  error: string | null;
  eventCount: number;
  receivedAt: string;
}

/**
 * Records a delivery. When the id was already recorded as accepted, nothing changes and the
 * answer is `{ replay: true }`; a delivery that failed before is recorded again (a retry).
 */
export async function recordDelivery(
  db: Db,
  input: {
    organizationId: string;
    source: OutcomeSource;
    deliveryId: string;
    status: DeliveryStatus;
    error?: string | null;
    eventCount?: number;
    receivedAt?: Date;
  },
): Promise<{ replay: boolean }> {
  const values = {
    status: input.status,
    error: input.error?.slice(0, 1000) ?? null,
    eventCount: input.eventCount ?? 0,
    receivedAt: input.receivedAt ?? new Date(),
  };
  // One statement: a delivery already accepted is left as it was (no row comes back).
  const written = await db
    .insert(integrationDeliveries)
    .values({
      id: newId(),
      organizationId: input.organizationId,
      source: input.source,
      deliveryId: input.deliveryId,
      ...values,
    })
    .onConflictDoUpdate({
      target: [
        integrationDeliveries.organizationId,
        integrationDeliveries.source,
        integrationDeliveries.deliveryId,
      ],
      set: values,
      setWhere: sql`${integrationDeliveries.status} <> 'accepted'`,
    })
    .returning({ id: integrationDeliveries.id });
  return { replay: written.length === 0 };
}

export async function listDeliveries(
  db: Db,
  organizationId: string,
  filter: { source?: OutcomeSource | undefined; limit?: number | undefined } = {},
): Promise<DeliveryView[]> {
  const rows = await db
    .select()
    .from(integrationDeliveries)
    .where(
      and(
        eq(integrationDeliveries.organizationId, organizationId),
        filter.source ? eq(integrationDeliveries.source, filter.source) : undefined,
      ),
    )
    .orderBy(desc(integrationDeliveries.receivedAt))
    .limit(filter.limit ?? 50);
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    deliveryId: row.deliveryId,
    status: row.status,
    error: row.error,
    eventCount: row.eventCount,
    receivedAt: row.receivedAt.toISOString(),
  }));
}
