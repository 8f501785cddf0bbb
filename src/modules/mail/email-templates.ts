import { and, eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { emailTemplateOverrides } from "./mail-table.ts";
import type { EmailTemplateView } from "./schemas.ts";
import {
  type CustomizableTemplate,
  checkWording,
  customizableTemplates,
  fillWording,
  sampleValues,
  type TemplateWording,
  templateDefinitions,
} from "./template-wording.ts";
import { type RenderedEmail, renderPlainText } from "./templates.ts";

type Deps = { db: Db; clock: Clock };
type OverrideRow = typeof emailTemplateOverrides.$inferSelect;

function toTemplateView(
  template: CustomizableTemplate,
  override: OverrideRow | undefined,
): EmailTemplateView {
  const definition = templateDefinitions[template];
  return {
    template,
    label: definition.label,
    description: definition.description,
    variables: definition.variables,
    isCustomized: override !== undefined,
    subject: override?.subject ?? definition.wording.subject,
    body: override?.body ?? definition.wording.body,
    defaultSubject: definition.wording.subject,
    defaultBody: definition.wording.body,
    updatedAt: override?.updatedAt.toISOString() ?? null,
  };
}

/** Every candidate-facing email an organisation may word, with the wording in use. */
export async function listEmailTemplates(db: Db, organizationId: string): Promise<EmailTemplateView[]> {
  const overrides = await db
    .select()
    .from(emailTemplateOverrides)
    .where(eq(emailTemplateOverrides.organizationId, organizationId));
  const byTemplate = new Map(overrides.map((row) => [row.template, row]));
  return customizableTemplates.map((template) => toTemplateView(template, byTemplate.get(template)));
}

export async function getEmailTemplate(
  db: Db,
  organizationId: string,
  template: CustomizableTemplate,
): Promise<EmailTemplateView> {
  const [override] = await db
    .select()
    .from(emailTemplateOverrides)
    .where(
      and(
        eq(emailTemplateOverrides.organizationId, organizationId),
        eq(emailTemplateOverrides.template, template),
      ),
    );
  return toTemplateView(template, override);
}

/** Stores the organisation's wording of a template, once it is known to fill in cleanly. */
export async function saveEmailTemplate(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  template: CustomizableTemplate,
  wording: TemplateWording,
): Promise<EmailTemplateView> {
  checkWording(template, wording);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(emailTemplateOverrides)
      .values({ organizationId, template, ...wording, updatedBy: actor.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: [emailTemplateOverrides.organizationId, emailTemplateOverrides.template],
        set: { ...wording, updatedBy: actor.userId, updatedAt: now },
      });
    await recordAudit(tx, actor, {
      organizationId,
      action: "email_template.updated",
      objectType: "email_template",
      objectId: null,
      detail: { template },
    });
  });
  return getEmailTemplate(deps.db, organizationId, template);
}

/** Drops the organisation's wording: the built-in one applies again. */
export async function resetEmailTemplate(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  template: CustomizableTemplate,
): Promise<EmailTemplateView> {
  await deps.db.transaction(async (tx) => {
    const removed = await tx
      .delete(emailTemplateOverrides)
      .where(
        and(
          eq(emailTemplateOverrides.organizationId, organizationId),
          eq(emailTemplateOverrides.template, template),
        ),
      )
      .returning({ template: emailTemplateOverrides.template });
    if (removed.length === 0) return;
    await recordAudit(tx, actor, {
      organizationId,
      action: "email_template.reset",
      objectType: "email_template",
      objectId: null,
      detail: { template },
    });
  });
  return getEmailTemplate(deps.db, organizationId, template);
}

/**
 * Renders a template as the candidate would receive it: the given wording (or the one in use)
 * filled with the given values, the samples standing in for the rest.
 */
export async function previewEmailTemplate(
  db: Db,
  organizationId: string,
  template: CustomizableTemplate,
  input: {
    subject?: string | undefined;
    body?: string | undefined;
    values?: Record<string, string> | undefined;
  },
): Promise<RenderedEmail> {
  const inUse = await getEmailTemplate(db, organizationId, template);
  const wording = { subject: input.subject ?? inUse.subject, body: input.body ?? inUse.body };
  checkWording(template, wording);
  const known = new Set(templateDefinitions[template].variables.map((variable) => variable.name));
  for (const name of Object.keys(input.values ?? {})) {
    if (!known.has(name)) {
      throw new AppError(
        "bad_request",
        `values.${name} is not a variable of the ${templateDefinitions[template].label} email.`,
        { fieldErrors: [{ path: `values.${name}`, message: `unknown variable ${name}` }] },
      );
    }
  }
  const filled = fillWording(wording, { ...sampleValues(template), ...input.values });
  return renderPlainText(filled.subject, filled.text);
}
