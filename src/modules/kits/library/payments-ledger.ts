import type { KitContent } from "../kit-schema.ts";
import { STRUCTURED_INTERVIEW_GUIDANCE } from "./interviewer-guidance.ts";
import { anchoredLevels } from "./rating-levels.ts";
import {
  SYSTEM_DESIGN_CANDIDATE_SEGMENT,
  SYSTEM_DESIGN_COMPETENCIES,
  SYSTEM_DESIGN_GUIDANCE,
} from "./system-design-common.ts";

/** System design: the ledger that records money movement for a marketplace. */
export const paymentsLedgerKit: KitContent = {
  slug: "system-design-payments-ledger",
  title: "System design: payments ledger",
  kind: "system_design",
  summary:
    "The candidate designs the ledger behind a marketplace's payments, fees, refunds and seller payouts, which finance and auditors rely on. Throughput is modest; correctness is everything. The problem tests double-entry modelling, idempotency keys, duplicate and out-of-order provider events, hot accounts and reconciliation.",
  minimumDurationMinutes: 60,
  minimumQuestions: 6,
  competencies: [...SYSTEM_DESIGN_COMPETENCIES],
  questions: [
    {
      id: "scope-the-ledger",
      type: "exercise",
      prompt:
        "On our marketplace, buyers pay, the platform keeps a fee, and sellers are paid out later. Checkout, refunds and payouts are separate services. Design the ledger they all record money movement in. Start with what you need to know, then state the requirements. Figures to give only when asked: 5M transactions a day with peaks of 1,000 per second during sales; several currencies, but no currency conversion inside the ledger; the payment service provider (PSP) sends webhooks for settled, failed and refunded payments, sometimes twice and sometimes out of order; a seller's payable balance must never go negative; auditors require the history to be immutable and kept for seven years; seller dashboards read balances about 5k times per second; finance reconciles against the PSP's daily settlement file.",
      probes: [
        "What matters more here, throughput or correctness? What did you base that on?",
        "Who reads from the ledger, and how fresh must each reader's view be?",
        "What are you leaving out of scope?",
      ],
      competencyIds: ["requirements-scoping", "communication"],
      suggestedMinutes: 8,
    },
    {
      id: "ledger-api",
      type: "exercise",
      prompt:
        "Define the ledger's API for recording a payment with its platform fee, a refund, and a seller payout.",
      probes: [
        "Checkout times out calling 'record payment' and retries. What stops the ledger recording the payment twice?",
        "What does the caller get back, and what must it keep?",
        "How are amounts represented on the wire?",
      ],
      competencyIds: ["api-design", "reliability-failure-modes"],
      suggestedMinutes: 7,
    },
    {
      id: "accounts-transactions-entries",
      type: "exercise",
      prompt: "Design the tables for accounts, transactions and entries.",
      probes: [
        "Write out the entries for a €100 purchase with a €10 platform fee.",
        "How do you guarantee that every transaction balances?",
        "How do you show a seller's balance quickly without summing millions of entries?",
      ],
      competencyIds: ["data-model", "communication"],
      suggestedMinutes: 10,
    },
    {
      id: "sale-peak-contention",
      type: "exercise",
      prompt:
        "How does your design handle 1,000 transactions per second during a sale, when nearly all of them credit the platform's fee account?",
      probes: [
        "Where are locks taken, and which row becomes the contention point?",
        "How do you keep 5k dashboard reads per second off the write path?",
        "What is your partitioning key, and which transactions would cross partitions?",
      ],
      competencyIds: ["scaling-performance", "trade-off-reasoning"],
      suggestedMinutes: 10,
    },
    {
      id: "settlement-mismatch",
      type: "situational",
      prompt:
        "Finance reports that yesterday's PSP settlement file totals €1,240 more than the ledger shows for the same day. Walk me through how your system finds and fixes the difference.",
      probes: [
        "What do you match on, and at what granularity?",
        "How do you correct the ledger without editing its history?",
        "How would the system catch this automatically tomorrow?",
      ],
      competencyIds: ["reliability-failure-modes", "data-model"],
      suggestedMinutes: 7,
    },
    {
      id: "duplicate-and-late-webhooks",
      type: "situational",
      prompt:
        "The PSP sends the 'refund succeeded' webhook twice, and the 'payment settled' webhook for that same payment arrives after the refund. What does the ledger do with each?",
      probes: [
        "Where is the idempotency key stored, and what is its uniqueness scope?",
        "For events arriving out of order: do you reject them, buffer them, or model states?",
        "What if the duplicate carries a different amount from the first?",
      ],
      competencyIds: ["reliability-failure-modes", "trade-off-reasoning"],
      suggestedMinutes: 7,
    },
    {
      id: "double-entry-and-money-types",
      type: "knowledge",
      prompt: "Why use double-entry bookkeeping here, and why not store money as floating-point numbers?",
      probes: [
        "A 2.9% fee on €10.01: how do you round it, and where does the remainder go?",
        "Two payouts for the same seller are requested at the same moment. Which isolation level or locking do you need for the balance check, and what anomaly does it prevent?",
      ],
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
        "Whether the candidate establishes the money flows, currencies, audit and immutability needs, PSP behaviour and the no-negative-balance rule.",
      levels: anchoredLevels([
        "Started with a balances table updated in place without asking how money moves, who calls the ledger, or what finance and auditors need.",
        "Asked about transaction volume but not about currencies, the immutability requirement, or how the PSP reports what actually settled.",
        "Established the flows (payment with fee, refund, payout), the 1,000 per second peak, several currencies without conversion, seven years of immutable history, duplicate and out-of-order PSP events, and that seller balances never go negative.",
        "Stated that correctness dominates and throughput is modest and let that drive later choices, asked which readers need fresh balances (payout checks) and which can lag (dashboards, reports), and scoped out FX, tax and fraud scoring with the interviewer's agreement.",
      ]),
    },
    {
      id: "api-design",
      name: "API design",
      competencyId: "api-design",
      description:
        "Whether write calls are idempotent, amounts are exact, and the API records movements rather than setting balances.",
      levels: anchoredLevels([
        "Exposed calls that set balances directly ('set seller balance to X'), or passed amounts as floating-point numbers.",
        "Defined record-payment, refund and payout calls with integer minor-unit amounts, but a retried call creates a second transaction.",
        "Required an idempotency key on every write call and returned the original result for a repeated key, passed amounts as integer minor units with an explicit currency code, and returned a transaction id for the caller to keep.",
        "Rejected a repeated idempotency key that carries a different payload instead of returning the first result, split payouts into reserve and confirm steps tied to the PSP outcome, and offered balance-as-of-time reads for finance.",
      ]),
    },
    {
      id: "data-model",
      name: "Data model",
      competencyId: "data-model",
      description:
        "Whether accounts, transactions and entries form a balanced, append-only double-entry model that supports fast balances and reconciliation.",
      levels: anchoredLevels([
        "Kept one mutable balance per seller and no entries, so nothing explains how a balance was reached.",
        "Recorded entries per transaction, but single-sided (one row per payment) or with nothing checking that debits equal credits.",
        "Modelled accounts, transactions and entries with debits equal to credits per transaction and currency; wrote the €100 purchase as a €100 debit to PSP receivable, a €90 credit to the seller's payable and a €10 credit to fee revenue; made entries append-only.",
        "Enforced the balancing invariant inside the database transaction that inserts the entries, fixed mistakes with reversing entries rather than updates, kept running balances or snapshots per account for fast reads, and stored the PSP reference on each entry for reconciliation.",
      ]),
    },
    {
      id: "scaling-performance",
      name: "Scaling and performance",
      competencyId: "scaling-performance",
      description:
        "Whether the hot fee account, dashboard reads and partitioning are handled without weakening correctness.",
      levels: anchoredLevels([
        "Locked the whole ledger or a global table for every transaction, or said performance does not matter for a ledger.",
        "Noticed that most transactions touch the platform fee account but offered no way to avoid contention on that row.",
        "Identified the fee account as a hot row and removed the contention by splitting it into sub-accounts or aggregating fee entries in batches; served dashboard balances from snapshots or replicas rather than summing entries.",
        "Estimated per-account write throughput against the 1,000 per second peak, partitioned by account so most transactions stay in one partition and explained how cross-partition transfers stay atomic or are staged, and kept dashboards on lagging reads while payout checks read the primary.",
      ]),
    },
    {
      id: "reliability-failure-modes",
      name: "Reliability and failure modes",
      competencyId: "reliability-failure-modes",
      description:
        "Whether duplicate and late PSP events, settlement mismatches and concurrent payouts are handled without editing history or overdrawing.",
      levels: anchoredLevels([
        "Did not address duplicated or out-of-order PSP webhooks, or proposed editing past entries to make totals match.",
        "Deduplicated webhooks by the PSP event id but had no answer for the settlement arriving after the refund, or for a mismatch reported by finance.",
        "Stored processed PSP event ids under a unique constraint, modelled payment states so late events are applied or ignored according to state, reconciled daily against the settlement file by PSP reference, and booked differences as new adjusting entries.",
        "Automated reconciliation that classifies mismatches (missing in the ledger, missing at the PSP, amount differs) and alerts on them, held payouts for accounts with unresolved mismatches, and prevented negative balances with a locked or serialisable balance check at payout time.",
      ]),
    },
    {
      id: "trade-off-reasoning",
      name: "Trade-off reasoning",
      competencyId: "trade-off-reasoning",
      description:
        "Whether storage, consistency and partitioning choices are justified by the ledger's invariants, with costs named.",
      levels: anchoredLevels([
        "Chose storage and consistency without reasons, or put balances in an eventually consistent store without noticing that it allows overdrafts.",
        "Called a relational database 'safer for money' without connecting that to the transactions and constraints the ledger needs.",
        "Chose a relational store because balanced multi-entry writes need atomic transactions and unique constraints, and named the cost: limited write throughput on hot accounts and harder sharding.",
        "Separated what must be strongly consistent (entries, payout balance checks) from what may lag (dashboards, reports) and named the change that would alter the design, such as 100× volume forcing partitioning by account with staged transfers between partitions.",
      ]),
    },
    {
      id: "communication",
      name: "Communication",
      competencyId: "communication",
      description:
        "Whether the design was explained through concrete transactions the interviewer could check.",
      levels: anchoredLevels([
        "Used 'updating balances' and 'recording payments' interchangeably, so the interviewer could not tell what is written where.",
        "Explained the tables clearly but did not walk a concrete transaction through them until asked.",
        "Worked the €100 purchase with its €10 fee through the tables on the board, entry by entry, and reused the same example to explain the refund and the payout.",
        "Used the worked example to test their own design, spotting and fixing an unbalanced entry or a missing state aloud, asked which flow to go deeper on, and summarised the invariants the design guarantees.",
      ]),
    },
  ],
  candidateQuestionsSegment: { ...SYSTEM_DESIGN_CANDIDATE_SEGMENT },
  interviewerGuidance: [
    ...STRUCTURED_INTERVIEW_GUIDANCE,
    ...SYSTEM_DESIGN_GUIDANCE,
    "Accounting vocabulary is not being assessed: a candidate who says 'money out of account A, into account B, always summing to zero' has described double-entry and earns full credit for it.",
    "Reference answers for the knowledge probes: 2.9% of €10.01 is €0.29029, rounded to €0.29 with the remainder staying with the seller under a documented rounding rule; concurrent payouts need a row lock on the seller's balance or serialisable isolation to prevent write skew (two payouts each seeing enough balance).",
  ],
};
