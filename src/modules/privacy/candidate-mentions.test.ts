import { describe, expect, it } from "vitest";
import { findCandidateMentions } from "./candidate-mentions.ts";

describe("findCandidateMentions (which free text identifies a candidate)", () => {
  const { isMentioned: mentions } = findCandidateMentions({
    fullName: "José María Li",
    email: "jm.li@example.test",
    phone: "+34 912 345 678",
    links: ["https://github.com/jmli-codes/"],
  });

  it("finds the full name, any part of it as a whole word, ignoring case and accents", () => {
    expect(mentions("José María Li explained the trade-offs")).toBe(true);
    expect(mentions("jose was calm under pressure")).toBe(true);
    expect(mentions("MARIA asked good questions")).toBe(true);
    expect(mentions("Li partitioned by account")).toBe(true);
  });

  it("finds the email address, its local part, the phone number's digits and profile links", () => {
    expect(mentions("Follow up with JM.Li@example.test")).toBe(true);
    expect(mentions("their handle is jm.li on the forum")).toBe(true);
    expect(mentions("call 912-345-678 tomorrow")).toBe(true);
    expect(mentions("see github.com/JMLI-codes for the repo")).toBe(true);
  });

  it("keeps text about the work that does not identify the candidate", () => {
    expect(mentions("Partitioned the ledger by account; explained hot spots")).toBe(false);
    // "Li" inside other words is not the name.
    expect(mentions("Explained linearizability and reliability limits")).toBe(false);
    expect(mentions("Scored 912 points")).toBe(false);
    expect(mentions(null)).toBe(false);
    expect(mentions("")).toBe(false);
  });

  it("matches nothing for a candidate already erased", () => {
    const erased = findCandidateMentions({ fullName: null, email: null, phone: null });
    expect(erased.isMentioned("Anything at all, even José")).toBe(false);
    expect(erased.replaceMentions("Anything at all, even José", "X")).toBe("Anything at all, even José");
  });

  it("replaces every mention in the original text, whole words only, accents and punctuation kept elsewhere", () => {
    const { replaceMentions } = findCandidateMentions({
      fullName: "Ana María Li-Wong",
      email: "ana.m@example.test",
      phone: "+1 (555) 010-9999",
    });
    expect(
      replaceMentions(
        "ana maría li-wong explained the analysis; María (ana.m@example.test, +1 (555) 010-9999) chose Wong's plan. Limits held; café.",
        "Candidate 4F2A",
      ),
    ).toBe(
      "Candidate 4F2A explained the analysis; Candidate 4F2A (Candidate 4F2A, Candidate 4F2A) chose Candidate 4F2A's plan. Limits held; café.",
    );
    expect(replaceMentions("Nothing to hide here.", "Candidate 4F2A")).toBe("Nothing to hide here.");
    expect(replaceMentions("https://meet.example.test/ana-wong-1on1", "Candidate 4F2A")).toBe(
      "https://meet.example.test/Candidate 4F2A-Candidate 4F2A-1on1",
    );
  });
});
