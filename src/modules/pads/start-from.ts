/**
 * Starting a pad from a challenge's starter or a kit question's prompt: the interviewer picks
 * one when the pad opens and its code is replaced for everyone in the pad (the change goes
 * through Hocuspocus like any edit, so it is broadcast, logged and replayed).
 *
 * Only before anyone has typed, unless the interviewer confirms: "typed" means the log holds
 * an update from a person (the pad's starting content, these replacements and run output are
 * logged as the system's; the playback's run markers and the audit of who started what are
 * not needed for a starting point).
 * The pad holds one file, so a challenge's starter files are laid out one after the other,
 * each under a comment naming it, below the challenge's prompt as a comment.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import type { MemberRole } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { loadOrganizationChallenge, readChallengeBrief } from "../challenges/catalog.ts";
import { getInterview } from "../interviews/interviews.ts";
import type { PadCollaboration } from "./collaboration.ts";
import { type PadLanguage, padDocumentName, starterCode } from "./pads.ts";
import { pads, padUpdates } from "./pads-table.ts";
import type { StartPadFromBody } from "./schemas.ts";

const commentPrefix = (language: PadLanguage) =>
  language === "python" ? "# " : language === "sql" ? "-- " : "// ";

/** The pad's code from a challenge's prompt and starter files in one language. */
export function codeFromChallenge(
  language: PadLanguage,
  prompt: string,
  starterFiles: Readonly<Record<string, string>>,
): string {
  const files = Object.entries(starterFiles).sort(([a], [b]) => a.localeCompare(b));
  const header = starterCode(language, prompt.trim());
  const body = files.map(
    ([name, content]) => `${commentPrefix(language)}File: ${name}\n${content.trimEnd()}\n`,
  );
  return `${header}${body.join("\n")}`;
}

export interface StartPadDeps {
  db: Db;
  clock: Clock;
  collaboration: PadCollaboration;
}

/** Whether a person (staff or candidate) has changed the pad's code or drawing since it opened. */
export async function hasAnyoneTyped(db: Db, padId: string): Promise<boolean> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(padUpdates)
    .where(and(eq(padUpdates.padId, padId), ne(padUpdates.authorKind, "system")));
  return (row?.count ?? 0) > 0;
}

export async function startPadFrom(
  deps: StartPadDeps,
  viewer: { organizationId: string; userId: string; role: MemberRole },
  padId: string,
  body: StartPadFromBody,
): Promise<{ language: PadLanguage; code: string }> {
  const [pad] = await deps.db
    .select()
    .from(pads)
    .where(and(eq(pads.id, padId), eq(pads.organizationId, viewer.organizationId)));
  if (!pad) throw new AppError("not_found", "That pad was not found.");
  // Not found unless the viewer takes part in the interview or is on its hiring team.
  const interview = await getInterview(deps.db, viewer.organizationId, viewer, pad.interviewId);
  if (!interview.isParticipant) {
    throw new AppError("forbidden", "Only the interview's interviewers choose what the pad starts from.");
  }
  const endsAt = new Date(interview.scheduledAt).getTime() + interview.durationMinutes * 60_000;
  if (pad.erasedAt || interview.status !== "scheduled" || deps.clock.now().getTime() >= endsAt) {
    throw new AppError("conflict", "The pad is locked: the interview has ended.");
  }

  let content: { language: PadLanguage; code: string };
  if (body.source === "challenge") {
    const challenge = await loadOrganizationChallenge(deps.db, viewer.organizationId, body.challengeId);
    const brief = readChallengeBrief(challenge);
    const language: PadLanguage = body.language ?? challenge.manifest.languages[0] ?? "typescript";
    if (!challenge.manifest.languages.includes(language)) {
      throw new AppError(
        "bad_request",
        `"${challenge.manifest.title}" has no ${language} starter; it offers ${challenge.manifest.languages.join(", ")}.`,
      );
    }
    content = { language, code: codeFromChallenge(language, brief.prompt, brief.starters[language] ?? {}) };
  } else {
    const question = interview.kit?.questions.find((candidate) => candidate.id === body.questionId);
    if (!question) throw new AppError("not_found", "That question is not in this interview's kit.");
    const language = body.language ?? pad.language;
    content = { language, code: starterCode(language, question.prompt) };
  }

  // What others typed may still wait in the log writer; it counts as typed.
  await deps.collaboration.flushLog();
  if (!body.confirm && (await hasAnyoneTyped(deps.db, pad.id))) {
    throw new AppError(
      "conflict",
      "Someone has already typed in the pad. Confirm to replace its code for everyone (the earlier code stays in the replay).",
    );
  }
  await deps.collaboration.replaceCode(padDocumentName(pad.id), (document) => {
    document.getMap("meta").set("language", content.language);
    const code = document.getText("code");
    code.delete(0, code.length);
    code.insert(0, content.code);
  });
  return content;
}
