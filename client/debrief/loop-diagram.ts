import type { LoopReport } from "../../shared/debrief/loops.ts";
import { DEBRIEF, GREY } from "../palette.ts";
import { svg } from "./dom.ts";

// A causal-loop diagram of one loop, drawn from its declared nodes and signed edges: variables on a
// circle in the order the loop runs through them, curved arrows between them with their sign at the
// arrow head, a double bar across links that carry a delay, and the loop's R/B letter in the middle.

const W = 660;
const H = 470;
const CX = W / 2;
const CY = H / 2 + 6;
const FONT = 23;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
}

/** A loop's drawable shape: its variables and signed links (a LoopSpec or a LoopReport). */
export interface LoopShape {
  nodes: readonly { id: string; label: string }[];
  edges: readonly { from: string; to: string; sign: "+" | "-"; delay?: string }[];
}

/** The loop's cycle: the longest simple cycle through its edges (loops are small, so search all). */
export function findCycle(loop: LoopShape): string[] {
  let best: string[] = [];
  const next = (id: string) => loop.edges.filter((e) => e.from === id).map((e) => e.to);
  const walk = (path: string[]) => {
    for (const to of next(path[path.length - 1]!)) {
      if (to === path[0] && path.length > best.length) best = [...path];
      else if (!path.includes(to)) walk([...path, to]);
    }
  };
  for (const n of loop.nodes) walk([n.id]);
  return best;
}

/** Cycle nodes in loop order, then the nodes that only feed or leave the loop. */
export function cycleOrder(loop: LoopShape): string[] {
  const order = findCycle(loop);
  for (const n of loop.nodes) if (!order.includes(n.id)) order.push(n.id);
  return order;
}

/** Splits a label into at most three lines of about `width` characters. */
export function wrap(label: string, width = 14): string[] {
  const words = label.split(/\s+/);
  const lines: string[] = [];
  for (const w of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + " " + w).length <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines.length > 3 ? [...lines.slice(0, 2), lines.slice(2).join(" ")] : lines;
}

/** Where the ray from a box's centre toward (tx, ty) leaves the box, plus a margin. */
function exitPoint(b: Box, tx: number, ty: number, margin = 6): [number, number] {
  const dx = tx - b.x;
  const dy = ty - b.y;
  const sx = dx === 0 ? Number.POSITIVE_INFINITY : (b.w / 2 + margin) / Math.abs(dx);
  const sy = dy === 0 ? Number.POSITIVE_INFINITY : (b.h / 2 + margin) / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [b.x + dx * s, b.y + dy * s];
}

export function renderLoopDiagram(
  loop: LoopReport,
  opts: { selected?: boolean; title?: string } = {},
): SVGSVGElement {
  const cycle = findCycle(loop);
  const order = cycleOrder(loop);
  const n = Math.max(1, cycle.length);
  // Nodes that only feed or leave the loop need a ring of their own outside the cycle.
  const offCycle = loop.nodes.length > cycle.length;
  const rx = n <= 2 ? 150 : 205;
  const ry = n <= 2 ? 135 : 150;
  const boxes = new Map<string, Box>();
  const angle = new Map<string, number>();
  const size = (id: string) => {
    const label = loop.nodes.find((x) => x.id === id)?.label ?? id;
    const lines = wrap(label);
    return {
      lines,
      w: Math.max(...lines.map((l) => l.length)) * FONT * 0.56 + 18,
      h: lines.length * FONT * 1.15 + 10,
    };
  };
  cycle.forEach((id, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    angle.set(id, a);
    boxes.set(id, { x: CX + rx * Math.cos(a), y: CY + ry * Math.sin(a), ...size(id) });
  });
  // Nodes that only feed or leave the loop sit inside it, stacked at the centre, each linked by a
  // straight arrow; the loop's letter then moves to the corner.
  const inner = order.filter((x) => !cycle.includes(x));
  inner.forEach((id, i) => {
    const b = size(id);
    boxes.set(id, { x: CX, y: CY + (i - (inner.length - 1) / 2) * (b.h + 16), ...b });
  });
  const straight = (id: string) => inner.includes(id);

  const root = svg("svg", {
    viewBox: `0 0 ${W} ${H}`,
    class: `cld${opts.selected ? " cld-selected" : ""}`,
    role: "img",
    "aria-label": `${loop.name}: ${loop.polarity} loop`,
    "data-loop": loop.id,
  });
  const markerId = `arrow-${loop.id}`;
  root.append(
    svg(
      "defs",
      {},
      svg(
        "marker",
        {
          id: markerId,
          viewBox: "0 0 10 10",
          refX: 9,
          refY: 5,
          markerWidth: 9,
          markerHeight: 9,
          orient: "auto-start-reverse",
        },
        svg("path", { d: "M0,0 L10,5 L0,10 z", fill: GREY[13] }),
      ),
      svg(
        "marker",
        {
          id: `${markerId}-p`,
          viewBox: "0 0 10 10",
          refX: 5,
          refY: 5,
          markerWidth: 6,
          markerHeight: 6,
          orient: "auto",
        },
        svg("path", {
          d: "M0,0 L10,5 L0,10 z",
          fill: loop.letter === "R" ? DEBRIEF.reinforcing : DEBRIEF.balancing,
        }),
      ),
    ),
  );

  for (const e of loop.edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b) continue;
    // Bend each link away from the centre so the loop reads as a circle.
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    let ox = mx - CX;
    let oy = my - CY;
    const len = Math.hypot(ox, oy);
    if (len < 1) {
      // Opposite nodes of a two-node loop: bend to the side.
      ox = -(b.y - a.y);
      oy = b.x - a.x;
    }
    const ol = Math.hypot(ox, oy) || 1;
    const bend = straight(e.from) || straight(e.to) ? 0 : n <= 2 ? 70 : 45;
    const qx = mx + (ox / ol) * bend;
    const qy = my + (oy / ol) * bend;
    const [sx, sy] = exitPoint(a, qx, qy);
    const [ex, ey] = exitPoint(b, qx, qy, 9);
    root.append(
      svg("path", {
        d: `M${sx},${sy} Q${qx},${qy} ${ex},${ey}`,
        fill: "none",
        stroke: GREY[13],
        "stroke-width": 2.5,
        "marker-end": `url(#${markerId})`,
        class: "cld-link",
      }),
    );
    // Sign next to the arrow head, on the outside of the curve.
    const tx = ex + (qx - ex) * 0.28 + (ox / ol) * 16;
    const ty = ey + (qy - ey) * 0.28 + (oy / ol) * 16;
    const minus = e.sign === "-";
    root.append(
      svg(
        "text",
        {
          x: tx,
          y: ty,
          "text-anchor": "middle",
          "dominant-baseline": "central",
          "font-size": 30,
          "font-weight": 700,
          fill: minus ? DEBRIEF.reinforcing : DEBRIEF.sameWay,
          class: "cld-sign",
          "aria-label": minus ? "opposite direction" : "same direction",
        },
        minus ? "−" : "+",
      ),
    );
    if (e.delay) {
      // Delay: a double bar across the link at its midpoint (the curve's point at t = 0.5).
      const px = 0.25 * sx + 0.5 * qx + 0.25 * ex;
      const py = 0.25 * sy + 0.5 * qy + 0.25 * ey;
      const dx = ex - sx;
      const dy = ey - sy;
      const dl = Math.hypot(dx, dy) || 1;
      const ux = dx / dl;
      const uy = dy / dl;
      const nx = -uy;
      const ny = ux;
      for (const off of [-4, 4]) {
        root.append(
          svg("line", {
            x1: px + ux * off - nx * 11,
            y1: py + uy * off - ny * 11,
            x2: px + ux * off + nx * 11,
            y2: py + uy * off + ny * 11,
            stroke: GREY[13],
            "stroke-width": 3,
            class: "cld-delay",
          }),
        );
      }
      // The delay's words outside the curve, reading away from it, wrapped so they stay in the frame.
      const side = Math.abs(ox / ol) < 0.3 ? "middle" : ox < 0 ? "end" : "start";
      const lines = wrap(e.delay, 18);
      const tx0 = px + (ox / ol) * 18;
      const ty0 =
        py +
        (oy / ol) * 18 -
        ((lines.length - 1) * 17) / 2 +
        (Math.abs(ox / ol) < 0.3 ? (oy > 0 ? 14 : -14) : 0);
      const label = svg("text", {
        "text-anchor": side,
        "font-size": 16,
        fill: GREY[27],
        "font-style": "italic",
        class: "cld-delay-label",
      });
      lines.forEach((line, i) => {
        label.append(svg("tspan", { x: tx0, y: ty0 + i * 17, "dominant-baseline": "central" }, line));
      });
      root.append(label);
    }
  }

  for (const b of boxes.values()) {
    const g = svg("g", { class: "cld-node" });
    g.append(
      svg("rect", {
        x: b.x - b.w / 2,
        y: b.y - b.h / 2,
        width: b.w,
        height: b.h,
        rx: 8,
        fill: DEBRIEF.paper,
        stroke: GREY[33],
        "stroke-width": 1.5,
      }),
    );
    const text = svg("text", { x: b.x, "text-anchor": "middle", "font-size": FONT, fill: DEBRIEF.ink });
    b.lines.forEach((line, i) => {
      text.append(
        svg(
          "tspan",
          { x: b.x, y: b.y + (i - (b.lines.length - 1) / 2) * FONT * 1.15, "dominant-baseline": "central" },
          line,
        ),
      );
    });
    g.append(text);
    root.append(g);
  }

  // The loop's polarity in its centre: a circular arrow around R or B.
  const reinforcing = loop.letter === "R";
  const colour = reinforcing ? DEBRIEF.reinforcing : DEBRIEF.balancing;
  const r = 30;
  const lx = offCycle ? 48 : CX;
  const ly = offCycle ? 84 : CY;
  root.append(
    svg("path", {
      d: `M${lx + r},${ly} A${r},${r} 0 1 1 ${lx},${ly - r}`,
      fill: "none",
      stroke: colour,
      "stroke-width": 3,
      "marker-end": `url(#${markerId}-p)`,
    }),
    svg(
      "text",
      {
        x: lx,
        y: ly,
        "text-anchor": "middle",
        "dominant-baseline": "central",
        "font-size": 30,
        "font-weight": 800,
        fill: colour,
        class: "cld-letter",
      },
      loop.letter,
    ),
  );
  root.append(
    svg(
      "text",
      { x: W / 2, y: 26, "text-anchor": "middle", "font-size": 24, "font-weight": 700, fill: DEBRIEF.ink },
      opts.title ?? `${loop.name} (${reinforcing ? "reinforcing" : "balancing"})`,
    ),
  );
  return root;
}
