import { describe, expect, it } from "vitest";
import { attachmentDisposition, detectResumeType, safeResumeFilename } from "./files.ts";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))),
  );

describe("detectResumeType", () => {
  it("recognises a PDF by its header", () => {
    expect(detectResumeType(bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"))).toEqual({
      ok: true,
      kind: "pdf",
    });
  });

  it("recognises a DOCX package and refuses other ZIP archives", () => {
    const docx = bytes(
      [0x50, 0x4b, 0x03, 0x04],
      "\x14\x00\x06\x00[Content_Types].xml...PK\x03\x04word/document.xml",
    );
    expect(detectResumeType(docx)).toEqual({ ok: true, kind: "docx" });
    const zip = bytes([0x50, 0x4b, 0x03, 0x04], "\x14\x00\x00\x00notes.txt");
    expect(detectResumeType(zip)).toMatchObject({ ok: false, looksLike: expect.stringContaining("ZIP") });
  });

  it("accepts UTF-8 text, with or without a byte-order mark", () => {
    expect(detectResumeType(Buffer.from("Ada Lovelace\r\n\tAnalyst — Zürich\n"))).toEqual({
      ok: true,
      kind: "text",
    });
    expect(detectResumeType(Buffer.from("\uFEFFAda"))).toEqual({ ok: true, kind: "text" });
  });

  it("refuses executables, images, legacy Office files, invalid UTF-8 and control bytes", () => {
    const refused = [
      bytes("MZ\x90\x00\x03\x00\x00\x00"),
      bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]),
      bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]),
      bytes([0x41, 0xc3, 0x28]),
      bytes("plain\x00text"),
      Buffer.alloc(0),
    ];
    for (const content of refused) expect(detectResumeType(content).ok).toBe(false);
    expect(detectResumeType(bytes("MZ\x90\x00"))).toEqual({ ok: false, looksLike: "a Windows executable" });
  });
});

describe("safeResumeFilename and attachmentDisposition", () => {
  it("strips directories and control characters and ends the name in the real type's extension", () => {
    expect(safeResumeFilename("../../etc/Ada CV.pdf", "pdf")).toBe("Ada CV.pdf");
    expect(safeResumeFilename('C:\\Users\\ada\\cv"\n.exe', "pdf")).toBe("cv.exe.pdf");
    expect(safeResumeFilename(undefined, "text")).toBe("resume.txt");
    expect(safeResumeFilename("notes.MD", "text")).toBe("notes.MD");
  });

  it("offers an ASCII fallback and the UTF-8 name", () => {
    expect(attachmentDisposition('Zoë "CV".pdf')).toBe(
      `attachment; filename="Zo_ _CV_.pdf"; filename*=UTF-8''Zo%C3%AB%20%22CV%22.pdf`,
    );
  });
});
