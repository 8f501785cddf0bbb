import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm start` serves the built web app. Build it (offline, with the installed Vite) when it is
 * missing or older than its sources, so a fresh clone needs only `npm ci && npm start`.
 */
const webDir = fileURLToPath(new URL("../web", import.meta.url));
const builtIndex = path.join(webDir, "dist", "index.html");

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < newestSourceTime(webDir)) {
  process.stderr.write("Building the web app…\n");
  const { build } = await import("vite");
  await build({ configFile: path.join(webDir, "vite.config.ts"), logLevel: "warn" });
  process.stderr.write("Web app built.\n");
}
