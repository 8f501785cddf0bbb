import { describe, expect, it } from "vitest";
import { renderEmail } from "./templates.ts";

describe("email templates", () => {
  const common = { candidateName: 'Ana "<b>" & Co', organizationName: "Acme <Labs>" };

  it("renders every template with plain text and escaped HTML", () => {
    const rendered = [
      renderEmail("invitation", {
        ...common,
        link: "https://evident.test/portal/sign-in?token=abc&x=<y>",
        expiresAt: new Date("2026-01-08T10:00:00Z"),
      }),
      renderEmail("magic_link", {
        ...common,
        link: "https://evident.test/portal/sign-in?token=abc",
        expiresInMinutes: 30,
      }),
      renderEmail("stage_invitation", {
        ...common,
        roleTitle: "Backend <Engineer>",
        stageName: "Take-home",
        step: "challenge",
        deadlineDays: 1,
        link: "https://evident.test/portal/sign-in?token=abc&org=acme",
        expiresAt: new Date("2026-01-08T10:00:00Z"),
      }),
      renderEmail("interview_scheduled", {
        ...common,
        roleTitle: "Backend <Engineer>",
        stageName: "System design",
        scheduledAt: new Date("2026-01-08T10:00:00Z"),
        timeZone: "America/New_York",
        durationMinutes: 60,
        mode: "remote",
        room: null,
        videoLink: "https://meet.test/a?b=1&c=2",
        portalUrl: "https://evident.test/portal",
      }),
      renderEmail("decision", {
        ...common,
        roleTitle: "Backend Engineer",
        outcome: "no_hire",
        portalUrl: "https://evident.test/portal",
      }),
    ];
    for (const email of rendered) {
      expect(email.text).toContain('Hello Ana "<b>" & Co,');
      expect(email.html).toContain("Hello Ana &quot;&lt;b&gt;&quot; &amp; Co,");
      expect(email.html).not.toMatch(/<b>|<Labs>|<Engineer>|<y>/);
      expect(email.subject.length).toBeGreaterThan(10);
    }
    expect(rendered[0]?.html).toContain(
      'href="https://evident.test/portal/sign-in?token=abc&amp;x=&lt;y&gt;"',
    );
    expect(rendered[3]?.text).toContain(
      "When: Thursday, 8 January 2026 at 05:00 GMT-05:00 (America/New_York)",
    );
    expect(rendered[2]?.text).toContain("Please hand it in within 1 day.");
    expect(rendered[2]?.text).toContain(
      "Open your candidate portal: https://evident.test/portal/sign-in?token=abc&org=acme",
    );
    expect(rendered[3]?.text).toContain("Where: Remote, video link: https://meet.test/a?b=1&c=2");
  });

  it("words decisions neutrally, in both directions, without any evaluation detail", () => {
    const variables = { ...common, roleTitle: "Backend Engineer", portalUrl: "https://evident.test/portal" };
    const declined = renderEmail("decision", { ...variables, outcome: "no_hire" });
    const offered = renderEmail("decision", { ...variables, outcome: "hire" });
    expect(declined.text).toContain("decided not to move forward");
    expect(offered.text).toContain("would like to offer you the position");
    for (const email of [declined, offered]) {
      expect(email.text).not.toMatch(/score|rating|formula|interviewer|recommend/i);
    }
  });
});
