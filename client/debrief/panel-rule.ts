import { readAnchorRule, TYPICAL_PLAYER, type Voice, YOU } from "../../shared/debrief/rules.ts";
import { formatNumber } from "../../shared/format/number.ts";
import { h } from "../ui/dom.ts";
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
  host.append(h("p", { class: "lead" }, tr("debrief.rule.intro")));
  const grid = h("div", { class: "rule-grid" });
  host.append(grid);
  for (const r of roles) {
    const fit = model.fits[r.id];
    if (!fit) continue;
    const reading = readAnchorRule(fit, TYPICAL_PLAYER, "cases", voiceFor(ctx, r));
    const card = ruleCard(ctx, r);
    card.append(h("p", { class: "rule-summary" }, reading.summary));
    const t = h("table", { class: "rule-table" });
    t.append(
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, tr("debrief.rule.param")),
          h("th", {}, tr("debrief.rule.yours")),
          h("th", {}, tr("debrief.rule.interval")),
          h("th", {}, tr("debrief.rule.typical")),
          h("th", {}, tr("debrief.rule.meaning")),
        ),
      ),
    );
    const body = h("tbody");
    for (const line of reading.lines) {
      body.append(
        h(
          "tr",
          { "data-param": line.id, class: line.identified ? "identified" : "not-identified" },
          h("th", { scope: "row" }, line.symbol),
          h("td", { class: "num" }, formatNumber(line.value, { decimals: 2 })),
          h(
            "td",
            { class: "num" },
            line.ci
              ? `${formatNumber(line.ci[0], { decimals: 2 })}–${formatNumber(line.ci[1], { decimals: 2 })}`
              : "—",
          ),
          h("td", { class: "num" }, formatNumber(line.benchmark, { decimals: 2 })),
          h("td", {}, line.sentence),
        ),
      );
    }
    t.append(body);
    card.append(t, h("p", { class: "muted" }, reading.fitSentence));
    grid.append(card);
  }
}

/** Scenarios with no rule to fit: each player's decisions against the benchmark policy in their place. */
function benchmarkCards(host: HTMLElement, ctx: PanelContext, roles: PanelContext["model"]["roles"]): void {
  const { model, tr } = ctx;
  const any = roles.find((r) => model.benchmarks[r.id]);
  if (!any) {
    host.append(h("p", { class: "lead" }, tr("debrief.rule.none")));
    return;
  }
  host.append(
    h("p", { class: "lead" }, tr("debrief.rule.benchIntro", { policy: model.benchmarks[any.id]!.policy })),
  );
  const grid = h("div", { class: "rule-grid" });
  host.append(grid);
  for (const r of roles) {
    const b = model.benchmarks[r.id];
    if (!b) continue;
    const card = ruleCard(ctx, r);
    const t = h("table", { class: "rule-table" });
    t.append(
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, tr("debrief.rule.decision")),
          h("th", {}, tr("debrief.rule.yoursMean")),
          h("th", {}, b.policy),
          h("th", {}, tr("debrief.rule.meaning")),
        ),
      ),
    );
    const body = h("tbody");
    for (const line of b.lines) {
      body.append(
        h(
          "tr",
          { "data-decision": line.decision },
          h("th", { scope: "row" }, `${line.label} (${line.unit})`),
          h("td", { class: "num" }, formatNumber(line.actualMean, { decimals: 1 })),
          h("td", { class: "num" }, formatNumber(line.benchmarkMean, { decimals: 1 })),
          h("td", {}, line.sentence),
        ),
      );
    }
    t.append(body);
    card.append(t);
    grid.append(card);
  }
}

/** The viewer's own card speaks to them; every other card, a bot's included, speaks about its seat. */
function voiceFor(ctx: PanelContext, r: PanelContext["model"]["roles"][number]): Voice {
  if (r.id === ctx.role) return YOU;
  const who = playerName(ctx, r.id);
  return who ? { subject: who, possessive: "their" } : { subject: `the ${r.label}'s bot`, possessive: "its" };
}

/** A role's card, headed with its player (or the bot) and marked when it is the viewer's own. */
function ruleCard(ctx: PanelContext, r: PanelContext["model"]["roles"][number]): HTMLElement {
  const { tr } = ctx;
  const who = playerName(ctx, r.id);
  const mine = r.id === ctx.role;
  return h(
    "article",
    { class: `rule-card${mine ? " mine" : ""}`, "data-role": r.id },
    h("h3", {}, `${r.label} — ${who || tr("debrief.rule.bot")}${mine ? ` (${tr("debrief.rule.you")})` : ""}`),
  );
}
