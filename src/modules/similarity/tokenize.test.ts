import { describe, expect, it } from "vitest";
import { languageOfFile, type Token, tokenize } from "./tokenize.ts";

function texts(tokens: readonly Token[]): string[] {
  return tokens.map((token) => token.text);
}

describe("tokenize (JavaScript and TypeScript)", () => {
  it("normalises identifiers and literals but keeps keywords, operators and punctuation", () => {
    expect(texts(tokenize("const total = price * 1.2 + 'x';", "typescript"))).toEqual([
      "const",
      "ID",
      "=",
      "ID",
      "*",
      "LIT",
      "+",
      "LIT",
      ";",
    ]);
  });

  it("drops line and block comments and whitespace", () => {
    const plain = tokenize("let a = b;\nreturn a;", "javascript");
    const commented = tokenize(
      "/* header\n comment */ let a =  b; // why\n\n\treturn /* inline */ a;",
      "javascript",
    );
    expect(texts(commented)).toEqual(texts(plain));
  });

  it("reads strings with escaped quotes as one literal", () => {
    expect(texts(tokenize(`f("a \\" b", 'c \\' d')`, "javascript"))).toEqual([
      "ID",
      "(",
      "LIT",
      ",",
      "LIT",
      ")",
    ]);
  });

  it("reads a template literal, nested expressions and all, as one literal", () => {
    // Built from pieces so the test's own strings hold no template placeholder.
    const source = ["const s = `sum $", "{items.map((i) => `$", "{i}}`).join('}')} done`; next();"].join("");
    expect(texts(tokenize(source, "typescript"))).toEqual([
      "const",
      "ID",
      "=",
      "LIT",
      ";",
      "ID",
      "(",
      ")",
      ";",
    ]);
  });

  it("tells a regex literal from a division", () => {
    expect(texts(tokenize("x = a / b / c; y = /[/]+\\//g.test(s);", "javascript"))).toEqual([
      "ID",
      "=",
      "ID",
      "/",
      "ID",
      "/",
      "ID",
      ";",
      "ID",
      "=",
      "LIT",
      ".",
      "ID",
      "(",
      "ID",
      ")",
      ";",
    ]);
  });

  it("takes the longest operator", () => {
    expect(texts(tokenize("a ??= b?.c === d >>> 1 => ...e", "typescript"))).toEqual([
      "ID",
      "??=",
      "ID",
      "?.",
      "ID",
      "===",
      "ID",
      ">>>",
      "LIT",
      "=>",
      "...",
      "ID",
    ]);
  });

  it("records 1-based start and end positions", () => {
    const tokens = tokenize("let a;\n  const text = `one\ntwo`;", "typescript");
    expect(tokens[0]).toEqual({ kind: "keyword", text: "let", line: 1, column: 1, endLine: 1, endColumn: 3 });
    expect(tokens[3]).toMatchObject({ text: "const", line: 2, column: 3 });
    expect(tokens[6]).toEqual({
      kind: "literal",
      text: "LIT",
      line: 2,
      column: 16,
      endLine: 3,
      endColumn: 4,
    });
  });
});

describe("tokenize (Python)", () => {
  it("treats triple-quoted strings, quotes and comment markers inside included, as one literal", () => {
    const source = `def f(x):\n    """Doc with 'quotes' and # not a comment\n    and "more" lines."""\n    return x  # comment\n`;
    expect(texts(tokenize(source, "python"))).toEqual([
      "def",
      "ID",
      "(",
      "ID",
      ")",
      ":",
      "LIT",
      "return",
      "ID",
    ]);
  });

  it("reads prefixed strings and Python operators", () => {
    expect(texts(tokenize("y = rb'\\d' + f\"{x}\" if x // 2 ** 3 else None", "python"))).toEqual([
      "ID",
      "=",
      "LIT",
      "+",
      "LIT",
      "if",
      "ID",
      "//",
      "LIT",
      "**",
      "LIT",
      "else",
      "None",
    ]);
  });

  it("keeps line numbers after a multi-line string", () => {
    const tokens = tokenize("a = '''\n\n'''\nb = 1", "python");
    expect(tokens[3]).toMatchObject({ text: "ID", line: 4, column: 1 });
  });
});

describe("tokenize (SQL)", () => {
  it("drops -- and /* */ comments, upper-cases keywords and normalises names and values", () => {
    const source =
      "select name, count(*) -- how many\nFROM orders /* all of them */ where total > 10.5 and note = 'it''s';";
    expect(texts(tokenize(source, "sql"))).toEqual([
      "SELECT",
      "ID",
      ",",
      "COUNT",
      "(",
      "*",
      ")",
      "FROM",
      "ID",
      "WHERE",
      "ID",
      ">",
      "LIT",
      "AND",
      "ID",
      "=",
      "LIT",
      ";",
    ]);
  });

  it("reads quoted identifiers, parameters, casts and dollar-quoted bodies", () => {
    expect(
      texts(tokenize(`SELECT "Order Id"::text FROM t WHERE id = $1 AND body = $fn$ -- x $fn$`, "sql")),
    ).toEqual([
      "SELECT",
      "ID",
      "::",
      "TEXT",
      "FROM",
      "ID",
      "WHERE",
      "ID",
      "=",
      "LIT",
      "AND",
      "ID",
      "=",
      "LIT",
    ]);
  });
});

describe("languageOfFile", () => {
  it("detects languages by extension and ignores everything else", () => {
    expect(languageOfFile("src/app.tsx")).toBe("typescript");
    expect(languageOfFile("index.mjs")).toBe("javascript");
    expect(languageOfFile("solution.py")).toBe("python");
    expect(languageOfFile("schema.SQL")).toBe("sql");
    expect(languageOfFile("README.md")).toBeUndefined();
    expect(languageOfFile("types.d.ts")).toBeUndefined();
  });
});
