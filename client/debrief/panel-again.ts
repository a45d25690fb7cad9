import type { DebriefModel } from "../../shared/debrief/model.ts";
import { formatMoney } from "../../shared/format/number.ts";
import { h } from "../ui/dom.ts";
import { besideRows } from "../view/play-again.ts";
import { besideCharts, money } from "./panel-ghost.ts";
import type { PanelContext } from "./view.ts";

// A play-again round's debrief opens its whole-system panel with the round before it: who played each
// seat, what they wrote they would do differently, each seat's cost in both rounds, the team's result
// before and now, and each seat's main decision in both rounds on one chart.

export function againSection(ctx: PanelContext, previous: DebriefModel): HTMLElement {
  const { model, tr } = ctx;
  const section = h(
    "section",
    { class: "again-beside", id: "again-beside", "aria-labelledby": "again-title" },
    h("h3", { id: "again-title" }, tr("debrief.again.title")),
    h(
      "p",
      { class: "lead", id: "again-status" },
      tr("debrief.again.lead", {
        result: model.teamResult?.label ?? "Team result",
        before: money(previous.teamResult),
        now: money(model.teamResult),
      }),
    ),
  );
  const rows = besideRows(model, previous, ctx.record, ctx.state.hypotheses);
  const priced = rows.some((r) => r.costNow !== null);
  const who = (before: string, now: string) => {
    const b = before || tr("debrief.again.bot");
    const n = now || tr("debrief.again.bot");
    return b === n ? n : `${b} → ${n}`;
  };
  const table = h(
    "table",
    { class: "figures again-table" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, tr("debrief.again.seat")),
        h("th", {}, tr("debrief.again.players")),
        h("th", {}, tr("debrief.again.hypothesis")),
        priced ? h("th", {}, tr("debrief.again.costBefore")) : null,
        priced ? h("th", {}, tr("debrief.again.costNow")) : null,
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { "data-role": r.role },
          h("th", { scope: "row" }, r.label),
          h("td", {}, who(r.before, r.now)),
          h(
            "td",
            { class: r.hypothesis ? "hypothesis" : "hypothesis muted" },
            r.hypothesis ?? (r.now ? tr("debrief.again.none") : ""),
          ),
          priced ? h("td", { class: "num" }, r.costBefore === null ? "–" : formatMoney(r.costBefore)) : null,
          priced ? h("td", { class: "num" }, r.costNow === null ? "–" : formatMoney(r.costNow)) : null,
        ),
      ),
    ),
  );
  section.append(table, besideCharts(ctx, previous, "debrief.again.line", "debrief-again"));
  return section;
}
