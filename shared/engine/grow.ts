// Room in the growing typed arrays a round keeps its weeks in (decisions, sources, random-stream
// positions): doubled when full, so a round of any length copies each number a few times at most.

/** `array` itself when it holds `needed` numbers; else a copy with at least twice the room. */
export function withRoom<A extends Float64Array | Uint8Array>(array: A, needed: number): A {
  if (needed <= array.length) return array;
  let size = Math.max(1, array.length * 2);
  while (size < needed) size *= 2;
  const grown = new (array.constructor as new (length: number) => A)(size);
  grown.set(array);
  return grown;
}
