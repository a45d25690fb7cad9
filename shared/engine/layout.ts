// A state's numbers in a fixed order: what the weekly hash reads (and what a scenario's typed-array
// kernel keeps its state in). A scenario declares its layout, or has one derived from a sample state;
// either way the key names are read once per layout, never per week.

/** The numbers of a state of type S, in one fixed order. */
export interface StateLayout<S> {
  /** One name per number, in order ("inventory.0", "cheap.transit.1", …). */
  readonly keys: readonly string[];
  /** Writes the state's numbers, in key order, to out[0 … keys.length − 1]. */
  pack(state: S, out: Float64Array): void;
}

type Node =
  | { kind: "number" }
  | { kind: "array"; items: Node[] }
  | { kind: "object"; keys: string[]; children: Node[] };

function shape(value: unknown, path: string): Node {
  if (typeof value === "number") return { kind: "number" };
  if (Array.isArray(value)) return { kind: "array", items: value.map((x, i) => shape(x, `${path}.${i}`)) };
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return {
      kind: "object",
      keys,
      children: keys.map((k) => shape((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k)),
    };
  }
  throw new Error(
    `state layout: ${path || "the state"} is a ${typeof value}; only numbers, arrays and objects fit`,
  );
}

function names(node: Node, path: string, out: string[]): void {
  if (node.kind === "number") out.push(path);
  else if (node.kind === "array") for (const [i, n] of node.items.entries()) names(n, `${path}.${i}`, out);
  else
    for (const [i, n] of node.children.entries())
      names(n, path ? `${path}.${node.keys[i]}` : node.keys[i]!, out);
}

/**
 * The layout of every state shaped like `sample`: its numbers, object keys in sorted order (so the key
 * order an object was built or parsed in does not matter), arrays at the sample's lengths. A state
 * that does not fit (a missing number, an array of another length) is refused when packed; keys the
 * sample lacks are not read, so a scenario whose state grows new keys declares its own layout.
 */
export function deriveLayout<S>(sample: S): StateLayout<S> {
  const root = shape(sample, "");
  const keys: string[] = [];
  names(root, "", keys);
  let at = 0;
  const walk = (node: Node, v: unknown, out: Float64Array): void => {
    if (node.kind === "number") {
      if (typeof v !== "number") throw new Error(`state does not fit its layout at ${keys[at]}`);
      out[at++] = v;
    } else if (node.kind === "array") {
      const a = v as readonly unknown[];
      if (!Array.isArray(a) || a.length !== node.items.length) {
        throw new Error(`state does not fit its layout near ${keys[at]}: an array of another length`);
      }
      for (let i = 0; i < a.length; i++) walk(node.items[i]!, a[i], out);
    } else {
      const o = v as Record<string, unknown>;
      if (typeof o !== "object" || o === null)
        throw new Error(`state does not fit its layout near ${keys[at]}`);
      for (let i = 0; i < node.keys.length; i++) walk(node.children[i]!, o[node.keys[i]!], out);
    }
  };
  return {
    keys,
    pack(state, out) {
      at = 0;
      walk(root, state, out);
    },
  };
}
