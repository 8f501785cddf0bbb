export interface Area {
  path: string;
  title: string;
  /** One line for the home page. */
  purpose: string;
  /** What the area will hold, for areas that are not open yet. */
  plannedContent: string[];
}

export const roles: Area = {
  path: "/roles",
  title: "Roles",
  purpose: "Open a backend role, choose onsite, remote or hybrid with evidence, and run its hiring plan.",
  plannedContent: [
    "This is where you will open a backend role and run its hiring plan from first brief to offer.",
    "For each role you will decide whether the work is onsite, remote or hybrid with the work-model advisor, which cites the published evidence behind every recommendation it makes.",
  ],
};

export const candidates: Area = {
  path: "/candidates",
  title: "Candidates",
  purpose: "Follow every application through the pipeline, with its full stage history.",
  plannedContent: [
    "This is where you will follow candidates through your hiring pipeline on a board organised by stage.",
    "Each application will keep its complete stage history, so every move and decision can be reviewed later.",
  ],
};

export const interviews: Area = {
  path: "/interviews",
  title: "Interviews",
  purpose: "Run structured interviews with anchored rubrics and independent scorecards.",
  plannedContent: [
    "This is where you will run structured interviews: system design, pair programming and trial days.",
    "Every interview will follow a rubric with anchored rating scales.",
    "Each interviewer will submit an independent scorecard before seeing anyone else's, so one opinion does not sway the rest.",
  ],
};

export const challenges: Area = {
  path: "/challenges",
  title: "Challenges",
  purpose: "Set auto-graded backend challenges that run in a sandbox.",
  plannedContent: [
    "This is where you will set backend coding challenges for candidates.",
    "Submissions will run in an isolated sandbox and be graded automatically against the same tests for everyone.",
  ],
};

export const outcomes: Area = {
  path: "/outcomes",
  title: "Teams & outcomes",
  purpose: "Track DORA-style delivery metrics and check whether hiring signals predict them.",
  plannedContent: [
    "This is where you will see how teams deliver, using DORA-style measures such as deployment frequency, lead time for changes, change failure rate and time to restore service.",
    "Evident will never measure people by lines of code or commit counts.",
    "Over time, this area will show whether the signals you gather while hiring actually predict these outcomes.",
  ],
};

export const evidence: Area = {
  path: "/evidence",
  title: "Evidence",
  purpose: "See the research on which selection methods predict job performance, and by how much.",
  plannedContent: [],
};

export const emptyAreas: readonly Area[] = [roles, candidates, interviews, challenges, outcomes];

export const allAreas: readonly Area[] = [...emptyAreas, evidence];
