import { build } from "vite";

/** Browser tests exercise the web app as users get it: built by Vite, served by the server. */
export default async function buildWebApp() {
  await build({
    configFile: new URL("../../web/vite.config.ts", import.meta.url).pathname,
    logLevel: "warn",
  });
}
