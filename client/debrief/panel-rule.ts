import { el, fmtNumber } from "./dom.ts";
import { type PanelContext, playerName } from "./view.ts";

// Panel 4. Each player's fitted decision rule in plain words, next to what a typical player does.
// The player's own card comes first.

export function rulePanel(host: HTMLElement, ctx: PanelContext): void {
  const { model, tr } = ctx;
  const roles = [...model.roles].sort((a, b) => Number(b.id === ctx.role) - Number(a.id === ctx.role));
  if (roles.every((r) => !model.rules[r.id])) {
    benchmarkCards(host, ctx, roles);
    return;
  }
  host.append(el("p", { class: "lead" }, tr("debrief.rule.intro")));
  const grid = el("div", { class: "rule-grid" });
  host.append(grid);
  for (const r of roles) {
    const reading = model.rules[r.id];
    if (!reading) continue;
    const who = playerName(ctx, r.id);
    const mine = r.id === ctx.role;
    const card = el(
      "article",
      { class: `rule-card${mine ? " mine" : ""}`, "data-role": r.id },
      el(
        "h3",
        {},
        `${r.label} — ${who || tr("debrief.rule.bot")}${mine ? ` (${tr("debrief.rule.you")})` : ""}`,
      ),
      el("p", { class: "rule-summary" }, reading.summary),
    );
    const t = el("table", { class: "rule-table" });
    t.append(
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", {}, tr("debrief.rule.param")),
          el("th", {}, tr("debrief.rule.yours")),
          el("th", {}, tr("debrief.rule.typical")),
          el("th", {}, tr("debrief.rule.meaning")),
        ),
      ),
    );
    const body = el("tbody");
    for (const line of reading.lines) {
      body.append(
        el(
          "tr",
          { "data-param": line.id },
          el("th", { scope: "row" }, line.symbol),
          el("td", { class: "num" }, fmtNumber(line.value, 2)),
          el("td", { class: "num" }, fmtNumber(line.benchmark, 2)),
          el("td", {}, line.sentence),
        ),
      );
    }
    t.append(body);
    card.append(t, el("p", { class: "muted" }, reading.fitSentence));
    grid.append(card);
  }
}

/** Scenarios with no rule to fit: each player's decisions against the benchmark policy in their place. */
function benchmarkCards(host: HTMLElement, ctx: PanelContext, roles: PanelContext["model"]["roles"]): void {
  const { model, tr } = ctx;
  const any = roles.find((r) => model.benchmarks[r.id]);
  if (!any) {
    host.append(el("p", { class: "lead" }, tr("debrief.rule.none")));
    return;
  }
  host.append(
    el("p", { class: "lead" }, tr("debrief.rule.benchIntro", { policy: model.benchmarks[any.id]!.policy })),
  );
  const grid = el("div", { class: "rule-grid" });
  host.append(grid);
  for (const r of roles) {
    const b = model.benchmarks[r.id];
    if (!b) continue;
    const who = playerName(ctx, r.id);
    const mine = r.id === ctx.role;
    const card = el(
      "article",
      { class: `rule-card${mine ? " mine" : ""}`, "data-role": r.id },
      el(
        "h3",
        {},
        `${r.label} — ${who || tr("debrief.rule.bot")}${mine ? ` (${tr("debrief.rule.you")})` : ""}`,
      ),
    );
    const t = el("table", { class: "rule-table" });
    t.append(
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", {}, tr("debrief.rule.decision")),
          el("th", {}, tr("debrief.rule.yoursMean")),
          el("th", {}, b.policy),
          el("th", {}, tr("debrief.rule.meaning")),
        ),
      ),
    );
    const body = el("tbody");
    for (const line of b.lines) {
      body.append(
        el(
          "tr",
          { "data-decision": line.decision },
          el("th", { scope: "row" }, `${line.label} (${line.unit})`),
          el("td", { class: "num" }, fmtNumber(line.actualMean, 1)),
          el("td", { class: "num" }, fmtNumber(line.benchmarkMean, 1)),
          el("td", {}, line.sentence),
        ),
      );
    }
    t.append(body);
    card.append(t);
    grid.append(card);
  }
}
