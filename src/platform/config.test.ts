import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const tempDir = () => mkdtempSync(path.join(tmpdir(), "evident-config-"));

describe("loadConfig", () => {
  it("defaults to the embedded database in the data directory and port 3000", () => {
    const dataDir = tempDir();
    const config = loadConfig({ EVIDENT_DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ engine: "pglite", dataDir: path.join(dataDir, "pglite") });
    expect(config.baseUrl).toBe("http://localhost:3000");
    expect(config.smtp).toBeNull();
  });

  it("generates a secret once, stores it owner-only and reuses it", () => {
    const dataDir = tempDir();
    const first = loadConfig({ EVIDENT_DATA_DIR: dataDir }).secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ EVIDENT_DATA_DIR: dataDir }).secret).toBe(first);
    expect(readFileSync(path.join(dataDir, "secret"), "utf8").trim()).toBe(first);
    expect(statSync(path.join(dataDir, "secret")).mode & 0o777).toBe(0o600);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({
      EVIDENT_DATA_DIR: tempDir(),
      DATABASE_URL: "postgresql://u@db:5432/evident",
    });
    expect(config.database).toEqual({ engine: "postgresql", url: "postgresql://u@db:5432/evident" });
  });

  it("names every bad variable with its value and the reason", () => {
    try {
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        EVIDENT_BASE_URL: "nope",
        EVIDENT_SECRET: "short",
      });
      expect.unreachable("loadConfig accepted bad values");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toContain('PORT="eighty": must be a whole number');
      expect(problems).toContain('DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// URL');
      expect(problems).toContain("EVIDENT_BASE_URL=");
      // Secrets are never echoed back, not even wrong ones.
      expect(problems).toContain("EVIDENT_SECRET=(hidden): must be at least 32 characters");
      expect(problems).not.toContain("short");
    }
  });

  it("requires a secret and PostgreSQL in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production", EVIDENT_DATA_DIR: tempDir() })).toThrow(
      /EVIDENT_SECRET: required[\s\S]*DATABASE_URL: required/,
    );
  });

  it("treats empty variables as unset and reads SMTP settings", () => {
    const config = loadConfig({
      EVIDENT_DATA_DIR: tempDir(),
      PORT: "",
      SMTP_HOST: "smtp.example.com",
      SMTP_PORT: "2525",
      SMTP_SECURE: "true",
    });
    expect(config.port).toBe(3000);
    expect(config.smtp).toMatchObject({ host: "smtp.example.com", port: 2525, secure: true });
  });
});
