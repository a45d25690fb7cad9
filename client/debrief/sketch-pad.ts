import type { SketchPoint } from "../../shared/debrief/belief.ts";
import { clamp } from "../../shared/math/clamp.ts";
import { DEBRIEF, GREY, OKABE_ITO } from "../palette.ts";
import { svg } from "./dom.ts";

// An empty chart a player draws a series on: one value per week, set by dragging across the weeks.
// It shows no data at all: the scale is fixed in advance, so it cannot hint at the truth.

/** The drawing's frame in viewBox units: wide for a screen, tall for a phone held upright. */
const WIDE = { W: 900, H: 380, L: 70, R: 20, T: 20, B: 56 };
const TALL = { W: 420, H: 440, L: 58, R: 14, T: 20, B: 56 };
/** Below this width the pad takes the tall frame, so a finger has room and the axes stay readable. */
const TALL_BELOW_PX = 700;

export interface SketchPad {
  root: SVGSVGElement;
  points(): SketchPoint[];
  clear(): void;
}

export function sketchPad(opts: {
  weeks: number;
  max: number;
  unit: string;
  initial?: readonly SketchPoint[];
  onChange?: (points: SketchPoint[]) => void;
  /** The frame; by default the tall one on a narrow screen. */
  tall?: boolean;
}): SketchPad {
  const tall =
    opts.tall ??
    (typeof window !== "undefined" && window.matchMedia(`(max-width: ${TALL_BELOW_PX}px)`).matches);
  const { W, H, L, R, T, B } = tall ? TALL : WIDE;
  const values: (number | null)[] = Array.from({ length: opts.weeks }, () => null);
  for (const p of opts.initial ?? []) if (p.week >= 1 && p.week <= opts.weeks) values[p.week - 1] = p.value;
  const x = (w: number) => L + ((w - 1) / Math.max(1, opts.weeks - 1)) * (W - L - R);
  const y = (v: number) => T + (1 - v / opts.max) * (H - T - B);
  const root = svg("svg", {
    viewBox: `0 0 ${W} ${H}`,
    class: "sketch-pad",
    role: "img",
    "aria-label":
      "Drawing area, weeks across and value up. Drag to draw, or use the arrow keys: left and right choose a week, up and down set its value, Delete clears it.",
    tabindex: 0,
  });
  const axes = svg("g", { class: "sketch-axes" });
  const step = niceStep(opts.max);
  for (let v = 0; v <= opts.max + 1e-9; v += step) {
    axes.append(
      svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: GREY[89] }),
      svg(
        "text",
        { x: L - 10, y: y(v), "text-anchor": "end", "dominant-baseline": "central", "font-size": 16 },
        String(v),
      ),
    );
  }
  const wStep = opts.weeks > (tall ? 15 : 30) ? 5 : opts.weeks > (tall ? 8 : 12) ? 2 : 1;
  for (let w = 1; w <= opts.weeks; w += wStep) {
    axes.append(svg("text", { x: x(w), y: H - B + 22, "text-anchor": "middle", "font-size": 16 }, String(w)));
  }
  axes.append(
    svg("text", { x: (L + W - R) / 2, y: H - 8, "text-anchor": "middle", "font-size": 17 }, "week"),
    svg(
      "text",
      {
        x: 16,
        y: T + (H - T - B) / 2,
        "text-anchor": "middle",
        "font-size": 16,
        transform: `rotate(-90 16 ${T + (H - T - B) / 2})`,
      },
      opts.unit,
    ),
    svg("rect", { x: L, y: T, width: W - L - R, height: H - T - B, fill: "none", stroke: GREY[60] }),
  );
  const line = svg("polyline", {
    fill: "none",
    stroke: OKABE_ITO.blue,
    "stroke-width": 4,
    "stroke-linejoin": "round",
    class: "sketch-line",
  });
  const dots = svg("g");
  root.append(axes, line, dots);

  const redraw = () => {
    const pts: string[] = [];
    dots.replaceChildren();
    values.forEach((v, i) => {
      if (v === null) return;
      pts.push(`${x(i + 1)},${y(v)}`);
      dots.append(svg("circle", { cx: x(i + 1), cy: y(v), r: 4, fill: OKABE_ITO.blue }));
    });
    line.setAttribute("points", pts.join(" "));
  };
  const points = (): SketchPoint[] =>
    values.flatMap((v, i) => (v === null ? [] : [{ week: i + 1, value: v }]));

  let last: { w: number; v: number } | null = null;
  const toData = (ev: PointerEvent) => {
    const r = root.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * W;
    const py = ((ev.clientY - r.top) / r.height) * H;
    const w = Math.round(1 + ((px - L) / (W - L - R)) * (opts.weeks - 1));
    const v = (1 - (py - T) / (H - T - B)) * opts.max;
    return {
      w: clamp(w, 1, opts.weeks),
      v: Math.round(clamp(v, 0, opts.max) * 2) / 2,
    };
  };
  // Fill every week between two pointer samples, so a fast stroke leaves no holes.
  const paint = (p: { w: number; v: number }) => {
    if (last && last.w !== p.w) {
      const dir = Math.sign(p.w - last.w);
      for (let w = last.w + dir; w !== p.w; w += dir) {
        values[w - 1] = Math.round((last.v + ((p.v - last.v) * (w - last.w)) / (p.w - last.w)) * 2) / 2;
      }
    }
    values[p.w - 1] = p.v;
    last = p;
    redraw();
    opts.onChange?.(points());
  };
  let drawing = false;
  root.addEventListener("pointerdown", (ev) => {
    drawing = true;
    last = null;
    root.setPointerCapture(ev.pointerId);
    paint(toData(ev));
    ev.preventDefault();
  });
  root.addEventListener("pointermove", (ev) => {
    if (drawing) paint(toData(ev));
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    opts.onChange?.(points());
  };
  root.addEventListener("pointerup", end);
  root.addEventListener("pointercancel", end);
  // Keyboard drawing: a cursor week, arrows to move it and to raise or lower its value.
  const cursor = svg("line", {
    y1: T,
    y2: H - B,
    stroke: DEBRIEF.guess,
    "stroke-width": 3,
    visibility: "hidden",
    class: "sketch-cursor",
  });
  const readout = svg("text", {
    y: T + 18,
    "font-size": 17,
    "font-weight": 700,
    fill: DEBRIEF.guessInk,
    visibility: "hidden",
  });
  root.append(cursor, readout);
  let at = 1;
  const keyStep = Math.max(0.5, Math.round(opts.max / 30));
  const showCursor = () => {
    const v = values[at - 1];
    cursor.setAttribute("x1", String(x(at)));
    cursor.setAttribute("x2", String(x(at)));
    cursor.setAttribute("visibility", "visible");
    readout.setAttribute("x", String(Math.min(W - R - 150, x(at) + 8)));
    readout.setAttribute("visibility", "visible");
    readout.textContent = `week ${at}: ${v === null || v === undefined ? "–" : v}`;
  };
  root.addEventListener("focus", showCursor);
  root.addEventListener("blur", () => {
    cursor.setAttribute("visibility", "hidden");
    readout.setAttribute("visibility", "hidden");
  });
  root.addEventListener("keydown", (ev) => {
    const cur = values[at - 1] ?? null;
    const before = at > 1 ? (values[at - 2] ?? null) : null;
    let changed = false;
    switch (ev.key) {
      case "ArrowRight":
        at = Math.min(opts.weeks, at + 1);
        break;
      case "ArrowLeft":
        at = Math.max(1, at - 1);
        break;
      case "Home":
        at = 1;
        break;
      case "End":
        at = opts.weeks;
        break;
      case "ArrowUp":
      case "ArrowDown": {
        const base = cur ?? before ?? 0;
        const next = base + (cur === null ? 0 : ev.key === "ArrowUp" ? keyStep : -keyStep);
        values[at - 1] = clamp(next, 0, opts.max);
        changed = true;
        break;
      }
      case "Delete":
      case "Backspace":
        values[at - 1] = null;
        changed = true;
        break;
      default:
        return;
    }
    ev.preventDefault();
    if (changed) {
      redraw();
      opts.onChange?.(points());
    }
    showCursor();
  });
  redraw();
  return {
    root,
    points,
    clear() {
      values.fill(null);
      redraw();
      opts.onChange?.([]);
    },
  };
}

function niceStep(max: number): number {
  const raw = max / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * p) return m * p;
  return 10 * p;
}
