import { describe, expect, it } from "vitest";
import { checkInterviewPlace, requiredInterviewerCount } from "./interviews.ts";

describe("interview scheduling rules", () => {
  it("needs at least two interviewers in live interview stages, the plan's count elsewhere", () => {
    expect(requiredInterviewerCount({ type: "system_design", requiredRaters: 1 })).toBe(2);
    expect(requiredInterviewerCount({ type: "pair_programming", requiredRaters: 3 })).toBe(3);
    expect(requiredInterviewerCount({ type: "trial_day", requiredRaters: 2 })).toBe(2);
    expect(requiredInterviewerCount({ type: "written_exercise", requiredRaters: 1 })).toBe(1);
  });

  it("needs a room onsite and an https link remotely", () => {
    expect(checkInterviewPlace({ mode: "onsite", room: " Room 4 " })).toEqual({
      room: "Room 4",
      videoLink: null,
      problems: [],
    });
    expect(checkInterviewPlace({ mode: "onsite", room: "  " }).problems).toEqual([
      { path: "room", message: "required for an onsite interview" },
    ]);
    expect(checkInterviewPlace({ mode: "remote", videoLink: "https://meet.example.com/x" }).problems).toEqual(
      [],
    );
    expect(checkInterviewPlace({ mode: "remote" }).problems.map((problem) => problem.path)).toEqual([
      "videoLink",
    ]);
    for (const videoLink of ["http://meet.example.com/x", "javascript:alert(1)", "meet.example.com/x"]) {
      expect(checkInterviewPlace({ mode: "remote", videoLink }).problems).toEqual([
        { path: "videoLink", message: "must be an https:// link" },
      ]);
    }
    // A video link for a remote panellist of an onsite interview is fine, but it must be https too.
    expect(
      checkInterviewPlace({ mode: "onsite", room: "Room 4", videoLink: "ftp://x" }).problems,
    ).toHaveLength(1);
  });
});
