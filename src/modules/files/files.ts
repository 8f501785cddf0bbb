import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { newId } from "../../platform/ids.ts";
import type { ResumeView } from "../candidates/schemas.ts";
import { storedFiles } from "./files-table.ts";

export const RESUME_MAX_BYTES = 5 * 1024 * 1024;

export type ResumeKind = "pdf" | "docx" | "text";

export const resumeContentTypes: Record<ResumeKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  text: "text/plain; charset=utf-8",
};

const resumeExtensions: Record<ResumeKind, readonly string[]> = {
  pdf: [".pdf"],
  docx: [".docx"],
  text: [".txt", ".text", ".md"],
};

export type ResumeDetection = { ok: true; kind: ResumeKind } | { ok: false; looksLike: string };

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  prefix.every((byte, index) => bytes[index] === byte);

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

function contains(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle, 0, "latin1");
}

function isPlainText(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    // Control characters other than tab, line feed, form feed and carriage return mark binary data.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return false;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a resume really is, judged by its bytes rather than its name or declared type: a PDF
 * (`%PDF-`), a Word document (a ZIP package holding `word/document.xml`), or UTF-8 plain text.
 * Anything else is refused, with a description of what it looks like.
 */
export function detectResumeType(bytes: Uint8Array): ResumeDetection {
  if (startsWith(bytes, ascii("%PDF-"))) return { ok: true, kind: "pdf" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A DOCX package lists its parts by name, uncompressed, in the ZIP headers.
    if (contains(bytes, "[Content_Types].xml") && contains(bytes, "word/document.xml")) {
      return { ok: true, kind: "docx" };
    }
    return { ok: false, looksLike: "a ZIP archive that is not a Word document" };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { ok: false, looksLike: "a legacy Word (.doc) or other Office 97 file; save it as DOCX or PDF" };
  }
  if (startsWith(bytes, ascii("MZ"))) return { ok: false, looksLike: "a Windows executable" };
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return { ok: false, looksLike: "an ELF executable" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return { ok: false, looksLike: "an image" };
  }
  if (bytes.length > 0 && isPlainText(bytes)) return { ok: true, kind: "text" };
  return { ok: false, looksLike: "binary data of an unrecognised type" };
}

/**
 * A file name safe to store and send back: no directories or control characters, at most 120
 * characters, ending in the extension of what the content really is.
 */
export function safeResumeFilename(declared: string | undefined, kind: ResumeKind): string {
  const base = (declared ?? "")
    .split(/[/\\]/)
    .at(-1)
    ?.split("")
    .filter((character) => character.charCodeAt(0) >= 0x20 && character !== "\u007f" && character !== '"')
    .join("")
    .trim()
    .slice(0, 120);
  const name = base || "resume";
  const extensions = resumeExtensions[kind];
  return extensions.some((extension) => name.toLowerCase().endsWith(extension))
    ? name
    : `${name}${extensions[0] ?? ""}`;
}

/** A Content-Disposition header that offers the file as a download under its (Unicode) name. */
export function attachmentDisposition(filename: string): string {
  const asciiFallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const toResumeView = (row: {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
}): ResumeView => ({
  id: row.id,
  filename: row.filename,
  contentType: row.contentType,
  sizeBytes: row.sizeBytes,
  uploadedAt: row.createdAt.toISOString(),
});

const resumeOf = (organizationId: string, candidateId: string) =>
  and(
    eq(storedFiles.organizationId, organizationId),
    eq(storedFiles.ownerType, "candidate"),
    eq(storedFiles.ownerId, candidateId),
    eq(storedFiles.purpose, "resume"),
  );

/** Stores a candidate's resume, replacing the previous one. Run it in the caller's transaction. */
export async function storeResume(
  db: Db,
  input: {
    organizationId: string;
    candidateId: string;
    filename: string;
    contentType: string;
    content: Buffer;
    at: Date;
  },
): Promise<ResumeView> {
  await db.delete(storedFiles).where(resumeOf(input.organizationId, input.candidateId));
  const row = {
    id: newId(),
    organizationId: input.organizationId,
    ownerType: "candidate" as const,
    ownerId: input.candidateId,
    purpose: "resume" as const,
    filename: input.filename,
    contentType: input.contentType,
    sizeBytes: input.content.byteLength,
    content: input.content,
    createdAt: input.at,
  };
  await db.insert(storedFiles).values(row);
  return toResumeView(row);
}

/** The resume's metadata without its bytes, or null when the candidate has none. */
export async function findResume(
  db: Db,
  organizationId: string,
  candidateId: string,
): Promise<ResumeView | null> {
  const [row] = await db
    .select({
      id: storedFiles.id,
      filename: storedFiles.filename,
      contentType: storedFiles.contentType,
      sizeBytes: storedFiles.sizeBytes,
      createdAt: storedFiles.createdAt,
    })
    .from(storedFiles)
    .where(resumeOf(organizationId, candidateId));
  return row ? toResumeView(row) : null;
}

export async function readResume(
  db: Db,
  organizationId: string,
  candidateId: string,
): Promise<(ResumeView & { content: Buffer }) | null> {
  const [row] = await db.select().from(storedFiles).where(resumeOf(organizationId, candidateId));
  return row ? { ...toResumeView(row), content: row.content } : null;
}

/** Removes a candidate's resume (on erasure, in the erasure's transaction); returns how many files went. */
export async function deleteResumes(db: Db, organizationId: string, candidateId: string): Promise<number> {
  const deleted = await db
    .delete(storedFiles)
    .where(resumeOf(organizationId, candidateId))
    .returning({ id: storedFiles.id });
  return deleted.length;
}
