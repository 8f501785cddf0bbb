/**
 * An interviewer draws on a system-design pad's whiteboard, attaches it to the interview as PNG
 * and SVG (the real Excalidraw exports must pass the server's content checks) and finds both
 * listed, downloadable, on the interview page. Real server, real WebSocket, real Chromium.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { loadPadState } from "../../src/modules/pads/pad-log.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { type PadScene, schedulePadInterview, seedPadScene, waitFor } from "../support/pad-seed.ts";
import { startTestServer, TEST_PASSWORD, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword } from "./browser.ts";

const screenshotDir = "test/browser/screenshots";

describe("whiteboard exports attached from the pad (Chromium)", () => {
  let server: TestServer;
  let scene: PadScene;
  let browser: Browser;
  let page: Page;
  let interviewId = "";

  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    server = await startTestServer("pglite");
    scene = await seedPadScene(server, "Board", systemClock);
    interviewId = await schedulePadInterview(
      server,
      scene,
      scene.design.id,
      new Date(Date.now() + 5 * 60_000),
    );
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    const [ana] = scene.interviewers;
    await signInWithPassword(page, server.url, ana?.email ?? "", TEST_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows an empty list on the interview page before anything is attached", async () => {
    await page.goto(`${server.url}/interviews/${interviewId}`);
    const section = page.getByRole("region", { name: "Whiteboard exports" });
    await section.getByText(/None yet/).waitFor();
  });

  it("attaches the drawn whiteboard as PNG and SVG and lists both on the interview page", async () => {
    await page.getByRole("link", { name: "Open pad" }).click();
    await page.getByRole("status").getByText("Live").waitFor();
    const canvas = page.locator(".pad-whiteboard .excalidraw canvas.interactive");
    await canvas.waitFor({ timeout: 60_000 });
    await page.locator(".pad-whiteboard .excalidraw").click({ position: { x: 300, y: 200 } });
    await page.keyboard.press("r");
    const box = await canvas.boundingBox();
    if (!box) throw new Error("no canvas");
    await page.mouse.move(box.x + 450, box.y + 150);
    await page.mouse.down();
    await page.mouse.move(box.x + 650, box.y + 300, { steps: 8 });
    await page.mouse.up();
    const pad = await page.evaluate(async (id) => {
      const response = await fetch(`/api/v1/interviews/${id}/pad`);
      return (await response.json()) as { id: string };
    }, interviewId);
    await waitFor(async () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await loadPadState(server.database.db, pad.id)).state);
      return [...doc.getMap<{ type: string }>("whiteboard").values()].some(
        (element) => element.type === "rectangle",
      );
    }, "the rectangle in the stored pad");

    await page.getByRole("button", { name: "Attach PNG to the interview" }).click();
    await page.getByText("Attached whiteboard.png to the interview").waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Attach SVG to the interview" }).click();
    await page.getByText("Attached whiteboard.svg to the interview").waitFor({ timeout: 30_000 });
    await page.getByRole("heading", { name: "Whiteboard" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/pad-whiteboard-attached-1366.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Attach SVG to the interview" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/pad-whiteboard-attached-390.png` });
    const padOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(padOverflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.goto(`${server.url}/interviews/${interviewId}`);
    const section = page.getByRole("region", { name: "Whiteboard exports" });
    const png = section.getByRole("link", { name: "whiteboard.png" });
    await png.waitFor();
    await section.getByRole("link", { name: "whiteboard.svg" }).waitFor();
    expect(await section.textContent()).toContain("Ana Pairing");

    // The link downloads the very PNG the browser drew.
    const href = await png.getAttribute("href");
    const bytes = await page.evaluate(async (path) => {
      const response = await fetch(path ?? "");
      return [...new Uint8Array(await response.arrayBuffer()).slice(0, 8)];
    }, href);
    expect(bytes).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The SVG holds the drawn rectangle (Excalidraw draws it as rough paths), not an empty canvas.
    const svgHref = await section.getByRole("link", { name: "whiteboard.svg" }).getAttribute("href");
    const svg = await page.evaluate(async (path) => (await fetch(path ?? "")).text(), svgHref);
    expect(svg, svg).toMatch(/<path /);

    // The viewport around the list, not the whole page: the kit and scorecard below are long.
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/interview-whiteboard-exports-1366.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await section.getByRole("link", { name: "whiteboard.png" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/interview-whiteboard-exports-390.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 120_000);
});
