import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { createSecretBox } from "../outcomes/connectors/secret-box.ts";
import { checkSlackWebhookUrl } from "../work-queue/nudges.ts";
import { readTeamSettings, requireTeamAccess, upsertSettings } from "./team-access.ts";

/**
 * A team's Slack incoming webhook: update prompts and digests are posted there. The URL is sealed
 * with the connectors' secret box, bound to the team, so a sealed value copied to another team
 * does not open; no answer, log line or audit record carries it.
 */
const slackBinding = (teamId: string) => `team-slack-webhook:${teamId}`;

export interface SlackDeps {
  db: Db;
  clock: Clock;
  secret: string;
  /** Hosts besides hooks.slack.com a URL may name (tests post to a local server). */
  slackHosts?: readonly string[];
}

export async function setTeamSlackWebhook(
  deps: SlackDeps,
  manager: MemberContext,
  teamId: string,
  rawUrl: string,
) {
  await requireTeamAccess(deps.db, manager, teamId);
  const url = checkSlackWebhookUrl(rawUrl, deps.slackHosts);
  const sealedSlackUrl = createSecretBox(deps.secret).seal(url, slackBinding(teamId));
  await deps.db.transaction(async (tx) => {
    await upsertSettings({ db: tx, clock: deps.clock }, manager, teamId, { sealedSlackUrl });
    await recordAudit(tx, manager.actor, {
      organizationId: manager.organizationId,
      action: "team.slack_webhook_set",
      objectType: "team",
      objectId: teamId,
    });
  });
}

export async function removeTeamSlackWebhook(deps: SlackDeps, manager: MemberContext, teamId: string) {
  await requireTeamAccess(deps.db, manager, teamId);
  await deps.db.transaction(async (tx) => {
    await upsertSettings({ db: tx, clock: deps.clock }, manager, teamId, { sealedSlackUrl: null });
    await recordAudit(tx, manager.actor, {
      organizationId: manager.organizationId,
      action: "team.slack_webhook_removed",
      objectType: "team",
      objectId: teamId,
    });
  });
}

/** Posts a message to the team's webhook; false when none is configured. Throws when Slack refuses. */
export async function postToTeamSlack(deps: Pick<SlackDeps, "db" | "secret">, teamId: string, text: string) {
  const settings = await readTeamSettings(deps.db, teamId);
  if (!settings.sealedSlackUrl) return false;
  const url = createSecretBox(deps.secret).open(settings.sealedSlackUrl, slackBinding(teamId));
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(10_000),
    redirect: "error",
  }).catch(() => null);
  // The URL itself never goes into the message: it is the credential.
  if (!response)
    throw new AppError("unavailable", "Slack could not be reached; the test message was not sent.");
  if (!response.ok) {
    throw new AppError(
      "unavailable",
      `Slack answered ${response.status} to the test message; check that the webhook still exists.`,
    );
  }
  return true;
}

/** "Send a test message" (managers): proves the stored webhook works without showing it. */
export async function sendTeamSlackTest(deps: SlackDeps, manager: MemberContext, teamId: string) {
  const { team } = await requireTeamAccess(deps.db, manager, teamId);
  const sent = await postToTeamSlack(
    deps,
    teamId,
    `Evident test message for ${team.name}: this channel will get the team's update prompts and digests.`,
  );
  if (!sent) throw new AppError("conflict", "This team has no Slack webhook yet; save one first.");
  return { sent: true };
}
