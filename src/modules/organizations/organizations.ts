import { and, asc, eq, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { memberships, organizations } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId, slugify } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { MyOrganization, OrganizationView } from "./schemas.ts";

const toView = (row: typeof organizations.$inferSelect): OrganizationView => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  isDemo: row.isDemo,
  createdAt: row.createdAt.toISOString(),
});

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/**
 * Creates an organisation. Without an explicit slug one is derived from the name, with a
 * numeric suffix when taken; an explicit slug that is taken is a conflict. When `adminUserId`
 * is given, that user becomes the organisation's first admin.
 */
export async function createOrganization(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: { name: string; slug?: string | undefined; isDemo?: boolean; adminUserId?: string | null },
): Promise<OrganizationView> {
  const name = input.name.trim();
  if (!name) throw new AppError("bad_request", "name must not be empty.");
  return deps.db.transaction(async (tx) => {
    const slug = input.slug ?? (await findFreeSlug(tx, slugify(name)));
    if (!SLUG_PATTERN.test(slug)) {
      throw new AppError("bad_request", "slug must be lowercase letters, digits and inner hyphens (1–48).");
    }
    const [taken] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.slug, slug));
    if (taken) throw new AppError("conflict", `An organisation with the slug "${slug}" already exists.`);
    const [row] = await tx
      .insert(organizations)
      .values({ id: newId(), slug, name, isDemo: input.isDemo ?? false, createdAt: deps.clock.now() })
      .returning();
    if (!row) throw new AppError("internal", "The organisation was not stored.");
    if (input.adminUserId) {
      await tx.insert(memberships).values({
        organizationId: row.id,
        userId: input.adminUserId,
        role: "admin",
        createdAt: deps.clock.now(),
      });
    }
    await recordAudit(tx, actor, {
      organizationId: row.id,
      action: "organization.created",
      objectType: "organization",
      objectId: row.id,
      // Not the name (free text); the slug is the organisation's identifier in links.
      detail: { slug, firstAdminUserId: input.adminUserId ?? null },
    });
    return toView(row);
  });
}

async function findFreeSlug(db: Db, base: string): Promise<string> {
  const rows = await db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(sql`${organizations.slug} = ${base} or ${organizations.slug} like ${`${base}-%`}`);
  const taken = new Set(rows.map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base.slice(0, 44)}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationView | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return row ? toView(row) : null;
}

export async function listOrganizationsOfUser(db: Db, userId: string): Promise<MyOrganization[]> {
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      role: memberships.role,
      isDemo: organizations.isDemo,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function findMembership(
  db: Db,
  organizationId: string,
  userId: string,
): Promise<MyOrganization | null> {
  const [row] = await db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      role: memberships.role,
      isDemo: organizations.isDemo,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return row ?? null;
}
