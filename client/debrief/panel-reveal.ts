import type { DeskReveal } from "../../shared/debrief/hooks.ts";
import { formatMoney, formatNumber } from "../../shared/format/number.ts";
import { DEBRIEF, GREY } from "../palette.ts";
import { h } from "../ui/dom.ts";
import { ROLE_COLOURS } from "./dom.ts";
import type { PanelContext } from "./view.ts";

// The whole-system panel's reveal, for scenarios that split their result over the desks: a
// waterfall from an untouched market to the orders booked, each bar a desk's, beside each desk's
// own score against the company's profit.

export function revealSection(ctx: PanelContext, r: DeskReveal): HTMLElement {
  const { model } = ctx;
  const colourOf = (owner: string) => {
    const i = model.roles.findIndex((x) => x.id === owner);
    return i >= 0 ? ROLE_COLOURS[i % ROLE_COLOURS.length]! : GREY[60];
  };
  const ownerLabel = (owner: string) => model.roles.find((x) => x.id === owner)?.label ?? owner;
  const wrap = h(
    "section",
    { class: "reveal-wrap", id: "desk-reveal" },
    h("h3", {}, "Where the orders came from"),
  );
  const max = Math.max(r.base.dollars, r.total.dollars, 1) * 1.05;
  const pct = (v: number) => `${((v / max) * 100).toFixed(2)}%`;
  const row = (label: string, owner: string, from: number, to: number, colour: string, cls: string) =>
    h(
      "div",
      { class: `wf-row ${cls}`, "data-bar": label },
      h("span", { class: "wf-label" }, owner ? `${label} · ${owner}` : label),
      h(
        "span",
        { class: "wf-track" },
        h("span", {
          class: "wf-bar",
          style: `left:${pct(Math.min(from, to))};width:${pct(Math.abs(to - from))};background-color:${colour}`,
        }),
      ),
      h("span", { class: "wf-value" }, cls === "wf-step" ? signed(to - from) : formatMoney(to)),
    );
  wrap.append(row(r.base.label, "", 0, r.base.dollars, GREY[50], "wf-total"));
  let level = r.base.dollars;
  for (const b of r.bars) {
    if (Math.abs(b.dollars) < 0.5) continue;
    const colour = b.dollars < 0 ? DEBRIEF.reinforcing : colourOf(b.owner);
    wrap.append(row(b.label, ownerLabel(b.owner), level, level + b.dollars, colour, "wf-step"));
    level += b.dollars;
  }
  wrap.append(row(r.total.label, "", 0, r.total.dollars, GREY[50], "wf-total"));
  if (r.local) wrap.append(localTable(r.local, ownerLabel));
  return wrap;
}

const signed = (v: number) => (v >= 0 ? `+${formatMoney(v)}` : `−${formatMoney(-v)}`);

function localTable(l: NonNullable<DeskReveal["local"]>, ownerLabel: (o: string) => string): HTMLElement {
  const better = l.rows.filter((x) => x.improved).length;
  const lost = l.profit.team < l.profit.other;
  const sentence =
    better > 0 && lost
      ? `${better} of ${l.rows.length} desks scored better on their own measure than the benchmark team on the same board, while the company earned ${formatMoney(l.profit.other - l.profit.team)} less.`
      : `Company profit ${formatMoney(l.profit.team)} against the benchmark team's ${formatMoney(l.profit.other)} on the same board.`;
  const body = h("tbody");
  for (const x of l.rows) {
    const fmt = (v: number) => (x.unit === "$" ? formatMoney(v) : `${formatNumber(v)} ${x.unit}`);
    body.append(
      h(
        "tr",
        { "data-role": x.role, class: x.improved ? "improved" : "" },
        h("th", { scope: "row" }, ownerLabel(x.role)),
        h("td", {}, x.label),
        h("td", {}, fmt(x.team)),
        h("td", {}, fmt(x.other)),
        h("td", {}, x.improved ? "better" : "worse"),
      ),
    );
  }
  body.append(
    h(
      "tr",
      { class: "total" },
      h("th", { scope: "row" }, "Company"),
      h("td", {}, "Profit"),
      h("td", {}, formatMoney(l.profit.team)),
      h("td", {}, formatMoney(l.profit.other)),
      h("td", {}, lost ? "worse" : "better"),
    ),
  );
  const head = h(
    "thead",
    {},
    h(
      "tr",
      {},
      h("th", {}, "Desk"),
      h("th", {}, "Own score"),
      h("th", {}, "This team"),
      h("th", {}, "Benchmark"),
      h("th", {}, ""),
    ),
  );
  return h(
    "div",
    { class: "local-scores" },
    h("p", { class: "lead", id: "local-sentence" }, sentence),
    h("table", { class: "figures local-table" }, head, body),
  );
}
