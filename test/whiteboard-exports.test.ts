import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedFiles } from "../src/modules/files/files-table.ts";
import { auditEvents } from "../src/platform/db/schema.ts";
import { testEngines } from "./support/databases.ts";
import { addTestMember, openRole, seedApplication, seedStages } from "./support/hiring-seed.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/** The smallest real PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const SVG = `<?xml version="1.0" standalone="no"?>
<!-- svg-source:excalidraw -->
<svg version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" width="100" height="50">
  <defs><style class="style-fonts"><![CDATA[@font-face { font-family: "Virgil"; }]]></style></defs>
  <rect x="0" y="0" width="100" height="50" fill="#ffffff"></rect>
  <g stroke-linecap="round"><path d="M10 10 L90 40" stroke="#1e1e1e" fill="none"/></g>
  <text x="10" y="30" font-family="Virgil">Load balancer &amp; cache</text>
  <a xlink:href="https://example.com/notes"><text x="1" y="1">notes</text></a>
</svg>`;

type Member = { id: string; email: string; token: string };

describe.each(testEngines)("whiteboard exports attached to an interview on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let outsider: Member;
  let ben: Member;
  let roleId: string;
  let stageId: string;
  let count = 0;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Sigma");
    other = await seedOrganization(server.database, "Tau");
    outsider = await addTestMember(server.database, org.id, "Olga Outsider");
    ben = await addTestMember(server.database, org.id, "Ben Rater");
    roleId = await openRole(server, org.users.recruiter.token);
    const [design] = await seedStages(server.database, org.id, roleId, [
      {
        name: "System design",
        type: "system_design",
        kitSlug: "system-design-url-shortener",
        requiredRaters: 1,
      },
    ]);
    if (!design) throw new Error("stage");
    stageId = design.id;
  });
  afterAll(async () => server?.close());

  /** A new candidate with a design interview run by the seeded interviewer and Ben. */
  async function newInterview() {
    count += 1;
    const seeded = await seedApplication(
      server.database,
      org.id,
      roleId,
      { fullName: `Whiteboard Person ${count}`, email: `wb${count}.${engine}@candidates.test` },
      { stageId },
    );
    const scheduled = await call(server, "POST", "/api/v1/interviews", {
      token: org.users.hiring_manager.token,
      body: {
        applicationId: seeded.applicationId,
        stageId,
        scheduledAt: "2030-05-04T09:00:00Z",
        durationMinutes: 60,
        interviewerIds: [org.users.interviewer.id, ben.id],
        mode: "remote",
        videoLink: "https://meet.example.com/design",
      },
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    return { ...seeded, interviewId: String(scheduled.body.id) };
  }

  const exportsPath = (interviewId: string) => `/api/v1/interviews/${interviewId}/whiteboard-exports`;

  async function attach(
    interviewId: string,
    token: string,
    content: Buffer | string,
    filename = "whiteboard.png",
    type = "application/octet-stream",
  ) {
    const form = new FormData();
    form.append("file", new Blob([content], { type }), filename);
    const response = await fetch(`${server.url}${exportsPath(interviewId)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("attaches a PNG and an SVG, lists them and downloads each with safe headers", async () => {
    const { interviewId } = await newInterview();
    const png = await attach(interviewId, org.users.interviewer.token, PNG, "../../design.png", "image/png");
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({
      filename: "design.png",
      kind: "png",
      contentType: "image/png",
      sizeBytes: PNG.byteLength,
      uploadedBy: "Sigma interviewer",
    });
    const svg = await attach(interviewId, org.users.recruiter.token, SVG, "board", "image/svg+xml");
    expect(svg.status).toBe(201);
    expect(svg.body).toMatchObject({ filename: "board.svg", kind: "svg", contentType: "image/svg+xml" });

    const list = await call(server, "GET", exportsPath(interviewId), { token: org.users.interviewer.token });
    expect(list.status).toBe(200);
    expect(list.body.items?.map((item) => (item as { kind: string }).kind).sort()).toEqual(["png", "svg"]);

    const pngDownload = await fetch(`${server.url}${exportsPath(interviewId)}/${String(png.body.id)}`, {
      headers: { authorization: `Bearer ${org.users.hiring_manager.token}` },
    });
    expect(pngDownload.status).toBe(200);
    expect(pngDownload.headers.get("content-type")).toBe("image/png");
    expect(pngDownload.headers.get("content-disposition")).toMatch(/^attachment; filename="design.png"/);
    expect(Buffer.from(await pngDownload.arrayBuffer()).equals(PNG)).toBe(true);

    const svgDownload = await fetch(`${server.url}${exportsPath(interviewId)}/${String(svg.body.id)}`, {
      headers: { authorization: `Bearer ${org.users.interviewer.token}` },
    });
    expect(svgDownload.status).toBe(200);
    expect(svgDownload.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(svgDownload.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(svgDownload.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(svgDownload.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await svgDownload.text()).toBe(SVG);

    // Ids only in the audit trail: no file name.
    const [audit] = await server.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "interview.whiteboard_export_attached"),
          eq(auditEvents.objectId, interviewId),
        ),
      )
      .limit(1);
    expect(audit?.detail).toMatchObject({ fileId: png.body.id, kind: "png" });
    expect(JSON.stringify(audit?.detail)).not.toContain("design");
  });

  it("refuses a fake PNG and SVGs that could run code, storing nothing", async () => {
    const { interviewId } = await newInterview();
    const token = org.users.interviewer.token;
    const refused: [string | Buffer, string, RegExp][] = [
      ["MZ\x90\x00 not an image", "fake.png", /neither a PNG image nor|not an SVG/],
      [Buffer.concat([PNG.subarray(0, 8), Buffer.from("garbage-garbage")]), "broken.png", /not a valid PNG/],
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "s.svg", /<script>/],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "s.svg", /onload/],
      ['<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="x()"/></svg>', "s.svg", /ONCLICK/],
      [
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject></svg>',
        "s.svg",
        /foreignObject/,
      ],
      [
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="java&#x09;script&#58;alert(1)"><text>x</text></a></svg>',
        "s.svg",
        /script URL/,
      ],
      [
        '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>x</svg:script></svg:svg>',
        "s.svg",
        /script/,
      ],
      ['<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>', "s.svg", /DOCTYPE/],
      ['<html><body onload="x()"></body></html>', "page.svg", /root element is <html>/],
      ['<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', "s.svg", /well-formed/],
      ["", "empty.png", /empty/],
    ];
    for (const [content, filename, reason] of refused) {
      const response = await attach(interviewId, token, content, filename);
      expect(response.status, filename).toBe(415);
      expect(String(response.body.detail), String(content).slice(0, 40)).toMatch(reason);
    }
    const list = await call(server, "GET", exportsPath(interviewId), { token });
    expect(list.body.items).toEqual([]);
  });

  it("refuses more than 5 MiB with 413 and a body that is not multipart with 415", async () => {
    const { interviewId } = await newInterview();
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await attach(interviewId, org.users.interviewer.token, big, "big.png");
    expect(tooBig.status, JSON.stringify(tooBig.body)).toBe(413);
    expect(tooBig.body.detail).toMatch(/at most 5 MiB/);
    const notMultipart = await call(server, "POST", exportsPath(interviewId), {
      token: org.users.interviewer.token,
      body: { file: "x" },
    });
    expect(notMultipart.status).toBe(415);
    const noFile = await fetch(`${server.url}${exportsPath(interviewId)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${org.users.interviewer.token}` },
      body: (() => {
        const form = new FormData();
        form.append("note", "no file");
        return form;
      })(),
    });
    expect(noFile.status).toBe(400);
  });

  it("lets only the interview's interviewers and the hiring team in, and hides other organisations' interviews", async () => {
    const { interviewId } = await newInterview();
    const stored = await attach(interviewId, org.users.admin.token, PNG);
    expect(stored.status).toBe(201);
    const fileId = String(stored.body.id);

    // An interviewer not on this interview, another organisation: not found, never a hint.
    for (const token of [outsider.token, other.users.admin.token]) {
      expect((await attach(interviewId, token, PNG)).status).toBe(404);
      expect((await call(server, "GET", exportsPath(interviewId), { token })).status).toBe(404);
      expect((await call(server, "GET", `${exportsPath(interviewId)}/${fileId}`, { token })).status).toBe(
        404,
      );
    }
    expect((await call(server, "GET", exportsPath(interviewId))).status).toBe(401);

    // A file of another interview is not found through this one.
    const second = await newInterview();
    expect(
      (
        await call(server, "GET", `${exportsPath(second.interviewId)}/${fileId}`, {
          token: org.users.admin.token,
        })
      ).status,
    ).toBe(404);
  });

  it("lists the exports in the candidate's data export and deletes them on erasure", async () => {
    const { interviewId, candidateId } = await newInterview();
    const stored = await attach(interviewId, org.users.interviewer.token, SVG, "board.svg");
    expect(stored.status).toBe(201);

    const exported = await call(server, "GET", `/api/v1/candidates/${candidateId}/export`, {
      token: org.users.admin.token,
    });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain(String(stored.body.id));

    const erased = await call(server, "POST", `/api/v1/candidates/${candidateId}/erase`, {
      token: org.users.admin.token,
      body: { confirm: candidateId },
    });
    expect(erased.status).toBe(200);
    const left = await server.database.db
      .select({ id: storedFiles.id })
      .from(storedFiles)
      .where(eq(storedFiles.interviewId, interviewId));
    expect(left).toEqual([]);
    const list = await call(server, "GET", exportsPath(interviewId), { token: org.users.admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await attach(interviewId, org.users.admin.token, PNG)).status).toBe(409);
  });
});
