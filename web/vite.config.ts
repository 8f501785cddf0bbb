import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * The large libraries each get a chunk of their own, so none goes over Vite's 500 kB warning
 * and a change to the app's own code leaves them cached in the browser. Matched on the path
 * inside node_modules; what no group takes stays with the code that imports it.
 */
const vendorChunks = [
  { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/ },
  // The editor core before its languages: a group also takes what its modules import, so the
  // languages' group would otherwise swallow the core (JavaScript/TypeScript, Python and SQL
  // together are as large as the core).
  {
    name: "codemirror",
    test: /node_modules[\\/](@codemirror[\\/](?!lang-)|@lezer[\\/](common|highlight|lr)[\\/]|codemirror[\\/]|crelt|style-mod|w3c-keyname)/,
  },
  {
    name: "codemirror-languages",
    test: /node_modules[\\/](@codemirror[\\/]lang-[a-z]+|@lezer[\\/](javascript|python|sql))[\\/]/,
  },
  {
    name: "charts",
    test: /node_modules[\\/](@observablehq|d3-[a-z-]+|d3|interval-tree-1d|isoformat|binary-search-bounds)[\\/]/,
  },
  // The kit schema the kit editor validates with (the server's own) brings zod.
  { name: "zod", test: /node_modules[\\/]zod[\\/]/ },
  {
    name: "markdown",
    test: /node_modules[\\/](react-markdown|remark-[a-z-]+|micromark[a-z-]*|mdast-[a-z-]+|hast-[a-z-]+|unified|unist-[a-z-]+|vfile[a-z-]*)[\\/]/,
  },
];

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // Set deliberately: Excalidraw (MIT), the whiteboard of system-design pads and async
    // whiteboard steps, is one library of about 3.5 MB that Rolldown splits into chunks of up to
    // 1.8 MB. They load only when a whiteboard opens (the Whiteboard component is lazy), so no
    // other page pays for them; every chunk the rest of the app loads stays under Vite's 500 kB.
    chunkSizeWarningLimit: 1900,
    rolldownOptions: {
      output: { codeSplitting: { groups: vendorChunks } },
    },
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:3000",
    },
  },
});
