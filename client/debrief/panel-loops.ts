import { loopSentence } from "../../shared/debrief/loops.ts";
import { seriesValues } from "../../shared/debrief/model.ts";
import { formatMoney } from "../../shared/format/number.ts";
import { DEBRIEF, LOOP_COLOURS } from "../palette.ts";
import { h } from "../ui/dom.ts";
import { lineChart } from "./charts.ts";
import { renderLoopDiagram } from "./loop-diagram.ts";
import { decisionLines, decisionTitle } from "./panel-system.ts";
import type { PanelContext } from "./view.ts";

// Panel 3. The scenario's causal-loop diagrams, each annotated with this team's data; choosing one
// shades the weeks it dominated on the charts.

export function loopsPanel(host: HTMLElement, ctx: PanelContext): void {
  const { model, tr } = ctx;
  host.append(h("p", { class: "lead" }, tr("debrief.loops.intro")));
  const grid = h("div", { class: "loop-grid" });
  host.append(grid);
  for (const loop of model.loops) {
    const selected = ctx.selectedLoop === loop.id;
    const card = h("button", {
      type: "button",
      class: `loop-card${selected ? " selected" : ""}`,
      "data-loop": loop.id,
      "aria-pressed": selected ? "true" : "false",
    });
    const k = loop.knockout;
    card.append(
      h(
        "p",
        {
          class: `loop-price${k ? (k.dollars < 0 ? " cost" : " gain") : ""}`,
          "data-dollars": k ? String(k.dollars) : "",
        },
        k ? signedMoney(k.dollars) : tr("debrief.loops.notPriced"),
        " · ",
        tr(
          loop.closedBy === "decisions"
            ? "debrief.loops.closedByDecisions"
            : "debrief.loops.closedByStructure",
        ),
      ),
      renderLoopDiagram(loop, { selected }),
      h("p", { class: "teaching" }, loop.teaching),
      h("p", { class: "annotation" }, loopSentence(loop)),
    );
    card.addEventListener("click", () => ctx.selectLoop(selected ? null : loop.id));
    grid.append(card);
  }
  const chosen = model.loops.find((l) => l.id === ctx.selectedLoop);
  const charts = h("div", { class: "chart-stack" });
  host.append(charts);
  if (!chosen) {
    charts.append(h("p", { class: "muted" }, tr("debrief.loops.choose")));
  } else {
    charts.append(
      h(
        "p",
        { class: "band-note" },
        h("span", { class: "band-swatch" }),
        tr("debrief.loops.shaded", { loop: chosen.name }),
      ),
    );
  }
  const bands = chosen?.spans ?? [];
  const decision = model.series.find((s) => s.id === model.profile.decision);
  if (decision) {
    const lines = decisionLines(model);
    const head = decisionTitle(model);
    const ref = model.profile.reference;
    if (ref) {
      const r = model.series.find((s) => s.id === ref);
      if (r)
        lines.unshift({
          label: r.label,
          values: seriesValues(model.series, r.id),
          colour: DEBRIEF.ink,
          width: 4,
        });
    }
    ctx.charts.push(
      lineChart(charts, {
        title: head.title,
        unit: head.unit,
        weeks: model.weeks,
        lines,
        bands,
        height: 260,
        syncKey: "debrief-loops",
      }),
    );
  }
  const priced = model.loops.flatMap((l, i) => (l.knockout ? [{ l, i, k: l.knockout }] : []));
  if (priced.length > 0)
    ctx.charts.push(
      lineChart(charts, {
        title: tr("debrief.loops.activity"),
        unit: "$ gained (+) or lost (−) so far",
        weeks: model.weeks,
        bands,
        height: 220,
        syncKey: "debrief-loops",
        lines: priced.map(({ l, i, k }) => ({
          label: `${l.letter}${i + 1} ${l.name}`,
          values: runningTotal(k.weekly),
          colour: LOOP_COLOURS[i % LOOP_COLOURS.length]!,
          width: l.id === ctx.selectedLoop ? 4 : 2,
        })),
      }),
    );
}

/** "+$1,200" or "−$2.50"; under half a dollar, "$0": the loop moved nothing. */
function signedMoney(x: number): string {
  if (Math.abs(x) < 0.5) return "$0";
  return `${x < 0 ? "−" : "+"}${formatMoney(Math.abs(x))}`;
}

function runningTotal(xs: readonly number[]): number[] {
  let a = 0;
  return xs.map((x) => {
    a += x;
    return a;
  });
}
