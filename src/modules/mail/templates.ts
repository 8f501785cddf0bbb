import type { emailTemplates } from "./mail-table.ts";
import {
  type CustomizableTemplate,
  fillWording,
  type TemplateWording,
  templateDefinitions,
} from "./template-wording.ts";

export type EmailTemplate = (typeof emailTemplates)[number];

/** What each template needs. Every value is escaped in the HTML part. */
export interface TemplateVariables {
  invitation: {
    candidateName: string | null;
    organizationName: string;
    link: string;
    expiresAt: Date;
  };
  magic_link: {
    candidateName: string | null;
    organizationName: string;
    link: string;
    expiresInMinutes: number;
  };
  stage_invitation: {
    candidateName: string | null;
    organizationName: string;
    roleTitle: string;
    stageName: string;
    /** What the candidate does in the stage: take a coding challenge, an exercise, or be interviewed. */
    step: CandidateStep;
    /** For a challenge: days from now to hand it in, when the stage sets a deadline. */
    deadlineDays: number | null;
    link: string;
    expiresAt: Date;
  };
  interview_scheduled: {
    candidateName: string | null;
    organizationName: string;
    roleTitle: string;
    stageName: string;
    scheduledAt: Date;
    /** IANA time zone the time is shown in, e.g. "Europe/Lisbon". */
    timeZone: string;
    durationMinutes: number;
    mode: "onsite" | "remote";
    room: string | null;
    videoLink: string | null;
    portalUrl: string;
    /** A reschedule: the same interview at a new time or place. */
    isUpdate?: boolean;
  };
  decision: {
    candidateName: string | null;
    organizationName: string;
    roleTitle: string;
    outcome: "hire" | "no_hire";
    portalUrl: string;
  };
  /** To the candidate: their application was rejected from the pipeline, before a final decision. */
  rejection: {
    candidateName: string | null;
    organizationName: string;
    roleTitle: string;
    portalUrl: string;
  };
  /** To an interviewer: an interview they take part in is scheduled or rescheduled. */
  interview_invitation: {
    interviewerName: string;
    organizationName: string;
    /** The candidate's name, or their pseudonym in a blind stage. */
    candidateLabel: string;
    roleTitle: string;
    stageName: string;
    scheduledAt: Date;
    durationMinutes: number;
    mode: "onsite" | "remote";
    room: string | null;
    videoLink: string | null;
    link: string;
    isUpdate: boolean;
  };
  /** To an interviewer or the candidate: an interview is cancelled (the application was rejected or withdrawn, or by hand). */
  interview_cancelled: {
    recipientName: string | null;
    organizationName: string;
    /** For interviewers: the candidate's name or pseudonym; null in the candidate's own copy. */
    candidateLabel: string | null;
    roleTitle: string;
    stageName: string;
    scheduledAt: Date;
    reason: "rejected" | "withdrawn" | "cancelled";
  };
  /** To an interviewer: their scorecard for an interview that ended is overdue. */
  scorecard_overdue: {
    interviewerName: string;
    organizationName: string;
    candidateLabel: string;
    stageName: string;
    roleTitle: string;
    endedAt: Date;
    link: string;
  };
  /** To a member of a remote or hybrid team: time for this week's written update. */
  team_update_prompt: {
    memberName: string;
    organizationName: string;
    teamName: string;
    weekStart: string;
    link: string;
  };
  /** To a team's members: the week's written updates, one section per member who posted. */
  team_update_digest: {
    memberName: string;
    organizationName: string;
    teamName: string;
    weekStart: string;
    updates: { authorName: string; moved: string; blocked: string; next: string }[];
    link: string;
  };
  /** To a hire's manager: a post-hire review is due (staff-facing; names the hire). */
  post_hire_review_due: {
    managerName: string;
    organizationName: string;
    hireName: string | null;
    roleTitle: string;
    period: "90d" | "6m" | "12m";
    dueAt: Date;
    link: string;
  };
  /** A trial day's agenda, to the candidate or to a host or observer: first sent, updated or cancelled. */
  trial_day_agenda: {
    recipientName: string | null;
    organizationName: string;
    /** For the team: the candidate's name; null in the candidate's own copy. */
    candidateLabel: string | null;
    roleTitle: string;
    change: "sent" | "updated" | "cancelled";
    /** The date written out in the candidate's zone, e.g. "Tue, 15 Dec 2026 (Europe/Lisbon)". */
    dateLocal: string;
    location: string;
    /** One line per session, in order: "09:30–11:30 Pairing on the ticket (Room 2)". */
    agenda: string[];
    /** The candidate portal for the candidate; the day's page for the team. */
    link: string;
  };
}

export type CandidateStep = "challenge" | "exercise" | "interview";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A message is a list of blocks; the plain-text and HTML parts are both rendered from them. */
type Block =
  | { paragraph: string }
  | { link: { label: string; url: string } }
  | { details: [label: string, value: string][] };

interface Message {
  subject: string;
  blocks: Block[];
}

const greeting = (name: string | null): Block => ({ paragraph: name ? `Hello ${name},` : "Hello," });
const signature = (organizationName: string): Block => ({
  paragraph: `Kind regards,\nThe hiring team at ${organizationName}`,
});

/** Formats an instant for a reader: weekday, date, 24-hour time and the zone's name. */
export function formatDateTime(at: Date, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "longOffset",
  }).format(at);
  return `${formatted} (${timeZone})`;
}

/** Whether the runtime knows this IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The templates whose wording is Evident's own; the others an organisation may word (template-wording.ts). */
type FixedTemplate = Exclude<EmailTemplate, WordedTemplate>;
type WordedTemplate = "stage_invitation" | "interview_scheduled" | "decision" | "rejection";

const compose: { [T in FixedTemplate]: (variables: TemplateVariables[T]) => Message } = {
  invitation: (v) => ({
    subject: `${v.organizationName} invites you to your candidate portal`,
    blocks: [
      greeting(v.candidateName),
      {
        paragraph: `${v.organizationName} uses Evident to run its hiring process. In your candidate portal you can follow your applications, see upcoming interviews and manage your data.`,
      },
      { link: { label: "Open your candidate portal", url: v.link } },
      {
        paragraph: `The link works once and until ${formatDateTime(v.expiresAt, "UTC")}. Afterwards you can ask for a new sign-in link on the portal's sign-in page.`,
      },
      signature(v.organizationName),
    ],
  }),
  magic_link: (v) => ({
    subject: `Your sign-in link for ${v.organizationName}`,
    blocks: [
      greeting(v.candidateName),
      { paragraph: "Use this link to sign in to your candidate portal:" },
      { link: { label: "Sign in", url: v.link } },
      {
        paragraph: `The link works once and expires in ${v.expiresInMinutes} minutes. If you did not ask for it, you can ignore this email.`,
      },
      signature(v.organizationName),
    ],
  }),
  interview_invitation: (v) => ({
    subject: `${v.isUpdate ? "Rescheduled: " : ""}${v.stageName} with ${v.candidateLabel} (${v.roleTitle})`,
    blocks: [
      greeting(v.interviewerName),
      {
        paragraph: v.isUpdate
          ? `The ${v.stageName} interview with ${v.candidateLabel} for ${v.roleTitle} has moved; the calendar invitation is updated.`
          : `You interview ${v.candidateLabel} for ${v.roleTitle} in the ${v.stageName} stage. The kit and your scorecard are on the interview's page.`,
      },
      {
        details: [
          ["When", formatDateTime(v.scheduledAt, "UTC")],
          ["Duration", `${v.durationMinutes} minutes`],
          v.mode === "onsite"
            ? ["Where", `On site, ${v.room ?? "room to be confirmed"}`]
            : ["Where", `Remote, ${v.videoLink ?? "link to be confirmed"}`],
        ],
      },
      { link: { label: "Open the interview", url: v.link } },
      { paragraph: `Evident, for ${v.organizationName}` },
    ],
  }),
  interview_cancelled: (v) => ({
    subject: `Cancelled: ${v.stageName} interview${v.candidateLabel ? ` with ${v.candidateLabel}` : ""} (${v.roleTitle})`,
    blocks: [
      greeting(v.recipientName),
      {
        paragraph: v.candidateLabel
          ? `The ${v.stageName} interview with ${v.candidateLabel} for ${v.roleTitle} on ${formatDateTime(v.scheduledAt, "UTC")} is cancelled${cancellationCause[v.reason]}. The calendar invitation is withdrawn; no scorecard is needed.`
          : `Your ${v.stageName} interview for the role ${v.roleTitle} on ${formatDateTime(v.scheduledAt, "UTC")} is cancelled${v.reason === "withdrawn" ? ", as you withdrew your application" : ""}. The calendar invitation is withdrawn.`,
      },
      v.candidateLabel ? { paragraph: `Evident, for ${v.organizationName}` } : signature(v.organizationName),
    ],
  }),
  scorecard_overdue: (v) => ({
    subject: `Scorecard overdue: ${v.candidateLabel}, ${v.stageName}`,
    blocks: [
      greeting(v.interviewerName),
      {
        paragraph: `Your scorecard for the ${v.stageName} interview with ${v.candidateLabel} (${v.roleTitle}) is overdue: the interview ended ${formatDateTime(v.endedAt, "UTC")}. Memory fades fast; please file it while the evidence is fresh. The hiring team cannot decide until every scorecard is in.`,
      },
      { link: { label: "File your scorecard", url: v.link } },
      { paragraph: `Evident, for ${v.organizationName}` },
    ],
  }),
  trial_day_agenda: (v) => trialDayAgendaMessage(v),
  team_update_prompt: (v) => ({
    subject: `Your weekly update for ${v.teamName}`,
    blocks: [
      greeting(v.memberName),
      {
        paragraph: `Time for ${v.teamName}'s written update for the week of ${v.weekStart}: what moved, what is blocked, what is next. A few lines are enough; updates are for the team to read, never scored.`,
      },
      { link: { label: "Write your update", url: v.link } },
      { paragraph: `Evident, for ${v.organizationName}` },
    ],
  }),
  team_update_digest: (v) => ({
    subject: `${v.teamName}: updates for the week of ${v.weekStart}`,
    blocks: [
      greeting(v.memberName),
      {
        paragraph:
          v.updates.length === 0
            ? `Nobody in ${v.teamName} has posted an update for the week of ${v.weekStart} yet.`
            : `${v.updates.length} ${v.updates.length === 1 ? "update" : "updates"} from ${v.teamName} for the week of ${v.weekStart}:`,
      },
      ...v.updates.map(
        (update): Block => ({
          details: [
            ["From", update.authorName],
            ["Moved", update.moved],
            ["Blocked", update.blocked || "nothing"],
            ["Next", update.next],
          ],
        }),
      ),
      { link: { label: "Open the team's updates", url: v.link } },
      { paragraph: `Evident, for ${v.organizationName}` },
    ],
  }),
  post_hire_review_due: (v) => ({
    subject: `${reviewPeriodLabel[v.period]} review due: ${v.hireName ?? "your hire"} (${v.roleTitle})`,
    blocks: [
      greeting(v.managerName),
      {
        paragraph: `The ${reviewPeriodLabel[v.period]} review of ${v.hireName ?? "your hire"}, hired as ${v.roleTitle}, is due since ${formatDateTime(v.dueAt, "UTC")}. Rate the five dimensions from what you have seen them do, with an evidence note for each; the hiring scorecards are deliberately not shown, so the review stays independent of them.`,
      },
      { link: { label: "File the review", url: v.link } },
      { paragraph: `Evident, for ${v.organizationName}` },
    ],
  }),
};

function trialDayAgendaMessage(v: TemplateVariables["trial_day_agenda"]): Message {
  const forCandidate = v.candidateLabel === null;
  const prefix = { sent: "", updated: "Updated: ", cancelled: "Cancelled: " }[v.change];
  const subject = forCandidate
    ? `${prefix}Your trial day with ${v.organizationName}, ${v.dateLocal}`
    : `${prefix}Trial day with ${v.candidateLabel} (${v.roleTitle}), ${v.dateLocal}`;
  const lead = {
    sent: forCandidate
      ? `Your trial day for the role ${v.roleTitle} is planned. Below is the agenda; the calendar invitation holds it too. Sessions marked "observed" are the ones the team takes notes in; lunch is optional and never assessed.`
      : `You take part in the trial day of ${v.candidateLabel} for ${v.roleTitle}. If you observe a session, file your observation form for it on the day's page.`,
    updated: forCandidate
      ? `The agenda of your trial day for the role ${v.roleTitle} has changed; the new agenda is below and the calendar invitation is updated.`
      : `The trial day of ${v.candidateLabel} for ${v.roleTitle} has changed; the calendar invitation is updated.`,
    cancelled: forCandidate
      ? `Your trial day for the role ${v.roleTitle} on ${v.dateLocal} is cancelled. The calendar invitation is withdrawn; the hiring team will be in touch.`
      : `The trial day of ${v.candidateLabel} for ${v.roleTitle} on ${v.dateLocal} is cancelled. The calendar invitation is withdrawn; no observation forms are needed.`,
  }[v.change];
  const blocks: Block[] = [greeting(v.recipientName), { paragraph: lead }];
  if (v.change !== "cancelled") {
    blocks.push({
      details: [
        ["When", v.dateLocal],
        ["Where", v.location],
      ],
    });
    blocks.push({ paragraph: `Agenda:\n${v.agenda.join("\n")}` });
    blocks.push({
      link: { label: forCandidate ? "Open your candidate portal" : "Open the trial day", url: v.link },
    });
  }
  blocks.push(
    forCandidate ? signature(v.organizationName) : { paragraph: `Evident, for ${v.organizationName}` },
  );
  return { subject, blocks };
}

const cancellationCause = {
  rejected: ", as the application is no longer in the process",
  withdrawn: ", as the candidate withdrew",
  cancelled: "",
} as const;

export const reviewPeriodLabel = { "90d": "90-day", "6m": "6-month", "12m": "12-month" } as const;

function stageInvitationText(v: TemplateVariables["stage_invitation"]): string {
  const moved = `Your application for the role ${v.roleTitle} has moved to the next stage: ${v.stageName}.`;
  if (v.step === "challenge") {
    const deadline = v.deadlineDays
      ? ` Please hand it in within ${v.deadlineDays} ${v.deadlineDays === 1 ? "day" : "days"}.`
      : "";
    return `${moved} It is a coding challenge you take in your candidate portal, at a time that suits you.${deadline}`;
  }
  if (v.step === "exercise") {
    return `${moved} It is an exercise you complete on your own time; your candidate portal shows where it stands.`;
  }
  return `${moved} It is an interview; we will email you its time and place once it is scheduled, and your candidate portal shows your upcoming interviews.`;
}

/** Which organisation-worded template an email of `template` is written from. */
export function wordedTemplateOf<T extends EmailTemplate>(
  template: T,
  variables: TemplateVariables[T],
): CustomizableTemplate | null {
  if (template === "decision") {
    return (variables as TemplateVariables["decision"]).outcome === "hire"
      ? "decision_hire"
      : "decision_no_hire";
  }
  return template === "rejection" || template === "interview_scheduled" || template === "stage_invitation"
    ? template
    : null;
}

/** The values of a worded template's `{{variables}}`, from what the email is about. */
function wordingValues(
  template: WordedTemplate,
  variables: TemplateVariables[WordedTemplate],
): Record<string, string> {
  const common = {
    candidateName: variables.candidateName ?? "there",
    organizationName: variables.organizationName,
    roleTitle: variables.roleTitle,
  };
  switch (template) {
    case "decision":
    case "rejection": {
      const v = variables as TemplateVariables["decision" | "rejection"];
      return { ...common, portalLink: v.portalUrl };
    }
    case "interview_scheduled": {
      const v = variables as TemplateVariables["interview_scheduled"];
      return {
        ...common,
        stageName: v.stageName,
        when: formatDateTime(v.scheduledAt, v.timeZone),
        duration: `${v.durationMinutes} minutes`,
        where:
          v.mode === "onsite"
            ? `On site, ${v.room ?? "the room will be confirmed"}`
            : `Remote, video link: ${v.videoLink ?? "to be confirmed"}`,
        portalLink: v.portalUrl,
      };
    }
    case "stage_invitation": {
      const v = variables as TemplateVariables["stage_invitation"];
      return {
        ...common,
        stageName: v.stageName,
        stageDescription: stageInvitationText(v),
        signInLink: v.link,
        linkExpiresAt: formatDateTime(v.expiresAt, "UTC"),
      };
    }
  }
}

/**
 * Renders a template into a subject, a plain-text part and a simple HTML part. A template an
 * organisation may word uses `wording` (its override) or else the built-in wording.
 */
export function renderEmail<T extends EmailTemplate>(
  template: T,
  variables: TemplateVariables[T],
  wording?: TemplateWording | null,
): RenderedEmail {
  const worded = wordedTemplateOf(template, variables);
  if (worded !== null) {
    const filled = fillWording(
      wording ?? templateDefinitions[worded].wording,
      wordingValues(template as WordedTemplate, variables as TemplateVariables[WordedTemplate]),
    );
    if (
      template === "interview_scheduled" &&
      (variables as TemplateVariables["interview_scheduled"]).isUpdate
    ) {
      return renderPlainText(`Rescheduled: ${filled.subject}`, withRescheduleNote(filled.text));
    }
    return renderPlainText(filled.subject, filled.text);
  }
  const render = compose[template as FixedTemplate] as (variables: TemplateVariables[T]) => Message;
  const message = render(variables);
  return { subject: message.subject, text: toText(message.blocks), html: toHtml(message) };
}

/** A reschedule says so after the greeting, whatever the organisation's wording. */
function withRescheduleNote(text: string): string {
  const note =
    "This interview has moved: the new time and place are below, and the calendar invitation is updated.";
  const [first, ...rest] = text.split(/\n\n/);
  return [first, note, ...rest].join("\n\n");
}

/**
 * An email written as plain text (a worded template, or a draft the hiring team edited): blank
 * lines separate paragraphs; a line "Label: https://…" becomes a link named Label, and any other
 * web address a link to itself. Everything is escaped.
 */
export function renderPlainText(subject: string, text: string): RenderedEmail {
  const normalized = `${text.replaceAll("\r\n", "\n").trim()}\n`;
  const paragraphs = normalized
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split("\n").map(lineToHtml).join("<br>")}</p>`)
    .join("\n");
  return { subject, text: normalized, html: htmlDocument(subject, paragraphs) };
}

const LABELLED_LINK = /^([^:\n]{1,80}): (https?:\/\/\S+)$/;
const WEB_ADDRESS = /https?:\/\/[^\s<>"']+/g;

function lineToHtml(line: string): string {
  const labelled = LABELLED_LINK.exec(line.trim());
  if (labelled?.[1] && labelled[2]) {
    return `<a href="${escapeHtml(labelled[2])}">${escapeHtml(labelled[1])}</a>`;
  }
  let html = "";
  let last = 0;
  for (const match of line.matchAll(WEB_ADDRESS)) {
    html += escapeHtml(line.slice(last, match.index));
    html += `<a href="${escapeHtml(match[0])}">${escapeHtml(match[0])}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(line.slice(last));
}

function toText(blocks: Block[]): string {
  const parts = blocks.map((block) => {
    if ("paragraph" in block) return block.paragraph;
    if ("link" in block) return `${block.link.label}: ${block.link.url}`;
    return block.details.map(([label, value]) => `${label}: ${value}`).join("\n");
  });
  return `${parts.join("\n\n")}\n`;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function toHtml(message: Message): string {
  const body = message.blocks
    .map((block) => {
      if ("paragraph" in block) return `<p>${escapeHtml(block.paragraph).replaceAll("\n", "<br>")}</p>`;
      if ("link" in block) {
        return `<p><a href="${escapeHtml(block.link.url)}">${escapeHtml(block.link.label)}</a></p>`;
      }
      const rows = block.details
        .map(
          ([label, value]) =>
            `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join("");
      return `<table cellpadding="4">${rows}</table>`;
    })
    .join("\n");
  return htmlDocument(message.subject, body);
}

function htmlDocument(subject: string, body: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family: sans-serif; line-height: 1.5">\n${body}\n</body></html>\n`;
}
