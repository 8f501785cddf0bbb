import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";

/** Pair programming: making a webhook consumer idempotent, then order-aware after a scripted change. */
export const pairProgrammingKit: KitContent = {
  slug: "pair-programming-webhook-consumer",
  title: "Pair programming: idempotent webhook consumer",
  kind: "pair_programming",
  summary:
    "A 60-minute pairing session on a small provided service that applies payment-provider webhooks to orders. The candidate drives and the interviewer navigates; halfway through, the interviewer introduces a scripted requirement change. Rates collaboration, adapting to the change, code quality, testing habits and communication. Runs onsite on one screen or remotely in the shared pad, in TypeScript, JavaScript or Python.",
  minimumDurationMinutes: 60,
  minimumQuestions: 5,
  competencies: [
    {
      id: "collaboration",
      name: "Collaboration",
      description:
        "Works with the pair: shares intentions, invites and weighs input, and divides work sensibly.",
    },
    {
      id: "adapting-to-change",
      name: "Adapting to changed requirements",
      description:
        "Absorbs a new requirement into existing code deliberately: understands its impact, keeps what still holds, and ships the smallest safe change.",
    },
    {
      id: "code-quality",
      name: "Code quality",
      description:
        "Writes code a reviewer can follow, with logic in one place, explicit edge cases and clear names.",
    },
    {
      id: "testing-habits",
      name: "Testing habits",
      description:
        "Uses tests to pin down behaviour, including the failure cases that motivated the change, and runs them often.",
    },
    {
      id: "communication",
      name: "Communication",
      description: "Makes their thinking visible while coding and reports clearly where the work stands.",
    },
  ],
  questions: [
    {
      id: "orient-in-the-starter",
      type: "exercise",
      prompt:
        "Here is the starter repository. `handleWebhook(event, store)` applies payment-provider events (`order.paid`, `order.refunded`, `order.cancelled`) to an order's status; each event has `id`, `type`, `orderId`, `sequence` and `occurredAt`. Three tests pass. The README quotes the provider: delivery is at least once, and an event may be redelivered for up to 72 hours. First task: make handling idempotent, so a redelivered event has no further effect. Read the code with me and tell me how you would approach it.",
      probes: ["What would you want to know before changing this code?", "Which test would you write first?"],
      competencyIds: ["collaboration", "communication"],
      suggestedMinutes: 8,
    },
    {
      id: "make-handling-idempotent",
      type: "exercise",
      prompt: "Go ahead and implement it. I'm here to help; treat me as a colleague on your team.",
      probes: [
        "What happens if two copies of the same event are handled at the same moment?",
        "How long do you need to remember an event, and what tells you that?",
        "Would a reviewer know what this function does from its name alone?",
      ],
      competencyIds: ["code-quality", "testing-habits", "collaboration"],
      suggestedMinutes: 20,
    },
    {
      id: "events-arrive-out-of-order",
      type: "exercise",
      prompt:
        "Scripted change, read at minute 30 wherever the candidate is: 'We've just learned that the provider doesn't guarantee order. An `order.paid` can arrive after the `order.refunded` for the same order, and it must not move the order back to paid. Each event's `sequence` increases per order.' Adapt the code.",
      probes: [
        "What in your current code helps with this change, and what gets in the way?",
        "Which of your existing tests still describe the behaviour we want?",
        "What is the smallest change you would be comfortable shipping today?",
      ],
      competencyIds: ["adapting-to-change", "testing-habits", "code-quality"],
      suggestedMinutes: 15,
    },
    {
      id: "wrap-up-as-a-pull-request",
      type: "exercise",
      prompt:
        "Suppose this were a pull request. What would you change before asking for review, and what would you leave as a follow-up?",
      probes: [
        "Where could this fail in production in a way our tests wouldn't catch?",
        "What would you write in the pull request description?",
      ],
      competencyIds: ["code-quality", "communication"],
      suggestedMinutes: 7,
    },
    {
      id: "requirements-changed-midway",
      type: "past_behaviour",
      prompt:
        "Tell me about a time the requirements changed after you had started implementing something. What did you do, and what happened?",
      probes: ["What did you throw away, and what did you keep?", "Who did you tell, and how?"],
      competencyIds: ["adapting-to-change", "communication"],
      suggestedMinutes: 5,
    },
  ],
  rubric: [
    {
      id: "collaboration",
      name: "Collaboration",
      competencyId: "collaboration",
      description: "How the candidate works with the interviewer as a pair while solving the task.",
      levels: anchoredLevels([
        "Worked as if alone, overriding or ignoring the interviewer's suggestions without discussion, or waited for the interviewer to dictate each line.",
        "Accepted suggestions when offered but did not invite input; choices such as where to record processed events were made silently.",
        "Proposed an approach and asked for the interviewer's view before coding ('I'd record processed event ids in the store, keyed by id — does that fit how this service runs?'), and took up or declined suggestions with a reason.",
        "Used the interviewer as a real pair: divided work (asked the interviewer to check the README's redelivery window while writing the test), summarised what was agreed before moving on, and asked for a second look at the riskiest part, such as concurrent deliveries.",
      ]),
    },
    {
      id: "adapting-to-change",
      name: "Adapting to changed requirements",
      competencyId: "adapting-to-change",
      description: "How the candidate absorbs the out-of-order requirement into the idempotent code.",
      levels: anchoredLevels([
        "Met the out-of-order requirement by starting again from scratch, or by adding special cases that broke the idempotency tests without noticing.",
        "Adapted the code to use `sequence`, but only after the interviewer pointed at where it fits; existing tests were left failing or deleted without comment.",
        "Restated the new requirement in their own words, said which parts of the current code it touches, stored the last applied sequence per order, and kept the idempotency tests passing.",
        "Noticed that the last applied sequence per order also rejects redelivered events, discussed whether the separate event-id record is still needed (for example for side effects), shipped the smallest safe change and listed what to revisit later.",
      ]),
    },
    {
      id: "code-quality",
      name: "Code quality",
      competencyId: "code-quality",
      description:
        "Whether the code a reviewer would receive is correct, readable and keeps its logic in one place.",
      levels: anchoredLevels([
        "Left code that does not run, or used names that hid what the code does (`doIt`, `data2`, `flag`), so the interviewer could not follow it.",
        "Code worked for the cases tried, but the status-transition logic was duplicated across branches or the duplicate check was tangled into unrelated code paths.",
        "Kept the duplicate and ordering checks in one clearly named function, handled an unknown event type explicitly, and left code that a reviewer could follow without the candidate explaining it.",
        "Made check-and-record a single atomic step or pointed to exactly where it is not (two concurrent deliveries of one event), separated the pure decision ('should this event apply?') from the store update so it can be tested alone, and removed dead code before the wrap-up.",
      ]),
    },
    {
      id: "testing-habits",
      name: "Testing habits",
      competencyId: "testing-habits",
      description:
        "Whether tests capture duplicate and out-of-order deliveries and are run as the code changes.",
      levels: anchoredLevels([
        "Wrote no tests and ran none, or declared the code working without running anything.",
        "Ran the existing tests and added one happy-path test, but tested neither a duplicate delivery nor an out-of-order pair.",
        "Wrote a failing test for a redelivered event before or right after the fix, added a test for an older event arriving after a newer one, and ran the suite after each change.",
        "Named tests after the behaviour they protect ('ignores a paid event older than the refund'), tested the boundary of equal sequence numbers, and said which risk the tests leave uncovered (concurrent deliveries) and how they would test it.",
      ]),
    },
    {
      id: "communication",
      name: "Communication",
      competencyId: "communication",
      description: "Whether the interviewer could follow the candidate's plan and state of work throughout.",
      levels: anchoredLevels([
        "Typed in silence for long stretches and, when asked, could not explain the current step.",
        "Explained when asked but rarely unprompted; the interviewer had to ask what came next after each step.",
        "Said what they were about to do before each step ('first a failing test for a duplicate, then the check'), said when unsure, and answered questions directly.",
        "Kept a short visible plan in a comment or notes and updated it when the requirement changed, and at the wrap-up stated what works, what is unfinished and what the pull request description would say.",
      ]),
    },
  ],
  candidateQuestionsSegment: {
    minutes: 5,
    guidance:
      "Stop coding at minute 55 and say the assessed part is over. Answer the candidate's questions about how the team pairs, reviews and tests, and about the role. Nothing said here is scored.",
  },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    "The candidate drives; you navigate. Do not dictate code. Answer questions about the codebase and the provider truthfully from the README.",
    "If the candidate has been stuck for about three minutes, offer only these hints, in this order, and note each one given: (1) 'Where could we remember which events we have already handled?' (2) 'What does the README say about how long redeliveries can happen?' (3) 'Would a test that sends the same event twice help here?'",
    "Read the requirement change word for word at minute 30 wherever the candidate is. If the first task is unfinished, they may finish it first or switch; record what they chose and why.",
    "Finishing the task is not needed for a rating of 3: rate the behaviours the anchors describe.",
    "Language, editor and tooling familiarity are not rated: the candidate chooses TypeScript, JavaScript or Python, and you answer editor or tooling questions at once.",
    "Onsite, agree at the start who holds the keyboard and sit where you can both read the screen; remote, use the shared pad with code execution and playback on, and replay it when writing evidence notes.",
  ],
};
