/** The languages the similarity check can read. TypeScript and JavaScript share one lexer. */
export type SimilarityLanguage = "typescript" | "javascript" | "python" | "sql";

export const similarityLanguages: readonly SimilarityLanguage[] = [
  "typescript",
  "javascript",
  "python",
  "sql",
];

export type TokenKind = "keyword" | "identifier" | "literal" | "operator" | "punctuation";

/**
 * One normalised token. Identifiers read "ID" and string, number, template and regex literals
 * read "LIT", so renaming variables or changing constants does not change the token stream;
 * keywords, operators and punctuation keep their text (SQL keywords upper-cased). Positions are
 * 1-based; the end is the position of the token's last character.
 */
export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const IDENTIFIER_TEXT = "ID";
const LITERAL_TEXT = "LIT";

const jsKeywords = new Set([
  "abstract",
  "as",
  "async",
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "declare",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "from",
  "function",
  "get",
  "if",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "keyof",
  "let",
  "new",
  "null",
  "of",
  "private",
  "protected",
  "public",
  "readonly",
  "return",
  "satisfies",
  "set",
  "static",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "type",
  "typeof",
  "undefined",
  "var",
  "void",
  "while",
  "with",
  "yield",
]);

const pythonKeywords = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "match",
  "case",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

const sqlKeywords = new Set(
  (
    "ADD ALL ALTER AND ANY AS ASC BEGIN BETWEEN BY CASCADE CASE CAST CHECK COALESCE COLUMN COMMIT " +
    "CONFLICT CONSTRAINT COUNT CREATE CROSS CURRENT_DATE CURRENT_TIMESTAMP DEFAULT DELETE DESC DISTINCT " +
    "DO DROP ELSE END EXCEPT EXISTS FALSE FETCH FILTER FIRST FOR FOREIGN FROM FULL FUNCTION GROUP HAVING " +
    "IF ILIKE IN INDEX INNER INSERT INTERSECT INTERVAL INTO IS JOIN KEY LATERAL LEFT LIKE LIMIT MAX MIN " +
    "NATURAL NOT NOTHING NULL NULLS OFFSET ON OR ORDER OUTER OVER PARTITION PRIMARY RECURSIVE REFERENCES " +
    "RETURNING RIGHT ROLLBACK ROW ROWS SELECT SET SUM TABLE THEN TRANSACTION TRUE UNION UNIQUE UPDATE " +
    "USING VALUES VIEW WHEN WHERE WINDOW WITH AVG BIGINT BOOLEAN CHAR DATE INT INTEGER NUMERIC REAL " +
    "SERIAL SMALLINT TEXT TIMESTAMP TIMESTAMPTZ UUID VARCHAR JSONB"
  ).split(" "),
);

// Longest first, so the scanner can take the first operator that matches.
const jsOperators = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "**",
  "<<",
  ">>",
];
const pythonOperators = [
  "**=",
  "//=",
  ">>=",
  "<<=",
  "...",
  "->",
  ":=",
  "**",
  "//",
  "==",
  "!=",
  "<=",
  ">=",
  "<<",
  ">>",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "@=",
];
const sqlOperators = ["<>", "!=", "<=", ">=", "||", "::", "->>", "->", "#>>", "#>", "@>", "<@"].sort(
  (left, right) => right.length - left.length,
);

const punctuationCharacters = new Set(["(", ")", "{", "}", "[", "]", ";", ",", ".", ":"]);

const identifierPattern = /[\p{L}\p{Nl}_$][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_$]*/uy;
const pythonIdentifierPattern = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]*/uy;
const numberPattern =
  /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[njJ]?/y;
const pythonStringStartPattern = /([rRbBuUfFtT]{0,2})('''|"""|'|")/y;

function matchAt(pattern: RegExp, source: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.exec(source)?.[0];
}

function isDigit(character: string | undefined): boolean {
  return character !== undefined && character >= "0" && character <= "9";
}

function isWhitespace(character: string): boolean {
  return (
    character === " " ||
    character === "\t" ||
    character === "\n" ||
    character === "\r" ||
    /\s/.test(character)
  );
}

/** Index just after the end of the line that contains offset (the newline itself is left). */
function endOfLine(source: string, offset: number): number {
  const newline = source.indexOf("\n", offset);
  return newline === -1 ? source.length : newline;
}

function endOfBlockComment(source: string, offset: number): number {
  const close = source.indexOf("*/", offset + 2);
  return close === -1 ? source.length : close + 2;
}

/**
 * Index just after a quoted string that opens at offset. A backslash escapes the next character;
 * an unescaped newline ends an unterminated single-line string so one stray quote cannot swallow
 * the rest of the file.
 */
function endOfQuoted(source: string, offset: number, quote: string, multiline: boolean): number {
  let index = offset + 1;
  while (index < source.length) {
    const character = source[index];
    if (character === "\\") index += 2;
    else if (source.startsWith(quote, index)) return index + quote.length;
    else if (character === "\n" && !multiline) return index;
    else index += 1;
  }
  return source.length;
}

/** Index just after a JS template literal opening at offset, skipping nested ${ … } expressions. */
function endOfTemplate(source: string, offset: number): number {
  let index = offset + 1;
  while (index < source.length) {
    const character = source[index];
    if (character === "\\") index += 2;
    else if (character === "`") return index + 1;
    else if (character === "$" && source[index + 1] === "{")
      index = endOfTemplateExpression(source, index + 2);
    else index += 1;
  }
  return source.length;
}

function endOfTemplateExpression(source: string, offset: number): number {
  let depth = 1;
  let index = offset;
  while (index < source.length) {
    const character = source[index];
    if (character === "{") {
      depth += 1;
      index += 1;
    } else if (character === "}") {
      depth -= 1;
      index += 1;
      if (depth === 0) return index;
    } else if (character === "'" || character === '"') index = endOfQuoted(source, index, character, false);
    else if (character === "`") index = endOfTemplate(source, index);
    else if (source.startsWith("//", index)) index = endOfLine(source, index);
    else if (source.startsWith("/*", index)) index = endOfBlockComment(source, index);
    else index += 1;
  }
  return source.length;
}

/** Index just after a regex literal opening at offset, or undefined when the line ends first. */
function endOfRegex(source: string, offset: number): number | undefined {
  let index = offset + 1;
  let inClass = false;
  while (index < source.length) {
    const character = source[index];
    if (character === "\n") return undefined;
    if (character === "\\") index += 2;
    else if (character === "[") {
      inClass = true;
      index += 1;
    } else if (character === "]") {
      inClass = false;
      index += 1;
    } else if (character === "/" && !inClass) {
      index += 1;
      while (index < source.length && /[a-z]/.test(source[index] ?? "")) index += 1;
      return index;
    } else index += 1;
  }
  return undefined;
}

// After these a slash starts a regex rather than a division.
const valueLikeKeywords = new Set(["this", "super", "true", "false", "null", "undefined"]);

function slashStartsRegex(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === "identifier" || previous.kind === "literal") return false;
  if (previous.kind === "keyword") return !valueLikeKeywords.has(previous.text);
  return previous.text !== ")" && previous.text !== "]" && previous.text !== "}";
}

/** Collects tokens and turns character offsets into 1-based line and column numbers. */
class TokenSink {
  readonly tokens: Token[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(source: string) {
    for (let index = 0; index < source.length; index += 1) {
      if (source[index] === "\n") this.lineStarts.push(index + 1);
    }
  }

  add(kind: TokenKind, text: string, start: number, end: number): void {
    const first = this.position(start);
    const last = this.position(Math.max(start, end - 1));
    this.tokens.push({
      kind,
      text,
      line: first.line,
      column: first.column,
      endLine: last.line,
      endColumn: last.column,
    });
  }

  last(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  private position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

/** Adds the operator or punctuation at offset and returns the index after it. */
function addOperator(sink: TokenSink, source: string, offset: number, operators: readonly string[]): number {
  const operator = operators.find((candidate) => source.startsWith(candidate, offset));
  if (operator !== undefined) {
    sink.add("operator", operator, offset, offset + operator.length);
    return offset + operator.length;
  }
  const character = String.fromCodePoint(source.codePointAt(offset) ?? 0);
  sink.add(
    punctuationCharacters.has(character) ? "punctuation" : "operator",
    character,
    offset,
    offset + character.length,
  );
  return offset + character.length;
}

function tokenizeJavaScript(source: string): Token[] {
  const sink = new TokenSink(source);
  let index = source.startsWith("#!") ? endOfLine(source, 0) : 0;
  while (index < source.length) {
    const character = source[index] ?? "";
    const next = source[index + 1];
    if (isWhitespace(character)) {
      index += 1;
      continue;
    }
    if (character === "/" && next === "/") {
      index = endOfLine(source, index);
      continue;
    }
    if (character === "/" && next === "*") {
      index = endOfBlockComment(source, index);
      continue;
    }
    const start = index;
    if (character === "'" || character === '"') {
      index = endOfQuoted(source, index, character, false);
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    if (character === "`") {
      index = endOfTemplate(source, index);
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    if (isDigit(character) || (character === "." && isDigit(next))) {
      index += (matchAt(numberPattern, source, index) ?? character).length;
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    const privateName = character === "#" ? matchAt(identifierPattern, source, index + 1) : undefined;
    if (privateName !== undefined) {
      index += 1 + privateName.length;
      sink.add("identifier", IDENTIFIER_TEXT, start, index);
      continue;
    }
    const word = matchAt(identifierPattern, source, index);
    if (word !== undefined) {
      index += word.length;
      if (jsKeywords.has(word)) sink.add("keyword", word, start, index);
      else sink.add("identifier", IDENTIFIER_TEXT, start, index);
      continue;
    }
    if (character === "/" && slashStartsRegex(sink.last())) {
      const regexEnd = endOfRegex(source, index);
      if (regexEnd !== undefined) {
        index = regexEnd;
        sink.add("literal", LITERAL_TEXT, start, index);
        continue;
      }
    }
    index = addOperator(sink, source, index, jsOperators);
  }
  return sink.tokens;
}

function tokenizePython(source: string): Token[] {
  const sink = new TokenSink(source);
  let index = 0;
  while (index < source.length) {
    const character = source[index] ?? "";
    if (isWhitespace(character)) {
      index += 1;
      continue;
    }
    if (character === "#") {
      index = endOfLine(source, index);
      continue;
    }
    if (character === "\\" && (source[index + 1] === "\n" || source[index + 1] === "\r")) {
      index += 1;
      continue;
    }
    const start = index;
    pythonStringStartPattern.lastIndex = index;
    const stringStart = pythonStringStartPattern.exec(source);
    if (stringStart !== null) {
      const prefix = stringStart[1] ?? "";
      const quote = stringStart[2] ?? '"';
      index = endOfQuoted(source, index + prefix.length + quote.length - 1, quote, quote.length === 3);
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    if (isDigit(character) || (character === "." && isDigit(source[index + 1]))) {
      index += (matchAt(numberPattern, source, index) ?? character).length;
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    const word = matchAt(pythonIdentifierPattern, source, index);
    if (word !== undefined) {
      index += word.length;
      if (pythonKeywords.has(word)) sink.add("keyword", word, start, index);
      else sink.add("identifier", IDENTIFIER_TEXT, start, index);
      continue;
    }
    index = addOperator(sink, source, index, pythonOperators);
  }
  return sink.tokens;
}

/** Index just after a PostgreSQL comment, which may nest. */
function endOfSqlBlockComment(source: string, offset: number): number {
  let depth = 0;
  let index = offset;
  while (index < source.length) {
    if (source.startsWith("/*", index)) {
      depth += 1;
      index += 2;
    } else if (source.startsWith("*/", index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else index += 1;
  }
  return source.length;
}

/** Index just after a SQL string or quoted identifier, where a doubled quote is an escaped quote. */
function endOfSqlQuoted(source: string, offset: number, quote: string): number {
  let index = offset + 1;
  while (index < source.length) {
    if (source[index] === quote) {
      if (source[index + 1] === quote) index += 2;
      else return index + 1;
    } else index += 1;
  }
  return source.length;
}

const dollarQuoteTagPattern = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;
const sqlParameterPattern = /(?:\$\d+|[:@][A-Za-z_][A-Za-z0-9_]*)/y;

function tokenizeSql(source: string): Token[] {
  const sink = new TokenSink(source);
  let index = 0;
  while (index < source.length) {
    const character = source[index] ?? "";
    const next = source[index + 1];
    if (isWhitespace(character)) {
      index += 1;
      continue;
    }
    if (character === "-" && next === "-") {
      index = endOfLine(source, index);
      continue;
    }
    if (character === "/" && next === "*") {
      index = endOfSqlBlockComment(source, index);
      continue;
    }
    const start = index;
    const stringPrefix = /[eEnNbBxX]'/y;
    stringPrefix.lastIndex = index;
    if (character === "'" || stringPrefix.test(source)) {
      const quoteAt = character === "'" ? index : index + 1;
      // E'…' strings take backslash escapes; standard strings only doubled quotes.
      index = /[eE]/.test(character)
        ? endOfQuoted(source, quoteAt, "'", true)
        : endOfSqlQuoted(source, quoteAt, "'");
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    if (character === '"' || character === "`") {
      index = endOfSqlQuoted(source, index, character);
      sink.add("identifier", IDENTIFIER_TEXT, start, index);
      continue;
    }
    const dollarTag = character === "$" ? matchAt(dollarQuoteTagPattern, source, index) : undefined;
    if (dollarTag !== undefined) {
      const close = source.indexOf(dollarTag, index + dollarTag.length);
      index = close === -1 ? source.length : close + dollarTag.length;
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    const parameter =
      character === "$" || character === "@" || (character === ":" && next !== ":")
        ? matchAt(sqlParameterPattern, source, index)
        : undefined;
    if (parameter !== undefined || character === "?") {
      index += parameter?.length ?? 1;
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    if (isDigit(character) || (character === "." && isDigit(next))) {
      index += (matchAt(numberPattern, source, index) ?? character).length;
      sink.add("literal", LITERAL_TEXT, start, index);
      continue;
    }
    const word = matchAt(pythonIdentifierPattern, source, index);
    if (word !== undefined) {
      index += word.length;
      const upper = word.toUpperCase();
      if (sqlKeywords.has(upper)) sink.add("keyword", upper, start, index);
      else sink.add("identifier", IDENTIFIER_TEXT, start, index);
      continue;
    }
    index = addOperator(sink, source, index, sqlOperators);
  }
  return sink.tokens;
}

/**
 * Splits source code into normalised tokens, dropping whitespace and comments: identifiers become
 * "ID", string/number/template/regex literals "LIT"; keywords, operators and punctuation stay.
 * The lexers are deliberately small and forgiving: they never throw, and an unterminated string or
 * comment simply runs to the end of its line or file.
 */
export function tokenize(source: string, language: SimilarityLanguage): Token[] {
  switch (language) {
    case "typescript":
    case "javascript":
      return tokenizeJavaScript(source);
    case "python":
      return tokenizePython(source);
    case "sql":
      return tokenizeSql(source);
  }
}

const languageByExtension: Record<string, SimilarityLanguage> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  sql: "sql",
};

/** The language a file is written in, judged by its extension; undefined for files we cannot read. */
export function languageOfFile(path: string): SimilarityLanguage | undefined {
  const dot = path.lastIndexOf(".");
  if (dot === -1 || path.endsWith(".d.ts")) return undefined;
  return languageByExtension[path.slice(dot + 1).toLowerCase()];
}
