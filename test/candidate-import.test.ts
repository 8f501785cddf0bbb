import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/databases.ts";
import {
  call,
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

interface ReportRow {
  row: number;
  status: "valid" | "invalid" | "duplicate";
  errors: { column: string; message: string }[];
  candidateId?: string;
}

/** A spreadsheet export with the awkward parts real files have: BOM, CRLF, quotes, blank rows. */
function messyCsv(prefix: string) {
  return [
    "\uFEFFName,Email,Phone,Location,Links,Source,Notes",
    `"Lovelace, Ada",${prefix}.ada@example.com,+44 20 7946 0000,London,https://github.com/ada;https://ada.dev,referral,"said ""hi"""`,
    `Grace Hopper,${prefix}.grace@example.com,,"Arlington,\r\nVA","https://a.example https://b.example",,`,
    `Bob,${prefix}.bob-at-example.com,,,,,`,
    "",
    `Ada Again,${prefix.toUpperCase()}.ADA@example.com,,,,,`,
    `Known Person,${prefix}.known@example.com,,,,,`,
    "",
  ].join("\r\n");
}

/** CSV import through the API, on every engine. */
describe.each(testEngines)("candidate CSV import on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let other: SeededOrganization;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Importer");
    other = await seedOrganization(server.database, "Bystander");
  });
  afterAll(async () => server?.close());

  const importCsv = (body: Record<string, unknown>, token = org.users.recruiter.token) =>
    call(server, "POST", "/api/v1/candidates/import", { token, body });

  async function candidatesMatching(query: string) {
    const response = await call(
      server,
      "GET",
      `/api/v1/candidates?query=${encodeURIComponent(query)}&limit=100`,
      {
        token: org.users.recruiter.token,
      },
    );
    return response.body.items as { id: string; fullName: string; email: string; location: string | null }[];
  }

  async function addKnownCandidate(prefix: string) {
    const known = await call(server, "POST", "/api/v1/candidates", {
      token: org.users.recruiter.token,
      body: { fullName: "Known Person", email: `${prefix}.KNOWN@Example.com` },
    });
    expect(known.status).toBe(201);
    return String(known.body.id);
  }

  async function openRole(withPlan: boolean) {
    const role = await call(server, "POST", "/api/v1/roles", {
      token: org.users.recruiter.token,
      body: {
        title: "Backend Engineer, Imports",
        team: "Growth",
        seniority: "mid",
        timezone: { fromUtcOffset: 0, toUtcOffset: 2 },
        headcount: 1,
      },
    });
    const roleId = String(role.body.id);
    if (withPlan) {
      const plan = await call(server, "POST", `/api/v1/roles/${roleId}/plan/from-template`, {
        token: org.users.recruiter.token,
        body: { workModel: "hybrid" },
      });
      expect(plan.status).toBe(201);
      return { roleId, firstStageId: (plan.body.stages as { id: string }[])[0]?.id };
    }
    return { roleId, firstStageId: undefined };
  }

  it("imports the valid rows and reports invalid and duplicate rows by spreadsheet row number", async () => {
    const knownId = await addKnownCandidate("vro");
    const response = await importCsv({ csv: messyCsv("vro"), mode: "valid_rows_only" });
    expect(response.status).toBe(200);
    const report = response.body as {
      imported: number;
      skipped: number;
      ignoredColumns: string[];
      rows: ReportRow[];
    };
    expect(report).toMatchObject({
      mode: "valid_rows_only",
      dryRun: false,
      imported: 2,
      skipped: 3,
      ignoredColumns: ["Notes"],
    });
    expect(report.rows.map((row) => [row.row, row.status])).toEqual([
      [2, "valid"],
      [3, "valid"],
      [4, "invalid"],
      [6, "duplicate"],
      [7, "duplicate"],
    ]);
    expect(report.rows[2]?.errors).toEqual([{ column: "email", message: "must be an email address" }]);
    expect(report.rows[3]?.errors).toEqual([{ column: "email", message: "repeats the email of row 2" }]);
    expect(report.rows[4]).toMatchObject({
      candidateId: knownId,
      errors: [{ column: "email", message: "a candidate with this email already exists" }],
    });

    const imported = await candidatesMatching("vro.");
    const ada = imported.find((candidate) => candidate.id === report.rows[0]?.candidateId);
    expect(ada).toMatchObject({ fullName: "Lovelace, Ada", email: "vro.ada@example.com" });
    const grace = imported.find((candidate) => candidate.id === report.rows[1]?.candidateId);
    expect(grace?.location).toBe("Arlington,\r\nVA");
    expect(imported.map((candidate) => candidate.fullName).sort()).toEqual([
      "Grace Hopper",
      "Known Person",
      "Lovelace, Ada",
    ]);
    const detail = await call(server, "GET", `/api/v1/candidates/${ada?.id}`, {
      token: org.users.recruiter.token,
    });
    expect(detail.body).toMatchObject({
      phone: "+44 20 7946 0000",
      location: "London",
      links: ["https://github.com/ada", "https://ada.dev"],
      source: "referral",
    });

    const audit = await call(server, "GET", "/api/v1/audit?limit=5", { token: org.users.admin.token });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: "candidates.imported",
        detail: expect.objectContaining({ imported: 2, skipped: 3 }),
      }),
    );
  });

  it("imports nothing in all_or_nothing mode when a row is invalid, answering 422 with the report", async () => {
    await addKnownCandidate("aon");
    const response = await importCsv({ csv: messyCsv("aon"), mode: "all_or_nothing" });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(String(response.body.detail)).toContain("row 4");
    expect(response.body.errors).toEqual([{ path: "row 4.email", message: "must be an email address" }]);
    const report = response.body.report as { imported: number; skipped: number; rows: ReportRow[] };
    expect(report).toMatchObject({ imported: 0, skipped: 5 });
    expect(report.rows.map((row) => row.status)).toEqual([
      "valid",
      "valid",
      "invalid",
      "duplicate",
      "duplicate",
    ]);
    expect(report.rows[0]?.candidateId).toBeUndefined();
    expect((await candidatesMatching("aon.")).map((candidate) => candidate.fullName)).toEqual([
      "Known Person",
    ]);

    // Without the bad row the same file goes in; duplicates are skipped, not blocking.
    const fixed = messyCsv("aon")
      .split("\r\n")
      .filter((line) => !line.startsWith("Bob,"))
      .join("\r\n");
    const retried = await importCsv({ csv: fixed, mode: "all_or_nothing" });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ imported: 2, skipped: 2 });
    expect(((retried.body.rows as ReportRow[])[3] as ReportRow).row).toBe(6);
    expect(await candidatesMatching("aon.")).toHaveLength(3);
  });

  it("validates without writing in a dry run", async () => {
    const response = await importCsv({ csv: messyCsv("dry"), mode: "all_or_nothing", dryRun: true });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dryRun: true, imported: 0, skipped: 5 });
    const lenient = await importCsv({ csv: messyCsv("dry"), mode: "valid_rows_only", dryRun: true });
    expect(lenient.body).toMatchObject({ dryRun: true, imported: 3, skipped: 2 });
    expect((lenient.body.rows as ReportRow[]).every((row) => row.candidateId === undefined)).toBe(true);
    expect(await candidatesMatching("dry.")).toEqual([]);
  });

  it("applies every imported candidate to the role, in the plan's first stage", async () => {
    const { roleId, firstStageId } = await openRole(true);
    const csv = "full_name,email\nRole One,role.one@example.com\nRole Two,role.two@example.com\n";
    const response = await importCsv({ csv, mode: "all_or_nothing", roleId });
    expect(response.status).toBe(200);
    const applications = await call(server, "GET", `/api/v1/applications?roleId=${roleId}`, {
      token: org.users.recruiter.token,
    });
    const items = applications.body.items as {
      candidate: { fullName: string };
      currentStage: { id: string };
      status: string;
    }[];
    expect(items.map((item) => item.candidate.fullName).sort()).toEqual(["Role One", "Role Two"]);
    expect(items.every((item) => item.currentStage.id === firstStageId && item.status === "active")).toBe(
      true,
    );

    const withoutPlan = await openRole(false);
    const refused = await importCsv({
      csv: "name,email\nNo Plan,no.plan@example.com",
      mode: "valid_rows_only",
      roleId: withoutPlan.roleId,
    });
    expect(refused.status).toBe(409);
    expect(await candidatesMatching("no.plan")).toEqual([]);
  });

  it("refuses files without the required columns or with broken quoting, naming the problem", async () => {
    const noEmail = await importCsv({ csv: "full_name,phone\nAda,123\n", mode: "valid_rows_only" });
    expect(noEmail.status).toBe(400);
    expect(String(noEmail.body.detail)).toContain("missing required column(s): email");
    const unclosed = await importCsv({
      csv: 'name,email\nAda,ada.q@example.com\n"Bob,bob.q@example.com\n',
      mode: "valid_rows_only",
    });
    expect(unclosed.status).toBe(400);
    expect(String(unclosed.body.detail)).toBe(
      "The CSV is malformed at row 3: a quoted field is never closed.",
    );
    expect(await candidatesMatching(".q@")).toEqual([]);
  });

  it("limits an import to 1 MiB and 5,000 rows", async () => {
    const rows = Array.from({ length: 5001 }, (_, index) => `P${index},limit${index}@example.com`);
    const tooManyRows = await importCsv({ csv: `name,email\n${rows.join("\n")}`, mode: "valid_rows_only" });
    expect(tooManyRows.status).toBe(413);
    expect(String(tooManyRows.body.detail)).toContain("5001 rows");
    const padding = "x".repeat(1024 * 1024);
    const tooLarge = await importCsv({
      csv: `name,email,notes\nBig,big@example.com,${padding}`,
      mode: "valid_rows_only",
    });
    expect(tooLarge.status).toBe(413);
    expect(String(tooLarge.body.detail)).toContain("1 MiB");
    expect(await candidatesMatching("limit1@")).toEqual([]);
  });

  it("is for recruiters, hiring managers and admins of the organisation only", async () => {
    const csv = "name,email\nGuarded,guarded@example.com\n";
    expect((await importCsv({ csv, mode: "valid_rows_only" }, org.users.interviewer.token)).status).toBe(403);
    const { roleId } = await openRole(true);
    expect((await importCsv({ csv, mode: "valid_rows_only", roleId }, other.users.admin.token)).status).toBe(
      404,
    );
    expect(await candidatesMatching("guarded")).toEqual([]);
    const allowed = await importCsv({ csv, mode: "valid_rows_only" }, org.users.hiring_manager.token);
    expect(allowed.body).toMatchObject({ imported: 1 });
  });
});
