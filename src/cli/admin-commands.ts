import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { HISTORY_FILE_NAMES, importHistory } from "../modules/analytics/history-import.ts";
import { createApiToken } from "../modules/api-tokens/api-tokens.ts";
import { type Actor, systemActor } from "../modules/audit/audit-log.ts";
import {
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  demoUsers,
  seedDemoOrganization,
} from "../modules/demo/seed-demo.ts";
import { addMember, findUserByEmail } from "../modules/members/members.ts";
import {
  createOrganization,
  findOrganizationBySlug,
  SLUG_PATTERN,
} from "../modules/organizations/organizations.ts";
import { importKinds } from "../modules/outcomes/csv-import.ts";
import { importOutcomeFile } from "../modules/outcomes/file-import.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/client.ts";
import { memberRoles } from "../platform/db/schema.ts";
import { AppError } from "../platform/errors.ts";
import { createProgressBar } from "./progress-bar.ts";

/**
 * Administrative commands of the CLI. Each runs either in the CLI's own process or, when an
 * Evident process already holds the embedded database, inside that process through its control
 * socket: the same function, the same validation, one writer.
 */
const cliActor: Actor = { ...systemActor, userAgent: "evident-cli" };

async function requireOrganization(db: Db, slug: string) {
  const organization = await findOrganizationBySlug(db, slug);
  if (!organization) throw new AppError("not_found", `No organisation with the slug "${slug}".`);
  return organization;
}

export const adminCommands = {
  "orgs.create": {
    args: z.object({
      name: z.string().trim().min(1, "--name is required").max(120),
      slug: z
        .string()
        .regex(SLUG_PATTERN, "--slug must be lowercase letters, digits and inner hyphens")
        .optional(),
    }),
    run: async (deps: { db: Db; clock: Clock }, args: { name: string; slug?: string | undefined }) => {
      const organization = await createOrganization(deps, cliActor, { name: args.name, slug: args.slug });
      return { id: organization.id, slug: organization.slug, name: organization.name };
    },
  },
  "users.create": {
    args: z.object({
      org: z.string().min(1, "--org SLUG is required"),
      email: z.email("--email must be an email address"),
      password: z.string().min(12, "--password must be at least 12 characters"),
      role: z.enum(memberRoles, `--role must be one of ${memberRoles.join(", ")}`),
      name: z.string().trim().min(1).max(120).optional(),
    }),
    run: async (
      deps: { db: Db; clock: Clock },
      args: {
        org: string;
        email: string;
        password: string;
        role: (typeof memberRoles)[number];
        name?: string | undefined;
      },
    ) => {
      const organization = await requireOrganization(deps.db, args.org);
      const existed = (await findUserByEmail(deps.db, args.email)) !== null;
      const member = await addMember(deps, cliActor, organization.id, {
        email: args.email,
        name: args.name ?? args.email.split("@")[0] ?? args.email,
        role: args.role,
        password: args.password,
      });
      return {
        id: member.userId,
        email: member.email,
        organization: organization.slug,
        role: member.role,
        // An existing account keeps its password; only the membership is new.
        existingUser: existed,
      };
    },
  },
  "tokens.create": {
    args: z.object({
      org: z.string().min(1, "--org SLUG is required"),
      user: z.email("--user must be the email of a member"),
      name: z.string().trim().min(1, "--name is required").max(100),
      expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
    }),
    run: async (
      deps: { db: Db; clock: Clock },
      args: { org: string; user: string; name: string; expiresInDays?: number | undefined },
    ) => {
      const organization = await requireOrganization(deps.db, args.org);
      const user = await findUserByEmail(deps.db, args.user);
      if (!user) throw new AppError("not_found", `No user with the email ${args.user}.`);
      const { token, secret } = await createApiToken(deps, cliActor, {
        organizationId: organization.id,
        userId: user.id,
        name: args.name,
        expiresInDays: args.expiresInDays,
      });
      return {
        id: token.id,
        name: token.name,
        organization: organization.slug,
        user: user.email,
        token: secret,
      };
    },
  },
  "analytics.import": {
    args: z.object({
      org: z.string().min(1, "--org SLUG is required"),
      dir: z.string().min(1, "--dir DIR is required (it holds applications.csv, stages.csv and ratings.csv)"),
    }),
    run: async (deps: { db: Db; clock: Clock }, args: { org: string; dir: string }) => {
      const organization = await requireOrganization(deps.db, args.org);
      const texts: string[] = [];
      for (const name of HISTORY_FILE_NAMES) {
        const file = path.resolve(args.dir, `${name}.csv`);
        try {
          texts.push(await readFile(file, "utf8"));
        } catch (error) {
          throw new AppError("bad_request", `Cannot read ${file}: ${(error as Error).message}`, {
            cause: error,
          });
        }
      }
      const [applications = "", stages = "", ratings = ""] = texts;
      const { committed, ...report } = await importHistory(
        deps,
        cliActor,
        organization.id,
        { applications, stages, ratings },
        { onProgress: createProgressBar("Importing the hiring history") },
      );
      if (!committed) {
        const lines = report.errors
          .slice(0, 20)
          .map((error) => `  ${error.file}.csv row ${error.row}, ${error.column}: ${error.message}`);
        const more =
          report.errorCount > lines.length ? `\n  … and ${report.errorCount - lines.length} more` : "";
        throw new AppError(
          "unprocessable",
          `Nothing was imported: ${report.errorCount} problem(s).\n${lines.join("\n")}${more}`,
        );
      }
      return {
        organization: organization.slug,
        applications: report.applications,
        stages: report.stages,
        ratings: report.ratings,
      };
    },
  },
  "seed.demo": {
    args: z.object({}),
    run: async (deps: { db: Db; clock: Clock }) => {
      const result = await seedDemoOrganization(deps, {
        withHiringData: true,
        onProgress: createProgressBar("Creating the demo organisation's sample hiring data"),
      });
      return {
        created: result.created,
        organization: DEMO_ORGANIZATION.slug,
        logins: demoUsers.map((user) => ({ email: user.email, role: user.role, password: DEMO_PASSWORD })),
      };
    },
  },
  "outcomes.import": {
    args: z.object({
      org: z.string().min(1, "--org SLUG is required"),
      file: z.string().min(1, "--file PATH is required"),
      kind: z.enum(importKinds, `--kind must be one of ${importKinds.join(", ")}`),
      dryRun: z.boolean().optional(),
    }),
    run: async (
      deps: { db: Db; clock: Clock },
      args: { org: string; file: string; kind: (typeof importKinds)[number]; dryRun?: boolean | undefined },
    ) => {
      const organization = await requireOrganization(deps.db, args.org);
      const report = await importOutcomeFile(deps.db, organization.id, args, {
        onProgress: createProgressBar(`Importing ${args.kind}`),
      });
      return { organization: organization.slug, ...report };
    },
  },
} as const;

export type AdminCommandName = keyof typeof adminCommands;

export async function runAdminCommand(
  deps: { db: Db; clock: Clock },
  name: string,
  rawArgs: unknown,
): Promise<unknown> {
  const command = adminCommands[name as AdminCommandName];
  if (!command) throw new AppError("bad_request", `Unknown command ${name}.`);
  const parsed = command.args.safeParse(rawArgs);
  if (!parsed.success) {
    throw new AppError("bad_request", parsed.error.issues.map((issue) => issue.message).join("; "));
  }
  return (command.run as (deps: { db: Db; clock: Clock }, args: unknown) => Promise<unknown>)(
    deps,
    parsed.data,
  );
}
