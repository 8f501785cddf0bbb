/**
 * A live system-design interview in two Chromium contexts, an interviewer and the candidate:
 * they edit one pad, run the code and both see the output, the candidate pastes a large block
 * and leaves the tab, they draw on the whiteboard; then a reviewer replays the session with its
 * markers, and the decision page flags the paste. Real server, real WebSocket, real sandbox.
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { loadPadState, readPlaybackLog } from "../../src/modules/pads/pad-log.ts";
import { assertSandboxAvailable } from "../../src/modules/sandbox/sandbox.ts";
import { systemClock } from "../../src/platform/clock.ts";
import { type PadScene, schedulePadInterview, seedPadScene, waitFor } from "../support/pad-seed.ts";
import { startTestServer, TEST_PASSWORD, type TestServer } from "../support/server.ts";
import { launchBrowser, signInWithPassword } from "./browser.ts";

const screenshotDir = "test/browser/screenshots";

describe("a live pad in two browsers (Chromium)", () => {
  let server: TestServer;
  let scene: PadScene;
  let browser: Browser;
  let interviewerContext: BrowserContext;
  let candidateContext: BrowserContext;
  let interviewer: Page;
  let candidate: Page;
  let interviewId = "";
  let padId = "";

  beforeAll(async () => {
    assertSandboxAvailable();
    mkdirSync(screenshotDir, { recursive: true });
    server = await startTestServer("pglite");
    scene = await seedPadScene(server, "Browser", systemClock);
    // Starting in five minutes: inside the candidate's window (from 15 minutes before).
    interviewId = await schedulePadInterview(
      server,
      scene,
      scene.design.id,
      new Date(Date.now() + 5 * 60_000),
    );
    browser = await launchBrowser();
    interviewerContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    interviewer = await interviewerContext.newPage();
    candidateContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await candidateContext.addCookies([
      {
        name: "evident_candidate",
        value: scene.candidate.cookie.slice("evident_candidate=".length),
        url: server.url,
      },
    ]);
    candidate = await candidateContext.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const editorOf = (page: Page) => page.locator(".pad-editor .cm-content");

  it("opens the pad from the interview page and from the portal; both see each other", async () => {
    const [ana] = scene.interviewers;
    await signInWithPassword(interviewer, server.url, ana?.email ?? "", TEST_PASSWORD);
    await interviewer.goto(`${server.url}/interviews/${interviewId}`);
    await interviewer.getByRole("link", { name: "Open pad" }).click();
    await interviewer.waitForURL((url) => url.pathname === `/interviews/${interviewId}/pad`);
    await interviewer.getByRole("status").getByText("Live").waitFor();
    await interviewer.getByRole("heading", { name: "Interviewer panel" }).waitFor();

    await candidate.goto(`${server.url}/portal/home`);
    await candidate.getByRole("link", { name: "Open the interview pad" }).click();
    await candidate.getByRole("status").getByText("Live").waitFor();
    // The candidate never gets the interviewer panel.
    expect(await candidate.getByRole("heading", { name: "Interviewer panel" }).count()).toBe(0);

    // Blind stage: the interviewer sees the candidate's pseudonym, never the name.
    const presence = interviewer.getByRole("list", { name: "In the pad" });
    await presence.getByText(/^Candidate [0-9A-F]{4}$/).waitFor();
    await candidate.getByRole("list", { name: "In the pad" }).getByText("Ana Pairing").waitFor();
    expect(await presence.textContent()).not.toContain("Pat Candidate");
  });

  it("shares edits and runs the code for everyone", async () => {
    await editorOf(candidate).click();
    await candidate.keyboard.press("ControlOrMeta+A");
    await candidate.keyboard.insertText('const answer: number = 6 * 7;\nconsole.log("answer", answer);\n');
    await editorOf(interviewer).getByText('console.log("answer", answer);').waitFor();

    await interviewer.getByRole("button", { name: "Run" }).click();
    for (const page of [interviewer, candidate]) {
      await page.getByTestId("run-output").getByText("answer 42").waitFor({ timeout: 60_000 });
      await page
        .getByTestId("run-summary")
        .getByText(/exit 0/)
        .waitFor();
    }
  });

  // A block well over LARGE_PASTE_CHARS (200), pasted through the clipboard as a browser does.
  const pastedBlock = `${Array.from(
    { length: 8 },
    (_, line) => `// pasted line ${line + 1}: a block copied from somewhere else`,
  ).join("\n")}\n`;

  it("records the candidate's large paste and their leaving the tab", async () => {
    await editorOf(candidate).click();
    await candidate.keyboard.press("ControlOrMeta+End");
    // PadEditor reads the paste event's clipboardData, as CodeMirror does to insert it.
    await editorOf(candidate).evaluate((element, text) => {
      const clipboardData = new DataTransfer();
      clipboardData.setData("text/plain", text);
      element.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
    }, pastedBlock);
    // The paste reached the shared document: the interviewer sees its last line.
    await editorOf(interviewer).getByText("// pasted line 8: a block copied from somewhere else").waitFor();
    const pad = await interviewer.evaluate(async (id) => {
      const response = await fetch(`/api/v1/interviews/${id}/pad`);
      return (await response.json()) as { id: string };
    }, interviewId);
    // Each marker is stored before the next event, so their order in the replay is the real one.
    const stored = (kind: string) => async () =>
      (await readPlaybackLog(server.database.db, pad.id)).markers.some((marker) => marker.kind === kind);
    await waitFor(stored("paste"), "the paste marker");

    // The candidate switches to another tab and back: the page's visibility changes.
    const setHidden = (hidden: boolean) =>
      candidate.evaluate((isHidden) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => isHidden });
        Object.defineProperty(document, "visibilityState", {
          configurable: true,
          get: () => (isHidden ? "hidden" : "visible"),
        });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await setHidden(true);
    await waitFor(stored("tab_hidden"), "the tab-hidden marker");
    await setHidden(false);
    await waitFor(stored("tab_visible"), "the tab-visible marker");
  });

  it("draws on the whiteboard, live for the other side and stored with the pad", async () => {
    const canvas = candidate.locator(".pad-whiteboard .excalidraw canvas.interactive");
    await canvas.waitFor({ timeout: 60_000 });
    // The rectangle tool from the toolbar, checked before drawing.
    const rectangleTool = candidate.locator('.pad-whiteboard [data-testid="toolbar-rectangle"]');
    await rectangleTool.click({ force: true });
    await waitFor(() => rectangleTool.isChecked(), "the rectangle tool selected");
    // The mouse works in viewport coordinates: the board must be on screen before drawing on it.
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error("no canvas");
    // Right of the style panel that opens with the tool (it covers the board's left 220 px).
    await candidate.mouse.move(box.x + 400, box.y + 150);
    await candidate.mouse.down();
    await candidate.mouse.move(box.x + 580, box.y + 260, { steps: 8 });
    await candidate.mouse.up();

    const pad = await interviewer.evaluate(async (id) => {
      const response = await fetch(`/api/v1/interviews/${id}/pad`);
      return (await response.json()) as { id: string };
    }, interviewId);
    padId = pad.id;
    await waitFor(async () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await loadPadState(server.database.db, padId)).state);
      return [...doc.getMap<{ type: string }>("whiteboard").values()].some(
        (element) => element.type === "rectangle",
      );
    }, "the rectangle in the stored pad");
    await interviewer.locator(".pad-whiteboard .excalidraw canvas").first().waitFor();

    await interviewer.screenshot({ path: `${screenshotDir}/pad-interviewer-1366.png`, fullPage: true });
    await candidate.screenshot({ path: `${screenshotDir}/pad-candidate-1366.png`, fullPage: true });
    await interviewer.setViewportSize({ width: 390, height: 844 });
    await candidate.setViewportSize({ width: 390, height: 844 });
    await interviewer.getByRole("button", { name: "Run" }).waitFor();
    await interviewer.screenshot({ path: `${screenshotDir}/pad-interviewer-390.png`, fullPage: true });
    await candidate.screenshot({ path: `${screenshotDir}/pad-candidate-390.png`, fullPage: true });
    // Nothing overflows sideways on a phone.
    for (const page of [interviewer, candidate]) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    await interviewer.setViewportSize({ width: 1366, height: 900 });
  }, 120_000);

  it("carries the panel's notes into the interviewer's scorecard draft", async () => {
    const panel = interviewer.locator(".interviewer-panel");
    const firstNote = panel.locator("textarea").first();
    await firstNote.fill("Drew the read path before the write path");
    const notesPage = await interviewerContext.newPage();
    // The server copies the notes when it stores the panel (after a pause in the typing).
    await expect
      .poll(
        async () => {
          await notesPage.goto(`${server.url}/interviews/${interviewId}`);
          const notes = notesPage.getByLabel("Private notes");
          await notes.waitFor();
          return notes.inputValue();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain("Drew the read path before the write path");
    await notesPage.getByLabel("Private notes").scrollIntoViewIfNeeded();
    await notesPage.screenshot({ path: `${screenshotDir}/pad-notes-in-draft-1366.png` });
    await notesPage.close();
  }, 60_000);

  it("shows the shared screen in presentation mode without the panel", async () => {
    await interviewer.getByRole("button", { name: "Presentation mode" }).click();
    await interviewer.locator(".pad-presentation").waitFor();
    expect(await interviewer.getByRole("heading", { name: "Interviewer panel" }).count()).toBe(0);
    await interviewer.screenshot({ path: `${screenshotDir}/pad-presentation-1366.png` });
    await interviewer.getByRole("button", { name: "Leave presentation mode" }).click();
  });

  it("lets a reviewer replay the session with its run marker", async () => {
    const reviewerContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const reviewer = await reviewerContext.newPage();
    await signInWithPassword(reviewer, server.url, scene.org.users.hiring_manager.email, TEST_PASSWORD);
    await reviewer.goto(`${server.url}/pads/${padId}/playback`);
    await reviewer.getByRole("heading", { name: "Pad replay" }).waitFor();
    const marker = reviewer.getByRole("list", { name: "Markers" }).getByRole("button", { name: /Run/ });
    await marker.first().waitFor();
    // At the start the pad holds only its starting prompt.
    expect(await reviewer.getByTestId("playback-code").textContent()).not.toContain("answer");
    await reviewer.getByLabel("Speed").selectOption("32");
    await reviewer.getByRole("button", { name: "Play" }).click();
    await reviewer
      .getByTestId("playback-code")
      .getByText('console.log("answer", answer);')
      .waitFor({ timeout: 60_000 });
    await reviewer.getByTestId("run-output").getByText("answer 42").waitFor({ timeout: 60_000 });
    // The candidate's large paste and their leaving the tab and coming back, each under the
    // candidate's pseudonym (a blind stage), the paste with its exact length.
    const markers = reviewer.getByRole("list", { name: "Markers" });
    const pseudonym = /Candidate [0-9A-F]{4}$/;
    const pasteMarker = markers.getByRole("button", {
      name: `Large paste (flagged, not judged) (${pastedBlock.length} characters)`,
    });
    await pasteMarker.waitFor();
    expect(await pasteMarker.textContent()).toMatch(pseudonym);
    const leftMarker = markers.getByRole("button", { name: /Left the tab/ });
    await leftMarker.waitFor();
    expect(await leftMarker.textContent()).toMatch(pseudonym);
    await markers.getByRole("button", { name: /Came back/ }).waitFor();
    // In time order: the paste came before leaving the tab, which came before coming back.
    const labels = await markers.getByRole("button").allTextContents();
    const paste = labels.findIndex((label) => label.includes("Large paste"));
    const left = labels.findIndex((label) => label.includes("Left the tab"));
    const back = labels.findIndex((label) => label.includes("Came back"));
    expect(paste).toBeGreaterThanOrEqual(0);
    expect(left).toBeGreaterThan(paste);
    expect(back).toBeGreaterThan(left);
    expect(await markers.textContent()).not.toContain("Pat Candidate");
    await reviewer.screenshot({ path: `${screenshotDir}/pad-playback-1366.png`, fullPage: true });
    await reviewer.setViewportSize({ width: 390, height: 844 });
    await reviewer.screenshot({ path: `${screenshotDir}/pad-playback-390.png`, fullPage: true });
    await reviewerContext.close();
  }, 120_000);

  it("shows the large paste on the decision page as a flag to ask about, linked to the replay", async () => {
    const reviewerContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const reviewer = await reviewerContext.newPage();
    await signInWithPassword(reviewer, server.url, scene.org.users.hiring_manager.email, TEST_PASSWORD);
    await reviewer.goto(`${server.url}/applications/${scene.candidate.applicationId}/decision`);
    const flags = reviewer.getByRole("region", { name: "Integrity flags" });
    const flag = flags.getByRole("listitem").filter({ hasText: "Large paste" });
    await flag.waitFor();
    // The design stage is blind: the flag names the pseudonym, the pad and the length.
    expect(await flag.textContent()).toMatch(
      new RegExp(
        `Candidate [0-9A-F]{4} pasted ${pastedBlock.length} characters into the Design pad, .*(before the interview started|into the interview|first minute)`,
      ),
    );
    expect(await flag.textContent()).toContain("not proof of anything");
    expect(await flags.textContent()).not.toContain("Pat Candidate");
    await flag.scrollIntoViewIfNeeded();
    await reviewer.screenshot({ path: `${screenshotDir}/decision-paste-flag-1366.png` });
    await reviewer.setViewportSize({ width: 390, height: 844 });
    await flag.scrollIntoViewIfNeeded();
    await reviewer.screenshot({ path: `${screenshotDir}/decision-paste-flag-390.png` });
    await reviewer.setViewportSize({ width: 1366, height: 900 });
    await flag.getByRole("link", { name: "Look into it" }).click();
    await reviewer.waitForURL((url) => url.pathname === `/pads/${padId}/playback`);
    await reviewer.getByRole("heading", { name: "Pad replay" }).waitFor();
    await reviewerContext.close();
  }, 60_000);
});
