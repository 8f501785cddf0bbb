import { validateKitContent } from "../../../src/modules/kits/kit-schema";
import type { KitCompetency, KitContent, KitQuestion, RubricAttribute } from "../api/schema";

/**
 * The kit being edited and what the server would say about it. The editor validates with the
 * server's own schema (imported, not copied), so a message shown while typing is the message a
 * save would get, and a kit the editor accepts is a kit the server accepts.
 */
export interface KitProblems {
  /** Messages by dot-separated path (`questions.0.prompt`), as the schema reports them. */
  byPath: Map<string, string[]>;
  count: number;
}

export function checkKit(draft: KitContent): KitProblems {
  const result = validateKitContent(draft);
  const byPath = new Map<string, string[]>();
  if (result.ok) return { byPath, count: 0 };
  for (const problem of result.problems) {
    byPath.set(problem.path, [...(byPath.get(problem.path) ?? []), readableMessage(problem.message)]);
  }
  return { byPath, count: result.problems.length };
}

/** zod's own wording for types and sizes, said the way the rest of the form speaks. */
function readableMessage(message: string): string {
  if (/expected number, received NaN|expected number/i.test(message)) return "must be a number";
  if (/expected int/i.test(message)) return "must be a whole number";
  if (/Too small: expected number to be >0/i.test(message)) return "must be more than 0";
  if (/Too small: expected number to be >=1/i.test(message)) return "must be at least 1";
  if (/Too small: expected array to have >=1/i.test(message)) return "needs at least one";
  return message;
}

/** The message for one field, joined when the schema has several. */
export function problemAt(problems: KitProblems, path: string): string | undefined {
  const messages = problems.byPath.get(path);
  return messages ? messages.join("; ") : undefined;
}

/** Problems of a path and everything under it that no field shows (e.g. a list as a whole). */
export function problemsOwnedBy(problems: KitProblems, path: string, shownPaths: Set<string>): string[] {
  return [...problems.byPath.entries()]
    .filter(([problemPath]) => problemPath === path && !shownPaths.has(problemPath))
    .flatMap(([, messages]) => messages);
}

/** A copy changed by `edit`, so React sees a new kit and the original stays for comparison. */
export function editKit(draft: KitContent, edit: (kit: KitContent) => void): KitContent {
  const copy = structuredClone(draft);
  edit(copy);
  return copy;
}

/** The item at `index`, which the editor only asks for when it rendered it. */
export function itemAt<T>(list: T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`No item ${index} in a list of ${list.length}`);
  return item;
}

/** A kebab-case id not yet used in the list, so a new item starts valid on that field. */
export function freshId(prefix: string, taken: { id: string }[]): string {
  const used = new Set(taken.map((item) => item.id));
  for (let n = taken.length + 1; ; n++) {
    const id = `${prefix}-${n}`;
    if (!used.has(id)) return id;
  }
}

export function blankCompetency(kit: KitContent): KitCompetency {
  return { id: freshId("competency", kit.competencies), name: "", description: "" };
}

export function blankQuestion(kit: KitContent): KitQuestion {
  return {
    id: freshId("question", kit.questions),
    type: "situational",
    prompt: "",
    probes: [""],
    competencyIds: kit.competencies[0] ? [kit.competencies[0].id] : [],
    suggestedMinutes: 10,
  };
}

export function blankAttribute(kit: KitContent): RubricAttribute {
  return {
    id: freshId("attribute", kit.rubric),
    name: "",
    competencyId: kit.competencies[0]?.id ?? "",
    description: "",
    levels: [
      { level: 1, label: "Not shown", anchor: "" },
      { level: 2, label: "Partly shown", anchor: "" },
      { level: 3, label: "Shown", anchor: "" },
      { level: 4, label: "Shown strongly", anchor: "" },
    ],
  };
}

/** Minutes the kit plans: the questions' suggestions plus the candidate-questions segment. */
export function plannedMinutes(kit: KitContent): number {
  return (
    kit.questions.reduce((total, question) => total + (question.suggestedMinutes || 0), 0) +
    (kit.candidateQuestionsSegment.minutes || 0)
  );
}

/** Moves an item one place up or down, leaving the list unchanged at its ends. */
export function move<T>(list: T[], index: number, by: -1 | 1): void {
  const target = index + by;
  if (target < 0 || target >= list.length) return;
  const [item] = list.splice(index, 1);
  if (item !== undefined) list.splice(target, 0, item);
}

/** A kit read from JSON someone pasted or chose: an object, or a message saying why not. */
export function parseKitJson(text: string): { kit: KitContent } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      error: `The text is not valid JSON: ${error instanceof Error ? error.message : "parse error"}.`,
    };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { error: "The JSON must be one kit: an object with slug, title, questions and the rest." };
  }
  // Missing lists become empty ones so the visual editor can show the kit and say what is missing.
  const candidate = parsed as Partial<KitContent>;
  const kit = {
    ...candidate,
    competencies: listOf(candidate.competencies).map(objectOf),
    questions: listOf(candidate.questions)
      .map(objectOf)
      .map((question) => ({
        ...question,
        probes: listOf(question.probes),
        competencyIds: listOf(question.competencyIds),
      })),
    rubric: listOf(candidate.rubric)
      .map(objectOf)
      .map((attribute) => ({ ...attribute, levels: listOf(attribute.levels).map(objectOf) })),
    interviewerGuidance: listOf(candidate.interviewerGuidance),
    candidateQuestionsSegment: objectOf(candidate.candidateQuestionsSegment),
  } as KitContent;
  return { kit };
}

function listOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

// biome-ignore lint/suspicious/noExplicitAny: a pasted item is checked by the schema, not here
function objectOf(value: unknown): any {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}
