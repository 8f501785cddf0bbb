import { eq, sql } from "drizzle-orm";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { applications } from "../src/modules/candidates/candidates-table.ts";
import { candidatePseudonym } from "../src/modules/interviews/blind.ts";
import { countUpdates, loadPadState } from "../src/modules/pads/pad-log.ts";
import { padUpdates } from "../src/modules/pads/pads-table.ts";
import { PAD_NOTES_HEADING } from "../src/modules/pads/panel-notes.ts";
import { createCandidateSession } from "../src/modules/portal/candidate-sessions.ts";
import { fixedClock } from "../src/platform/clock.ts";
import { createTimeline, indexPlaybackLog, type RecordedLog } from "../web/src/pads/playback.ts";
import { testEngines } from "./support/databases.ts";
import { ratingsFor, seedApplication } from "./support/hiring-seed.ts";
import {
  connectPad,
  type PadScene,
  schedulePadInterview,
  seedPadScene,
  socketUrl,
  waitFor,
} from "./support/pad-seed.ts";
import { call, seedOrganization, startTestServer, type TestServer } from "./support/server.ts";

const start = new Date("2030-05-04T09:00:00Z");

/** The HTTP status of a refused upgrade, or "open" when the WebSocket opened. */
function upgradeOutcome(url: string, headers: Record<string, string>): Promise<number | "open"> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => {
      socket.close();
      resolve("open");
    });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.on("error", () => undefined);
  });
}

describe.each(testEngines)("live pads (%s)", (engine) => {
  const clock = fixedClock(new Date("2030-05-04T08:50:00Z"));
  let server: TestServer;
  let scene: PadScene;
  let interviewId: string;
  let pad: { id: string; documentName: string; panelDocumentName: string };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startTestServer(engine, { clock });
    scene = await seedPadScene(server, "Pads", clock);
    interviewId = await schedulePadInterview(server, scene, scene.pairing.id, start);
    const opened = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, {
      token: scene.interviewers[0]?.token,
    });
    expect(opened.status).toBe(200);
    pad = opened.body as typeof pad;
  }, 120_000);
  afterAll(async () => server?.close());

  it("opens one pad per interview, for its interviewers and the candidate, with the kit only for staff", async () => {
    const again = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, {
      token: scene.interviewers[1]?.token,
    });
    expect(again.body.id).toBe(pad.id);
    expect((again.body.kit as { questions: unknown[] }).questions.length).toBeGreaterThan(0);
    expect(pad.panelDocumentName).toBe(`pad:${pad.id}:panel:${scene.interviewers[0]?.id}`);
    expect(again.body.panelDocumentName).toBe(`pad:${pad.id}:panel:${scene.interviewers[1]?.id}`);
    const asCandidate = await call(server, "GET", `/api/v1/portal/interviews/${interviewId}/pad`, {
      headers: { cookie: scene.candidate.cookie },
    });
    expect(asCandidate.status).toBe(200);
    expect(asCandidate.body).toMatchObject({
      id: pad.id,
      kit: null,
      panelDocumentName: null,
      candidateName: null,
    });
    const outsider = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, {
      token: scene.outsider.token,
    });
    expect(outsider.status).toBe(404);
  });

  it("refuses the upgrade without a session, from another origin, or with a stolen link alone", async () => {
    const url = socketUrl(server);
    expect(await upgradeOutcome(url, { origin: server.url })).toBe(401);
    expect(await upgradeOutcome(`${url}?document=${pad.documentName}`, { origin: server.url })).toBe(401);
    expect(
      await upgradeOutcome(url, { origin: "https://evil.example", cookie: scene.candidate.cookie }),
    ).toBe(403);
    expect(await upgradeOutcome(url, { origin: server.url, cookie: "evident_candidate=forged" })).toBe(401);
    expect(await upgradeOutcome(url, { origin: server.url, cookie: scene.candidate.cookie })).toBe("open");
  });

  it("authorises each document: organisation, participants, the candidate's own pad and time window, never the panel", async () => {
    const stranger = await seedOrganization(server.database, "Elsewhere");
    const refusedStaff = connectPad(server, pad.documentName, bearer(stranger.users.admin.token));
    await expect(refusedStaff.synced).rejects.toThrow();
    refusedStaff.close();
    const notParticipant = connectPad(server, pad.documentName, bearer(scene.outsider.token));
    await expect(notParticipant.synced).rejects.toThrow();
    notParticipant.close();
    const panelAsCandidate = connectPad(server, pad.panelDocumentName, { cookie: scene.candidate.cookie });
    await expect(panelAsCandidate.synced).rejects.toThrow();
    panelAsCandidate.close();

    // Another candidate of the same organisation cannot enter this candidate's pad.
    const other = await seedApplication(server.database, scene.org.id, (await roleOf()) ?? "", {
      fullName: "Quinn Other",
      email: `quinn.${engine}@candidates.test`,
    });
    const { token } = await createCandidateSession(server.database.db, clock, {
      organizationId: scene.org.id,
      candidateId: other.candidateId,
    });
    const intruder = connectPad(server, pad.documentName, { cookie: `evident_candidate=${token}` });
    await expect(intruder.synced).rejects.toThrow();
    intruder.close();

    // The candidate's window: from start − 15 min to end + 30 min.
    clock.set(new Date(start.getTime() - 16 * 60_000));
    const early = connectPad(server, pad.documentName, { cookie: scene.candidate.cookie });
    await expect(early.synced).rejects.toThrow();
    early.close();
    clock.set(new Date(start.getTime() - 14 * 60_000));
    const onTime = connectPad(server, pad.documentName, { cookie: scene.candidate.cookie });
    await onTime.synced;
    onTime.close();
    clock.set(new Date("2030-05-04T08:50:00Z"));
  });

  it("starts the pad from a kit question or a challenge's starter, for everyone in it, only before anyone typed unless confirmed", async () => {
    const [ana] = scene.interviewers;
    const startFrom = (body: Record<string, unknown>, token = ana?.token) =>
      call(server, "POST", `/api/v1/pads/${pad.id}/start-from`, { token, body });
    const watcher = connectPad(server, pad.documentName, { cookie: scene.candidate.cookie });
    await watcher.synced;
    const opened = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, { token: ana?.token });
    const question = (opened.body.kit as { questions: { id: string; prompt: string }[] }).questions[1];
    if (!question) throw new Error("the kit has no second question");

    const fromQuestion = await startFrom({
      source: "kit_question",
      questionId: question.id,
      language: "python",
    });
    expect(fromQuestion.status).toBe(200);
    const firstLine = `# ${question.prompt.split("\n")[0]}`;
    await waitFor(
      () => watcher.doc.getText("code").toString().startsWith(firstLine),
      "the question in the pad",
    );
    expect(watcher.doc.getMap("meta").get("language")).toBe("python");

    const catalog = await call(server, "GET", "/api/v1/challenges", { token: ana?.token });
    const challenge = (catalog.body.items as { id: string; languages: string[] }[]).find((item) =>
      item.languages.includes("typescript"),
    );
    if (!challenge) throw new Error("no TypeScript challenge in the catalogue");
    const fromChallenge = await startFrom({
      source: "challenge",
      challengeId: challenge.id,
      language: "typescript",
    });
    expect(fromChallenge.status).toBe(200);
    expect(String(fromChallenge.body.code)).toContain("// File: ");
    await waitFor(
      () => watcher.doc.getText("code").toString() === fromChallenge.body.code,
      "the starter in the pad",
    );

    // Refusals: a language the challenge lacks, an unknown question, the candidate, an outsider.
    const unknownLanguage = challenge.languages.includes("sql") ? null : "sql";
    if (unknownLanguage) {
      const wrong = await startFrom({
        source: "challenge",
        challengeId: challenge.id,
        language: unknownLanguage,
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.detail).toContain("has no sql starter");
    }
    expect((await startFrom({ source: "kit_question", questionId: "no-such-question" })).status).toBe(404);
    expect((await startFrom({ source: "nothing" })).status).toBe(400);
    expect(
      (await startFrom({ source: "kit_question", questionId: question.id }, scene.outsider.token)).status,
    ).toBe(404);
    const asCandidate = await call(server, "POST", `/api/v1/pads/${pad.id}/start-from`, {
      headers: { cookie: scene.candidate.cookie },
      body: { source: "kit_question", questionId: question.id },
    });
    expect([401, 403]).toContain(asCandidate.status);

    // Once someone has typed, only a confirmed start replaces the code.
    watcher.doc.getText("code").insert(0, "print('mine')\n");
    const refused = await waitForStatus(
      () => startFrom({ source: "kit_question", questionId: question.id }),
      409,
    );
    expect(refused.body.detail).toContain("already typed");
    expect(watcher.doc.getText("code").toString()).toContain("print('mine')");
    const confirmed = await startFrom({
      source: "kit_question",
      questionId: question.id,
      language: "typescript",
      confirm: true,
    });
    expect(confirmed.status).toBe(200);
    await waitFor(
      () => !watcher.doc.getText("code").toString().includes("print('mine')"),
      "the replaced code",
    );
    watcher.close();
  });

  /** Retries a request until it answers with the status (the candidate's edit is on its way to the server). */
  async function waitForStatus(request: () => ReturnType<typeof call>, status: number) {
    let last = await request();
    await waitFor(async () => {
      last = last.status === status ? last : await request();
      return last.status === status;
    }, `status ${status}`);
    return last;
  }

  async function roleOf() {
    const rows = await server.database.db.execute(
      sql`select role_id from applications where id = ${scene.candidate.applicationId}`,
    );
    const list =
      (rows as unknown as { rows?: { role_id: string }[] }).rows ??
      (rows as unknown as { role_id: string }[]);
    return list[0]?.role_id;
  }

  it("syncs edits between the interviewer and the candidate and stores every update in the log", async () => {
    const interviewer = connectPad(server, pad.documentName, bearer(scene.interviewers[0]?.token ?? ""));
    const candidate = connectPad(server, pad.documentName, { cookie: scene.candidate.cookie });
    await Promise.all([interviewer.synced, candidate.synced]);
    expect(candidate.doc.getText("code").toString()).toContain("// ");
    candidate.doc.getText("code").insert(0, "const answer = 42;\n");
    await waitFor(
      () => interviewer.doc.getText("code").toString().startsWith("const answer = 42;"),
      "the edit",
    );
    const rows = () => server.database.db.select().from(padUpdates).where(eq(padUpdates.padId, pad.id));
    // The pad may hold the candidate's earlier edits (starting it from a challenge, above).
    await waitFor(async () => {
      const replayed = new Y.Doc();
      Y.applyUpdate(replayed, (await loadPadState(server.database.db, pad.id)).state);
      return replayed.getText("code").toString().startsWith("const answer = 42;");
    }, "the logged edit");
    const logged = await rows();
    expect(logged.find((row) => row.authorKind === "candidate")?.authorId).toBe(scene.candidate.candidateId);
    expect(logged.map((row) => row.sequence)).toEqual(logged.map((_, index) => index + 1));

    // The log alone rebuilds the same document.
    const replayed = new Y.Doc();
    Y.applyUpdate(replayed, (await loadPadState(server.database.db, pad.id)).state);
    expect(replayed.getText("code").toString()).toBe(interviewer.doc.getText("code").toString());
    interviewer.close();
    candidate.close();
  });

  it("keeps the update log append-only", async () => {
    await expect(
      server.database.db.execute(sql`update pad_updates set author_kind = 'system' where pad_id = ${pad.id}`),
    ).rejects.toThrow();
  });

  it("closes only the connection that sends an oversized or malformed message; the document stays whole", async () => {
    const keeper = connectPad(server, pad.documentName, bearer(scene.interviewers[1]?.token ?? ""));
    await keeper.synced;
    const before = keeper.doc.getText("code").toString();
    for (const payload of [
      Buffer.alloc(1024 * 1024 + 16, 1),
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07, 0x00]),
    ]) {
      const raw = new WebSocket(socketUrl(server), {
        headers: { origin: server.url, authorization: `Bearer ${scene.interviewers[0]?.token}` },
      });
      await new Promise((resolve) => raw.on("open", resolve));
      const closed = new Promise<number>((resolve) => raw.on("close", (code) => resolve(code)));
      raw.send(payload);
      expect(await closed).toBeGreaterThanOrEqual(1000);
    }
    const writer = connectPad(server, pad.documentName, bearer(scene.interviewers[0]?.token ?? ""));
    await writer.synced;
    writer.doc.getText("code").insert(0, "// still fine\n");
    await waitFor(
      () => keeper.doc.getText("code").toString() === `// still fine\n${before}`,
      "the later edit",
    );
    writer.close();
    keeper.close();
  });

  it("closes a connection that floods messages", async () => {
    const raw = new WebSocket(socketUrl(server), {
      headers: { origin: server.url, authorization: `Bearer ${scene.interviewers[0]?.token}` },
    });
    await new Promise((resolve) => raw.on("open", resolve));
    const closed = new Promise<number>((resolve) => raw.on("close", (code) => resolve(code)));
    // Awareness queries for the pad: well-formed, so only the flood guard stops them.
    const query = encoding.createEncoder();
    encoding.writeVarString(query, pad.documentName);
    encoding.writeVarUint(query, 3);
    const message = encoding.toUint8Array(query);
    for (let index = 0; index < 900 && raw.readyState === WebSocket.OPEN; index += 1) raw.send(message);
    expect(await closed).toBe(1008);
  });

  it("keeps each interviewer's panel to that interviewer: never the candidate, never the co-interviewer", async () => {
    const panel = connectPad(server, pad.panelDocumentName, bearer(scene.interviewers[0]?.token ?? ""));
    await panel.synced;
    panel.doc.getMap("notes").set("code-quality", "Private: named variables well");
    const candidate = connectPad(server, pad.documentName, { cookie: scene.candidate.cookie });
    const seen: Uint8Array[] = [];
    candidate.doc.on("update", (update: Uint8Array) => seen.push(update));
    await candidate.synced;
    for (const headers of [{ cookie: scene.candidate.cookie }, bearer(scene.interviewers[1]?.token ?? "")]) {
      const intruder = connectPad(server, pad.panelDocumentName, headers);
      await expect(intruder.synced).rejects.toThrow();
      intruder.close();
    }
    // The notes persist for their author.
    panel.close();
    await waitFor(async () => {
      const again = connectPad(server, pad.panelDocumentName, bearer(scene.interviewers[0]?.token ?? ""));
      await again.synced;
      const note = again.doc.getMap("notes").get("code-quality");
      again.close();
      return note === "Private: named variables well";
    }, "the stored note");
    const everything = Buffer.concat(seen.map((update) => Buffer.from(update))).toString("latin1");
    expect(everything).not.toContain("Private: named variables well");
    candidate.close();
  });

  it("copies each interviewer's panel notes into their own scorecard draft, keeping what they wrote there, until they file", async () => {
    const interviewer = scene.interviewers[1];
    if (!interviewer) throw new Error("no second interviewer");
    const opened = await call(server, "GET", `/api/v1/interviews/${interviewId}/pad`, {
      token: interviewer.token,
    });
    const rubric = (opened.body.kit as { rubric: { id: string; name: string }[] }).rubric;
    const [first, second] = rubric as [{ id: string; name: string }, { id: string; name: string }];
    const draftPath = `/api/v1/interviews/${interviewId}/scorecard-draft`;
    const ownRating = { attributeId: first.id, level: 3, evidence: "Wrote tests first" };
    const saved = await call(server, "PUT", draftPath, {
      token: interviewer.token,
      body: { ratings: [ownRating], recommendation: null, privateNotes: "Ask about retries." },
    });
    expect(saved.status).toBe(200);
    const draftNotes = async (token: string) =>
      String(
        ((await call(server, "GET", draftPath, { token })).body.body as { privateNotes?: string } | null)
          ?.privateNotes ?? "",
      );

    const panel = connectPad(server, String(opened.body.panelDocumentName), bearer(interviewer.token));
    await panel.synced;
    panel.doc.getMap("notes").set(first.id, "Clear naming, split the parser out");
    panel.doc.getMap("notes").set(second.id, "Asked good questions");
    await waitFor(
      async () => (await draftNotes(interviewer.token)).includes("Asked good questions"),
      "the notes in the draft",
    );
    expect(await draftNotes(interviewer.token)).toBe(
      `Ask about retries.\n\n${PAD_NOTES_HEADING}\n${first.name}: Clear naming, split the parser out\n${second.name}: Asked good questions`,
    );
    const draft = await call(server, "GET", draftPath, { token: interviewer.token });
    expect((draft.body.body as { ratings: unknown[] }).ratings).toEqual([ownRating]);

    // A changed note replaces the block rather than adding another one.
    panel.doc.getMap("notes").set(second.id, "Asked about the retry budget");
    await waitFor(
      async () => (await draftNotes(interviewer.token)).includes("retry budget"),
      "the changed note",
    );
    const notes = await draftNotes(interviewer.token);
    expect(notes.split(PAD_NOTES_HEADING)).toHaveLength(2);
    expect(notes).not.toContain("Asked good questions");
    // The co-interviewer's draft never sees them.
    expect(await draftNotes(scene.interviewers[0]?.token ?? "")).not.toContain("retry budget");

    // Filing ends the draft; later panel notes do not bring it back.
    const filed = await call(server, "POST", `/api/v1/interviews/${interviewId}/scorecards`, {
      token: interviewer.token,
      body: { ratings: ratingsFor("pair-programming-webhook-consumer", [3]), recommendation: "yes" },
    });
    expect(filed.status).toBe(201);
    panel.doc.getMap("notes").set(first.id, "After filing");
    panel.close();
    await waitFor(async () => {
      const again = connectPad(server, String(opened.body.panelDocumentName), bearer(interviewer.token));
      await again.synced;
      const note = again.doc.getMap("notes").get(first.id);
      again.close();
      return note === "After filing";
    }, "the stored panel");
    const afterFiling = await call(server, "GET", draftPath, { token: interviewer.token });
    expect(afterFiling.body.body).toBeNull();
  });

  it("runs the pad's code in the sandbox and both see the streamed output with its status", async () => {
    const interviewer = connectPad(server, pad.documentName, bearer(scene.interviewers[0]?.token ?? ""));
    const candidate = connectPad(server, pad.documentName, { cookie: scene.candidate.cookie });
    await Promise.all([interviewer.synced, candidate.synced]);
    candidate.doc.transact(() => {
      const code = candidate.doc.getText("code");
      code.delete(0, code.length);
      code.insert(
        0,
        'const total: number = [1, 2, 3].reduce((a, b) => a + b, 0);\nconsole.log("sum", total);\n',
      );
    });
    await waitFor(() => interviewer.doc.getText("code").toString().includes("sum"), "the code");
    candidate.provider.sendStateless(JSON.stringify({ type: "run" }));
    const finished = (doc: Y.Doc) => {
      const last = doc.getArray<Y.Map<unknown>>("runs").toArray().at(-1);
      return last?.get("finishedAt") ? last : null;
    };
    await waitFor(
      () => finished(interviewer.doc) !== null && finished(candidate.doc) !== null,
      "the run",
      60_000,
    );
    for (const doc of [interviewer.doc, candidate.doc]) {
      const run = finished(doc);
      expect(run?.get("status")).toBe("ok");
      expect(run?.get("exitCode")).toBe(0);
      const chunks = (run?.get("chunks") as Y.Array<{ text: string }> | undefined)?.toArray() ?? [];
      expect(chunks.map((chunk) => chunk.text).join("")).toBe("sum 6\n");
    }
    interviewer.close();
    candidate.close();
    const playback = await call(server, "GET", `/api/v1/pads/${pad.id}/playback`, {
      token: scene.interviewers[0]?.token,
    });
    expect(playback.status).toBe(200);
    expect((playback.body.markers as { kind: string }[]).map((marker) => marker.kind)).toContain("run");
    // The log travels as one binary stream; the player's own decoder reads it back into the
    // document everyone saw, and each record matches the stored row.
    const stored = await server.database.db
      .select()
      .from(padUpdates)
      .where(eq(padUpdates.padId, pad.id))
      .orderBy(padUpdates.sequence);
    expect(playback.body.updateCount).toBe(stored.length);
    const index = indexPlaybackLog(String(playback.body.log), stored.length);
    expect(Array.from(index.sequences)).toEqual(stored.map((row) => row.sequence));
    const firstAt = stored[0]?.receivedAt.getTime() ?? 0;
    expect(Array.from(index.offsets)).toEqual(stored.map((row) => row.receivedAt.getTime() - firstAt));
    const last = stored.length - 1;
    expect(
      Buffer.from(
        index.bytes.subarray(index.starts[last], (index.starts[last] ?? 0) + (index.lengths[last] ?? 0)),
      ),
    ).toEqual(Buffer.from(stored[last]?.update ?? []));
    const timeline = createTimeline(playback.body as unknown as RecordedLog);
    const replayed = timeline.seek(stored.length).getText("code").toString();
    const current = new Y.Doc();
    Y.applyUpdate(current, (await loadPadState(server.database.db, pad.id)).state);
    expect(replayed).toBe(current.getText("code").toString());
    // Scrubbing back to the start rebuilds an earlier document, then forward again to the end.
    expect(timeline.seek(1).getText("code").toString()).not.toBe(replayed);
    expect(timeline.seek(stored.length).getText("code").toString()).toBe(replayed);
  }, 90_000);

  it("runs SQL in a database of its own and streams each statement's result as a table", async () => {
    const interviewer = connectPad(server, pad.documentName, bearer(scene.interviewers[0]?.token ?? ""));
    const candidate = connectPad(server, pad.documentName, { cookie: scene.candidate.cookie });
    await Promise.all([interviewer.synced, candidate.synced]);
    const runsBefore = interviewer.doc.getArray("runs").length;
    candidate.doc.transact(() => {
      candidate.doc.getMap("meta").set("language", "sql");
      const code = candidate.doc.getText("code");
      code.delete(0, code.length);
      code.insert(
        0,
        [
          "-- orders; a semicolon in a string: 'a;b'",
          "create table orders (id int primary key, customer text, total numeric);",
          "insert into orders values (1, 'ada;lovelace', 12.50), (2, 'grace', null);",
          "select customer, total from orders order by id;",
          "select count(*) as n from missing_table;",
          "select 'never reached';",
        ].join("\n"),
      );
    });
    await waitFor(() => interviewer.doc.getText("code").toString().includes("missing_table"), "the SQL");
    interviewer.provider.sendStateless(JSON.stringify({ type: "run" }));
    const finished = (doc: Y.Doc) => {
      const runs = doc.getArray<Y.Map<unknown>>("runs");
      const last = runs.toArray().at(-1);
      return runs.length > runsBefore && last?.get("finishedAt") ? last : null;
    };
    await waitFor(
      () => finished(interviewer.doc) !== null && finished(candidate.doc) !== null,
      "the SQL run",
      90_000,
    );
    for (const doc of [interviewer.doc, candidate.doc]) {
      const run = finished(doc);
      expect(run?.get("language")).toBe("sql");
      expect(run?.get("status")).toBe("runtime_error");
      const chunks =
        (run?.get("chunks") as Y.Array<{ stream: string; text: string }> | undefined)?.toArray() ?? [];
      // One chunk per statement, in order, as each finished; the failing one ends the run.
      expect(chunks.map((chunk) => chunk.stream)).toEqual(["stdout", "stdout", "stdout", "stderr"]);
      expect(chunks[0]?.text).toBe("CREATE TABLE\n\n");
      expect(chunks[2]?.text).toBe(
        [
          "customer     | total",
          "-------------+------",
          "ada;lovelace | 12.50",
          "grace        | NULL",
          "(2 rows)",
          "",
          "",
        ].join("\n"),
      );
      expect(chunks[3]?.text).toMatch(/^ERROR at line 5: relation "missing_table" does not exist/);
    }
    // Nothing of it touched Evident's own database.
    const leaked = await server.database.db.execute(sql`select to_regclass('orders') as name`);
    const rows = Array.isArray(leaked) ? leaked : (leaked as unknown as { rows: { name: unknown }[] }).rows;
    expect(rows[0]?.name ?? null).toBeNull();
    interviewer.doc.getMap("meta").set("language", "typescript");
    interviewer.close();
    candidate.close();
  }, 120_000);

  it("turns the candidate's large pastes into integrity flags on the decision page, never staff pastes or another application's", async () => {
    // A scene of its own: its candidate pastes in a pair-programming pad and a blind design pad.
    const flagged = await seedPadScene(server, "PasteFlags", clock);
    const [roleRow] = await server.database.db
      .select({ roleId: applications.roleId })
      .from(applications)
      .where(eq(applications.id, flagged.candidate.applicationId));
    const other = await seedApplication(
      server.database,
      flagged.org.id,
      roleRow?.roleId ?? "",
      { fullName: "Rowan Other", email: `rowan.${engine}@candidates.test` },
      { stageId: flagged.pairing.id },
    );
    const otherSession = await createCandidateSession(server.database.db, clock, {
      organizationId: flagged.org.id,
      candidateId: other.candidateId,
    });
    const otherScene: PadScene = {
      ...flagged,
      candidate: { ...other, cookie: `evident_candidate=${otherSession.token}` },
    };
    const designStart = new Date(start.getTime() + 60 * 60_000);
    const pairingInterview = await schedulePadInterview(server, flagged, flagged.pairing.id, start);
    const designInterview = await schedulePadInterview(server, flagged, flagged.design.id, designStart);
    const otherInterview = await schedulePadInterview(server, otherScene, flagged.pairing.id, start);
    const [ana] = flagged.interviewers;
    const openPad = async (id: string) => {
      const opened = await call(server, "GET", `/api/v1/interviews/${id}/pad`, { token: ana?.token });
      expect(opened.status).toBe(200);
      return opened.body as { id: string; documentName: string };
    };
    const [pairingPad, designPad, otherPad] = [
      await openPad(pairingInterview),
      await openPad(designInterview),
      await openPad(otherInterview),
    ];
    const hiringManager = flagged.org.users.hiring_manager.token;
    const flagsOf = async (applicationId: string) => {
      const evidence = await call(server, "GET", `/api/v1/applications/${applicationId}/decision/evidence`, {
        token: hiringManager,
      });
      expect(evidence.status).toBe(200);
      return (
        evidence.body.integrityFlags as { kind: string; title: string; detail: string; href: string }[]
      ).filter((flag) => flag.kind === "large_paste");
    };
    const markersOf = async (padId: string) => {
      const playback = await call(server, "GET", `/api/v1/pads/${padId}/playback`, { token: hiringManager });
      return playback.body.markers as { kind: string; who: string; detail: string | null }[];
    };
    /** Sends a paste marker through the pad socket as the editor does, at the given moment. */
    const paste = async (documentName: string, headers: Record<string, string>, at: Date, chars: number) => {
      clock.set(at);
      const client = connectPad(server, documentName, headers);
      await client.synced;
      client.provider.sendStateless(JSON.stringify({ type: "paste", chars }));
      return client;
    };

    try {
      expect(await flagsOf(flagged.candidate.applicationId)).toEqual([]);

      // The interviewer pastes a snippet for the candidate: a marker in playback, not a flag.
      const staff = await paste(
        pairingPad.documentName,
        bearer(ana?.token ?? ""),
        new Date(start.getTime() + 5 * 60_000),
        640,
      );
      await waitFor(
        async () => (await markersOf(pairingPad.id)).some((m) => m.kind === "paste"),
        "the staff paste marker",
      );
      staff.close();
      // Another candidate's paste in their own pad flags their application only.
      const elsewhere = await paste(
        otherPad.documentName,
        { cookie: otherScene.candidate.cookie },
        new Date(start.getTime() + 6 * 60_000),
        900,
      );
      await waitFor(
        async () => (await flagsOf(other.applicationId)).length === 1,
        "the other application's flag",
      );
      elsewhere.close();
      expect(await flagsOf(flagged.candidate.applicationId)).toEqual([]);

      // The candidate's own pastes: 12 minutes into the pairing interview, and before the blind design one.
      const pairing = await paste(
        pairingPad.documentName,
        { cookie: flagged.candidate.cookie },
        new Date(start.getTime() + 12 * 60_000 + 5_000),
        1234,
      );
      await waitFor(
        async () => (await flagsOf(flagged.candidate.applicationId)).length === 1,
        "the pairing flag",
      );
      pairing.close();
      const design = await paste(
        designPad.documentName,
        { cookie: flagged.candidate.cookie },
        new Date(designStart.getTime() - 10 * 60_000),
        450,
      );
      await waitFor(
        async () => (await flagsOf(flagged.candidate.applicationId)).length === 2,
        "the design flag",
      );
      design.close();

      const [pairingFlag, designFlag] = await flagsOf(flagged.candidate.applicationId);
      expect(pairingFlag).toEqual({
        kind: "large_paste",
        title: "Pat Candidate pasted 1,234 characters into the Pairing pad, 12 minutes into the interview",
        detail: expect.stringMatching(
          /^At 09:12:05 UTC on 2030-05-04\. A prompt to ask .*not proof of anything/,
        ),
        href: `/pads/${pairingPad.id}/playback`,
      });
      // The design stage is blind: the candidate is their pseudonym there, never their name.
      expect(designFlag).toMatchObject({
        title: `${candidatePseudonym(flagged.candidate.applicationId)} pasted 450 characters into the Design pad, 10 minutes before the interview started`,
        href: `/pads/${designPad.id}/playback`,
      });
      expect(JSON.stringify(designFlag)).not.toContain("Pat");
      const [otherFlag] = await flagsOf(other.applicationId);
      expect(otherFlag?.title).toBe(
        "Rowan Other pasted 900 characters into the Pairing pad, 6 minutes into the interview",
      );
      expect(otherFlag?.href).toBe(`/pads/${otherPad.id}/playback`);
    } finally {
      clock.set(new Date("2030-05-04T08:50:00Z"));
    }
  }, 120_000);

  it("locks the pad read-only once the interview has ended", async () => {
    clock.set(new Date(start.getTime() + 61 * 60_000));
    const reader = connectPad(server, pad.documentName, bearer(scene.interviewers[0]?.token ?? ""));
    await reader.synced;
    const before = await countUpdates(server.database.db, pad.id);
    reader.doc.getText("code").insert(0, "late edit\n");
    const watcher = connectPad(server, pad.documentName, bearer(scene.interviewers[1]?.token ?? ""));
    await watcher.synced;
    expect(watcher.doc.getText("code").toString()).not.toContain("late edit");
    expect(await countUpdates(server.database.db, pad.id)).toBe(before);
    reader.close();
    watcher.close();
    clock.set(new Date("2030-05-04T08:50:00Z"));
  });

  it("erasure removes the pad's content and log", async () => {
    const erased = await call(server, "POST", `/api/v1/candidates/${scene.candidate.candidateId}/erase`, {
      token: scene.org.users.admin.token,
      body: { confirm: scene.candidate.candidateId },
    });
    expect(erased.status).toBe(200);
    expect((erased.body.removed as { pads: number }).pads).toBe(1);
    expect(await countUpdates(server.database.db, pad.id)).toBe(0);
    const playback = await call(server, "GET", `/api/v1/pads/${pad.id}/playback`, {
      token: scene.interviewers[0]?.token,
    });
    expect(playback.body).toMatchObject({
      updateCount: 0,
      log: "",
      startedAt: null,
      snapshots: [],
      markers: [],
    });
  });
});
