import { describe, expect, it } from "vitest";
import { checkSvg, checkWhiteboardImage, safeWhiteboardFilename } from "./whiteboard-images.ts";

const svg = (body: string, attributes = "") =>
  `<svg xmlns="http://www.w3.org/2000/svg"${attributes}>${body}</svg>`;

describe("checkSvg", () => {
  it("accepts what Excalidraw exports: comments, metadata, CDATA styles, entities, xlink", () => {
    const exported = `<?xml version="1.0"?>\n${svg(
      '<!-- svg-source:excalidraw --><metadata/><defs><style class="style-fonts"><![CDATA[@font-face { src: url(data:font/woff2;base64,AAAA); }]]></style></defs><g transform="translate(10 10)"><text>A &amp; B &lt;C&gt;</text><use xlink:href="#a"/></g>',
      ' xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"',
    )}\n`;
    expect(checkSvg(exported)).toBeNull();
  });

  it("refuses scripts, event handlers, embedded HTML and script URLs however they are spelt", () => {
    const refused = [
      svg("<script>alert(1)</script>"),
      svg("<x:script xmlns:x='http://www.w3.org/2000/svg'>alert(1)</x:script>"),
      svg("", ' onload="alert(1)"'),
      svg('<rect x:onclick="alert(1)"/>'),
      svg("<foreignObject><p>hi</p></foreignObject>"),
      svg('<a href=" JaVaScRiPt:alert(1)"/>'),
      svg('<a xlink:href="jav&#x61;script&colon;alert(1)"/>'),
      svg('<a href="java\tscript:alert(1)"/>'),
      svg('<iframe src="https://example.com"/>'),
      '<?xml-stylesheet href="evil.css"?><svg/>',
    ];
    for (const text of refused) expect(checkSvg(text), text).not.toBeNull();
  });

  it("refuses documents that are not well-formed SVG", () => {
    const refused = [
      "",
      "just text",
      "<html><svg/></html>",
      svg("<g>"),
      svg("</g>"),
      `${svg("")}<svg/>`,
      svg('<rect x="1" x="2"/>'),
      svg("<rect x=1/>"),
      '<!DOCTYPE svg [<!ENTITY a "b">]><svg/>',
      "<svg><!-- unclosed </svg>",
    ];
    for (const text of refused) expect(checkSvg(text), text).not.toBeNull();
  });
});

describe("checkWhiteboardImage and safeWhiteboardFilename", () => {
  it("tells a PNG from an SVG by content and refuses anything else", () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(checkWhiteboardImage(png)).toEqual({ ok: true, kind: "png" });
    expect(checkWhiteboardImage(Buffer.from(svg("")))).toEqual({ ok: true, kind: "svg" });
    expect(checkWhiteboardImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0])).ok).toBe(false);
    expect(checkWhiteboardImage(Buffer.alloc(0))).toEqual({ ok: false, reason: "the file is empty" });
  });

  it("keeps a safe base name ending in the real type's extension", () => {
    expect(safeWhiteboardFilename("../../etc/board.PNG", "png")).toBe("board.PNG");
    expect(safeWhiteboardFilename("board.png", "svg")).toBe("board.png.svg");
    expect(safeWhiteboardFilename(undefined, "svg")).toBe("whiteboard.svg");
  });
});
