import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateHistory } from "../src/modules/demo/analytics-history.ts";
import { uploadHistory } from "./support/analytics.ts";
import { testEngines } from "./support/databases.ts";
import {
  type SeededOrganization,
  seedOrganization,
  startTestServer,
  type TestServer,
} from "./support/server.ts";

/** The bias-audit report as HTML and as a PDF rendered by Chromium, read back with poppler-utils. */
describe.each(testEngines)("bias-audit report on %s", (engine) => {
  let server: TestServer;
  let org: SeededOrganization;
  let workDir: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    org = await seedOrganization(server.database, "Audited");
    workDir = mkdtempSync(path.join(tmpdir(), "evident-report-"));
    expect(
      (await uploadHistory(server, org.users.admin.token, generateHistory({ applications: 300 }))).status,
    ).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const get = (url: string, token = org.users.admin.token) =>
    fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });

  it("serves the HTML report with every section, the source and the date range", async () => {
    const response = await get("/api/v1/analytics/report?source=history");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("Bias audit of hiring stages");
    expect(html).toContain("data source: imported history");
    expect(html).toMatch(/data from 20\d\d-\d\d-\d\d to 20\d\d-\d\d-\d\d/);
    expect(html).toContain("Sex / gender — hire decision");
    expect(html).toContain("Race / ethnicity — stage “System design”");
    expect(html).toContain("Stage validity");
    expect(html).toContain("interviewer-07");
  });

  it("renders the PDF with Chromium: page 1 reads as the report", async () => {
    const response = await get("/api/v1/analytics/report.pdf?source=history");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pdfFile = path.join(workDir, "report.pdf");
    writeFileSync(pdfFile, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdfFile, path.join(workDir, "page")]);
    const png = readFileSync(path.join(workDir, "page-1.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const text = execFileSync("pdftotext", ["-f", "1", "-l", "1", "-layout", pdfFile, "-"], {
      encoding: "utf8",
    });
    expect(text).toContain("Bias audit of hiring stages");
    expect(text).toContain("Selection rate");
    expect(text).toContain("Sex / gender — hire decision");
    expect(text).toMatch(/Not disclosed/);
  }, 60_000);

  it("is for admins and hiring managers only", async () => {
    expect((await get("/api/v1/analytics/report", org.users.hiring_manager.token)).status).toBe(200);
    expect((await get("/api/v1/analytics/report", org.users.recruiter.token)).status).toBe(403);
    expect((await get("/api/v1/analytics/report.pdf", org.users.interviewer.token)).status).toBe(403);
  });
});
