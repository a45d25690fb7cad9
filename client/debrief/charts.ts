import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { DEBRIEF, GREY } from "../palette.ts";
import { h } from "../ui/dom.ts";

// Time-series panels on uPlot: one x axis of weeks shared by every chart (cursor synced), so hovering
// a week anywhere shows that week everywhere. Week shading marks the weeks a chosen loop dominated.

export interface Line {
  label: string;
  values: readonly number[];
  colour: string;
  dash?: number[];
  width?: number;
  /** Ghost lines are drawn lighter and dashed behind the real ones. */
  ghost?: boolean;
}

export interface ChartSpec {
  title: string;
  unit: string;
  weeks: number;
  lines: Line[];
  /** Inclusive [first, last] week spans to shade. */
  bands?: [number, number][];
  bandLabel?: string;
  height?: number;
  syncKey?: string;
  onHover?: (week: number | null) => void;
}

export interface Chart {
  root: HTMLElement;
  plot: uPlot;
  /** The chart as a PNG data URL, with its title drawn in. */
  png(): string;
  destroy(): void;
}

const AXIS_FONT = "16px system-ui, sans-serif";
/** A chart never gets narrower than this (a 320 px phone less its margins). */
const MIN_WIDTH = 280;

export function lineChart(host: HTMLElement, spec: ChartSpec): Chart {
  const root = h(
    "figure",
    { class: "chart" },
    h("figcaption", {}, `${spec.title} `, h("span", { class: "unit" }, `(${spec.unit})`)),
  );
  host.append(root);
  const plotHost = h("div", { class: "chart-plot" });
  root.append(plotHost);
  const weeks = Array.from({ length: spec.weeks }, (_, i) => i + 1);
  const data: uPlot.AlignedData = [weeks, ...spec.lines.map((l) => weeks.map((_, i) => l.values[i] ?? null))];
  const bands = spec.bands ?? [];
  // The plot's own box, so charts in a grid take their column's width, not the grid's.
  const width = Math.max(MIN_WIDTH, plotHost.clientWidth || host.clientWidth || 900);
  const opts: uPlot.Options = {
    width,
    height: spec.height ?? 260,
    cursor: {
      sync: spec.syncKey ? { key: spec.syncKey } : undefined,
      drag: { x: false, y: false },
      points: { size: 9 },
    },
    legend: { show: true, live: false },
    scales: {
      x: { time: false },
      // Quantities start at zero so heights compare honestly across charts and ghost overlays.
      y: { range: (_u, lo, hi) => (lo >= 0 ? [0, hi > 0 ? hi * 1.08 : 1] : [lo * 1.08, hi * 1.08]) },
    },
    axes: [
      {
        label: "week",
        font: AXIS_FONT,
        labelFont: AXIS_FONT,
        size: 42,
        labelSize: 22,
        grid: { stroke: GREY[90] },
        // Weeks are whole: no tick at week 2.5.
        incrs: [1, 2, 5, 10, 20, 50, 100],
      },
      { font: AXIS_FONT, size: 62, grid: { stroke: GREY[90] } },
    ],
    series: [
      { label: "week" },
      ...spec.lines.map((l) => ({
        label: l.label,
        stroke: l.ghost ? fade(l.colour) : l.colour,
        width: l.width ?? (l.ghost ? 2.5 : 3),
        dash: l.ghost ? [8, 6] : l.dash,
        points: { show: false },
      })),
    ],
    hooks: {
      drawAxes: [
        (u) => {
          if (bands.length === 0) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = "rgba(255, 196, 0, 0.28)";
          const top = u.bbox.top;
          const h = u.bbox.height;
          const left = u.bbox.left;
          const right = left + u.bbox.width;
          for (const [a, b] of bands) {
            const x0 = Math.max(left, u.valToPos(a - 0.5, "x", true));
            const x1 = Math.min(right, u.valToPos(b + 0.5, "x", true));
            if (x1 > x0) ctx.fillRect(x0, top, x1 - x0, h);
          }
          ctx.restore();
        },
      ],
      setCursor: [
        (u) => {
          const idx = u.cursor.idx;
          spec.onHover?.(idx === null || idx === undefined ? null : idx + 1);
        },
      ],
    },
  };
  const plot = new uPlot(opts, data, plotHost);
  if (bands.length > 0) root.classList.add("has-bands");
  // A turned phone or a resized window: the chart follows its box's width.
  const resize = new ResizeObserver(() => {
    const w = Math.max(MIN_WIDTH, Math.floor(plotHost.clientWidth));
    if (w > 0 && Math.abs(w - plot.width) > 1) plot.setSize({ width: w, height: plot.height });
  });
  resize.observe(plotHost);
  return {
    root,
    plot,
    png() {
      const src = plot.ctx.canvas;
      const out = document.createElement("canvas");
      out.width = src.width;
      out.height = src.height + 40;
      const ctx = out.getContext("2d")!;
      ctx.fillStyle = DEBRIEF.paper;
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.fillStyle = DEBRIEF.ink;
      ctx.font = "bold 20px system-ui, sans-serif";
      ctx.fillText(`${spec.title} (${spec.unit})`, 12, 28);
      ctx.drawImage(src, 0, 40);
      return out.toDataURL("image/png");
    },
    destroy() {
      resize.disconnect();
      plot.destroy();
      root.remove();
    },
  };
}

/** A lighter shade of a #rrggbb colour for ghost lines. */
function fade(hex: string): string {
  return `${hex}99`;
}
