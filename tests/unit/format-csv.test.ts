import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../../shared/format/csv.ts";

describe("csvField", () => {
  it("leaves plain text and numbers as they are", () => {
    expect(csvField("retailer")).toBe("retailer");
    expect(csvField(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(csvField(-4)).toBe("-4");
  });
  it("quotes a field with a comma, quote, CR or LF, doubling the quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\ronly")).toBe('"cr\ronly"');
  });
  it("writes nothing for a missing value", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });
});

describe("toCsv", () => {
  it("ends every record with CRLF", () => {
    expect(
      toCsv([
        ["week", "role"],
        [1, "a,b"],
      ]),
    ).toBe('week,role\r\n1,"a,b"\r\n');
    expect(toCsv([])).toBe("");
  });
  it("round-trips through a reader that follows RFC 4180", () => {
    const rows = [
      ["name", "note"],
      ["Ann", 'she said "no",\r\nthen left'],
      ["", "x"],
    ];
    expect(readCsv(toCsv(rows))).toEqual(rows);
  });
});

/** A small RFC 4180 reader, written separately from the writer so the round trip checks something. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  return records;
}
