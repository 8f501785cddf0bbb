import { describe, expect, it } from "vitest";
import { candidateMentionMatcher } from "./erase.ts";

describe("candidateMentionMatcher (which free text identifies an erased candidate)", () => {
  const mentions = candidateMentionMatcher({
    fullName: "José María Li",
    email: "jm.li@example.test",
    phone: "+34 912 345 678",
  });

  it("finds the full name, any part of it as a whole word, ignoring case and accents", () => {
    expect(mentions("José María Li explained the trade-offs")).toBe(true);
    expect(mentions("jose was calm under pressure")).toBe(true);
    expect(mentions("MARIA asked good questions")).toBe(true);
    expect(mentions("Li partitioned by account")).toBe(true);
  });

  it("finds the email address, its local part and the phone number's digits", () => {
    expect(mentions("Follow up with JM.Li@example.test")).toBe(true);
    expect(mentions("their handle is jm.li on the forum")).toBe(true);
    expect(mentions("call 912-345-678 tomorrow")).toBe(true);
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
    const erased = candidateMentionMatcher({ fullName: null, email: null, phone: null });
    expect(erased("Anything at all, even José")).toBe(false);
  });
});
