import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";
import {
  SYSTEM_DESIGN_CANDIDATE_SEGMENT,
  SYSTEM_DESIGN_COMPETENCIES,
  SYSTEM_DESIGN_GUIDANCE,
} from "./system-design-common.ts";

/** System design: a public URL shortener with click counts, dominated by redirect reads. */
export const urlShortenerKit: KitContent = {
  slug: "system-design-url-shortener",
  title: "System design: URL shortener",
  kind: "system_design",
  summary:
    "The candidate designs a public URL shortener (create short links, redirect, per-link click counts) at 100M new links a month and 10B redirects a month. The problem tests estimation, short-code generation, a latency-critical read path, hot keys and keeping analytics off that path.",
  minimumDurationMinutes: 60,
  minimumQuestions: 6,
  competencies: [...SYSTEM_DESIGN_COMPETENCIES],
  questions: [
    {
      id: "scope-the-shortener",
      type: "exercise",
      prompt:
        "We're building a URL shortener for a public product: a user pastes a long URL and gets a short link; anyone opening the short link is redirected to the long URL, and the link's owner can see how often it was clicked. Before designing anything, tell me what you need to know, then state the requirements you will design for. Figures to give only when asked: 100M new links per month; 10B redirects per month, with peaks at 10× the average rate; links never expire unless the owner deletes them; paying users may choose a custom alias; owners see click counts within one minute; redirect p99 under 50 ms within a region; redirect availability target 99.95%.",
      probes: [
        "Which of these requirements shapes the design most, and why?",
        "Roughly how many redirects per second at peak, and how much storage after five years?",
        "What are you deliberately leaving out of scope?",
      ],
      competencyIds: ["requirements-scoping", "communication"],
      suggestedMinutes: 8,
    },
    {
      id: "shortener-api",
      type: "exercise",
      prompt:
        "Sketch the API for creating a link, following a short link, and reading a link's click counts.",
      probes: [
        "Which HTTP status does the redirect return, and what does that choice do to browser caching and to click counting?",
        "A client's create request times out and it retries. What happens?",
        "How does a client learn that the custom alias it asked for is already taken?",
      ],
      competencyIds: ["api-design", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "short-codes-and-storage",
      type: "exercise",
      prompt: "How do you generate short codes, and how do you store links and click counts?",
      probes: [
        "How many characters must a code have for five years of links, and how did you get that number?",
        "Compare a counter encoded in base62 with a hash of the long URL: what goes wrong with each?",
        "Where do click counts live, and why there rather than in the link's row?",
      ],
      competencyIds: ["data-model", "trade-off-reasoning"],
      suggestedMinutes: 10,
    },
    {
      id: "redirect-path-at-peak",
      type: "exercise",
      prompt:
        "Walk me through what happens to a redirect request and to a create request at peak load, component by component.",
      probes: [
        "What is cached, where, and with which eviction policy?",
        "What cache hit ratio do you expect, and what is that based on?",
        "How do you stop concurrent creates from contending on a single code generator?",
      ],
      competencyIds: ["scaling-performance", "communication"],
      suggestedMinutes: 10,
    },
    {
      id: "viral-link-hot-key",
      type: "situational",
      prompt:
        "The hot key problem: one short link, posted in a viral post, gets 50k redirects per second for an hour. What changes?",
      probes: [
        "Which component in your design saturates first?",
        "How do that link's click counts stay correct without one database write per redirect?",
        "The viral link turns out to point at a phishing page. How fast can you stop redirecting it, everywhere?",
      ],
      competencyIds: ["scaling-performance", "reliability-failure-modes"],
      suggestedMinutes: 7,
    },
    {
      id: "link-store-outage",
      type: "situational",
      prompt:
        "The primary database holding links is unavailable for ten minutes. What do users see, and what would you change so redirects keep working?",
      probes: [
        "Which operations can degrade, and which must fail? What does the client see when they fail?",
        "When the database comes back, how do you avoid every cache miss hitting it at once?",
        "How would you know this is happening before users tell you?",
      ],
      competencyIds: ["reliability-failure-modes", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "cdn-for-redirects",
      type: "knowledge",
      prompt: "When would you put the redirect endpoint behind a CDN, and what does that cost you?",
      probes: [
        "How do you remove a link that was deleted for abuse from every CDN edge?",
        "What happens to click counting for redirects the CDN answers?",
      ],
      competencyIds: ["scaling-performance", "trade-off-reasoning"],
      suggestedMinutes: 5,
    },
  ],
  rubric: [
    {
      id: "requirements-scoping",
      name: "Requirements and scoping",
      competencyId: "requirements-scoping",
      description:
        "Whether the candidate establishes volume, read/write ratio, link lifetime, aliases and analytics needs, and turns them into estimates that drive the design.",
      levels: anchoredLevels([
        "Started drawing components without asking about volume, read/write ratio or link lifetime; when given the figures, did not use them in any later decision.",
        "Asked about link volume and redirect volume but did not turn them into per-second or storage numbers; raised expiry, custom aliases or click counts only when the interviewer prompted.",
        "Asked about volume, read/write ratio, link lifetime and custom aliases; estimated peak redirects per second (~40k) and five-year storage (billions of rows, low terabytes) to the right order of magnitude and used them to choose storage.",
        "Separated the latency-critical redirect path from link creation and click analytics by their different targets, sized each from the estimates, and named what was out of scope (link previews, accounts, editing targets) and confirmed it with the interviewer.",
      ]),
    },
    {
      id: "api-design",
      name: "API design",
      competencyId: "api-design",
      description:
        "Whether create, redirect and stats endpoints fit their use, including redirect status, retried creates and alias conflicts.",
      levels: anchoredLevels([
        "Described endpoints that do not match the operations, such as a redirect through POST or a create call that returns only the long URL; could not say which status code a redirect uses.",
        "Defined create and redirect endpoints with plausible request and response shapes, but chose 301 or 302 without linking it to caching or click counting and had no answer for a retried create.",
        "Defined a create endpoint taking the long URL and optional alias and returning the code, a redirect answered with 302 (or 301 with the caching consequence stated), and a stats endpoint; returned a conflict error when the alias is taken.",
        "Made create safe to retry (an idempotency key, or returning the existing link for the same owner and URL), validated and normalised target URLs, rate-limited creation per account against spam, and explained why the redirect status trades click accuracy against origin load.",
      ]),
    },
    {
      id: "data-model",
      name: "Data model",
      competencyId: "data-model",
      description:
        "Whether code generation, the link store and click counts fit a single-lookup read path and the five-year volume.",
      levels: anchoredLevels([
        "Stored links without a uniqueness guarantee on the code, or proposed random codes with no plan for collisions; could not estimate how long a code needs to be.",
        "Chose base62 codes and a table or key-value store, but asserted the code length instead of deriving it and planned to count clicks by incrementing a column on the link row.",
        "Derived the code length from the volume (7 base62 characters give about 3.5 trillion codes against roughly 6 billion links), chose counter-, range- or random-based generation with a stated collision plan, and kept click counts out of the link row.",
        "Compared per-node counter ranges, random codes with a uniqueness check, and URL hashing (same URL gives same code; guessable) and picked one for stated reasons; keyed storage by code so a redirect is one lookup; kept click events append-only and aggregated them asynchronously; noted that sequential codes let outsiders enumerate links.",
      ]),
    },
    {
      id: "scaling-performance",
      name: "Scaling and performance",
      competencyId: "scaling-performance",
      description:
        "Whether the redirect path meets 50 ms p99 at peak, including caching, the hot key and the cost of click counting.",
      levels: anchoredLevels([
        "Served every redirect from the primary database, or added caches and shards without saying which load each one removes.",
        "Put a cache in front of the link store but could not say what it holds, the hit ratio to expect or how entries are evicted; gave no estimate of the load left on the store.",
        "Cached code-to-URL mappings with LRU eviction and justified a high hit ratio by the skewed popularity of links; estimated the remaining read load on the store; allocated code ranges per node so creates do not contend.",
        "Layered the read path (CDN or in-process cache for the hottest links, then a shared cache, then the store) and estimated instance counts at peak; handled the 50k req/s link by caching or replicating that key close to the servers; moved click counting off the request path with buffered, batched increments.",
      ]),
    },
    {
      id: "reliability-failure-modes",
      name: "Reliability and failure modes",
      competencyId: "reliability-failure-modes",
      description:
        "Whether redirects survive store and cache failures, recovery avoids a stampede, and abusive links can be disabled quickly.",
      levels: anchoredLevels([
        "Did not consider any component failing, or assumed the database and cache are always available.",
        "Named the database failing but answered only 'add a replica', without saying what users see during failover or what happens to creates in flight.",
        "Kept redirects serving from cache and read replicas while creates fail fast with a clear error; protected the store from a stampede on recovery (request coalescing or jittered expiry); named alerts on redirect error rate and p99 latency.",
        "Defined degraded behaviour per operation against the 99.95% redirect target, kept the redirect read path independent of the write primary, bounded and surfaced loss of click events (buffer and replay), and described disabling an abusive link everywhere within minutes, including purging it from CDN edges.",
      ]),
    },
    {
      id: "trade-off-reasoning",
      name: "Trade-off reasoning",
      competencyId: "trade-off-reasoning",
      description:
        "Whether choices such as 301 vs 302, code generation scheme and storage engine are made against this system's requirements, with their costs.",
      levels: anchoredLevels([
        "Presented one design as the only option; when asked about an alternative, dismissed it without giving a reason.",
        "Listed alternatives (relational vs key-value, 301 vs 302) with generic pros and cons that were not tied to this system's figures.",
        "Chose between at least two alternatives using the stated requirements, for example 302 because owners need click counts within a minute, or a key-value store because every redirect is a single lookup by code, and named what the choice gives up.",
        "Said which requirement would flip a decision (dropping click analytics would allow 301 and CDN caching, cutting origin load by an order of magnitude) and revisited an earlier choice when a probe added information, explaining why.",
      ]),
    },
    {
      id: "communication",
      name: "Communication",
      competencyId: "communication",
      description:
        "Whether the interviewer could follow the design as it was built, and probes got direct answers.",
      levels: anchoredLevels([
        "Drew for long stretches in silence or talked without a thread; the interviewer could not tell which component handles a redirect.",
        "Explained components when asked but jumped between topics; the diagram and the explanation disagreed at least once, such as a cache drawn but left out of the described redirect path.",
        "Announced a plan (requirements, API, storage, scale, failures) and followed it; traced the redirect and create paths step by step on the diagram; answered each probe directly before elaborating.",
        "Checked in at decision points ('I'll assume 302 — shall I go deeper on analytics or on the hot key?'), adjusted depth when the interviewer steered, and closed with a summary of decisions and open risks.",
      ]),
    },
  ],
  candidateQuestionsSegment: { ...SYSTEM_DESIGN_CANDIDATE_SEGMENT },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    ...SYSTEM_DESIGN_GUIDANCE,
    "Numbers derived from the scoping figures: about 40 creates per second on average, about 4k redirects per second on average and 40k at peak, about 6 billion links after five years. Candidates within a factor of three have estimated correctly.",
  ],
};
