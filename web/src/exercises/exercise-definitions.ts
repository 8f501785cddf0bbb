import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../api/client";
import type {
  ExerciseDefinition,
  ExerciseDefinitionInput,
  ExerciseStep,
  ExerciseStepKind,
} from "../api/schema";
import { useSession } from "../auth/session";
import { fieldPathOf } from "../ui/field-message";

export const exerciseStepKinds: readonly ExerciseStepKind[] = [
  "design_doc",
  "code_review",
  "whiteboard",
  "question_thread",
];

export const exerciseStepKindLabels: Record<ExerciseStepKind, string> = {
  design_doc: "Design document",
  code_review: "Code review of a diff",
  whiteboard: "Async whiteboard",
  question_thread: "Question thread",
};

export const MAX_EXERCISE_STEPS = 8;

/** A step as edited: numbers stay text until the exercise is saved, so half-typed values are not lost. */
export interface DraftExerciseStep {
  key: string;
  /** The saved step's id (its URL in the portal); a new step gets one from its title on save. */
  id: string | null;
  kind: ExerciseStepKind;
  title: string;
  brief: string;
  releaseAfterHours: string;
  responseHours: string;
  diff: string;
  answerDelayWorkingHours: string;
  rubricAttributeIds: string[];
}

const definitionPath = (stageId: string) => `/api/v1/plan-stages/${encodeURIComponent(stageId)}/exercise`;

function useDefinitionKey(stageId: string) {
  return ["exercise-definition", useSession().activeOrganization?.id ?? null, stageId] as const;
}

/** The stage's exercise; a 404 means none is defined yet (the editor then offers an example). */
export function useExerciseDefinition(stageId: string) {
  return useQuery({
    queryKey: useDefinitionKey(stageId),
    queryFn: ({ signal }) => apiFetch<ExerciseDefinition>(definitionPath(stageId), { signal }),
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  });
}

export function useSaveExerciseDefinition(stageId: string) {
  const queryClient = useQueryClient();
  const key = useDefinitionKey(stageId);
  return useMutation({
    mutationFn: (input: ExerciseDefinitionInput) =>
      apiFetch<ExerciseDefinition>(definitionPath(stageId), { method: "PUT", body: input }),
    onSuccess: (definition) => queryClient.setQueryData(key, definition),
  });
}

let newStepCount = 0;

export function newDraftStep(kind: ExerciseStepKind, releaseAfterHours = 0): DraftExerciseStep {
  newStepCount += 1;
  return {
    key: `new-step-${newStepCount}`,
    id: null,
    kind,
    title: exerciseStepKindLabels[kind],
    brief: "",
    releaseAfterHours: String(releaseAfterHours),
    responseHours: "32",
    diff: "",
    answerDelayWorkingHours: kind === "question_thread" ? "4" : "",
    rubricAttributeIds: [],
  };
}

export function draftStepFrom(step: ExerciseStep): DraftExerciseStep {
  return {
    key: step.id,
    id: step.id,
    kind: step.kind,
    title: step.title,
    brief: step.brief,
    releaseAfterHours: String(step.releaseAfterHours),
    responseHours: String(step.responseHours),
    diff: step.diff ?? "",
    answerDelayWorkingHours:
      step.answerDelayWorkingHours === null ? "" : String(step.answerDelayWorkingHours),
    rubricAttributeIds: step.rubricAttributeIds,
  };
}

const EXAMPLE_DIFF = `--- a/src/retry.ts
+++ b/src/retry.ts
@@ -1,4 +1,6 @@
 export async function deliver(hook: Hook) {
-  await send(hook);
+  for (let attempt = 0; attempt < 100; attempt++) {
+    await send(hook);
+  }
   return "sent";
 }
`;

/**
 * What an empty stage starts from: three days, a brief, a teammate's change to review and a change
 * of requirements to ask about. Each step is rated on the whole rubric until the manager narrows it.
 */
export function exampleExerciseSteps(): DraftExerciseStep[] {
  return [
    {
      ...newDraftStep("design_doc", 0),
      title: "Design document: outbound webhooks",
      brief:
        "Write a one-page design for **outbound webhooks**: delivery, retries and what a receiver can rely on. State your assumptions and the decisions you would ask the team about.",
    },
    {
      ...newDraftStep("code_review", 24),
      title: "Review the retry worker",
      brief:
        "A teammate opened this pull request. Review it as you would at work: comment on lines and give a verdict.",
      diff: EXAMPLE_DIFF,
    },
    {
      ...newDraftStep("question_thread", 48),
      title: "Change of requirements",
      brief:
        "Product now wants every webhook signed. Ask the team what you need to know; answers arrive as they would in a distributed team.",
      responseHours: "8",
    },
  ];
}

/** "Design document: outbound webhooks" → "design-document-outbound-webhooks", at most 60 characters. */
function kebabOf(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 50)
    .replace(/^-+|-+$/g, "");
}

const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text));
/** An empty box is sent as null (NaN in JSON), so the API names the field instead of taking 0. */
const numberFrom = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export function toDefinitionInput(
  latePolicy: ExerciseDefinitionInput["latePolicy"],
  steps: readonly DraftExerciseStep[],
): ExerciseDefinitionInput {
  const taken = new Set(steps.flatMap((step) => (step.id ? [step.id] : [])));
  return {
    latePolicy,
    steps: steps.map((step) => {
      let id = step.id;
      if (!id) {
        const base = kebabOf(step.title) || kebabOf(step.kind);
        id = base;
        for (let suffix = 2; taken.has(id); suffix += 1) id = `${base}-${suffix}`;
        taken.add(id);
      }
      return {
        id,
        kind: step.kind,
        title: step.title,
        brief: step.brief,
        releaseAfterHours: numberFrom(step.releaseAfterHours),
        responseHours: numberFrom(step.responseHours),
        diff: step.kind === "code_review" ? step.diff : null,
        answerDelayWorkingHours:
          step.kind === "question_thread" ? numberOrNull(step.answerDelayWorkingHours) : null,
        rubricAttributeIds: step.rubricAttributeIds,
      };
    }),
  };
}

/** The API's messages for one step, keyed by field ("title", "diff"…); "steps.2.title" → step 2. */
export function stepErrors(error: unknown, index: number): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const errors: Record<string, string> = {};
  for (const entry of error.fieldErrors) {
    const match = /^steps\.(\d+)\.(\w+)/.exec(fieldPathOf(entry.path));
    const field = match?.[2];
    if (match && Number(match[1]) === index && field && !errors[field]) errors[field] = entry.message;
  }
  return errors;
}
