import { type DebriefModel, decisionValues, seriesValues } from "../../shared/debrief/model.ts";
import { TEAM, weekTable } from "../../shared/debrief/table.ts";
import {
  formatAmount,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRatio,
  formatUnits,
} from "../../shared/format/number.ts";
import { DEBRIEF, GREY, SHARE_COLOURS } from "../palette.ts";
import { h } from "../ui/dom.ts";
import { type Line, lineChart } from "./charts.ts";
import { ROLE_COLOURS, ROLE_DASHES } from "./dom.ts";
import { chainSection } from "./panel-chain.ts";
import { revealSection } from "./panel-reveal.ts";
import type { PanelContext } from "./view.ts";

// Panel 2. Every role side by side on aligned charts (the main decision, the stocks, the cost), the
// week under the cursor as a table of every role's numbers, and the figures that name the pattern.

/** One line per role of a per-role series, or the one line of a team-wide series. */
export function roleLines(ctx: PanelContext, seriesId: string, ghost = false, source = ctx.model): Line[] {
  const s = source.series.find((x) => x.id === seriesId);
  if (s && !s.perRole) {
    return [
      {
        label: ghost ? `${s.label} (ghost)` : s.label,
        values: seriesValues(source.series, seriesId),
        colour: GREY[27],
        width: 3,
        ghost,
      },
    ];
  }
  return source.roles.map((r, i) => ({
    label: ghost ? `${r.label} (ghost)` : r.label,
    values: seriesValues(source.series, seriesId, r.id),
    colour: ROLE_COLOURS[i % ROLE_COLOURS.length]!,
    dash: ROLE_DASHES[i % ROLE_DASHES.length]!,
    ghost,
  }));
}

/** Each role's main decision as a line (roles without one are left out). */
export function decisionLines(source: DebriefModel, ghost = false): Line[] {
  return source.roles.flatMap((r, i) => {
    const values = decisionValues(source, r.id);
    if (values.length === 0) return [];
    const id = source.profile.decisionByRole?.[r.id];
    const what = id ? ` — ${source.series.find((x) => x.id === id)?.label ?? id}` : "";
    return [
      {
        label: `${r.label}${what}${ghost ? " (ghost)" : ""}`,
        values,
        colour: ROLE_COLOURS[i % ROLE_COLOURS.length]!,
        dash: ROLE_DASHES[i % ROLE_DASHES.length]!,
        ghost,
      },
    ];
  });
}

/** Title and unit of the decision chart: the series' own when every role shares it. */
export function decisionTitle(m: DebriefModel): { title: string; unit: string } {
  const byRole = m.profile.decisionByRole;
  const ids = byRole ? [...new Set(Object.values(byRole))] : [m.profile.decision];
  const first = m.series.find((x) => x.id === ids[0]);
  if (ids.length === 1 && first) return { title: first.label, unit: first.unit };
  const units = [...new Set(ids.map((id) => m.series.find((x) => x.id === id)?.unit ?? ""))];
  return { title: "Each department's main decision", unit: units.join(", ") };
}

export function systemPanel(
  host: HTMLElement,
  ctx: PanelContext,
  opts: { bands?: [number, number][] } = {},
): void {
  const { model, tr } = ctx;
  const p = model.profile;
  host.append(h("p", { class: "lead" }, model.dynamicsSentence));
  const chosen = model.loops.find((l) => l.id === ctx.selectedLoop);
  if (chosen && (opts.bands?.length ?? 0) > 0) {
    host.append(
      h(
        "p",
        { class: "band-note" },
        h("span", { class: "band-swatch" }),
        tr("debrief.loops.shaded", { loop: chosen.name }),
      ),
    );
  }
  const layout = h("div", { class: "system-layout" });
  const charts = h("div", { class: "chart-stack" });
  const hover = h("aside", { class: "hover-table", "aria-live": "polite" });
  layout.append(charts, hover);
  host.append(layout);
  const ids = [p.decision, ...p.stocks, ...p.costParts];
  const showWeek = (week: number | null) => renderHover(hover, ctx, week, ids);
  showWeek(null);
  for (const id of ids) {
    const s = model.series.find((x) => x.id === id);
    if (!s) continue;
    const isDecision = id === p.decision;
    const lines = isDecision ? decisionLines(model) : roleLines(ctx, id);
    const head = isDecision ? decisionTitle(model) : { title: s.label, unit: s.unit };
    if (id === p.decision && p.reference) {
      const ref = model.series.find((x) => x.id === p.reference);
      if (ref) {
        lines.unshift({
          label: tr("debrief.system.reference", { series: ref.label }),
          values: seriesValues(model.series, ref.id),
          colour: DEBRIEF.ink,
          width: 4,
        });
      }
    }
    const chart = lineChart(charts, {
      title: head.title,
      unit: head.unit,
      weeks: model.weeks,
      lines,
      height: isDecision ? 300 : 210,
      syncKey: "debrief-system",
      onHover: showWeek,
      ...(opts.bands ? { bands: opts.bands } : {}),
    });
    ctx.charts.push(chart);
  }
  host.append(figuresTable(ctx));
  if (model.costs.parts.length > 0) host.append(costBars(ctx));
  if (model.reveal) host.append(revealSection(ctx, model.reveal));
  if (model.chain) host.append(chainSection(ctx, model.chain));
}

function renderHover(hover: HTMLElement, ctx: PanelContext, week: number | null, ids: string[]): void {
  const { model, tr } = ctx;
  const wanted = (id: string) =>
    ids.includes(id) || id === model.profile.input || id === model.profile.reference;
  if (week === null) {
    hover.replaceChildren(h("p", { class: "muted" }, tr("debrief.system.hoverHint")));
    return;
  }
  const byRole = model.profile.decisionByRole ? Object.values(model.profile.decisionByRole) : [];
  const rows = weekTable(model.series, week).filter((r) => wanted(r.series) || byRole.includes(r.series));
  const perRole = rows.filter((r) => r.values[TEAM] === undefined);
  const unitOf = (id: string) => model.series.find((x) => x.id === id)?.unit ?? "";
  const team = rows.filter((r) => r.values[TEAM] !== undefined);
  const out: HTMLElement[] = [h("h3", { class: "hover-week" }, tr("debrief.system.hover", { week }))];
  if (perRole.length > 0) {
    const table = h("table", { class: "week-table", "data-week": week });
    const head = h("tr", {}, h("th", {}, ""));
    for (const r of model.roles) head.append(h("th", { scope: "col" }, r.label));
    table.append(h("thead", {}, head));
    const body = h("tbody");
    for (const row of perRole) {
      const line = h("tr", {}, h("th", { scope: "row" }, row.label));
      for (const r of model.roles)
        line.append(h("td", {}, formatAmount(row.values[r.id] ?? Number.NaN, unitOf(row.series))));
      body.append(line);
    }
    table.append(body);
    out.push(table);
  }
  // Team-wide numbers (customer demand, shared stocks) as a plain list of label and value.
  if (team.length > 0) {
    const table = h("table", { class: "week-table team-table", "data-week": week });
    const body = h("tbody");
    for (const row of team) {
      body.append(
        h(
          "tr",
          {},
          h("th", { scope: "row" }, row.label),
          h("td", {}, formatUnits(row.values[TEAM]!, unitOf(row.series))),
        ),
      );
    }
    table.append(body);
    out.push(table);
  }
  hover.replaceChildren(...out);
}

function figuresTable(ctx: PanelContext): HTMLElement {
  const { model, tr } = ctx;
  const ref = model.series.find((s) => s.id === model.profile.reference);
  const t = h("table", { class: "figures" });
  t.append(
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, tr("debrief.system.role")),
        h(
          "th",
          { title: tr("debrief.system.ampHelp", { reference: ref?.label.toLowerCase() ?? "" }) },
          tr("debrief.system.amp"),
        ),
        h("th", {}, tr("debrief.system.peak")),
        h("th", {}, tr("debrief.system.peakLag")),
        h(
          "th",
          {},
          model.profile.input
            ? tr("debrief.system.phaseLag")
            : tr("debrief.system.phaseLagRef", { reference: ref?.label.toLowerCase() ?? "" }),
        ),
      ),
    ),
  );
  const body = h("tbody");
  // Every role has a row: one whose decision never moved, or that makes no quantity that flows on,
  // says so in words rather than with ratios of zero variance.
  for (const role of model.roles) {
    const d = model.dynamics.find((x) => x.role === role.id);
    const own = decisionValues(model, role.id);
    const flat = own.length > 0 && own.every((v) => v === own[0]);
    const said = !d
      ? tr("debrief.system.notCompared")
      : flat
        ? tr("debrief.system.flat", { value: formatNumber(own[0]) })
        : null;
    if (said !== null) {
      body.append(
        h(
          "tr",
          { "data-role": role.id, class: "said" },
          h("th", { scope: "row" }, role.label),
          h("td", { colspan: 4 }, said),
        ),
      );
      continue;
    }
    if (!d) continue;
    body.append(
      h(
        "tr",
        { "data-role": d.role },
        h("th", { scope: "row" }, role.label),
        h("td", {}, formatRatio(d.amplification)),
        h("td", {}, `${formatNumber(d.peak)} (${d.peakWeek})`),
        h("td", {}, tr("debrief.system.weeks", { n: d.peakLag })),
        h("td", {}, d.phaseLag === null ? "–" : tr("debrief.system.weeks", { n: d.phaseLag })),
      ),
    );
  }
  t.append(body);
  return h(
    "section",
    { class: "figures-wrap", tabindex: 0, "aria-label": tr("debrief.system.figures") },
    h("h3", {}, tr("debrief.system.figures")),
    h("p", { class: "muted" }, tr("debrief.system.ampHelp", { reference: ref?.label.toLowerCase() ?? "" })),
    t,
  );
}

function costBars(ctx: PanelContext): HTMLElement {
  const { model, tr } = ctx;
  const c = model.costs;
  const max = Math.max(1e-9, ...c.roles.map((r) => r.total));
  const wrap = h("section", { class: "cost-wrap" }, h("h3", {}, tr("debrief.system.costs")));
  const shades = SHARE_COLOURS;
  if (c.parts.length > 1) {
    const legend = h("p", { class: "legend" });
    c.parts.forEach((p, j) => {
      legend.append(
        h("span", { class: "swatch", style: `background:${shades[j % shades.length]}` }),
        `${p.label}  `,
      );
    });
    wrap.append(legend);
  }
  for (const r of c.roles) {
    const label = model.roles.find((x) => x.id === r.role)?.label ?? r.role;
    const bar = h("div", { class: "cost-bar" });
    c.parts.forEach((p, j) => {
      const v = r.parts[p.id] ?? 0;
      bar.append(
        h("span", {
          class: "cost-seg",
          title: `${p.label}: ${formatMoney(v)}`,
          style: `width:${(v / max) * 100}%;background-color:${shades[j % shades.length]}`,
        }),
      );
    });
    wrap.append(
      h(
        "div",
        { class: "cost-row", "data-role": r.role },
        h("span", { class: "cost-label" }, label),
        bar,
        h("span", { class: "cost-value" }, `${formatMoney(r.total)} · ${formatPercent(r.shareOfTeam)}`),
      ),
    );
  }
  wrap.append(
    h(
      "div",
      { class: "cost-row total" },
      h("span", { class: "cost-label" }, tr("debrief.system.total")),
      h("span", {}),
      h("span", { class: "cost-value" }, formatMoney(c.teamTotal)),
    ),
  );
  // Where the team is scored on profit, the profit stands beside the cost.
  const score = model.teamResult;
  if (score && score.better === "higher")
    wrap.append(
      h(
        "p",
        { class: "team-score", id: "team-score" },
        tr("debrief.system.score", { label: score.label, value: formatUnits(score.value, score.unit) }),
      ),
    );
  return wrap;
}
