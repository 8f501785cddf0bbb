#!/usr/bin/env node
// Evident is written in TypeScript that Node 24 runs directly. When an older Node starts this
// script (a system Node outside npm's PATH), hand over to the Node 24 the project pins.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  const { runCli } = await import("../src/cli/main.ts");
  await runCli(process.argv.slice(2));
} else {
  const pinnedNode = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
  if (!existsSync(pinnedNode)) {
    console.error(
      `evident: Node ${process.versions.node} is too old (need 22.18 or newer); run \`npm ci\` to install the pinned Node 24.`,
    );
    process.exit(1);
  }
  const main = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
  const result = spawnSync(pinnedNode, [main, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
