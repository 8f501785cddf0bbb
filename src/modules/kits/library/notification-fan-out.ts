import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";
import {
  SYSTEM_DESIGN_CANDIDATE_SEGMENT,
  SYSTEM_DESIGN_COMPETENCIES,
  SYSTEM_DESIGN_GUIDANCE,
} from "./system-design-common.ts";

/** System design: fanning notifications out to in-app, push and email for a social product. */
export const notificationFanOutKit: KitContent = {
  slug: "system-design-notification-fan-out",
  title: "System design: notification fan-out",
  kind: "system_design",
  summary:
    "The candidate designs the system that turns product events (a new post, a comment on a watched thread) into in-app, push and email notifications for 200M users, some followed by millions. The problem tests push versus pull fan-out, per-user preferences, backpressure from push providers and deduplication under at-least-once delivery.",
  minimumDurationMinutes: 60,
  minimumQuestions: 6,
  competencies: [...SYSTEM_DESIGN_COMPETENCIES],
  questions: [
    {
      id: "scope-the-fan-out",
      type: "exercise",
      prompt:
        "Our product notifies users when something happens: someone they follow posts, someone comments on a thread they watch. Notifications go to an in-app inbox, to mobile push and to email. Design the system that decides who gets notified and delivers it. Start with what you need to know, then state the requirements. Figures to give only when asked: 200M users, 30M daily active; about 2B notifications a day, with evening peaks at 5× the average rate; most accounts have fewer than 500 followers, a few thousand have more than 1M and the largest has 5M; in-app notifications should appear within 5 s at p99; push goes through APNs and FCM, which throttle senders; email is sent as hourly or daily digests depending on the user's settings; users choose channels per notification type and set quiet hours; inbox entries are kept 90 days.",
      probes: [
        "Which of these figures worries you most, and why?",
        "How many notifications per second at peak?",
        "Which channels share a latency target, and which don't?",
      ],
      competencyIds: ["requirements-scoping", "communication"],
      suggestedMinutes: 8,
    },
    {
      id: "fan-out-api",
      type: "exercise",
      prompt:
        "Define how producing services publish events to the notification system, and how clients read and update their inbox.",
      probes: [
        "Does a producer send the event or the list of recipients? Why?",
        "How does the inbox paginate, and how is a notification marked as read?",
        "How does an open app learn about a new notification: polling, long polling or a push connection?",
      ],
      competencyIds: ["api-design", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "inboxes-preferences-delivery-state",
      type: "exercise",
      prompt: "How do you store inboxes, user preferences and delivery state?",
      probes: [
        "Where are preferences and quiet hours checked: before fan-out or at delivery? What changes if a user edits them mid-fan-out?",
        "What is the key of the inbox store, and how are entries older than 90 days removed?",
        "How do you record that a notification has already gone out on a given channel?",
      ],
      competencyIds: ["data-model", "trade-off-reasoning"],
      suggestedMinutes: 10,
    },
    {
      id: "celebrity-post",
      type: "exercise",
      prompt: "Walk me through what happens when an account with 5M followers posts.",
      probes: [
        "Push (fan-out on write) or pull (fan-out on read): for which accounts, and where is the line?",
        "With your worker numbers, how long does the 5M fan-out take?",
        "How do you keep that fan-out from delaying a comment notification for an ordinary user?",
      ],
      competencyIds: ["scaling-performance", "trade-off-reasoning", "communication"],
      suggestedMinutes: 10,
    },
    {
      id: "push-provider-throttling",
      type: "situational",
      prompt:
        "During a major live event, APNs throttles you to 20% of your usual send rate for two hours. What happens to your queues, and what do you do?",
      probes: [
        "What do you drop, delay or collapse?",
        "How do you avoid a retry storm making the throttling worse?",
        "How do in-app notifications keep meeting the 5 s target meanwhile?",
      ],
      competencyIds: ["reliability-failure-modes", "scaling-performance"],
      suggestedMinutes: 7,
    },
    {
      id: "duplicate-pushes",
      type: "situational",
      prompt:
        "A worker crashes halfway through a batch, the batch is redelivered, and users report receiving the same push notification three times. How do you prevent duplicates?",
      probes: [
        "Where does the deduplication key come from, and how long do you keep it?",
        "Can you deliver exactly once to a phone? What do you promise instead?",
        "How do you turn 50 likes on one post into a single notification?",
      ],
      competencyIds: ["reliability-failure-modes", "data-model"],
      suggestedMinutes: 7,
    },
    {
      id: "acknowledgement-semantics",
      type: "knowledge",
      prompt:
        "What does a message queue's consumer acknowledgement (or visibility timeout) guarantee, and what must a consumer handle because of it?",
      probes: [
        "What happens when processing a message takes longer than the visibility timeout?",
        "When does a message belong in a dead-letter queue, and who looks at it?",
      ],
      competencyIds: ["reliability-failure-modes"],
      suggestedMinutes: 5,
    },
  ],
  rubric: [
    {
      id: "requirements-scoping",
      name: "Requirements and scoping",
      competencyId: "requirements-scoping",
      description:
        "Whether the candidate establishes channels, volume, follower skew, per-channel targets and preferences before designing.",
      levels: anchoredLevels([
        "Designed a single 'send notification' queue without asking about channels, volumes, the follower distribution or how quickly notifications must arrive.",
        "Asked about channels and total volume but not about the skew in follower counts or the per-channel targets; raised preferences only after the interviewer mentioned them.",
        "Established the three channels, about 2B notifications a day (roughly 23k per second on average, over 100k at peak), the skewed follower distribution, the 5 s in-app target, and preferences and quiet hours per channel and type.",
        "Separated deciding who is notified (fan-out) from delivering on each channel (how and when), gave each its own target, and agreed with the interviewer that ranking and digest content are out of scope.",
      ]),
    },
    {
      id: "api-design",
      name: "API design",
      competencyId: "api-design",
      description:
        "Whether producers publish events rather than recipient lists, and the inbox API supports pagination, read state and new-notification delivery.",
      levels: anchoredLevels([
        "Had producing services call the push providers directly, or could not describe how a client reads its notifications.",
        "Defined a publish endpoint and an inbox read endpoint, but producers must send full recipient lists (5M ids for the celebrity post) and the inbox has no pagination or read state.",
        "Had producers publish a typed event (actor, object, event type, event id) and let the notification system resolve recipients; defined a cursor-paginated inbox with mark-as-read; chose polling, long polling or a push connection for new notifications with a reason.",
        "Made publishing idempotent on the producer's event id, versioned event types so producers and notification templates change independently, exposed per-type and per-channel preference endpoints, and offered an unread-count call cheap enough for every page load.",
      ]),
    },
    {
      id: "data-model",
      name: "Data model",
      competencyId: "data-model",
      description:
        "Whether inboxes, preferences, delivery state and dedup keys are stored to match reads, retries and retention.",
      levels: anchoredLevels([
        "Stored notifications without a per-user key, so reading one inbox scans shared data, or kept no record of preferences or of what was delivered.",
        "Keyed inboxes by user but wrote a full rendered copy of the celebrity post into 5M inboxes, and kept no record of which channels a notification had already gone out on.",
        "Keyed the inbox by user and time with the 90-day retention, read preferences and quiet hours at delivery time so late edits take effect, and kept delivery state per notification and channel so retries do not resend.",
        "Kept high-follower posts as fan-out-on-read entries merged into inboxes at read time, stored a dedup key per recipient, event and channel with a lifetime matched to the redelivery window, and grouped aggregable notifications under a collapse key ('Ana and 49 others liked your post').",
      ]),
    },
    {
      id: "scaling-performance",
      name: "Scaling and performance",
      competencyId: "scaling-performance",
      description:
        "Whether large fan-outs finish in bounded time without delaying ordinary notifications, at the peak rate.",
      levels: anchoredLevels([
        "Fanned out every post to every follower synchronously inside the request that created the post.",
        "Moved fan-out onto a queue but treated the 5M-follower post like any other, without estimating how long it takes or how it delays other notifications.",
        "Used fan-out on write for ordinary accounts and fan-out on read, or a separate throttled lane, above a follower threshold; estimated the big fan-out's duration from worker throughput; kept it from delaying small fan-outs with separate queues or partitions.",
        "Chose the follower threshold from costs (writes saved against extra reads per inbox load), skipped followers inactive for months or who muted that notification type before enqueueing, sized workers for the peak rate, and protected the in-app target with a priority lane.",
      ]),
    },
    {
      id: "reliability-failure-modes",
      name: "Reliability and failure modes",
      competencyId: "reliability-failure-modes",
      description:
        "Whether duplicates, crashes, poison messages and provider throttling are handled with bounded retries, dedup and backpressure.",
      levels: anchoredLevels([
        "Did not consider duplicates, lost messages or provider throttling; assumed every send succeeds exactly once.",
        "Added retries to push sends without backoff or a limit, and with nothing to stop a redelivered batch from notifying users twice.",
        "Acknowledged messages only after processing, made sends idempotent with a dedup key, retried with exponential backoff and jitter, parked poison messages in a dead-letter queue, and slowed the push senders when APNs throttled instead of retrying harder.",
        "Isolated channels so in-app delivery was unaffected by push throttling, collapsed or dropped stale push notifications (a like from six hours ago) instead of draining the backlog, promised at-least-once delivery with dedup rather than exactly-once, and alerted on the age of the oldest message per channel.",
      ]),
    },
    {
      id: "trade-off-reasoning",
      name: "Trade-off reasoning",
      competencyId: "trade-off-reasoning",
      description:
        "Whether push versus pull and freshness versus cost are decided per case, with costs named.",
      levels: anchoredLevels([
        "Chose push or pull for every account without mentioning the alternative or the follower skew.",
        "Mentioned fan-out on write and on read but picked one for everyone, or could not say where the crossover between them lies.",
        "Chose a hybrid of push and pull justified by the follower distribution, and named its cost: inbox reads must merge two sources and the threshold needs tuning.",
        "Weighed freshness against cost channel by channel (in-app immediately, email batched into digests, push collapsed under throttling) and named the requirement whose relaxation would simplify the design most, such as letting celebrity notifications arrive minutes late.",
      ]),
    },
    {
      id: "communication",
      name: "Communication",
      competencyId: "communication",
      description: "Whether both example flows were traceable on the diagram and probes got direct answers.",
      levels: anchoredLevels([
        "Described components without connecting them to either example; the interviewer could not tell how a comment notification reaches someone watching the thread.",
        "Walked through the comment example clearly but explained the celebrity post only in fragments spread over several probes.",
        "Traced both examples (a comment on a watched thread, a post by the 5M-follower account) through the diagram from event to each channel, naming the queue and store at each step.",
        "Kept a visible list of open questions on the board and came back to each, asked before going deep on one channel, and finished with the design's biggest risk and how it would be monitored.",
      ]),
    },
  ],
  candidateQuestionsSegment: { ...SYSTEM_DESIGN_CANDIDATE_SEGMENT },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    ...SYSTEM_DESIGN_GUIDANCE,
    "Reference figures: 2B notifications a day is about 23k per second on average and about 115k at the 5× peak. A 5M fan-out at 50k inbox writes per second takes about 100 s; candidates who find it too slow for the 5 s target and change the approach are reasoning correctly.",
  ],
};
