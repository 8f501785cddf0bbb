export const WHITEBOARD_EXPORT_MAX_BYTES = 5 * 1024 * 1024;

export type WhiteboardImageKind = "png" | "svg";

export const whiteboardContentTypes: Record<WhiteboardImageKind, string> = {
  png: "image/png",
  svg: "image/svg+xml",
};

export type WhiteboardImageCheck = { ok: true; kind: WhiteboardImageKind } | { ok: false; reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/**
 * What a whiteboard export really is, judged by its bytes: a PNG (its 8-byte signature followed
 * by the IHDR chunk) or an SVG document that cannot run anything when opened (see checkSvg).
 */
export function checkWhiteboardImage(bytes: Buffer): WhiteboardImageCheck {
  if (bytes.length === 0) return { ok: false, reason: "the file is empty" };
  if (PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) {
    return bytes.subarray(12, 16).toString("latin1") === "IHDR"
      ? { ok: true, kind: "png" }
      : { ok: false, reason: "the file starts like a PNG but is not a valid PNG image" };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: "the file is neither a PNG image nor UTF-8 SVG text" };
  }
  const problem = checkSvg(text);
  return problem ? { ok: false, reason: problem } : { ok: true, kind: "svg" };
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ATTRIBUTE = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/;
const localName = (name: string) => (name.includes(":") ? (name.split(":").at(-1) ?? name) : name);
const FORBIDDEN_ELEMENTS = new Set(["script", "foreignobject", "iframe", "embed", "object"]);

/** Decodes character references, then drops what browsers ignore inside a URL scheme. */
function normaliseAttributeValue(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => String.fromCodePoint(Number.parseInt(decimal, 10)))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;|&newline;/gi, "")
    .split("")
    .filter((character) => character.charCodeAt(0) > 0x20)
    .join("")
    .toLowerCase();
}

/**
 * Parses the text as XML (well-formed, no DOCTYPE or entity declarations) and returns why it is
 * refused, or null: the root must be <svg>, and nothing may run when a browser opens it — no
 * <script>, <foreignObject> (it embeds HTML), on* event attributes or javascript:/vbscript: URLs.
 */
export function checkSvg(text: string): string | null {
  let rest = text.replace(/^\uFEFF/, "");
  const open: string[] = [];
  let root: string | null = null;
  let rootClosed = false;
  while (rest.length > 0) {
    const lt = rest.indexOf("<");
    if (lt === -1) {
      if (rest.trim() && (root === null || rootClosed))
        return "it is not an SVG document (text outside the <svg> root)";
      break;
    }
    if (rest.slice(0, lt).trim() && (root === null || rootClosed)) {
      return "it is not an SVG document (text outside the <svg> root)";
    }
    rest = rest.slice(lt);
    if (rest.startsWith("<!--")) {
      const end = rest.indexOf("-->", 4);
      if (end === -1) return "it is not well-formed XML (an unclosed comment)";
      rest = rest.slice(end + 3);
    } else if (rest.startsWith("<![CDATA[")) {
      if (open.length === 0) return "it is not well-formed XML (character data outside the root)";
      const end = rest.indexOf("]]>");
      if (end === -1) return "it is not well-formed XML (an unclosed CDATA section)";
      rest = rest.slice(end + 3);
    } else if (rest.startsWith("<!")) {
      return "it declares a DOCTYPE or entities, which whiteboard exports never need";
    } else if (rest.startsWith("<?")) {
      const end = rest.indexOf("?>");
      if (end === -1) return "it is not well-formed XML (an unclosed processing instruction)";
      if (/^<\?xml-stylesheet/i.test(rest)) return "it links a stylesheet processing instruction";
      rest = rest.slice(end + 2);
    } else if (rest.startsWith("</")) {
      const name = NAME.exec(rest.slice(2))?.[0];
      const after = name ? rest.slice(2 + name.length).match(/^\s*>/) : null;
      if (!name || !after) return "it is not well-formed XML (a malformed closing tag)";
      if (open.pop() !== name) return `it is not well-formed XML (</${name}> closes nothing open)`;
      if (open.length === 0) rootClosed = true;
      rest = rest.slice(2 + name.length + after[0].length);
    } else {
      const name = NAME.exec(rest.slice(1))?.[0];
      if (!name) return "it is not well-formed XML (a malformed tag)";
      if (rootClosed) return "it is not an SVG document (more than one root element)";
      if (root === null) {
        root = name;
        if (localName(name) !== "svg") return `it is not an SVG document (its root element is <${name}>)`;
      }
      if (FORBIDDEN_ELEMENTS.has(localName(name).toLowerCase())) {
        return `it contains a <${name}> element, which could run code when opened`;
      }
      rest = rest.slice(1 + name.length);
      const seen = new Set<string>();
      for (;;) {
        const trimmed = rest.replace(/^\s+/, "");
        const hadSpace = trimmed.length !== rest.length;
        rest = trimmed;
        if (rest.startsWith("/>")) {
          rest = rest.slice(2);
          if (open.length === 0) rootClosed = true;
          break;
        }
        if (rest.startsWith(">")) {
          rest = rest.slice(1);
          open.push(name);
          break;
        }
        const attribute = hadSpace ? ATTRIBUTE.exec(rest) : null;
        if (!attribute) return `it is not well-formed XML (a malformed attribute in <${name}>)`;
        const [whole, attributeName = "", , doubleQuoted, singleQuoted] = attribute;
        if (seen.has(attributeName))
          return `it is not well-formed XML (a repeated ${attributeName} attribute)`;
        seen.add(attributeName);
        if (localName(attributeName).toLowerCase().startsWith("on")) {
          return `it contains an event handler attribute (${attributeName}), which could run code when opened`;
        }
        const value = normaliseAttributeValue(doubleQuoted ?? singleQuoted ?? "");
        if (/(javascript|vbscript):/.test(value) || value.includes("data:text/html")) {
          return `it contains a script URL in the ${attributeName} attribute of <${name}>`;
        }
        rest = rest.slice(whole.length);
      }
    }
  }
  if (root === null) return "it is not an SVG document (no root element)";
  if (open.length > 0) return `it is not well-formed XML (<${open.at(-1)}> is never closed)`;
  return null;
}

/** A file name safe to store and send back, ending in the real type's extension. */
export function safeWhiteboardFilename(declared: string | undefined, kind: WhiteboardImageKind): string {
  const base = (declared ?? "")
    .split(/[/\\]/)
    .at(-1)
    ?.split("")
    .filter((character) => character.charCodeAt(0) >= 0x20 && character !== "\u007f" && character !== '"')
    .join("")
    .trim()
    .slice(0, 120);
  const name = base || "whiteboard";
  return name.toLowerCase().endsWith(`.${kind}`) ? name : `${name}.${kind}`;
}
