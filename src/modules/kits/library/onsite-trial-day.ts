import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";

/** Onsite trial day: a scripted, paid day with the team, observed for behaviour rather than impressions. */
export const onsiteTrialDayKit: KitContent = {
  slug: "trial-day-onsite-observation",
  title: "Onsite trial day: structured observation",
  kind: "trial_day",
  summary:
    "A paid, scripted day working with the team on a sandbox copy of the order service: a small ticket, a design discussion with a scripted disagreement, a code review exchange with one incorrect comment, and a demo. Two trained observers rate communication, conflict resolution and collaboration against behavioural anchors. Technical skill is assessed in other stages, not here.",
  minimumDurationMinutes: 360,
  minimumQuestions: 6,
  competencies: [
    {
      id: "communication",
      name: "Communication",
      description:
        "Clarifies what is needed, keeps others informed without being asked, and explains work so its audience can act on it.",
    },
    {
      id: "conflict-resolution",
      name: "Conflict resolution",
      description:
        "Understands the other position before disagreeing, argues from evidence, and moves a disagreement to a decision without damaging the working relationship.",
    },
    {
      id: "collaboration",
      name: "Collaboration",
      description:
        "Asks for and gives help effectively, shares context and credit, and leaves things better for teammates.",
    },
  ],
  questions: [
    {
      id: "kickoff-with-buddy",
      type: "exercise",
      prompt:
        "The candidate's buddy introduces the day and the ticket: 'Add cursor-based pagination to GET /orders in the sandbox copy of the order service.' The sandbox README states that the production orders table holds 40M rows and that the mobile app calls GET /orders. Buddy: 'Let's plan this together before you start.'",
      probes: [
        "What do you need from the team to get started?",
        "How will you let us know if you get stuck?",
      ],
      competencyIds: ["communication", "collaboration"],
      suggestedMinutes: 30,
    },
    {
      id: "ticket-working-session",
      type: "exercise",
      prompt:
        "The candidate works on the ticket with the team in the room and in the team channel. The buddy checks in at 60 and 120 minutes; observers note who the candidate talks to, about what, and how.",
      probes: [
        "At each check-in: where are you, and is anything blocking you?",
        "At each check-in: what have you decided so far that the team should know?",
      ],
      competencyIds: ["collaboration", "communication"],
      suggestedMinutes: 150,
    },
    {
      id: "scripted-design-disagreement",
      type: "exercise",
      prompt:
        "A design discussion about adding status and date filters to GET /orders. The scripted teammate proposes, word for word from the script: 'Let's load the orders and filter them in the application — we already have the filtering helpers and it keeps the SQL simple.' The teammate defends the proposal once with the script's second line ('it's worked fine in staging'), then responds naturally to what the candidate does.",
      probes: [
        "What would you need to see to change your mind, or to change theirs?",
        "If the two of you still disagree, how would you decide?",
      ],
      competencyIds: ["conflict-resolution", "communication"],
      suggestedMinutes: 45,
    },
    {
      id: "scripted-review-exchange",
      type: "exercise",
      prompt:
        "The buddy reviews the candidate's pull request and leaves the four scripted comments. Three are valid (a missing test for the last page, an unclear variable name, a missing limit on page size); one is wrong: it suggests dropping the index on (created_at, id) 'to speed up writes', although the new pagination query depends on it. The candidate responds to the review.",
      probes: [
        "Which comments will you act on, and which will you push back on?",
        "How would you reply in writing to the comment you disagree with?",
      ],
      competencyIds: ["conflict-resolution", "collaboration"],
      suggestedMinutes: 40,
    },
    {
      id: "end-of-day-demo",
      type: "exercise",
      prompt:
        "The candidate shows the team, including the team's product manager, what they did: what works, what is unfinished, and what they would do next.",
      probes: [
        "What would you tell the person who picks this up tomorrow?",
        "What would you do differently if you started the day again?",
      ],
      competencyIds: ["communication", "collaboration"],
      suggestedMinutes: 20,
    },
    {
      id: "disagreement-with-a-teammate",
      type: "past_behaviour",
      prompt:
        "Tell me about a time you disagreed with a teammate about a technical approach. What was it, what did you do, and how did it end?",
      probes: [
        "What did you do before you said you disagreed?",
        "Looking back, what would you do differently?",
      ],
      competencyIds: ["conflict-resolution", "collaboration"],
      suggestedMinutes: 20,
    },
  ],
  rubric: [
    {
      id: "clarifying-and-status",
      name: "Clarifying the work and reporting status",
      competencyId: "communication",
      description:
        "How the candidate establishes what the ticket needs and keeps the team informed during the day.",
      levels: anchoredLevels([
        "Started the ticket without asking anything and, when blocked, stayed blocked for over an hour without telling anyone; at a check-in could not say what was done or what was blocking.",
        "Asked one or two clarifying questions at kickoff (page size, for example) but guessed at others such as sort order; gave status only when the buddy asked.",
        "At kickoff asked about page size, a stable sort order and whether the mobile app depends on the current response shape, then restated the task; posted a short status in the team channel at least once without being asked.",
        "Wrote the agreed scope and open questions into the ticket or channel at kickoff, raised a risk early ('cursor pagination changes the response shape for the mobile app — who should I check with?'), and posted updates stating what is done, what is next and what is blocked.",
      ]),
    },
    {
      id: "explaining-work",
      name: "Explaining work to others",
      competencyId: "communication",
      description:
        "How the candidate presents the day's work at the demo to engineers and the product manager.",
      levels: anchoredLevels([
        "At the demo could not show what had changed, or read code aloud from the screen; the team could not tell what works.",
        "Showed the change working but explained it only at code level; unfinished parts came out only when a teammate asked.",
        "Opened with what the change means for users of the API, showed it working, said plainly what is unfinished, and answered questions by pointing to specific code or tests.",
        "Addressed each audience (the product manager heard the behaviour change and its effect on the mobile app, engineers heard the design choice), named the trade-off made, and left a written handover note for whoever continues.",
      ]),
    },
    {
      id: "handling-disagreement",
      name: "Handling a design disagreement",
      competencyId: "conflict-resolution",
      description:
        "How the candidate responds to the scripted proposal to filter 40M rows in application memory.",
      levels: anchoredLevels([
        "Went along with the in-memory filtering proposal without raising the table size even when the teammate asked for objections, or rejected it with 'that's wrong' and no reason, or repeatedly talked over the teammate.",
        "Said that loading every order into memory will not scale, but as an assertion without a figure or example, and dropped the point after the teammate's first pushback.",
        "Asked the teammate to explain why they preferred application-side filtering before disagreeing, then named the problem with a figure (40M rows in production) and proposed filtering in the query, and checked that the teammate's concern about reusing helpers was addressed.",
        "Acknowledged the valid part of the proposal, suggested settling it with evidence both could check (a query plan or a quick measurement on the sandbox data), and when disagreement remained proposed a way to decide (write down both options, ask the tech lead) while keeping the exchange friendly.",
      ]),
    },
    {
      id: "responding-to-review",
      name: "Responding to code review",
      competencyId: "conflict-resolution",
      description:
        "How the candidate handles the scripted review, including the incorrect comment about the index.",
      levels: anchoredLevels([
        "Ignored the review comments, or applied all of them including dropping the index the new query relies on, without question.",
        "Applied the valid comments, but pushed back on the incorrect one only with 'I don't agree', or accepted it and voiced a doubt afterwards only in conversation.",
        "Applied the three valid comments, asked the reviewer for their reasoning on the index comment, and replied in writing that the pagination query's sort order needs the index, citing the query or its plan.",
        "Thanked the reviewer for specific catches, replied with a list of what changed and what did not and why, settled the index question with evidence the reviewer could verify, and updated the pull request description so later readers know why the index stays.",
      ]),
    },
    {
      id: "working-with-the-team",
      name: "Working with the team",
      competencyId: "collaboration",
      description:
        "How the candidate asks for and offers help, and shares context and credit during the day.",
      levels: anchoredLevels([
        "Asked no one for help all day despite being stuck on setup for a long time, or repeatedly asked the buddy to do parts of the ticket.",
        "Asked for help when stuck, but without context ('it doesn't work'), so the buddy had to find out what had been tried.",
        "Asked for help after a reasonable attempt and gave context (what was tried, the error, their hypothesis); offered information back when relevant, such as telling the team about a flaky test they hit.",
        "Made help cheap to give (a minimal reproduction or one precise question), credited teammates' contributions by name at the demo, and left something useful behind, such as a fix to the setup instructions they had struggled with.",
      ]),
    },
  ],
  candidateQuestionsSegment: {
    minutes: 30,
    guidance:
      "Thirty minutes at the end of the day with team members who are not observers, for the candidate to ask about the team, the work model, on-call and the role. Observers are not present, and nothing said here is scored or reported back.",
  },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    "The trial day is paid, and the candidate is told in advance what the day contains and which parts are observed.",
    "Two trained observers rate independently. Neither plays the buddy or the scripted teammate, because those roles cannot take notes while playing them.",
    "The scripted teammate and the reviewer use the written script word for word with every candidate, including the flawed in-memory proposal and the incorrect comment about the index.",
    "Note each observation with the time and what was said or done. Lunch, breaks and small talk are not observed or rated, and notes never mention appearance, accent, age, clothing or personal life.",
    "Never write 'culture fit', 'vibe', 'gut feeling' or 'would enjoy working with them'. If you cannot point to an observed behaviour in the anchors, rate 1 and write 'no evidence observed'.",
    "Progress on the ticket and code quality are not rated on this day; rate only communication, conflict resolution and collaboration.",
  ],
};
