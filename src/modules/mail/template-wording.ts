import { AppError, type FieldError } from "../../platform/errors.ts";

/**
 * The candidate-facing emails an organisation may word in its own voice. Each has a built-in
 * wording (what Evident sends unless told otherwise) written as plain text with `{{variable}}`
 * placeholders from its own list; blank lines separate paragraphs, and a paragraph of the form
 * "Label: https://…" becomes a link in the HTML part. Every filled-in value is escaped there.
 */
export const customizableTemplates = [
  "decision_hire",
  "decision_no_hire",
  "rejection",
  "interview_scheduled",
  "stage_invitation",
] as const;

export type CustomizableTemplate = (typeof customizableTemplates)[number];

export interface TemplateVariableSpec {
  name: string;
  description: string;
  /** Shown in the preview when no value is given. */
  sample: string;
  /** A link the email exists to deliver; the wording may not drop it. */
  isRequired: boolean;
}

export interface TemplateWording {
  subject: string;
  body: string;
}

export interface TemplateDefinition {
  label: string;
  description: string;
  variables: TemplateVariableSpec[];
  wording: TemplateWording;
}

const candidateName: TemplateVariableSpec = {
  name: "candidateName",
  description: "The candidate's full name",
  sample: "Ada Lovelace",
  isRequired: false,
};
const organizationName: TemplateVariableSpec = {
  name: "organizationName",
  description: "Your organisation's name",
  sample: "Acme Labs",
  isRequired: false,
};
const roleTitle: TemplateVariableSpec = {
  name: "roleTitle",
  description: "The title of the role applied for",
  sample: "Backend Engineer",
  isRequired: false,
};
const stageName: TemplateVariableSpec = {
  name: "stageName",
  description: "The name of the hiring-plan stage",
  sample: "System design",
  isRequired: false,
};
const portalLink: TemplateVariableSpec = {
  name: "portalLink",
  description: "The link to the candidate portal of your organisation",
  sample: "https://evident.example/portal?org=acme-labs",
  isRequired: true,
};

const signature = "Kind regards,\nThe hiring team at {{organizationName}}";
const portalParagraphs =
  "You can see the status of your applications in your candidate portal:\n\nOpen your candidate portal: {{portalLink}}";

export const templateDefinitions: Record<CustomizableTemplate, TemplateDefinition> = {
  decision_hire: {
    label: "Decision: hire",
    description: "The offer email, drafted when a hire decision is recorded.",
    variables: [candidateName, organizationName, roleTitle, portalLink],
    wording: {
      subject: "Your application for {{roleTitle}} at {{organizationName}}",
      body: `Hello {{candidateName}},\n\nThank you for the time and care you gave to our process for the role {{roleTitle}}. We are glad to tell you that we would like to offer you the position. A member of the hiring team will contact you shortly about the next steps.\n\n${portalParagraphs}\n\n${signature}`,
    },
  },
  decision_no_hire: {
    label: "Decision: no hire",
    description: "Drafted when a no-hire decision is recorded at the end of the process.",
    variables: [candidateName, organizationName, roleTitle, portalLink],
    wording: {
      subject: "Your application for {{roleTitle}} at {{organizationName}}",
      body: `Hello {{candidateName}},\n\nThank you for the time and care you gave to our process for the role {{roleTitle}}. After careful consideration we have decided not to move forward with your application. This was not an easy decision, and we appreciate your interest in {{organizationName}}.\n\n${portalParagraphs}\n\n${signature}`,
    },
  },
  rejection: {
    label: "Rejection",
    description: "Offered when an application is rejected from the pipeline, before a final decision.",
    variables: [candidateName, organizationName, roleTitle, portalLink],
    wording: {
      subject: "Your application for {{roleTitle}} at {{organizationName}}",
      body: `Hello {{candidateName}},\n\nThank you for your interest in the role {{roleTitle}} and for the time you gave to our process. After careful consideration we have decided not to move forward with your application. We appreciate your interest in {{organizationName}} and wish you well in your search.\n\n${portalParagraphs}\n\n${signature}`,
    },
  },
  interview_scheduled: {
    label: "Interview scheduled",
    description:
      'Sent to the candidate when an interview is scheduled. A reschedule sends the same wording, with "Rescheduled:" before the subject and a line saying the interview moved.',
    variables: [
      candidateName,
      organizationName,
      roleTitle,
      stageName,
      {
        name: "when",
        description: "Date and time in the candidate's time zone",
        sample: "Thursday 8 January 2026 at 10:00 GMT+01:00 (Europe/Lisbon)",
        isRequired: true,
      },
      { name: "duration", description: "The interview's length", sample: "60 minutes", isRequired: false },
      {
        name: "where",
        description: "The room on site, or the video link for a remote interview",
        sample: "Remote, video link: https://meet.example/abc",
        isRequired: true,
      },
      portalLink,
    ],
    wording: {
      subject: "Your {{stageName}} interview with {{organizationName}}",
      body: `Hello {{candidateName}},\n\nYour {{stageName}} interview for the role {{roleTitle}} is scheduled.\n\nWhen: {{when}}\nDuration: {{duration}}\nWhere: {{where}}\n\nYour candidate portal shows all your upcoming interviews:\n\nOpen your candidate portal: {{portalLink}}\n\n${signature}`,
    },
  },
  stage_invitation: {
    label: "Stage invitation",
    description:
      "Sent once when an application enters a challenge, exercise or interview stage, with a sign-in link to the portal.",
    variables: [
      candidateName,
      organizationName,
      roleTitle,
      stageName,
      {
        name: "stageDescription",
        description:
          "What the stage asks of the candidate (a challenge and its deadline, an exercise, an interview)",
        sample:
          "Your application for the role Backend Engineer has moved to the next stage: Take-home. It is a coding challenge you take in your candidate portal, at a time that suits you.",
        isRequired: false,
      },
      {
        name: "signInLink",
        description: "A sign-in link to the portal that works once",
        sample: "https://evident.example/portal/sign-in?token=…",
        isRequired: true,
      },
      {
        name: "linkExpiresAt",
        description: "When the sign-in link stops working",
        sample: "Thursday 8 January 2026 at 10:00 GMT (UTC)",
        isRequired: false,
      },
    ],
    wording: {
      subject: "Next step for {{roleTitle}} at {{organizationName}}: {{stageName}}",
      body: `Hello {{candidateName}},\n\n{{stageDescription}}\n\nOpen your candidate portal: {{signInLink}}\n\nThe link signs you in to your candidate portal. It works once and until {{linkExpiresAt}}; afterwards you can ask for a new one on the portal's sign-in page with your email address.\n\n${signature}`,
    },
  },
};

export function isCustomizableTemplate(value: string): value is CustomizableTemplate {
  return (customizableTemplates as readonly string[]).includes(value);
}

type Piece = { text: string } | { variable: string };

/**
 * Splits wording into text and `{{name}}` placeholders. Answers the first problem instead when
 * braces do not pair up: a `{{` without its `}}`, a `}}` without its `{{`, or an empty name.
 */
function parsePlaceholders(source: string): { pieces: Piece[] } | { problem: string } {
  const pieces: Piece[] = [];
  let rest = source;
  while (rest.length > 0) {
    const open = rest.indexOf("{{");
    const close = rest.indexOf("}}");
    if (close !== -1 && (open === -1 || close < open)) {
      return { problem: `a "}}" without its "{{" near "${excerpt(rest, close)}"` };
    }
    if (open === -1) {
      pieces.push({ text: rest });
      break;
    }
    if (open > 0) pieces.push({ text: rest.slice(0, open) });
    const end = rest.indexOf("}}", open + 2);
    const nextOpen = rest.indexOf("{{", open + 2);
    if (end === -1 || (nextOpen !== -1 && nextOpen < end)) {
      return { problem: `a "{{" without its "}}" near "${excerpt(rest, open)}"` };
    }
    const name = rest.slice(open + 2, end).trim();
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
      return {
        problem: `"{{${rest.slice(open + 2, end)}}}" is not a variable name (letters and digits only)`,
      };
    }
    pieces.push({ variable: name });
    rest = rest.slice(end + 2);
  }
  return { pieces };
}

function excerpt(text: string, at: number): string {
  return text.slice(Math.max(0, at - 10), at + 12).replaceAll("\n", " ");
}

/**
 * Refuses wording Evident could not fill in: braces that do not pair up, a variable the template
 * does not know, or a required link left out. Each refusal names the field and the variable.
 */
export function checkWording(template: CustomizableTemplate, wording: TemplateWording): void {
  const definition = templateDefinitions[template];
  const known = new Set(definition.variables.map((variable) => variable.name));
  const knownList = definition.variables.map((variable) => `{{${variable.name}}}`).join(", ");
  const used = new Set<string>();
  for (const field of ["subject", "body"] as const) {
    const parsed = parsePlaceholders(wording[field]);
    if ("problem" in parsed) {
      throw wordingError(field, `The ${field} has ${parsed.problem}.`, "unbalanced braces");
    }
    for (const piece of parsed.pieces) {
      if (!("variable" in piece)) continue;
      if (!known.has(piece.variable)) {
        throw wordingError(
          field,
          `The ${field} uses {{${piece.variable}}}, which the ${definition.label} email does not know; it knows ${knownList}.`,
          `unknown variable ${piece.variable}`,
        );
      }
      used.add(piece.variable);
    }
  }
  for (const variable of definition.variables) {
    if (variable.isRequired && !used.has(variable.name)) {
      throw wordingError(
        "body",
        `The ${definition.label} email must keep {{${variable.name}}} (${variable.description.toLowerCase()}); without it the candidate cannot act on the email.`,
        `required variable ${variable.name} missing`,
      );
    }
  }
}

function wordingError(path: "subject" | "body", detail: string, message: string): AppError {
  const fieldErrors: FieldError[] = [{ path, message }];
  return new AppError("bad_request", detail, { fieldErrors });
}

/** Fills the placeholders; the wording was checked when it was stored (or is built in). */
export function fillWording(
  wording: TemplateWording,
  values: Record<string, string>,
): { subject: string; text: string } {
  const fill = (source: string) => {
    const parsed = parsePlaceholders(source);
    if ("problem" in parsed) return source;
    return parsed.pieces
      .map((piece) => ("text" in piece ? piece.text : (values[piece.variable] ?? "")))
      .join("");
  };
  // A subject is one line, whatever a value holds.
  const subject = fill(wording.subject)
    .replaceAll(/\s*\n\s*/g, " ")
    .trim();
  const text = `${fill(wording.body).replaceAll("\r\n", "\n").trim()}\n`;
  return { subject, text };
}

/** The sample values of a template's variables, for the preview. */
export function sampleValues(template: CustomizableTemplate): Record<string, string> {
  return Object.fromEntries(
    templateDefinitions[template].variables.map((variable) => [variable.name, variable.sample]),
  );
}
