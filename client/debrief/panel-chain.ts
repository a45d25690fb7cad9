import { type ChainView, REACTION_WEEKS, type TraceStep, traceOrder } from "../../shared/debrief/chain.ts";
import { formatNumber } from "../../shared/format/number.ts";
import { DEBRIEF } from "../palette.ts";
import { h } from "../ui/dom.ts";
import { ROLE_COLOURS, svg } from "./dom.ts";
import type { PanelContext } from "./view.ts";

// The whole-system panel's chain view (Beer Game): one row per echelon with that week's numbers and
// a strip of its orders, the delays on the arrows between rows with what is in the mail and on the
// road, a week slider, and one order followed up the chain to the factory's peak.

const STRIP_W = 260;
const STRIP_H = 44;

/** The first week customer demand moved (where a signal starts), else week 1. */
export function startWeek(view: ChainView): number {
  const i = view.customer.findIndex((x) => x !== view.customer[0]);
  return i > 0 ? i + 1 : 1;
}

export function chainSection(ctx: PanelContext, view: ChainView): HTMLElement {
  const { tr } = ctx;
  const own = view.rows.some((r) => r.role === ctx.role) ? ctx.role! : view.rows[0]!.role;
  let week = startWeek(view);
  let from = own;

  const slider = h("input", {
    type: "range",
    id: "chain-week",
    min: 1,
    max: view.weeks,
    step: 1,
    value: week,
    "aria-describedby": "chain-week-value",
  });
  const weekOut = h("output", { id: "chain-week-value", for: "chain-week" }, String(week));
  const select = h("select", { id: "chain-from" });
  for (const r of view.rows) {
    const opt = h("option", { value: r.role }, r.label);
    if (r.role === from) opt.selected = true;
    select.append(opt);
  }
  const board = h("div", { class: "chain-board" });
  const trace = h("ol", { class: "chain-trace", id: "chain-trace", "aria-live": "polite" });
  const render = () => {
    weekOut.textContent = String(week);
    const steps = traceOrder(view, from, week);
    board.replaceChildren(...boardRows(ctx, view, week, steps));
    trace.replaceChildren(...traceItems(ctx, view, steps));
  };
  slider.addEventListener("input", () => {
    week = Number(slider.value);
    render();
  });
  select.addEventListener("change", () => {
    from = select.value;
    render();
  });
  render();
  return h(
    "section",
    { class: "chain-wrap", id: "chain-view" },
    h("h3", {}, tr("debrief.chain.title")),
    h("p", { class: "muted" }, tr("debrief.chain.lead")),
    h(
      "div",
      { class: "chain-controls" },
      h("label", { for: "chain-week" }, tr("debrief.chain.week")),
      slider,
      weekOut,
      h("label", { for: "chain-from" }, tr("debrief.chain.follow")),
      select,
    ),
    board,
    trace,
  );
}

function boardRows(ctx: PanelContext, view: ChainView, week: number, steps: TraceStep[]): HTMLElement[] {
  const { tr } = ctx;
  const at = (xs: readonly number[]) => formatNumber(xs[week - 1] ?? Number.NaN);
  const out: HTMLElement[] = [
    h(
      "div",
      { class: "chain-end", "data-end": "customers" },
      h("strong", {}, tr("debrief.chain.customers")),
      " ",
      tr("debrief.chain.demand", { n: at(view.customer) }),
    ),
  ];
  view.rows.forEach((row, i) => {
    const figure = (label: string, xs: readonly number[], key: string) =>
      h("span", { class: "chain-fig", "data-fig": key }, h("small", {}, label), h("b", {}, at(xs)));
    out.push(
      h(
        "div",
        { class: "chain-row", "data-role": row.role, style: `border-left-color:${ROLE_COLOURS[i]}` },
        h("span", { class: "chain-name" }, row.label),
        figure(tr("debrief.chain.incoming"), row.incoming, "incoming"),
        figure(tr("debrief.chain.inventory"), row.inventory, "inventory"),
        figure(tr("debrief.chain.backlog"), row.backlog, "backlog"),
        figure(tr("debrief.chain.shipped"), row.shipped, "shipped"),
        figure(tr("debrief.chain.order"), row.orders, "order"),
        strip(
          view,
          row.orders,
          week,
          steps.filter((s) => s.role === row.role && s.kind === "order"),
          tr("debrief.chain.strip", { role: row.label, week }),
        ),
      ),
    );
    const link = view.links[i];
    const arrows = link
      ? [
          tr("debrief.chain.up", { n: at(row.ordersInTransit), w: link.orderWeeks }),
          tr("debrief.chain.down", { n: at(row.casesInTransit), w: link.shipWeeks }),
        ]
      : [
          tr("debrief.chain.source", {
            label: view.source.label,
            o: view.source.orderWeeks,
            w: view.source.shipWeeks,
          }),
        ];
    out.push(
      h(
        "div",
        {
          class: link ? "chain-link" : "chain-end",
          "data-link": link ? `${row.role}-${link.upstream}` : null,
          "data-end": link ? null : "source",
        },
        ...arrows.map((a) => h("span", { class: "chain-arrow" }, a)),
      ),
    );
  });
  return out;
}

/** A row's orders over the round, the slider's week marked, the traced orders as dots. */
function strip(
  view: ChainView,
  values: readonly number[],
  week: number,
  marks: TraceStep[],
  label: string,
): SVGSVGElement {
  const max = Math.max(1, ...view.rows.flatMap((r) => r.orders));
  const x = (w: number) => ((w - 0.5) / view.weeks) * STRIP_W;
  const y = (v: number) => STRIP_H - 2 - (v / max) * (STRIP_H - 4);
  const points = values.map((v, i) => `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const chart = svg(
    "svg",
    {
      class: "chain-strip",
      viewBox: `0 0 ${STRIP_W} ${STRIP_H}`,
      width: STRIP_W,
      height: STRIP_H,
      role: "img",
      "aria-label": label,
    },
    svg("line", { x1: x(week), x2: x(week), y1: 0, y2: STRIP_H, stroke: DEBRIEF.focus, "stroke-width": 2 }),
    svg("polyline", { points, fill: "none", stroke: DEBRIEF.ink, "stroke-width": 1.5 }),
  );
  for (const m of marks) {
    chart.append(
      svg("circle", { class: "chain-mark", cx: x(m.week), cy: y(m.value), r: 3.5, fill: DEBRIEF.primary }),
    );
  }
  return chart;
}

function traceItems(ctx: PanelContext, view: ChainView, steps: TraceStep[]): HTMLElement[] {
  const { tr } = ctx;
  const label = (role: string) => view.rows.find((r) => r.role === role)?.label ?? role;
  const n = (v: number) => formatNumber(v);
  const last = view.rows[view.rows.length - 1]!.role;
  const items = steps.map((s, i) => {
    let text: string;
    if (i === 0) {
      const who = s.role === ctx.role ? "Your" : `The ${label(s.role)}'s`;
      text = tr("debrief.chain.traceOrder", { who, n: n(s.value), week: s.week });
    } else if (s.kind === "read") {
      text = tr("debrief.chain.traceRead", {
        role: label(s.role),
        week: s.week,
        backlog: n(s.backlog ?? 0),
      });
    } else if (s.role === last) {
      text = tr("debrief.chain.traceEnd", { n: n(s.value), week: s.week });
    } else {
      text = tr("debrief.chain.tracePeak", {
        role: label(s.role),
        k: REACTION_WEEKS,
        n: n(s.value),
        week: s.week,
      });
    }
    return h("li", { "data-role": s.role, "data-week": s.week, "data-kind": s.kind }, text);
  });
  const end = steps[steps.length - 1];
  if (end && end.role !== last) items.push(h("li", { class: "muted" }, tr("debrief.chain.traceCut")));
  return items;
}
