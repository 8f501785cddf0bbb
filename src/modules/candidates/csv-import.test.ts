import { describe, expect, it } from "vitest";
import { type CandidateRow, parseCsv, readCandidateRows } from "./csv-import.ts";

function records(text: string): string[][] {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(`unexpected parse error at row ${result.row}: ${result.message}`);
  return result.records;
}

function rows(text: string): CandidateRow[] {
  const result = readCandidateRows(records(text));
  if (!result.ok) throw new Error(`unexpected file problem: ${JSON.stringify(result.problems)}`);
  return result.rows;
}

describe("parseCsv (RFC 4180)", () => {
  it("splits plain fields and records on CRLF, LF and CR", () => {
    expect(records("a,b\r\n1,2\n3,4\r5,6")).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("keeps commas, line breaks and doubled quotes inside quoted fields", () => {
    expect(records('name,note\r\n"Lovelace, Ada","line one\r\nline two"\r\n"say ""hi""",""\r\n')).toEqual([
      ["name", "note"],
      ["Lovelace, Ada", "line one\r\nline two"],
      ['say "hi"', ""],
    ]);
  });

  it("drops a byte-order mark and a final line break, but keeps empty trailing fields", () => {
    expect(records("\uFEFFemail,name\n,\n")).toEqual([
      ["email", "name"],
      ["", ""],
    ]);
  });

  it("keeps blank lines as records so row numbers match the spreadsheet", () => {
    expect(records("h\n\nx\n")).toEqual([["h"], [""], ["x"]]);
  });

  it("keeps a quote inside an unquoted field as text", () => {
    expect(records('name\nO"Brien\n')).toEqual([["name"], ['O"Brien']]);
  });

  it("reports an unclosed quoted field at the row where it opened", () => {
    expect(parseCsv('a\nok\n"never closed\nmore\n')).toEqual({
      ok: false,
      row: 3,
      message: "a quoted field is never closed",
    });
  });

  it("reports text after a closing quote with its row", () => {
    const result = parseCsv('a,b\n1,2\n"x"y,3\n');
    expect(result).toMatchObject({ ok: false, row: 3 });
  });

  it("returns no records for an empty text", () => {
    expect(records("")).toEqual([]);
  });
});

describe("readCandidateRows", () => {
  it("finds columns by header name in any order and case, and numbers rows as a spreadsheet does", () => {
    const result = rows(
      'Source,E-mail,Name,Links,Phone,Location,Notes\nreferral,ADA@Example.com,"Lovelace, Ada",https://github.com/ada;https://ada.dev,+44 20 7946 0000,London,ignored\n',
    );
    expect(result).toEqual([
      {
        row: 2,
        status: "valid",
        errors: [],
        candidate: {
          fullName: "Lovelace, Ada",
          email: "ada@example.com",
          phone: "+44 20 7946 0000",
          location: "London",
          links: ["https://github.com/ada", "https://ada.dev"],
          source: "referral",
        },
      },
    ]);
    const read = readCandidateRows(records("full_name,email,notes\n"));
    expect(read).toEqual({ ok: true, rows: [], ignoredColumns: ["notes"] });
  });

  it("counts a row whose quoted field spans lines as one spreadsheet row", () => {
    const result = rows(
      'full_name,email,location\n"Grace\nHopper",grace@example.com,"Arlington,\nVA"\nbad,not-an-email,\n',
    );
    expect(result.map((row) => [row.row, row.status])).toEqual([
      [2, "valid"],
      [3, "invalid"],
    ]);
    expect(result[0]?.candidate?.location).toBe("Arlington,\nVA");
  });

  it("reports an invalid email with its row number and column, after blank rows", () => {
    const result = rows("full_name,email\nAda,ada@example.com\n\nBob,bob-at-example\n");
    expect(result[1]).toEqual({
      row: 4,
      status: "invalid",
      errors: [{ column: "email", message: "must be an email address" }],
      candidate: null,
    });
  });

  it("reports each bad field of a row: missing name, bad phone, non-http link, extra values", () => {
    const [row] = rows(
      "name,email,phone,links\n,x@example.com,call me,javascript:alert(1) https://ok.example,surplus\n",
    );
    expect(row?.status).toBe("invalid");
    expect(row?.errors.map((error) => error.column).sort()).toEqual(["full_name", "links", "phone", "row"]);
    expect(row?.errors.find((error) => error.column === "links")?.message).toContain("javascript:alert(1)");
  });

  it("marks a repeated email (ignoring case) as a duplicate of the first row", () => {
    const result = rows("full_name,email\nAda,ada@example.com\nAda Again,ADA@example.com \n");
    expect(result[1]).toEqual({
      row: 3,
      status: "duplicate",
      errors: [{ column: "email", message: "repeats the email of row 2" }],
      candidate: null,
    });
  });

  it("refuses a file without the required columns and says which are missing", () => {
    const result = readCandidateRows(records("name,phone\nAda,123\n"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.message).toContain("missing required column(s): email");
    const semicolons = readCandidateRows(records("full_name;email\nAda;ada@example.com\n"));
    expect(semicolons.ok).toBe(false);
    if (semicolons.ok) return;
    expect(semicolons.problems[0]?.message).toMatch(/full_name, email.*commas/);
  });

  it("refuses a file with the same column twice and an empty file", () => {
    expect(readCandidateRows(records("email,name,full_name\n")).ok).toBe(false);
    expect(readCandidateRows(records("")).ok).toBe(false);
  });
});
