import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";
import {
  SYSTEM_DESIGN_CANDIDATE_SEGMENT,
  SYSTEM_DESIGN_COMPETENCIES,
  SYSTEM_DESIGN_GUIDANCE,
} from "./system-design-common.ts";

/** System design: a shared rate-limiting service on the path of every public API request. */
export const rateLimiterKit: KitContent = {
  slug: "system-design-rate-limiter",
  title: "System design: rate-limiting service",
  kind: "system_design",
  summary:
    "The candidate designs the rate limiter that every public API server consults before handling a request: limits per API key and per endpoint, changeable without a deploy, at 500k decisions per second with a 2 ms budget. The problem tests algorithm choice, the accuracy–latency trade-off, hot keys and what happens when the limiter itself fails.",
  minimumDurationMinutes: 60,
  minimumQuestions: 6,
  competencies: [...SYSTEM_DESIGN_COMPETENCIES],
  questions: [
    {
      id: "scope-the-limiter",
      type: "exercise",
      prompt:
        "Every public API in the company should enforce limits such as '100 requests per minute per API key' or '10 writes per second per key on POST /orders', configured by product teams. Design the rate-limiting service the API servers use. Start with what you need to know, then state the requirements you will design for. Figures to give only when asked: about 300 API servers in two regions; 500k requests per second at peak in total; 2M active API keys; limits range from 10 per second to 10k per minute; the decision may add at most 2 ms at p99; over the limit the client gets 429 with Retry-After; limits change without a deploy and take effect within a minute; letting through up to 5% over a limit is acceptable, wrongly blocking a paying customer is not; limits apply to a key across both regions, though most keys use one region.",
      probes: [
        "How exact must a limit be? What would you do with the answer that 5% over is acceptable?",
        "Does the 2 ms budget rule anything out?",
        "Which limits must hold across both regions, and which can be enforced per region?",
      ],
      competencyIds: ["requirements-scoping", "communication"],
      suggestedMinutes: 8,
    },
    {
      id: "limiter-api",
      type: "exercise",
      prompt:
        "Define the interface an API server calls to get a decision, and how product teams create and change limits.",
      probes: [
        "What does the decision contain so that the client gets a useful 429 response?",
        "How does a changed limit reach whatever makes decisions, and how fast?",
        "What does the API server do if the limiter doesn't answer within its timeout?",
      ],
      competencyIds: ["api-design", "reliability-failure-modes"],
      suggestedMinutes: 7,
    },
    {
      id: "algorithm-and-state",
      type: "exercise",
      prompt: "Which limiting algorithm do you use, and what state do you keep per key?",
      probes: [
        "For a limit of 100 per minute, compare fixed window, sliding log, sliding-window counter and token bucket: which bursts does each let through?",
        "How much memory does your choice need for 2M keys?",
        "How does state for keys that go idle get cleaned up?",
      ],
      competencyIds: ["data-model", "trade-off-reasoning"],
      suggestedMinutes: 10,
    },
    {
      id: "decisions-at-peak",
      type: "exercise",
      prompt:
        "Walk me through how a decision is made at 500k requests per second, from the API server and back.",
      probes: [
        "Where does the counter live, and how many network round trips does one request cost?",
        "How do you keep one busy API key from overwhelming the node that holds its counter?",
        "Could each API server decide locally and synchronise? How much accuracy would you lose?",
      ],
      competencyIds: ["scaling-performance", "trade-off-reasoning", "communication"],
      suggestedMinutes: 10,
    },
    {
      id: "runaway-client",
      type: "situational",
      prompt:
        "A customer's misconfigured client sends 200k requests per second against one API key from thousands of IP addresses. What happens in your design, and what do you change?",
      probes: [
        "Which node holds that key's counter, and does it survive?",
        "Should that traffic reach the limiter at all?",
        "How do other customers stay unaffected?",
      ],
      competencyIds: ["scaling-performance", "reliability-failure-modes"],
      suggestedMinutes: 7,
    },
    {
      id: "counter-store-unreachable",
      type: "situational",
      prompt:
        "The counter store in one region becomes unreachable. Do the API servers fail open or fail closed, and what do they actually do?",
      probes: [
        "Does your answer differ for the login endpoint and for a product listing endpoint?",
        "How do you stop a limiter outage from becoming an outage of every API?",
        "How do you find out, and how quickly?",
      ],
      competencyIds: ["reliability-failure-modes", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "incr-expire-window",
      type: "knowledge",
      prompt:
        "A common first implementation is a fixed-window counter in Redis: INCR the key for the current minute, then EXPIRE it. What goes wrong with it, and how do you fix it?",
      probes: [
        "What happens if the process dies between the INCR and the EXPIRE?",
        "What can a client get away with at the boundary between two windows?",
      ],
      competencyIds: ["data-model", "reliability-failure-modes"],
      suggestedMinutes: 5,
    },
  ],
  rubric: [
    {
      id: "requirements-scoping",
      name: "Requirements and scoping",
      competencyId: "requirements-scoping",
      description:
        "Whether the candidate establishes what is limited, the decision volume, the latency budget and the accuracy tolerance, and lets them frame the design.",
      levels: anchoredLevels([
        "Began with an algorithm or a Redis diagram without asking what is limited (key, endpoint, IP address), at what rates, or how much latency the check may add.",
        "Asked what limits are keyed on but not the request volume, the latency budget or the accuracy tolerance; treated limits as values hard-coded in each service.",
        "Established the keying (API key, key plus endpoint), about 500k decisions per second at peak, the 2 ms budget and the 5% tolerance, and concluded that a remote call per request works only if it stays inside the region and is fast.",
        "Used the tolerance and the latency budget to frame the central choice (a shared counter per request versus local decisions synchronised periodically), separated global from per-region limits, and agreed with the interviewer that network-level DDoS protection is out of scope.",
      ]),
    },
    {
      id: "api-design",
      name: "API design",
      competencyId: "api-design",
      description:
        "Whether the decision call gives clients a useful 429, limits can change without a deploy, and callers know what to do on timeout.",
      levels: anchoredLevels([
        "Could not describe how an API server asks for a decision or what the client receives when it is over the limit.",
        "Defined a check call that returns allow or deny but carries nothing for the client's 429 response, and offered no way for teams to change limits without a deploy.",
        "Defined a check call taking key, endpoint and cost that returns the decision with remaining quota and reset time, used to fill 429 with Retry-After; described a configuration API with versioned rules that propagate to the deciders within the minute.",
        "Also specified the caller's behaviour on a limiter timeout (a short deadline and a per-rule fail-open or fail-closed default), offered a dry-run mode that logs what a new limit would block before it is enforced, and reduced round trips by checking several rules in one call.",
      ]),
    },
    {
      id: "data-model",
      name: "Data model",
      competencyId: "data-model",
      description:
        "Whether the algorithm and per-key state admit the intended bursts, fit in memory for 2M keys and are updated atomically.",
      levels: anchoredLevels([
        "Proposed storing every request timestamp indefinitely, or could not say what state is kept per key.",
        "Chose a fixed-window counter without noticing that it admits up to twice the limit across a window boundary; gave no memory estimate for 2M keys.",
        "Compared at least two algorithms by the bursts they admit and the memory they need, chose one that fits (for example a token bucket storing tokens and last-refill time per key), estimated memory for 2M keys and expired idle keys with a TTL.",
        "Made refill-and-take a single atomic step (a server-side script or compare-and-set), kept rules apart from counters so a limit change does not reset state, and explained what the chosen algorithm does when a limit is lowered in the middle of a window.",
      ]),
    },
    {
      id: "scaling-performance",
      name: "Scaling and performance",
      competencyId: "scaling-performance",
      description:
        "Whether 500k decisions per second fit the 2 ms budget, including hot keys and limits that span regions.",
      levels: anchoredLevels([
        "Put one counter store in a single region on the path of every request without estimating its load or the latency it adds to the other region.",
        "Sharded counters by key but did not estimate operations per second per shard or compare the round-trip cost with the 2 ms budget.",
        "Sharded counter state by key in a regional cluster, estimated operations per shard at peak, kept the check inside the budget with pooled connections and pipelining, and explained how one very busy key is spread out or served locally.",
        "Combined local per-server buckets for high-rate keys with periodic synchronisation to shared counters, quantified the overshoot this allows against the 5% tolerance, and split cross-region limits between regions so no request waits for a cross-region round trip.",
      ]),
    },
    {
      id: "reliability-failure-modes",
      name: "Reliability and failure modes",
      competencyId: "reliability-failure-modes",
      description:
        "Whether a slow or unreachable limiter degrades safely per endpoint, and a runaway client is contained.",
      levels: anchoredLevels([
        "Did not consider the limiter being slow or down; in the design, every API request fails while the counter store is unreachable.",
        "Said the system should fail open when the limiter is down, without considering abuse during the outage or how API servers detect the failure.",
        "Chose fail-open or fail-closed per rule (closed for login and other abuse-prone endpoints, open for reads), set a timeout so a slow limiter cannot slow the API, and alerted on limiter errors and decision latency.",
        "Fell back to conservative local limits on each API server while the counter store is down, dropped the runaway client's traffic at the edge before it reached the limiter, and explained how counters are rebuilt after recovery without unblocking abusers.",
      ]),
    },
    {
      id: "trade-off-reasoning",
      name: "Trade-off reasoning",
      competencyId: "trade-off-reasoning",
      description:
        "Whether accuracy, latency and operational cost are traded against the stated tolerance and budget.",
      levels: anchoredLevels([
        "Presented one algorithm or architecture without comparing it with anything, or claimed exact global limiting costs nothing extra.",
        "Named accuracy versus latency as a tension but did not use the 5% tolerance or the 2 ms budget to settle it.",
        "Settled the accuracy–latency tension with the given figures (local buckets are acceptable because overshoot stays under 5%) and named what is lost, such as exactness for keys spread across many servers.",
        "Named the requirement that would change the design (a billing limit with zero tolerance would force a shared counter or pre-allocated quotas per server) and weighed the cost of operating a shared store against the accuracy it buys.",
      ]),
    },
    {
      id: "communication",
      name: "Communication",
      competencyId: "communication",
      description:
        "Whether the interviewer could follow a request through the limiter and the reasoning behind it.",
      levels: anchoredLevels([
        "Switched between algorithms and infrastructure without saying which decision was being made; the interviewer could not follow a single request through the limiter.",
        "Explained the algorithm clearly but left the request path and where the limiter runs implicit until probed.",
        "Traced one request from the API server through the decision to the 429 response on the diagram, and stated each assumption before building on it.",
        "Used a worked example (a key limited to 100 per minute receiving a burst of 150) to show how the chosen algorithm decides, asked which area the interviewer wanted explored next, and ended with the design's known weaknesses.",
      ]),
    },
  ],
  candidateQuestionsSegment: { ...SYSTEM_DESIGN_CANDIDATE_SEGMENT },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    ...SYSTEM_DESIGN_GUIDANCE,
    "Reference points for the knowledge question: a crash between INCR and EXPIRE leaves a counter that never expires and blocks the key for good (fix: set the expiry atomically with the first increment, or use a script); a fixed window lets a client send the full limit at the end of one window and again at the start of the next.",
  ],
};
