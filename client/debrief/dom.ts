// The debrief's SVG builder and its shared look (role colours); HTML elements come
// from the overlay's `h` (client/ui/dom.ts).

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(node: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

/** Colour-blind-safe role colours (Okabe–Ito), in seat order; each line also gets its own dash. */
export { ROLE_COLOURS } from "../palette.ts";
export const ROLE_DASHES: number[][] = [[], [10, 4], [3, 3], [12, 4, 3, 4], [6, 6], [2, 6]];
