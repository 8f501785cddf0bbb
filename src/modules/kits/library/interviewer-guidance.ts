/**
 * Rules every built-in kit gives its interviewers, from the structured-interview components in
 * shared/EVIDENCE.md (same questions, pre-written probes only, evidence per rating, independent
 * scorecards, no ancillary information). Kits add their own guidance after these.
 */
export const STRUCTURED_INTERVIEW_GUIDANCE = [
  "Give every candidate the same questions in the same order and wording; follow up only with the probes written under each question.",
  "Write evidence while it happens: what the candidate said or did, quoting where you can, not your conclusions about them.",
  "Rate every rubric attribute against its written anchors and attach an evidence note to each rating; if the session produced no evidence for an attribute, rate 1 and say so instead of guessing.",
  "Compare the candidate with the anchors, not with other candidates, with yourself, or with how you would have solved it.",
  "Do not read the résumé, other interviewers' notes or other scores before submitting your own scorecard.",
  "Do not discuss the candidate or your ratings with anyone until you have submitted your scorecard.",
  "Keep the candidate-questions segment unscored: write no evaluative notes during it.",
] as const;
