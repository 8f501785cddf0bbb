import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Two cores: run files two at a time; each database test file opens its own databases.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "server",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/browser/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/browser/build-web-app.ts"],
          // One browser at a time on a two-core machine.
          fileParallelism: false,
          // A page step can miss its 30 s wait when the machine is saturated; one retry keeps a
          // slow machine from failing CI while a real regression still fails twice.
          retry: 1,
        },
      },
    ],
  },
});
