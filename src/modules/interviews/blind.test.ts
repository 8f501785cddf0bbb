import { describe, expect, it } from "vitest";
import {
  blindScrubberFor,
  candidatePseudonym,
  isCandidateHidden,
  showAsWritten,
  summariseCandidate,
} from "./blind.ts";
import { placeForBlindReview } from "./interviews.ts";

const applicationId = "5b0c8f5e-7a43-4d2a-9c1e-2f6b0d9a1e34";
const candidate = {
  fullName: "Ada Example",
  email: "ada@example.test",
  location: "Lisbon",
  links: ["https://github.com/ada-example"],
};

describe("blind review", () => {
  it("derives a stable four-character pseudonym from the application id", () => {
    const pseudonym = candidatePseudonym(applicationId);
    expect(pseudonym).toMatch(/^Candidate [0-9A-F]{4}$/);
    expect(candidatePseudonym(applicationId)).toBe(pseudonym);
    expect(candidatePseudonym("0d6f7f8e-1111-4222-8333-444455556666")).not.toBe(pseudonym);
    // The label must not be a piece of the id, which appears beside it in responses.
    expect(applicationId.toUpperCase()).not.toContain(pseudonym.slice(-4));
  });

  it("shows the candidate outside blind review and only the pseudonym inside it", () => {
    expect(summariseCandidate(applicationId, candidate, false)).toEqual({
      pseudonym: candidatePseudonym(applicationId),
      isRedacted: false,
      name: "Ada Example",
      email: "ada@example.test",
      location: "Lisbon",
      links: ["https://github.com/ada-example"],
    });
    const redacted = summariseCandidate(applicationId, candidate, true);
    expect(redacted).toEqual({
      pseudonym: candidatePseudonym(applicationId),
      isRedacted: true,
      name: null,
      email: null,
      location: null,
      links: [],
    });
    expect(JSON.stringify(redacted)).not.toMatch(/Ada|Lisbon|github/);
  });

  it("hides the candidate in blind stages and in every stage of an application the viewer reviews blind", () => {
    const blindForViewer = new Set([applicationId]);
    expect(isCandidateHidden({ applicationId: "other", stageIsBlind: true }, new Set())).toBe(true);
    expect(isCandidateHidden({ applicationId, stageIsBlind: false }, blindForViewer)).toBe(true);
    expect(isCandidateHidden({ applicationId: "other", stageIsBlind: false }, blindForViewer)).toBe(false);
  });

  it("replaces the candidate's name, its parts, email, phone and links in notes with the pseudonym, whole words only", () => {
    const scrub = blindScrubberFor(applicationId, {
      fullName: "Ana María Li-Wong",
      email: "ana.m@example.test",
      phone: "+1 (555) 010-9999",
      links: ["https://github.com/anamlw"],
    });
    const pseudonym = candidatePseudonym(applicationId);
    expect(
      scrub(
        "ana maria li-wong explained the analysis; María (ana.m@example.test, +1 (555) 010-9999) chose Wong's plan, see github.com/anamlw. Limits held.",
      ),
    ).toBe(
      `${pseudonym} explained the analysis; ${pseudonym} (${pseudonym}, ${pseudonym}) chose ${pseudonym}'s plan, see ${pseudonym}. Limits held.`,
    );
    expect(scrub("Nothing to hide here.")).toBe("Nothing to hide here.");
  });

  it("keeps a neutral video link for blind interviewers, withholds one naming the candidate, rewrites the room", () => {
    const scrub = blindScrubberFor(applicationId, { fullName: "Ada Example", email: null, phone: null });
    const pseudonym = candidatePseudonym(applicationId);
    expect(
      placeForBlindReview(
        { room: "Ada's panel, room 4", videoLink: "https://meet.example.test/ada-example" },
        scrub,
      ),
    ).toEqual({ room: `${pseudonym}'s panel, room 4`, videoLink: null });
    expect(
      placeForBlindReview({ room: "Room Orion", videoLink: "https://meet.acme.test/r/7k2" }, scrub),
    ).toEqual({
      room: "Room Orion",
      videoLink: "https://meet.acme.test/r/7k2",
    });
    expect(placeForBlindReview({ room: null, videoLink: null }, scrub)).toEqual({
      room: null,
      videoLink: null,
    });
    expect(showAsWritten("Ada Example")).toBe("Ada Example");
  });
});
