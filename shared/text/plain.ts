// Text people type that other people see (names, cohort labels, notes): kept as plain text. Control
// characters could break a log line or a CSV row, and bidirectional overrides can make a name read
// as someone else's; both are taken out before the text is stored or shown.

/** C0 and C1 controls except tab and newline, which a note may hold. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LINE_BREAKS = /[\t\n]/g;
/** Bidirectional embeddings, overrides, isolates and marks. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A text of several lines (a note): controls and bidi controls removed, tabs and newlines kept. */
export function plainText(s: string): string {
  return s.replace(CONTROLS, "").replace(BIDI, "");
}

/** A one-line text (a name, a label): as plainText, and line breaks become spaces. */
export function plainLine(s: string): string {
  return plainText(s).replace(LINE_BREAKS, " ");
}

/** Bytes of a string in UTF-8, without an encoder (the core runs where TextEncoder may be absent). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
