import { describe, expect, it } from "vitest";
import { assertNoFreeText } from "./audit-log.ts";

describe("assertNoFreeText (the audit log keeps structured facts only)", () => {
  it("accepts ids, enum values, slugs, timestamps, numbers, flags and nested lists of them", () => {
    expect(() =>
      assertNoFreeText(
        {
          decisionId: "5b0c8f5e-7a43-4d2a-9c1e-2f6b0d9a1e34",
          outcome: "no_hire",
          slug: "acme-2",
          expiresAt: "2030-07-01T09:00:00.000Z",
          score: 3.5,
          isOverride: true,
          removed: { files: 1, ids: ["a1", "b2"] },
          nothing: null,
        },
        "test.accepted",
      ),
    ).not.toThrow();
  });

  it("refuses sentences, names with spaces and email addresses, naming the field", () => {
    expect(() => assertNoFreeText({ overrideReason: "Jane's references were excellent" }, "x")).toThrow(
      /detail\.overrideReason holds free text/,
    );
    expect(() => assertNoFreeText({ to: { email: "jane@example.test" } }, "x")).toThrow(/detail\.to\.email/);
    expect(() => assertNoFreeText({ titles: ["Senior Engineer"] }, "x")).toThrow(/detail\.titles\[0\]/);
    expect(() => assertNoFreeText({ long: "a".repeat(65) }, "x")).toThrow(/free text/);
    expect(() => assertNoFreeText({ surrogate: "x\ud800y" }, "x")).toThrow(/free text/);
  });
});
