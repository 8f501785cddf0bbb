import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cli = path.join(import.meta.dirname, "..", "bin", "evident.js");

/** `evident outcomes import` on the embedded database, as an operator runs it. */
describe("evident outcomes import", { timeout: 180_000 }, () => {
  let dataDir: string;
  const evident = (args: string[]) => {
    const result = spawnSync(process.execPath, [cli, ...args], {
      env: { ...process.env, EVIDENT_LOG_LEVEL: "warn", EVIDENT_DATA_DIR: dataDir, EVIDENT_DEMO: "false" },
      encoding: "utf8",
      timeout: 60_000,
      cwd: dataDir,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "evident-outcomes-cli-"));
    expect(evident(["orgs", "create", "--name", "Delivery Org", "--slug", "delivery"]).code).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("refuses a file with bad rows, naming them, and imports a good one idempotently", () => {
    writeFileSync(
      path.join(dataDir, "bad.csv"),
      "service,externalId,createdAt,resolvedAt\napi,inc-1,2024-03-01T10:00:00Z,\napi,inc-2,not a time,\n",
    );
    const bad = evident([
      "outcomes",
      "import",
      "--org",
      "delivery",
      "--file",
      "bad.csv",
      "--kind",
      "incidents",
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("row 3, createdAt: must be an ISO 8601 timestamp");

    const rows = Array.from(
      { length: 25 },
      (_, index) => `api,inc-${index},2024-03-${String((index % 28) + 1).padStart(2, "0")}T10:00:00Z,`,
    );
    writeFileSync(
      path.join(dataDir, "good.csv"),
      `service,externalId,createdAt,resolvedAt\n${rows.join("\n")}\n`,
    );
    const args = [
      "outcomes",
      "import",
      "--org",
      "delivery",
      "--file",
      "good.csv",
      "--kind",
      "incidents",
      "--json",
    ];
    const first = evident(args);
    expect(first.stderr).not.toContain("Nothing was imported");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      organization: "delivery",
      kind: "incidents",
      rows: 25,
      stored: 25,
      unchanged: 0,
      servicesCreated: ["api"],
    });
    expect(JSON.parse(evident(args).stdout)).toMatchObject({ rows: 25, stored: 0, unchanged: 25 });
  });
});
