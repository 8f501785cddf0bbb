import { and, asc, desc, eq, isNull, max } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { type KitContent, validateKitContent } from "./kit-schema.ts";
import { kitVersions } from "./kits-table.ts";
import { builtInKits } from "./library/index.ts";
import type { KitSummary, KitVersionView } from "./schemas.ts";

type Deps = { db: Db; clock: Clock };

const toVersionView = (row: typeof kitVersions.$inferSelect): KitVersionView => ({
  id: row.id,
  slug: row.slug,
  version: row.version,
  source: row.source,
  frozenAt: row.frozenAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  content: row.content,
});

export const findBuiltInKit = (slug: string) => builtInKits.find((kit) => kit.slug === slug) ?? null;

/** The built-in library beside the organisation's own kits, one entry per slug. */
export async function listKits(db: Db, organizationId: string): Promise<KitSummary[]> {
  const rows = await db
    .select()
    .from(kitVersions)
    .where(eq(kitVersions.organizationId, organizationId))
    .orderBy(asc(kitVersions.slug), desc(kitVersions.version));
  const latestBySlug = new Map<string, typeof kitVersions.$inferSelect>();
  for (const row of rows) if (!latestBySlug.has(row.slug)) latestBySlug.set(row.slug, row);
  const summaries: KitSummary[] = builtInKits.map((kit) => {
    const adopted = latestBySlug.get(kit.slug);
    return {
      slug: kit.slug,
      title: adopted?.title ?? kit.title,
      kind: kit.kind,
      source: "built_in",
      latestVersion: adopted?.version ?? null,
      latestVersionId: adopted?.id ?? null,
      frozen: adopted?.frozenAt != null,
    };
  });
  for (const row of latestBySlug.values()) {
    if (findBuiltInKit(row.slug)) continue;
    summaries.push({
      slug: row.slug,
      title: row.title,
      kind: row.kind,
      source: "custom",
      latestVersion: row.version,
      latestVersionId: row.id,
      frozen: row.frozenAt != null,
    });
  }
  return summaries.sort((a, b) => a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title));
}

export async function listKitVersions(
  db: Db,
  organizationId: string,
  slug: string,
): Promise<KitVersionView[]> {
  const rows = await db
    .select()
    .from(kitVersions)
    .where(and(eq(kitVersions.organizationId, organizationId), eq(kitVersions.slug, slug)))
    .orderBy(desc(kitVersions.version));
  return rows.map(toVersionView);
}

export async function requireKitVersion(
  db: Db,
  organizationId: string,
  kitVersionId: string,
): Promise<KitVersionView> {
  const [row] = await db
    .select()
    .from(kitVersions)
    .where(and(eq(kitVersions.organizationId, organizationId), eq(kitVersions.id, kitVersionId)));
  if (!row) throw new AppError("not_found", "That interview kit version was not found.");
  return toVersionView(row);
}

/**
 * The organisation's newest version of a kit, adopting a built-in kit as version 1 the first
 * time it is used, so later changes to the library never alter what a role asked.
 */
export async function ensureKitVersion(
  deps: Deps,
  organizationId: string,
  slug: string,
): Promise<KitVersionView> {
  const [latest] = await deps.db
    .select()
    .from(kitVersions)
    .where(and(eq(kitVersions.organizationId, organizationId), eq(kitVersions.slug, slug)))
    .orderBy(desc(kitVersions.version))
    .limit(1);
  if (latest) return toVersionView(latest);
  const builtIn = findBuiltInKit(slug);
  if (!builtIn) throw new AppError("not_found", `No interview kit with the slug "${slug}".`);
  const [row] = await deps.db
    .insert(kitVersions)
    .values({
      id: newId(),
      organizationId,
      slug,
      version: 1,
      kind: builtIn.kind,
      title: builtIn.title,
      content: builtIn,
      source: "built_in",
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing()
    .returning();
  // A concurrent adoption may have won the unique (organisation, slug, version) key.
  return row ? toVersionView(row) : ensureKitVersion(deps, organizationId, slug);
}

function parseKit(content: unknown): KitContent {
  const result = validateKitContent(content);
  if (!result.ok) {
    throw new AppError(
      "bad_request",
      `The kit is invalid: ${result.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      {
        fieldErrors: result.problems.map((problem) => ({ path: problem.path, message: problem.message })),
      },
    );
  }
  return result.kit;
}

/**
 * Stores a new version of a kit: an organisation's own kit, or its revision of a built-in one.
 * Versions are immutable; stages and interviews keep the version they were given.
 */
export async function saveKitVersion(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  content: unknown,
): Promise<KitVersionView> {
  const kit = parseKit(content);
  return deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ version: max(kitVersions.version) })
      .from(kitVersions)
      .where(and(eq(kitVersions.organizationId, organizationId), eq(kitVersions.slug, kit.slug)));
    const version = (current?.version ?? 0) + 1;
    const [row] = await tx
      .insert(kitVersions)
      .values({
        id: newId(),
        organizationId,
        slug: kit.slug,
        version,
        kind: kit.kind,
        title: kit.title,
        content: kit,
        source: findBuiltInKit(kit.slug) ? "built_in" : "custom",
        createdBy: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    if (!row) throw new AppError("internal", "The kit was not stored.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "kit.version_saved",
      objectType: "kit",
      objectId: row.id,
      detail: { slug: kit.slug, version },
    });
    return toVersionView(row);
  });
}

/** Marks a version as used: from now on it is the fixed question set for everyone it was given to. */
export async function freezeKitVersion(
  db: Db,
  organizationId: string,
  kitVersionId: string,
  at: Date,
): Promise<void> {
  await db
    .update(kitVersions)
    .set({ frozenAt: at })
    .where(
      and(
        eq(kitVersions.organizationId, organizationId),
        eq(kitVersions.id, kitVersionId),
        isNull(kitVersions.frozenAt),
      ),
    );
}
