import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";
import {
  SYSTEM_DESIGN_CANDIDATE_SEGMENT,
  SYSTEM_DESIGN_COMPETENCIES,
  SYSTEM_DESIGN_GUIDANCE,
} from "./system-design-common.ts";

/** System design: a read-heavy product catalogue served from three continents. */
export const multiRegionCatalogueKit: KitContent = {
  slug: "system-design-multi-region-catalogue",
  title: "System design: multi-region read-heavy catalogue",
  kind: "system_design",
  summary:
    "The candidate designs a product catalogue (pages, category listings, regional prices and stock) served from North America, Europe and Asia-Pacific at 200k reads per second, edited from one back office. The problem tests replication topology, consistency guarantees per kind of data, cache invalidation across regions and behaviour during a network partition.",
  minimumDurationMinutes: 60,
  minimumQuestions: 6,
  competencies: [...SYSTEM_DESIGN_COMPETENCIES],
  questions: [
    {
      id: "scope-the-catalogue",
      type: "exercise",
      prompt:
        "We sell in North America, Europe and Asia-Pacific. Design the product catalogue: product pages, category listings filtered by attributes, and prices and stock per region. Merchandisers edit products from one back office. Start with what you need to know, then state the requirements. Figures to give only when asked: 20M products; about 200k reads per second globally at peak; about 2M edits a day, mostly price and stock, with peaks of 1k writes per second; product pages must load within 100 ms at p99 in every region; a price change must be visible everywhere within one minute; stock on pages may be slightly stale but checkout must never oversell; the back office is in Frankfurt; each region must keep serving the catalogue if it is cut off from the others; catalogue data contains no personal data and may be stored in any region.",
      probes: [
        "Does all of this data need the same freshness? Which parts differ?",
        "What is the read-to-write ratio, and what does it suggest?",
        "What is out of scope for this session?",
      ],
      competencyIds: ["requirements-scoping", "communication"],
      suggestedMinutes: 8,
    },
    {
      id: "catalogue-api",
      type: "exercise",
      prompt:
        "Define the read API for product pages and category listings, and the write API the back office uses.",
      probes: [
        "How does a client or a CDN know that a cached product page is stale?",
        "Two merchandisers edit the same product at the same time. What happens?",
        "How do listings paginate over a catalogue that changes while someone is paging?",
      ],
      competencyIds: ["api-design", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "products-prices-stock-model",
      type: "exercise",
      prompt: "How do you model products, variants, regional prices and stock, and where does each live?",
      probes: [
        "Which data is global and which is regional?",
        "What read model do product pages and category listings use?",
        "How do you handle a product with 300 variants?",
      ],
      competencyIds: ["data-model", "trade-off-reasoning"],
      suggestedMinutes: 10,
    },
    {
      id: "sydney-read-frankfurt-write",
      type: "exercise",
      prompt:
        "Walk me through a product page load in Sydney, and a price edit made in Frankfurt reaching that page.",
      probes: [
        "Single-leader, multi-leader or leaderless replication: for which data?",
        "What is your replication-lag budget, and how do you measure it?",
        "What is cached where, and how do those caches learn about the price change?",
      ],
      competencyIds: ["scaling-performance", "communication"],
      suggestedMinutes: 10,
    },
    {
      id: "flickering-price",
      type: "situational",
      prompt:
        "A merchandiser changes a price in Frankfurt. A customer in Sydney refreshes repeatedly and sees the old price, then the new one, then the old one again. Explain why, and fix it.",
      probes: [
        "Which consistency guarantee is missing?",
        "Is it acceptable for the customer? For the merchandiser who has just saved the change?",
        "How does checkout make sure the customer pays the right price?",
      ],
      competencyIds: ["reliability-failure-modes", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "transatlantic-partition",
      type: "situational",
      prompt:
        "The network between Europe and the other regions is partitioned for 30 minutes. What keeps working, what doesn't, and what happens when it heals?",
      probes: [
        "Can the back office still edit? Which edits reach which regions?",
        "What happens to stock decrements from orders during the partition?",
        "How are writes made on both sides reconciled?",
      ],
      competencyIds: ["reliability-failure-modes", "scaling-performance"],
      suggestedMinutes: 7,
    },
    {
      id: "read-your-writes",
      type: "knowledge",
      prompt:
        "What is read-your-writes consistency? Give two ways to provide it to a merchandiser after an edit in a replicated system.",
      probes: ["What does each way cost?", "How does cache invalidation interact with it?"],
      competencyIds: ["data-model", "trade-off-reasoning"],
      suggestedMinutes: 5,
    },
  ],
  rubric: [
    {
      id: "requirements-scoping",
      name: "Requirements and scoping",
      competencyId: "requirements-scoping",
      description:
        "Whether the candidate establishes the read/write mix, latency and freshness targets per kind of data, and behaviour when a region is cut off.",
      levels: anchoredLevels([
        "Drew one database with a cache without asking where users are, what the read/write mix is, or how fresh prices and stock must be.",
        "Asked about regions and read volume but treated all data as needing the same freshness, and did not ask what should happen when a region is cut off.",
        "Established about 200k reads against 1k writes per second at peak, the 100 ms p99 per region, one-minute price propagation, stale-but-safe stock on pages with no overselling at checkout, and reads continuing during a cut-off.",
        "Sorted the data into freshness and ownership classes (descriptions rarely change, prices within a minute, stock per region and authoritative only at checkout) and used those classes to drive the design; confirmed that customer data is out of scope.",
      ]),
    },
    {
      id: "api-design",
      name: "API design",
      competencyId: "api-design",
      description:
        "Whether reads are cacheable with freshness information, listings paginate stably, and concurrent edits are detected.",
      levels: anchoredLevels([
        "Had product pages assemble data with many calls to the back-office database, or offered no way to page through category listings.",
        "Defined product, listing and update calls, but concurrent edits silently overwrite each other and cached responses carry no freshness information.",
        "Served product pages with cache headers or ETags and regional price and stock fields, paginated listings with cursors, and required If-Match or a version number on back-office writes so a concurrent edit is rejected as a conflict.",
        "Returned the catalogue version each page was built from so clients and checkout can detect staleness, gave the back office a version token to read its own writes, and separated bulk price imports from single edits with their own limits and progress reporting.",
      ]),
    },
    {
      id: "data-model",
      name: "Data model",
      competencyId: "data-model",
      description:
        "Whether global and regional data are separated and pages read denormalised, versioned documents suited to each region.",
      levels: anchoredLevels([
        "Put products, prices and stock in one table replicated as a whole, with no distinction between global and regional fields.",
        "Separated prices and stock from product descriptions but kept a single copy in one region that every page reads across oceans.",
        "Modelled products and variants as global data and prices and stock per region, built a denormalised read document per product and region for pages, and fed a search index for category and attribute queries from the same change stream.",
        "Kept stock authoritative in the selling region with reservations at checkout while pages show a cached count, paged or summarised the 300 variants in the read document, and versioned read documents so updates arriving out of order are discarded.",
      ]),
    },
    {
      id: "scaling-performance",
      name: "Scaling and performance",
      competencyId: "scaling-performance",
      description:
        "Whether each region serves its reads locally within 100 ms and price changes propagate and invalidate caches within a minute.",
      levels: anchoredLevels([
        "Served every region from one region's database and cache, ignoring round trips of 150 ms or more between continents.",
        "Added read replicas in each region but did not estimate per-region load or say how caches learn about a price change.",
        "Replicated asynchronously from one write leader to every region, served reads from regional replicas, caches and a CDN, estimated per-region load and hit ratios, and invalidated cached pages on price change from the change stream.",
        "Measured replication lag and alerted well below the one-minute budget, purged CDN entries by product tag on change, warmed caches for newly listed products, and kept each region's search index updated from the same versioned change stream.",
      ]),
    },
    {
      id: "reliability-failure-modes",
      name: "Reliability and failure modes",
      competencyId: "reliability-failure-modes",
      description:
        "Whether reads survive a partition, writes and stock behave predictably during it, and healing reconciles safely.",
      levels: anchoredLevels([
        "Did not consider a region being cut off, or in the design product pages stop loading when the leader region is unreachable.",
        "Kept reads working during the partition but could not say what happens to edits and stock decrements, or how the two sides reconcile afterwards.",
        "Kept each region serving from its replica during the partition with staleness visible in lag metrics, rejected or queued edits that cannot reach the leader, kept checkout correct by reserving stock in the region that owns it, and replayed the change stream on heal.",
        "Planned back-office leader failover with fencing so two leaders never accept writes, explained how conflicting writes would be resolved if multi-leader were used (per-field versions, manual review for prices), and proposed rehearsing the failover in a game day.",
      ]),
    },
    {
      id: "trade-off-reasoning",
      name: "Trade-off reasoning",
      competencyId: "trade-off-reasoning",
      description:
        "Whether replication topology and consistency guarantees are chosen per kind of data, with their costs.",
      levels: anchoredLevels([
        "Chose a replication topology without a reason, or claimed strong consistency across continents within the 100 ms p99.",
        "Described consistency models correctly in general but did not decide which guarantee prices, stock and descriptions each need.",
        "Chose single-leader replication with asynchronous regional copies because writes are rare and come from one back office, and named the cost: a leader outage blocks edits, and readers see changes up to the lag late.",
        "Picked a guarantee per data class (eventual with monotonic reads for pages, read-your-writes for merchandisers, strong at checkout) and named what would change the design, such as merchandisers in every region editing the same products forcing multi-leader writes with conflict resolution.",
      ]),
    },
    {
      id: "communication",
      name: "Communication",
      competencyId: "communication",
      description: "Whether the interviewer could tell which copy of the data each step reads or writes.",
      levels: anchoredLevels([
        "Moved between regions on the diagram without saying which copy of the data a request reads; the interviewer could not follow a page load in Sydney.",
        "Explained the read path clearly but described writes and propagation only when probed.",
        "Traced the Sydney page load and the Frankfurt price edit on the diagram, naming which copy each step reads or writes and how long propagation takes.",
        "Annotated the diagram with inter-region latencies and lag budgets, used the flickering-price scenario to test the design aloud, and summarised which guarantee holds where.",
      ]),
    },
  ],
  candidateQuestionsSegment: { ...SYSTEM_DESIGN_CANDIDATE_SEGMENT },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    ...SYSTEM_DESIGN_GUIDANCE,
    "Reference answer for the flickering price: successive requests hit replicas with different lag (or caches filled from them), so monotonic reads are missing; fixes include pinning a session to one replica or sending the last-seen version and refusing older data. Checkout must re-read the price from the authoritative copy.",
  ],
};
