// A state's numbers in a fixed order: what the weekly hash reads (and what a scenario's typed-array
// kernel keeps its state in). A scenario declares its layout, or has one derived from a sample state;
// either way the key names are read once per layout, never per week.

/** The numbers of a state of type S, in one fixed order. */
export interface StateLayout<S> {
  /** One name per number, in order ("inventory.0", "cheap.transit.1", …). */
  readonly keys: readonly string[];
  /** Writes the state's numbers, in key order, to out[at … at + keys.length − 1] (at: 0 if absent). */
  pack(state: S, out: Float64Array, at?: number): void;
  /**
   * Builds the state back from its numbers at x[at …], equal to the packed one key for key and in the
   * same key order. A layout without it cannot hold a state whole, so its states are kept as objects.
   */
  unpack?(x: Float64Array, at: number): S;
}

// size: how many numbers the node holds
type Node =
  | { kind: "number"; size: 1 }
  | { kind: "array"; items: Node[]; size: number }
  // keys sorted (the layout's order); built: the same children in the sample's own key order, with
  // where each starts in the layout, so an unpacked state has the keys in the order the model wrote them
  | {
      kind: "object";
      keys: string[];
      children: Node[];
      built: { key: string; node: Node; offset: number }[];
      size: number;
    };

function shape(value: unknown, path: string): Node {
  if (typeof value === "number") return { kind: "number", size: 1 };
  if (Array.isArray(value)) {
    const items = value.map((x, i) => shape(x, `${path}.${i}`));
    return { kind: "array", items, size: items.reduce((n, c) => n + c.size, 0) };
  }
  if (typeof value === "object" && value !== null) {
    const own = Object.keys(value);
    const keys = [...own].sort();
    const children = keys.map((k) => shape((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
    const offsets: number[] = [];
    let n = 0;
    for (const c of children) {
      offsets.push(n);
      n += c.size;
    }
    const built = own.map((key) => {
      const i = keys.indexOf(key);
      return { key, node: children[i]!, offset: offsets[i]! };
    });
    return { kind: "object", keys, children, built, size: n };
  }
  throw new Error(
    `state layout: ${path || "the state"} is a ${typeof value}; only numbers, arrays and objects fit`,
  );
}

function build(node: Node, x: Float64Array, at: number): unknown {
  if (node.kind === "number") return x[at]!;
  if (node.kind === "array") {
    const out: unknown[] = [];
    for (const item of node.items) {
      out.push(build(item, x, at));
      at += item.size;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const b of node.built) out[b.key] = build(b.node, x, at + b.offset);
  return out;
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
 * Unpacked states have the sample's key order.
 */
export function deriveLayout<S>(sample: S): StateLayout<S> {
  const root = shape(sample, "");
  const keys: string[] = [];
  names(root, "", keys);
  let at = 0;
  let base = 0;
  const walk = (node: Node, v: unknown, out: Float64Array): void => {
    if (node.kind === "number") {
      if (typeof v !== "number") throw new Error(`state does not fit its layout at ${keys[at - base]}`);
      out[at++] = v;
    } else if (node.kind === "array") {
      const a = v as readonly unknown[];
      if (!Array.isArray(a) || a.length !== node.items.length) {
        throw new Error(`state does not fit its layout near ${keys[at - base]}: an array of another length`);
      }
      for (let i = 0; i < a.length; i++) walk(node.items[i]!, a[i], out);
    } else {
      const o = v as Record<string, unknown>;
      if (typeof o !== "object" || o === null)
        throw new Error(`state does not fit its layout near ${keys[at - base]}`);
      for (let i = 0; i < node.keys.length; i++) walk(node.children[i]!, o[node.keys[i]!], out);
    }
  };
  return {
    keys,
    pack(state, out, from = 0) {
      at = base = from;
      walk(root, state, out);
    },
    unpack: (x, from) => build(root, x, from) as S,
  };
}
