import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";
import {
  SYSTEM_DESIGN_CANDIDATE_SEGMENT,
  SYSTEM_DESIGN_COMPETENCIES,
  SYSTEM_DESIGN_GUIDANCE,
} from "./system-design-common.ts";

/** System design: a metrics ingestion, storage and query pipeline for a large fleet. */
export const metricsIngestionKit: KitContent = {
  slug: "system-design-metrics-ingestion",
  title: "System design: metrics ingestion pipeline",
  kind: "system_design",
  summary:
    "The candidate designs the pipeline that ingests counters, gauges and histograms from 50k hosts, stores them in two retention tiers, and answers dashboard and alert queries. The problem tests write-heavy partitioning, time-series storage and compression, cardinality explosions, and keeping alerts honest when data is missing.",
  minimumDurationMinutes: 60,
  minimumQuestions: 6,
  competencies: [...SYSTEM_DESIGN_COMPETENCIES],
  questions: [
    {
      id: "scope-the-pipeline",
      type: "exercise",
      prompt:
        "Every service and host in the company emits metrics: counters, gauges and histograms, each with tags such as service, endpoint and status. Design the system that ingests them, stores them, and serves dashboards and alerts. Start with what you need to know, then state the requirements. Figures to give only when asked: 50k hosts, each sending every 10 s; about 10M active time series; some teams add high-cardinality tags such as user_id; dashboards query ranges from one hour to 30 days; alert rules run every 30 s over the last 5 minutes and must see a sample within 60 s of it being emitted; keep raw 10 s data for 15 days and 5-minute rollups for 13 months; many teams share the system.",
      probes: [
        "How many samples per second is that, and how much storage for the raw tier?",
        "What worries you more: the sample rate or the number of series? Why?",
        "Which queries need fresh data, and which need long ranges?",
      ],
      competencyIds: ["requirements-scoping", "communication"],
      suggestedMinutes: 8,
    },
    {
      id: "ingest-and-query-api",
      type: "exercise",
      prompt:
        "Define the protocol agents use to send metrics and the query API that dashboards and alerts use.",
      probes: [
        "Push from agents or scrape from the pipeline: which do you choose for this fleet, and why?",
        "How does an agent batch, compress and retry without double-counting?",
        "What does a query specify, and how do you stop one query from reading everything?",
      ],
      competencyIds: ["api-design", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "series-and-samples-storage",
      type: "exercise",
      prompt: "How do you store series and their samples?",
      probes: [
        "What identifies a series, and how do you find all series matching a tag filter?",
        "How do you store samples compactly? Which compression, and what size per sample do you expect?",
        "How do you roll up a latency histogram for the 13-month tier? Can you average p99 values?",
      ],
      competencyIds: ["data-model", "trade-off-reasoning"],
      suggestedMinutes: 10,
    },
    {
      id: "samples-to-durable-storage",
      type: "exercise",
      prompt:
        "Walk me through how a million samples per second get from the agents to durable storage, and how an alert query reads them.",
      probes: [
        "How do you partition the work, and what happens when you add ingesters?",
        "What is held in memory, and for how long?",
        "Which path does an alert query take so it sees data within 60 s?",
      ],
      competencyIds: ["scaling-performance", "communication"],
      suggestedMinutes: 10,
    },
    {
      id: "cardinality-explosion",
      type: "situational",
      prompt:
        "A team deploys a change that adds user_id as a tag on its request counter. Within an hour, active series grow from 10M to 60M. What happens, and what do you do?",
      probes: [
        "Which component fails first?",
        "How do you protect the other teams?",
        "How do you stop it happening again?",
      ],
      competencyIds: ["reliability-failure-modes", "scaling-performance"],
      suggestedMinutes: 7,
    },
    {
      id: "zone-outage",
      type: "situational",
      prompt:
        "An availability zone holding a third of your ingesters goes down for 20 minutes. What data is lost or late, and what do alerts do meanwhile?",
      probes: [
        "Do alerts fire or resolve falsely because data is missing?",
        "When the zone returns, how does the backlog drain, and does it slow down queries?",
        "Which replication factor did you choose, and what does it cost?",
      ],
      competencyIds: ["reliability-failure-modes", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "counters-and-percentiles",
      type: "knowledge",
      prompt:
        "Counters reset to zero when a process restarts. How does a rate query handle that, and what breaks if the pipeline stores per-interval deltas instead of cumulative values?",
      probes: [
        "What happens to a sum of rates across 100 hosts if one of them restarted?",
        "Why can't you average p99 latencies across hosts, and what do you store instead?",
      ],
      competencyIds: ["data-model"],
      suggestedMinutes: 5,
    },
  ],
  rubric: [
    {
      id: "requirements-scoping",
      name: "Requirements and scoping",
      competencyId: "requirements-scoping",
      description:
        "Whether the candidate derives sample rate, series count, retention and freshness needs and sees cardinality as the main risk.",
      levels: anchoredLevels([
        "Started with a message queue and a database without asking how many series there are, how often they are sent, how long data is kept, or how quickly alerts need it.",
        "Asked about hosts and sending interval but did not derive samples per second or active series, and did not ask about retention or alert freshness.",
        "Derived about 1M samples per second from 10M series every 10 s, established both retention tiers, the 60 s alert freshness and the dashboard ranges, and estimated raw-tier storage before and after compression.",
        "Named series cardinality rather than sample rate as the main scaling risk, asked who controls tags, separated the alert path (fresh, short range) from the dashboard path (long range, rolled up), and scoped out logs and traces with the interviewer.",
      ]),
    },
    {
      id: "api-design",
      name: "API design",
      competencyId: "api-design",
      description:
        "Whether ingest batches safely and signals limits, and queries are bounded and pick a resolution.",
      levels: anchoredLevels([
        "Could not describe how agents send samples or what a query request contains.",
        "Had agents send one request per sample, or defined a query API with no limit on time range or number of series.",
        "Had agents batch and compress samples (series identity, timestamp, value) each interval and retry on failure, chose push or scrape for this fleet with a reason, and defined queries with a series selector, time range and step, capped on series and points returned.",
        "Made retried batches harmless by keying samples on series and timestamp so a duplicate overwrites rather than adds, returned per-tenant limit rejections in ingest responses so agents back off, and let queries pick a resolution so 30-day dashboards read rollups.",
      ]),
    },
    {
      id: "data-model",
      name: "Data model",
      competencyId: "data-model",
      description:
        "Whether series identity, tag indexing, sample compression and rollups fit time-series access and keep aggregates correct.",
      levels: anchoredLevels([
        "Stored each sample as a row repeating all of its tags, with no index from tag values to series.",
        "Separated series from samples but had no way to find series by tag, or averaged percentiles when rolling up histograms.",
        "Identified a series by metric name plus sorted tags hashed to a series id, kept an inverted index from tag values to series ids, stored samples in compressed time-ordered blocks per series (delta-of-delta timestamps, XOR-encoded values), and rolled up histograms by summing bucket counts.",
        "Estimated about two bytes per compressed sample and the storage of each tier, cut storage into immutable time-bounded blocks that are compacted and deleted by age, and kept counters cumulative so rates survive dropped samples.",
      ]),
    },
    {
      id: "scaling-performance",
      name: "Scaling and performance",
      competencyId: "scaling-performance",
      description:
        "Whether ingestion is partitioned evenly, recent data is served from memory for alerts, and long-range queries stay cheap.",
      levels: anchoredLevels([
        "Sent every sample to one database instance, or added machines without any partitioning scheme.",
        "Partitioned by metric name, which puts every sample of a popular metric on one node, or could not say what happens when ingesters are added.",
        "Partitioned by series id with consistent hashing across ingesters, held recent samples in memory behind a write-ahead log and flushed blocks every couple of hours, and answered alert queries for recent data from ingester memory.",
        "Sized ingesters from samples per second and in-memory series per node, put a durable log between agents and ingesters to absorb spikes and allow replay, and split queries by time range between ingesters and long-term storage with cached rollup results.",
      ]),
    },
    {
      id: "reliability-failure-modes",
      name: "Reliability and failure modes",
      competencyId: "reliability-failure-modes",
      description:
        "Whether node and zone failures, backlogs and runaway cardinality are survived without false alerts or cross-team impact.",
      levels: anchoredLevels([
        "Did not consider ingesters or zones failing; samples on a failed node are simply lost.",
        "Said data would be replicated but not how many copies, what alerts do while data is missing, or how the backlog drains afterwards.",
        "Replicated each series to three ingesters in different zones with quorum writes, had agents buffer and retry during outages, and made alert rules tell 'no data' apart from 'value is zero' to avoid false pages and false resolves.",
        "Capped active series per tenant and rejected new series beyond the cap with a visible error so the user_id change cannot take ingestion down for everyone, throttled backlog replay so queries stay responsive, and alerted on ingestion lag and rejected samples.",
      ]),
    },
    {
      id: "trade-off-reasoning",
      name: "Trade-off reasoning",
      competencyId: "trade-off-reasoning",
      description:
        "Whether freshness, detail, replication and cost are traded using this workload's figures.",
      levels: anchoredLevels([
        "Chose components by product name with no reason connected to this workload.",
        "Compared push and scrape or storage engines in general terms, not in terms of the 50k hosts, the cardinality or the retention tiers.",
        "Justified choices from the workload (recent data in memory because alerts need 60 s freshness, rollups because a 30-day dashboard would otherwise read billions of points) and named each cost, such as memory or detail lost after 15 days.",
        "Put numbers on the costs of replication and retention (three replicas triple ingest memory) and named the requirement whose change would reshape the design most, such as relaxing alert freshness to allow a simpler batch pipeline.",
      ]),
    },
    {
      id: "communication",
      name: "Communication",
      competencyId: "communication",
      description: "Whether the write and read paths were traceable, with the figures in view.",
      levels: anchoredLevels([
        "Named tools and products without a path; the interviewer could not follow a sample from a host to a dashboard.",
        "Described the write path clearly but left the read path for alerts and dashboards vague until probed.",
        "Traced one sample from the agent to durable storage and one alert query back out, naming each component and the data it holds.",
        "Kept running figures on the board (samples per second, series per ingester, bytes per day), pointed back to them when choosing, asked which path the interviewer wanted in detail, and ended with the open risks.",
      ]),
    },
  ],
  candidateQuestionsSegment: { ...SYSTEM_DESIGN_CANDIDATE_SEGMENT },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    ...SYSTEM_DESIGN_GUIDANCE,
    "Reference figures: 10M series every 10 s is 1M samples per second, about 1.3 trillion samples in 15 days; at roughly 2 bytes per compressed sample that is about 2.6 TB per replica, versus about 20 TB at 16 bytes uncompressed.",
  ],
};
