import type { KitContent } from "../kit-schema.ts";

type Competency = KitContent["competencies"][number];

/**
 * The seven areas every system-design kit rates. Each kit rates each area with its own
 * problem-specific anchors; the competency definitions are shared so scores compare across kits.
 */
export const SYSTEM_DESIGN_COMPETENCIES: readonly Competency[] = [
  {
    id: "requirements-scoping",
    name: "Requirements and scoping",
    description:
      "Finds out what the system must do and at what scale before designing, turns answers into estimates, and agrees what is out of scope.",
  },
  {
    id: "api-design",
    name: "API design",
    description:
      "Defines interfaces whose operations, status codes, identifiers and retry semantics match how clients actually use the system.",
  },
  {
    id: "data-model",
    name: "Data model",
    description:
      "Chooses entities, keys, storage and invariants that fit the access patterns and correctness requirements.",
  },
  {
    id: "scaling-performance",
    name: "Scaling and performance",
    description:
      "Finds the bottlenecks at the stated load and removes them with sized, justified mechanisms.",
  },
  {
    id: "reliability-failure-modes",
    name: "Reliability and failure modes",
    description:
      "Anticipates how components fail, decides what users experience when they do, and plans detection and recovery.",
  },
  {
    id: "trade-off-reasoning",
    name: "Trade-off reasoning",
    description:
      "Compares alternatives against this system's requirements and states what each choice costs.",
  },
  {
    id: "communication",
    name: "Communication",
    description:
      "Structures the discussion, explains decisions so the interviewer can follow them, and responds to probes directly.",
  },
];

/** Guidance shared by the system-design kits, on top of the structured-interview rules. */
export const SYSTEM_DESIGN_GUIDANCE = [
  "Give the figures listed in the first question only when the candidate asks for them, and give every candidate who asks the same figures; volunteering them changes what the scoping attribute measures.",
  "Keep to the suggested minutes and move on with the next question even if the current part is unfinished, so every candidate reaches the situational questions; note where you moved on.",
  "Rate what the candidate says and draws on the shared whiteboard, not how neat the diagram is or which named products they know; a correct mechanism described without a product name counts in full.",
  "If the candidate asks a question the kit does not answer, say 'your choice — state your assumption' rather than inventing a figure.",
] as const;

/** Candidate-questions segment used by every 60-minute system-design kit. */
export const SYSTEM_DESIGN_CANDIDATE_SEGMENT: KitContent["candidateQuestionsSegment"] = {
  minutes: 5,
  guidance:
    "Stop the design discussion at the 55-minute mark and tell the candidate the assessed part is over. Answer their questions about the team, the systems they would work on, on-call and the work model honestly. Nothing said here is scored.",
};
