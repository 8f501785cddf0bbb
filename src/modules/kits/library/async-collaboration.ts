import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";

/** Remote async collaboration: a three-day written exercise around adding outbound webhooks. */
export const asyncCollaborationKit: KitContent = {
  slug: "async-collaboration-outbound-webhooks",
  title: "Remote async collaboration: outbound webhooks",
  kind: "async_collaboration",
  summary:
    "A multi-day exercise, about four hours of work spread over three working days, simulating a distributed team adding outbound webhooks with retries to an order service: a written design doc, a review of a provided pull request with planted defects, and an async whiteboard handover. Scripted reviewer, author and teammate messages arrive at fixed times. Rates written clarity, async habits (stating assumptions, decisions and next steps), responsiveness within agreed windows, and review quality.",
  minimumDurationMinutes: 240,
  minimumQuestions: 4,
  competencies: [
    {
      id: "written-clarity",
      name: "Written clarity",
      description: "Writes so that a teammate in another time zone can understand and act without a call.",
    },
    {
      id: "async-habits",
      name: "Async habits",
      description:
        "States assumptions, records decisions with their reasons, ends threads with next steps, and unblocks work without waiting for a meeting.",
    },
    {
      id: "responsiveness",
      name: "Responsiveness within agreed windows",
      description:
        "Replies within the response windows agreed at kickoff and says so early when a reply will take longer.",
    },
    {
      id: "review-quality",
      name: "Review quality",
      description:
        "Finds the defects that matter in a change, explains their impact, proposes fixes and separates blocking from optional.",
    },
  ],
  questions: [
    {
      id: "webhook-design-doc",
      type: "exercise",
      prompt:
        "Day 1. Using the provided context document (the order service's architecture, event volumes, and two open product questions), write a design doc of at most two pages for sending outbound webhooks to customers' endpoints, with retries. Post it in the exercise workspace by the end of your first working day.",
      probes: [
        "Scripted reviewer comment, posted on day 2: 'What happens to deliveries still being retried for a customer who disables their endpoint?'",
        "Scripted reviewer comment, posted on day 2: 'You assume at-least-once delivery. Can customers rely on the order of events?'",
      ],
      competencyIds: ["written-clarity", "async-habits", "responsiveness"],
      suggestedMinutes: 100,
    },
    {
      id: "retry-worker-pr-review",
      type: "exercise",
      prompt:
        "Day 2. Review the provided pull request (about 180 lines) that adds the retry worker for outbound webhooks. Leave review comments as you would for a colleague, and finish with a review decision.",
      probes: [
        "Scripted author reply on the 4xx-retry line: 'I disagree — retrying 4xx responses is harmless, the customer will fix their endpoint eventually.'",
        "Scripted author question: 'Which of these do I have to fix before merging, and which can wait?'",
      ],
      competencyIds: ["review-quality", "written-clarity", "responsiveness"],
      suggestedMinutes: 60,
    },
    {
      id: "async-whiteboard-handover",
      type: "exercise",
      prompt:
        "Days 2–3. On the shared whiteboard, a teammate has drawn the delivery flow for one webhook with no failure path. Extend it to show retries, backoff and dead-lettering, and leave notes so the teammate can continue tomorrow without a call.",
      probes: [
        "Scripted teammate note on the board, day 3: 'Where does the retry state live between attempts?'",
        "Scripted teammate note on the board, day 3: 'What's still undecided here, and who decides it?'",
      ],
      competencyIds: ["async-habits", "written-clarity"],
      suggestedMinutes: 45,
    },
    {
      id: "silent-product-manager",
      type: "situational",
      prompt:
        "Day 2, answered in writing. You posted a blocking question to the product manager, who is nine hours ahead of you, and a full working day later there is no reply. The final design doc is due tomorrow. Write the message you would post, and describe what you would do meanwhile.",
      probes: [
        "What would you decide on your own, and where would you record it?",
        "How would you make that decision easy to reverse?",
      ],
      competencyIds: ["async-habits", "responsiveness"],
      suggestedMinutes: 15,
    },
  ],
  rubric: [
    {
      id: "design-doc-clarity",
      name: "Design doc clarity",
      competencyId: "written-clarity",
      description:
        "Whether a teammate could understand, review and implement the webhook design from the doc alone.",
      levels: anchoredLevels([
        "The doc is missing, or its first page states neither the problem nor the proposal, so a reader cannot tell what is proposed for retries without reading everything.",
        "States the proposal, but context, options and decisions are mixed together; terms such as 'delivery' and 'attempt' are used inconsistently, and reviewers had to ask things the doc should answer.",
        "Opens with the problem and the proposal in a few sentences, then context, options considered, decision and open questions under headings; defines terms once and uses them consistently; gives the retry schedule as concrete numbers.",
        "Could be implemented from as written: includes a diagram of a delivery's states, the failure cases (an endpoint down for a day, an endpoint disabled mid-retry) with their handling, and a 'not in scope' list; the day-2 reviewer questions led to revisions of the doc, not only replies in comments.",
      ]),
    },
    {
      id: "assumptions-decisions-next-steps",
      name: "Assumptions, decisions and next steps",
      competencyId: "async-habits",
      description:
        "Whether the candidate's writing makes assumptions, decisions and next steps explicit so others can work without a meeting.",
      levels: anchoredLevels([
        "Questions and comments lack context ('what about retries?' with nothing on what was considered), and decisions are made in private messages or not recorded anywhere a teammate would find them.",
        "States some assumptions in the doc, but decisions reached in comment threads are not carried back into the doc, and messages end without saying what happens next.",
        "Labels assumptions explicitly ('Assumption: customers tolerate out-of-order events'), records each decision with its reason in the doc, and ends threads with next steps and owners; the blocking question to the product manager is self-contained and proposes a default answer.",
        "Unblocks without waiting: picks a reversible default for the unanswered product question, records it as a decision to revisit by a stated date, and tells the product manager in one message what was chosen and how to overturn it; one summary post lets someone who missed two days catch up.",
      ]),
    },
    {
      id: "responsiveness",
      name: "Responsiveness within agreed windows",
      competencyId: "responsiveness",
      description:
        "Whether scripted messages were answered within the windows agreed with the candidate at kickoff, judged only against those windows.",
      levels: anchoredLevels([
        "Left several scripted messages unanswered past the agreed window without any notice, and missed the design doc deadline without a message.",
        "Answered most scripted messages within the agreed windows, but left one past its window without acknowledging it.",
        "Answered every scripted reviewer, author and teammate message within the agreed window, and where a full answer needed longer, acknowledged within the window and said when the answer would come.",
        "Set expectations at kickoff (working hours, when the doc would be posted), met them or updated them before they lapsed, and when a delay was coming posted a revised time ahead of the window.",
      ]),
    },
    {
      id: "pr-review-quality",
      name: "Pull request review quality",
      competencyId: "review-quality",
      description:
        "Whether the review of the retry-worker pull request finds the planted defects, explains impact, proposes fixes and handles pushback.",
      levels: anchoredLevels([
        "Approved the pull request without comments on any planted defect, or commented only on naming and formatting.",
        "Found one or two planted defects (for example the signing secret in the debug log) but without saying why they matter or how to fix them, or flagged the correct batching code as a bug.",
        "Found at least three of the five planted defects, explained the impact of each and suggested a fix, and marked which ones block merging.",
        "Found four or more planted defects with impact and fixes, asked about the unusual batching as a question instead of calling it wrong, answered the author's 4xx pushback with a concrete case (a 410 from a deleted endpoint retried for days), and summarised the review in a top-level comment.",
      ]),
    },
  ],
  candidateQuestionsSegment: {
    minutes: 20,
    guidance:
      "At the end of day 3, offer a 20-minute video call or a written Q&A thread, as the candidate prefers, with an engineer from the team who is not a rater. The candidate asks about the team, its async practices, time zones and the role. Nothing is scored or reported back.",
  },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    "At kickoff, agree response windows with the candidate in writing, inside their stated working hours (for example: replies within one working day, the design doc by the end of their first day). Rate responsiveness only against those agreed windows, never against your own hours.",
    "Tell the candidate the exercise is capped at about four hours of work across three working days. Do not rate length, extra effort or activity outside their stated hours: unbounded effort favours candidates without caregiving duties or a current job.",
    "Post each scripted message word for word at its scheduled time, in the morning of the candidate's working day. Post the author's 4xx reply on the candidate's comment about 4xx retries if there is one, otherwise as a new comment on that line.",
    "Rate the written work blind, with the candidate's name and profile hidden.",
    "Do not rate idiom, spelling or non-native phrasing unless it changes the meaning; rate whether a teammate could act on the writing.",
    "Planted defects in the pull request, for raters only: 4xx responses are retried forever; the backoff has no jitter; the webhook signing secret is written to a debug log; a test sleeps 30 real seconds; retried POSTs carry no idempotency key, so customers may process an event twice. Batching deliveries per endpoint is unusual but correct.",
  ],
};
