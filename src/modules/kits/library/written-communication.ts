import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";

/** Written communication: three writing tasks rated on features of the text itself. */
export const writtenCommunicationKit: KitContent = {
  slug: "written-communication-rubric",
  title: "Written communication",
  kind: "written_communication",
  summary:
    "Three timed writing tasks from a backend engineer's week: an incident update for non-engineers, a one-page decision record, and a runbook rewrite for an on-call engineer at 3 a.m., each followed by short scripted written follow-ups. Rated blind on structure, clarity, precision, audience awareness and brevity, with every rating citing a concrete feature of the text.",
  minimumDurationMinutes: 90,
  minimumQuestions: 3,
  competencies: [
    {
      id: "structure",
      name: "Structure",
      description: "Orders the text so the reader gets the main point first and can find the rest.",
    },
    {
      id: "clarity",
      name: "Clarity",
      description: "Writes sentences a reader understands on first reading, without undefined jargon.",
    },
    {
      id: "precision",
      name: "Precision",
      description:
        "States facts accurately and specifically, with units, times and the difference between known and unknown.",
    },
    {
      id: "audience-awareness",
      name: "Audience awareness",
      description: "Chooses content and vocabulary for what this reader knows and needs to do.",
    },
    {
      id: "brevity",
      name: "Brevity",
      description: "Says what the reader needs within the space given, and no more.",
    },
  ],
  questions: [
    {
      id: "incident-status-update",
      type: "exercise",
      prompt:
        "From the provided incident material (a chat log, two graphs and the deploy record: a configuration deploy at 14:00 UTC caused 12% of checkout attempts to fail from 14:02 to 14:49 UTC; some customers were charged twice and refunds are being issued), write the update for the company-wide incidents channel, for readers who are not engineers. At most 200 words.",
      probes: [
        "Written follow-up after submission: 'Customer support asks: should customers who saw an error retry their payment?' Reply in at most three sentences.",
        "Written follow-up: 'The CTO asks why this wasn't caught in staging.' Reply to her.",
      ],
      competencyIds: ["structure", "precision", "audience-awareness", "brevity"],
      suggestedMinutes: 35,
    },
    {
      id: "session-store-decision-record",
      type: "exercise",
      prompt:
        "Write a one-page decision record choosing between the two options in the brief for storing web sessions: a new Redis cluster or the existing PostgreSQL database. The brief gives traffic, latency and operating figures for each. Write for the engineers who will maintain the system in two years.",
      probes: [
        "Written follow-up: 'A reviewer asks what would make us revisit this decision.' Add your answer to the record.",
        "Written follow-up: 'Summarise the decision in one sentence for the engineering newsletter.'",
      ],
      competencyIds: ["structure", "clarity", "precision", "audience-awareness"],
      suggestedMinutes: 35,
    },
    {
      id: "runbook-rewrite",
      type: "exercise",
      prompt:
        "Rewrite the provided 400-word runbook step for rebuilding a database replica so that an on-call engineer woken at 3 a.m. can follow it without help.",
      probes: [
        "Written follow-up: 'Which sentence of the original did you cut, and why?'",
        "Written follow-up: 'Which step is most likely to go wrong, and how does your version prevent that?'",
      ],
      competencyIds: ["clarity", "brevity", "audience-awareness"],
      suggestedMinutes: 15,
    },
  ],
  rubric: [
    {
      id: "structure",
      name: "Structure",
      competencyId: "structure",
      description:
        "Whether each text puts the main point first and is organised so a reader can find what they need.",
      levels: anchoredLevels([
        "The incident update opens with a chronological retelling of the chat log, and customer impact appears, if at all, in the last paragraph; paragraphs mix unrelated points.",
        "The texts have a beginning, middle and end, but the main point (what happened, whether it is over, what was decided) sits in the second or third paragraph; headings or lists, where used, group unrelated items.",
        "Leads with the conclusion: the first two sentences of the incident update give impact, duration and current status; the decision record runs context, options, decision, consequences in that order; each paragraph has one topic.",
        "Each text can be scanned: headings or bold lead-ins mirror the reader's questions ('Are customers still affected?'); the runbook uses numbered steps with one action and one check each; a reader who stops after the decision record's first paragraph still knows the decision and why.",
      ]),
    },
    {
      id: "clarity",
      name: "Clarity",
      competencyId: "clarity",
      description: "Whether sentences are understood on first reading and terms are explained.",
      levels: anchoredLevels([
        "Several sentences need rereading to parse, and undefined internal jargon and acronyms appear throughout (such as 'the CFG push on the EU PGB').",
        "Mostly readable, but some sentences run past 40 words or stack qualifications, and at least one acronym or internal name is used without explanation.",
        "Sentences are short, in active voice with a named actor ('A configuration change disabled payment retries'); acronyms are expanded or replaced on first use; each runbook step says exactly what to type or click.",
        "A reader outside engineering could act on the incident update without a follow-up question; vague words from the source material ('soon', 'mostly fixed') are replaced with concrete statements; the runbook shows the expected output wherever a step could be misread.",
      ]),
    },
    {
      id: "precision",
      name: "Precision",
      competencyId: "precision",
      description: "Whether facts match the source material and carry their units, times and certainty.",
      levels: anchoredLevels([
        "States facts that contradict the provided material (wrong duration, error rate or cause), or gives no figures at all.",
        "Gives figures but incompletely: a duration without start and end times, a percentage without saying of what, or times without a time zone.",
        "Quotes the source figures accurately with units and context ('12% of checkout attempts failed between 14:02 and 14:49 UTC, 47 minutes') and separates what is known from what is still being investigated.",
        "Labels confirmed facts, estimates and unknowns separately and says when the next update will come; the decision record compares the options using the brief's figures and states the measurable conditions under which to revisit the decision.",
      ]),
    },
    {
      id: "audience-awareness",
      name: "Audience awareness",
      competencyId: "audience-awareness",
      description: "Whether each text gives its particular reader what they know and need to act.",
      levels: anchoredLevels([
        "Gives non-engineering readers stack traces, internal service names or blame of named individuals, or answers the CTO with basics she already knows while skipping her question.",
        "Content is mostly suitable, but the incident update explains the configuration mechanism to support staff without telling them what to say to customers.",
        "Each text answers its reader's need: the incident update tells support whether customers must retry payments; the decision record supplies context a maintainer in two years will lack; follow-up replies answer the question asked in their first sentence.",
        "Answers each audience's next question before it is asked (support: what to tell customers charged twice; the CTO: what prevents a recurrence and by when), and keeps a blameless tone about the deploy while still naming the gap that let it through.",
      ]),
    },
    {
      id: "brevity",
      name: "Brevity",
      competencyId: "brevity",
      description: "Whether each text stays within its limit and every sentence earns its place.",
      levels: anchoredLevels([
        "Exceeds the limits by far (the one-page decision record runs to three pages) or repeats the same point several times.",
        "Within the limits overall, but includes material the reader does not need, such as a minute-by-minute timeline in the company-wide update or the options restated twice.",
        "Keeps every text within its limit and the follow-up replies within the three sentences asked for, without restatement; the runbook rewrite is clearly shorter than the 400-word original with every step kept.",
        "Every sentence carries something the reader uses; the runbook rewrite is under half the original length without losing a step or a warning; when asked which sentence was cut, names a specific sentence and the reason.",
      ]),
    },
  ],
  candidateQuestionsSegment: {
    minutes: 10,
    guidance:
      "After the last task, ten minutes for the candidate to ask, in writing or on a short call with someone who is not a rater, about the role and how the team writes (design docs, incident updates, runbooks). Nothing is scored.",
  },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    "Review blind: texts are shown without the candidate's name, résumé or other scores.",
    "Rate task by task across all candidates of the role (all incident updates, then all decision records, then all runbooks) so the impression of one text does not colour the next.",
    "Do not rate spelling, grammar or idiom unless an error changes the meaning or would mislead the reader; non-native phrasing that reads clearly is not a fault.",
    "Each evidence note quotes the sentence, or names the feature of the text (a heading, a missing time zone, the word count), that justifies the rating.",
    "The word and page limits are given to the candidate with each task; check them with a word count, not by eye.",
  ],
};
