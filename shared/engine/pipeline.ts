// Delay lines: material or information that takes a fixed number of weeks to arrive.
// A pipeline is a plain array; index 0 is the slot that arrives next.

export type Pipeline = readonly number[];

export function pipeline(length: number, fill: number): Pipeline {
  return Array.from({ length }, () => fill);
}

/** Advances one week: returns what arrives (slot 0) and the line with `input` entering at the back. */
export function shift(line: Pipeline, input: number): { out: number; line: Pipeline } {
  if (line.length === 0) return { out: input, line };
  const next = line.slice(1);
  next.push(input);
  return { out: line[0]!, line: next };
}

export function total(line: Pipeline): number {
  let s = 0;
  for (const x of line) s += x;
  return s;
}
