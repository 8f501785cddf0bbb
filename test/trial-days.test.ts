import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarUid } from "../src/modules/mail/calendar-invites.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { attendeeEmails, invitationsWithUid } from "./support/calendar-parts.ts";
import { testEngines } from "./support/databases.ts";
import { textPart } from "./support/eml.ts";
import { addExerciseCandidate, type ExerciseCandidate } from "./support/exercise-seed.ts";
import { addTestMember } from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";
import { createTrialDayRole, type TrialDayRole } from "./support/trial-day-seed.ts";

const MINUTE = 60_000;
type Member = { id: string; email: string; token: string };
type Body = Record<string, unknown>;

/** Trial days: planning rules, invitations parsed back, independent observation forms, payment, isolation. */
describe.each(testEngines)("trial days on %s", (engine) => {
  const clock = fixedClock(new Date("2026-12-07T09:00:00Z"));
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let role: TrialDayRole;
  let host: Member;
  let firstObserver: Member;
  let secondObserver: Member;
  let bystander: Member;
  let candidate: ExerciseCandidate;
  let cancelled: ExerciseCandidate;
  let elsewhere: ExerciseCandidate;

  const recruiter = () => org.users.recruiter.token;
  const trialDayPath = (who: ExerciseCandidate, rest = "") =>
    `/api/v1/applications/${who.applicationId}/trial-day${rest}`;
  /** Tuesday 15 December 2026 in Berlin (UTC+1): pairing, lunch, a design discussion, a team meeting. */
  const plan = (changes: (body: { sessions: Body[] } & Body) => void = () => {}) => {
    const body = {
      date: "2026-12-15",
      candidateTimeZone: "Europe/Berlin",
      dayStart: "09:00",
      dayEnd: "17:00",
      location: "Evident office, Rua Augusta 10, Lisbon",
      sessions: [
        {
          id: "pairing",
          kind: "pairing",
          title: "Pairing on the pagination ticket",
          startTime: "09:30",
          endTime: "12:00",
          room: "Room 2",
          hostIds: [host.id],
          observerIds: [firstObserver.id, secondObserver.id],
        },
        {
          id: "lunch",
          kind: "lunch",
          title: "Team lunch",
          startTime: "12:00",
          endTime: "13:00",
          room: "Canteen",
          hostIds: [host.id],
          observerIds: [],
        },
        {
          id: "design",
          kind: "design_discussion",
          title: "Design discussion: filtering orders",
          startTime: "13:00",
          endTime: "14:00",
          room: "Room 2",
          hostIds: [host.id],
          observerIds: [firstObserver.id],
        },
      ] as Body[],
    };
    changes(body);
    return body;
  };
  const save = (who: ExerciseCandidate, body: unknown, token = recruiter()) =>
    call(server, "PUT", trialDayPath(who), { token, body });
  const asCandidate = (who: ExerciseCandidate, applicationId = who.applicationId) =>
    call(server, "GET", `/api/v1/portal/applications/${applicationId}/trial-day`, {
      headers: { cookie: who.cookie },
    });
  const sessionOf = (body: Body, id: string) =>
    ((body.trialDay as { sessions: Body[] }).sessions.find((session) => session.id === id) ?? {}) as {
      observations: { observerId: string; isMine: boolean; flaggedTerms: string[] }[];
      hasMyForm: boolean;
      filedCount: number;
      behaviourIds: string[];
    };
  const ratingsFor = (behaviourIds: string[], evidence: string) =>
    behaviourIds.map((behaviourId) => ({ behaviourId, level: 3, evidence }));

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    org = await seedOrganization(server.database, "Trial days");
    other = await seedOrganization(server.database, "Elsewhere");
    host = await addTestMember(server.database, org.id, "Hana Host");
    firstObserver = await addTestMember(server.database, org.id, "Olu Observer");
    secondObserver = await addTestMember(server.database, org.id, "Pia Observer");
    bystander = await addTestMember(server.database, org.id, "Bo Bystander");
    role = await createTrialDayRole(server, org);
    candidate = await addExerciseCandidate(
      server,
      org,
      { roleId: role.roleId, stageId: role.stageId },
      { fullName: "Ines Duarte", email: "ines.duarte@example.net" },
    );
    cancelled = await addExerciseCandidate(
      server,
      org,
      { roleId: role.roleId, stageId: role.stageId },
      { fullName: "Karl Weber", email: "karl.weber@example.net" },
    );
    elsewhere = await addExerciseCandidate(
      server,
      org,
      { roleId: role.roleId, stageId: role.otherStageId },
      { fullName: "Lena Park", email: "lena.park@example.net" },
    );
  });
  afterAll(async () => server?.close());

  it("refuses a plan that breaks the day's rules, each problem at its field", async () => {
    const broken = await save(
      candidate,
      plan((body) => {
        (body.sessions[0] as Body).startTime = "08:00"; // before the day starts
        (body.sessions[1] as Body).observerIds = [firstObserver.id]; // lunch is unscored
        (body.sessions[2] as Body).observerIds = []; // scored without an observer
        body.sessions.push({
          kind: "team_meeting",
          title: "Stand-up",
          startTime: "13:30",
          endTime: "14:00",
          hostIds: [host.id],
          observerIds: [secondObserver.id],
        });
      }),
    );
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual(
      expect.arrayContaining([
        { path: "sessions.0.startTime", message: expect.stringMatching(/outside the day \(09:00–17:00\)/) },
        { path: "sessions.1.observerIds", message: expect.stringMatching(/lunch: optional and unscored/) },
        { path: "sessions.2.observerIds", message: expect.stringMatching(/needs at least one observer/) },
        {
          path: "sessions.3.startTime",
          message: expect.stringMatching(/overlaps "Design discussion.*Hana Host cannot be in both/),
        },
      ]),
    );
    const stranger = await save(
      candidate,
      plan((body) => {
        (body.sessions[0] as Body).observerIds = [other.users.interviewer.id];
      }),
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toContainEqual({
      path: "sessions.0.observerIds",
      message: "choose people who are members of this organisation",
    });
    const badDate = await save(
      candidate,
      plan((body) => {
        body.date = "2026-02-30";
      }),
    );
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors).toEqual([{ path: "date", message: "a real date, YYYY-MM-DD" }]);
    const badZone = await save(
      candidate,
      plan((body) => {
        body.candidateTimeZone = "Mars/Olympus_Mons";
      }),
    );
    expect(badZone.status).toBe(400);
    expect(String(badZone.body.detail)).toMatch(/Unknown time zone/);
    const badTime = await save(
      candidate,
      plan((body) => {
        (body.sessions[0] as Body).endTime = "25:00";
      }),
    );
    expect(badTime.status).toBe(400);

    const notAtTrialDay = await save(elsewhere, plan());
    expect(notAtTrialDay.status).toBe(409);
    expect(String(notAtTrialDay.body.detail)).toMatch(/not a trial day/);
    expect((await save(candidate, plan(), org.users.interviewer.token)).status).toBe(403);
    expect((await save(candidate, plan(), other.users.admin.token)).status).toBe(404);
    expect(
      (await call(server, "GET", trialDayPath(candidate), { token: recruiter() })).body.trialDay,
    ).toBeNull();
  });

  it("plans a draft the candidate cannot see, then sends it: parsed-back invitations for the candidate and the team", async () => {
    const saved = await save(candidate, plan());
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const day = saved.body.trialDay as Body & { sessions: Body[] };
    expect(day.status).toBe("draft");
    expect(day.kit).toMatchObject({ slug: "trial-day-onsite-observation" });
    expect(
      day.sessions.map((session) => [session.id, session.startsAt, session.isScored, session.isOptional]),
    ).toEqual([
      ["pairing", "2026-12-15T08:30:00.000Z", true, false],
      ["lunch", "2026-12-15T11:00:00.000Z", false, true],
      ["design", "2026-12-15T12:00:00.000Z", true, false],
    ]);
    expect(sessionOf(saved.body, "design").behaviourIds).toEqual(["handling-disagreement"]);
    expect((await asCandidate(candidate)).status).toBe(404);

    clock.advance(MINUTE);
    const sent = await call(server, "POST", trialDayPath(candidate, "/send"), { token: recruiter() });
    expect(sent.status).toBe(200);
    expect((sent.body.trialDay as Body).status).toBe("sent");
    expect(
      (await call(server, "POST", trialDayPath(candidate, "/send"), { token: recruiter() })).status,
    ).toBe(409);

    const uid = calendarUid("trial-day", String(day.id));
    const invitations = await invitationsWithUid(server.outboxDir, uid);
    expect(invitations.map((invitation) => invitation.to).sort()).toEqual(
      [candidate, host, firstObserver, secondObserver]
        .map((who) => ("email" in who ? who.email : "ines.duarte@example.net"))
        .sort(),
    );
    for (const { event, method } of invitations) {
      expect(method).toBe("REQUEST");
      expect(Number(event.sequence)).toBe(0);
      expect((event.start as Date).toISOString()).toBe("2026-12-15T08:30:00.000Z");
      expect((event.end as Date).toISOString()).toBe("2026-12-15T13:00:00.000Z");
      expect(String(event.location)).toBe("Evident office, Rua Augusta 10, Lisbon");
      expect(attendeeEmails(event)).toContain("ines.duarte@example.net");
    }
    const toCandidate = invitations.find((invitation) => invitation.to === "ines.duarte@example.net");
    const text = textPart(toCandidate?.email ?? { headers: new Map(), parts: [] });
    expect(text).toContain("Tue, 15 Dec 2026 (Europe/Berlin)");
    expect(text).toContain(
      "09:30–12:00 Pairing: Pairing on the pagination ticket (Room 2), with Hana Host, observed",
    );
    expect(text).toContain("12:00–13:00 Lunch: Team lunch (Canteen), with Hana Host, optional, not assessed");
    expect(text).not.toContain("Olu Observer");
  });

  it("sends an edit as an update (same UID, higher SEQUENCE) and a cancellation as METHOD:CANCEL", async () => {
    expect((await save(cancelled, plan())).status).toBe(200);
    clock.advance(MINUTE);
    await call(server, "POST", trialDayPath(cancelled, "/send"), { token: recruiter() });
    clock.advance(MINUTE);
    const moved = await save(
      cancelled,
      plan((body) => {
        body.location = "Evident office, Room 5";
      }),
    );
    expect(moved.status).toBe(200);
    const day = moved.body.trialDay as Body;
    expect(day.calendarSequence).toBe(1);
    clock.advance(MINUTE);
    const cancel = await call(server, "POST", trialDayPath(cancelled, "/cancel"), { token: recruiter() });
    expect(cancel.status).toBe(200);
    expect((cancel.body.trialDay as Body).status).toBe("cancelled");
    expect(
      (await call(server, "POST", trialDayPath(cancelled, "/cancel"), { token: recruiter() })).status,
    ).toBe(409);

    const toCandidate = (await invitationsWithUid(server.outboxDir, calendarUid("trial-day", String(day.id))))
      .filter((invitation) => invitation.to === "karl.weber@example.net")
      .sort((a, b) => Number(a.event.sequence) - Number(b.event.sequence));
    expect(
      toCandidate.map(({ method, event }) => [method, Number(event.sequence), String(event.location)]),
    ).toEqual([
      ["REQUEST", 0, "Evident office, Rua Augusta 10, Lisbon"],
      ["REQUEST", 1, "Evident office, Room 5"],
      ["CANCEL", 2, "Evident office, Room 5"],
    ]);
    expect(toCandidate.map(({ subject }) => subject)).toEqual([
      expect.stringMatching(/^Your trial day/),
      expect.stringMatching(/^Updated: Your trial day/),
      expect.stringMatching(/^Cancelled: Your trial day/),
    ]);
    // The candidate sees it withdrawn; observers file nothing for a cancelled day.
    expect((await asCandidate(cancelled)).body.status).toBe("cancelled");
    const refused = await call(server, "POST", trialDayPath(cancelled, "/sessions/pairing/observations"), {
      token: firstObserver.token,
      body: {
        ratings: ratingsFor(["clarifying-and-status", "working-with-the-team"], "Asked about page size."),
      },
    });
    expect(refused.status).toBe(409);

    // Planned again: a draft, then the same event comes back to calendars with a higher SEQUENCE.
    clock.advance(MINUTE);
    const replanned = await save(cancelled, plan());
    expect((replanned.body.trialDay as Body).status).toBe("draft");
    expect((await asCandidate(cancelled)).status).toBe(404);
    clock.advance(MINUTE);
    await call(server, "POST", trialDayPath(cancelled, "/send"), { token: recruiter() });
    const latest = (await invitationsWithUid(server.outboxDir, calendarUid("trial-day", String(day.id))))
      .filter((invitation) => invitation.to === "karl.weber@example.net")
      .map(({ method, event }) => [method, Number(event.sequence)])
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .at(-1);
    expect(latest).toEqual(["REQUEST", 3]);
    await call(server, "POST", trialDayPath(cancelled, "/cancel"), { token: recruiter() });
  });

  it("keeps two observers' forms independent, stores note-guard flags and refuses a form for lunch", async () => {
    const pairing = ["clarifying-and-status", "working-with-the-team"];
    const file = (who: Member, sessionId: string, ratings: unknown) =>
      call(server, "POST", trialDayPath(candidate, `/sessions/${sessionId}/observations`), {
        token: who.token,
        body: { ratings },
      });
    const lunch = await file(firstObserver, "lunch", ratingsFor(pairing, "Chatted about the team."));
    expect(lunch.status).toBe(409);
    expect(String(lunch.body.detail)).toMatch(/lunch: optional and unscored, so it has no observation form/);
    expect((await file(host, "pairing", ratingsFor(pairing, "Asked about page size."))).status).toBe(403);
    expect((await file(bystander, "pairing", ratingsFor(pairing, "Asked about page size."))).status).toBe(
      404,
    );
    const missing = await file(
      firstObserver,
      "pairing",
      ratingsFor(["clarifying-and-status"], "Asked about page size."),
    );
    expect(missing.status).toBe(400);
    expect(String(missing.body.detail)).toMatch(/missing working-with-the-team/);

    const second = await file(
      secondObserver,
      "pairing",
      ratingsFor(pairing, "Great culture fit; asked the buddy about the sort order before starting."),
    );
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.flaggedTerms).toEqual(["culture fit"]);
    expect((await file(secondObserver, "pairing", ratingsFor(pairing, "Again."))).status).toBe(409);

    // The first observer has not filed: the second's form is counted but not shown.
    const before = await call(server, "GET", trialDayPath(candidate), { token: firstObserver.token });
    expect(before.status).toBe(200);
    expect(sessionOf(before.body, "pairing")).toMatchObject({
      observations: [],
      filedCount: 1,
      hasMyForm: false,
    });
    expect(before.body.trialDay).toMatchObject({ payment: null, canSeePayment: false, canPlan: false });

    expect(
      (await file(firstObserver, "pairing", ratingsFor(pairing, "Posted status in the channel at 11:00.")))
        .status,
    ).toBe(201);
    const after = await call(server, "GET", trialDayPath(candidate), { token: firstObserver.token });
    const forms = sessionOf(after.body, "pairing").observations;
    expect(forms.map((form) => [form.observerId, form.isMine]).sort()).toEqual(
      [
        [firstObserver.id, true],
        [secondObserver.id, false],
      ].sort(),
    );
    // The hiring team (not observing) sees every form.
    const manager = await call(server, "GET", trialDayPath(candidate), {
      token: org.users.hiring_manager.token,
    });
    expect(sessionOf(manager.body, "pairing").observations).toHaveLength(2);
    // Calibration counts the flagged form beside the stage, as it does scorecards.
    const calibration = await call(
      server,
      "GET",
      `/api/v1/analytics/calibration?source=live&stage=${encodeURIComponent("Onsite trial day")}`,
      { token: org.users.admin.token },
    );
    expect(calibration.status).toBe(200);
    expect(calibration.body.noteGuard).toMatchObject({
      notes: 2,
      flagged: 1,
      terms: [{ phrase: "culture fit", count: 1 }],
    });
  });

  it("records the payment for recruiters and admins only", async () => {
    const incomplete = await call(server, "PUT", trialDayPath(candidate, "/payment"), {
      token: recruiter(),
      body: { isPaid: true, amount: 350, currency: "EUR", status: "paid" },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors).toEqual([{ path: "paidAt", message: "when it was paid" }]);
    const badCurrency = await call(server, "PUT", trialDayPath(candidate, "/payment"), {
      token: recruiter(),
      body: { isPaid: true, amount: 350, currency: "euro", status: "planned" },
    });
    expect(badCurrency.status).toBe(400);
    const recorded = await call(server, "PUT", trialDayPath(candidate, "/payment"), {
      token: recruiter(),
      body: { isPaid: true, amount: 350.5, currency: "EUR", status: "paid", paidAt: "2026-12-16T10:00:00Z" },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect((recorded.body.trialDay as Body).payment).toMatchObject({
      isPaid: true,
      amount: "350.50",
      currency: "EUR",
      status: "paid",
      paidAt: "2026-12-16T10:00:00.000Z",
    });
    const admin = await call(server, "GET", trialDayPath(candidate), { token: org.users.admin.token });
    expect((admin.body.trialDay as Body).payment).toMatchObject({ amount: "350.50" });
    const manager = await call(server, "GET", trialDayPath(candidate), {
      token: org.users.hiring_manager.token,
    });
    expect((manager.body.trialDay as Body).payment).toBeNull();
    for (const token of [org.users.hiring_manager.token, firstObserver.token]) {
      const refused = await call(server, "PUT", trialDayPath(candidate, "/payment"), {
        token,
        body: { isPaid: false },
      });
      expect(refused.status).toBe(403);
    }
    expect((await asCandidate(candidate)).body).not.toHaveProperty("payment");
  });

  it("shows the candidate their own agenda only, without observers or forms; other organisations see nothing", async () => {
    const agenda = await asCandidate(candidate);
    expect(agenda.status).toBe(200);
    expect(agenda.body).toMatchObject({ status: "sent", dateLocal: "Tue, 15 Dec 2026 (Europe/Berlin)" });
    expect(
      (agenda.body.sessions as Body[]).map((session) => [
        session.title,
        session.isOptional,
        session.isObserved,
        session.hosts,
      ]),
    ).toEqual([
      ["Pairing on the pagination ticket", false, true, ["Hana Host"]],
      ["Team lunch", true, false, ["Hana Host"]],
      ["Design discussion: filtering orders", false, true, ["Hana Host"]],
    ]);
    const raw = JSON.stringify(agenda.body);
    expect(raw).not.toContain(firstObserver.id);
    expect(raw).not.toContain("Olu Observer");
    expect((await asCandidate(cancelled, candidate.applicationId)).status).toBe(404);
    expect(
      (await call(server, "GET", trialDayPath(candidate), { token: other.users.admin.token })).status,
    ).toBe(404);
    expect((await call(server, "GET", trialDayPath(candidate), { token: bystander.token })).status).toBe(404);
    expect(
      (
        await call(server, "GET", `/api/v1/portal/applications/${candidate.applicationId}/trial-day`, {
          token: recruiter(),
        })
      ).status,
    ).toBe(401);
  });

  it("lists the forms an observer owes in their work queue once the session has ended", async () => {
    const owed = async (who: Member) => {
      const queue = await call(server, "GET", "/api/v1/work-queue", { token: who.token });
      expect(queue.status).toBe(200);
      return (queue.body.items as { kind: string; title: string; path: string }[]).filter(
        (item) => item.kind === "observation_owed",
      );
    };
    expect(await owed(firstObserver)).toEqual([]);
    clock.set(new Date("2026-12-15T15:00:00Z"));
    expect(await owed(firstObserver)).toEqual([
      expect.objectContaining({
        title: "File your observation form: Ines Duarte, Design discussion: filtering orders",
        path: `/applications/${candidate.applicationId}/trial-day`,
      }),
    ]);
    // Filed the pairing form and observes nothing else; the cancelled day owes nothing.
    expect(await owed(secondObserver)).toEqual([]);

    // The hiring team's decision is ready once every observer's form of every scored session is in.
    const decisionReady = async () => {
      const queue = await call(server, "GET", "/api/v1/work-queue", { token: recruiter() });
      return (queue.body.items as { kind: string; detail: string; path: string }[]).filter(
        (item) =>
          item.kind === "decision_ready" && item.path === `/applications/${candidate.applicationId}/decision`,
      );
    };
    expect(await decisionReady()).toEqual([]);
    const design = await call(server, "POST", trialDayPath(candidate, "/sessions/design/observations"), {
      token: firstObserver.token,
      body: { ratings: ratingsFor(["handling-disagreement"], "Weighed both indexes before choosing.") },
    });
    expect(design.status).toBe(201);
    expect(await owed(firstObserver)).toEqual([]);
    expect(await decisionReady()).toEqual([
      expect.objectContaining({ detail: expect.stringMatching(/^Every observation form of .+ is in$/) }),
    ]);
  });

  it("erases the candidate's name from session titles and observers' evidence notes", async () => {
    const mara = await addExerciseCandidate(
      server,
      org,
      { roleId: role.roleId, stageId: role.stageId },
      { fullName: "Mara Lindqvist", email: "mara.lindqvist@example.net" },
    );
    const saved = await save(
      mara,
      plan((body) => {
        (body.sessions[2] as Body).title = "Design discussion with Mara Lindqvist";
      }),
    );
    expect(saved.status).toBe(200);
    await call(server, "POST", trialDayPath(mara, "/send"), { token: recruiter() });
    const filed = await call(server, "POST", trialDayPath(mara, "/sessions/design/observations"), {
      token: firstObserver.token,
      body: {
        ratings: ratingsFor(["handling-disagreement"], "Mara Lindqvist asked for the query plan first."),
      },
    });
    expect(filed.status).toBe(201);
    const erased = await call(server, "POST", `/api/v1/candidates/${mara.candidateId}/erase`, {
      token: org.users.admin.token,
      body: { confirm: mara.candidateId },
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.redacted).toMatchObject({ trialDaySessionTitles: 1, trialDayObservationEvidence: 1 });
    const after = JSON.stringify(
      (await call(server, "GET", trialDayPath(mara), { token: org.users.admin.token })).body,
    );
    expect(after).not.toContain("Lindqvist");
    expect(after).toContain("[removed when the candidate's personal data was erased]");
  });
});
