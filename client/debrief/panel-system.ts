import { type DebriefModel, decisionValues, seriesValues } from "../../shared/debrief/model.ts";
import { TEAM, weekTable } from "../../shared/debrief/table.ts";
import { type Line, lineChart } from "./charts.ts";
import { el, fmtNumber, ROLE_COLOURS, ROLE_DASHES } from "./dom.ts";
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
        colour: "#444444",
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
  host.append(el("p", { class: "lead" }, model.dynamicsSentence));
  const chosen = model.loops.find((l) => l.id === ctx.selectedLoop);
  if (chosen && (opts.bands?.length ?? 0) > 0) {
    host.append(
      el(
        "p",
        { class: "band-note" },
        el("span", { class: "band-swatch" }),
        tr("debrief.loops.shaded", { loop: chosen.name }),
      ),
    );
  }
  const layout = el("div", { class: "system-layout" });
  const charts = el("div", { class: "chart-stack" });
  const hover = el("aside", { class: "hover-table", "aria-live": "polite" });
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
          colour: "#111111",
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
}

function renderHover(hover: HTMLElement, ctx: PanelContext, week: number | null, ids: string[]): void {
  const { model, tr } = ctx;
  const wanted = (id: string) =>
    ids.includes(id) || id === model.profile.input || id === model.profile.reference;
  if (week === null) {
    hover.replaceChildren(el("p", { class: "muted" }, tr("debrief.system.hoverHint")));
    return;
  }
  const byRole = model.profile.decisionByRole ? Object.values(model.profile.decisionByRole) : [];
  const rows = weekTable(model.series, week).filter((r) => wanted(r.series) || byRole.includes(r.series));
  const perRole = rows.filter((r) => r.values[TEAM] === undefined);
  const team = rows.filter((r) => r.values[TEAM] !== undefined);
  const out: HTMLElement[] = [el("h3", { class: "hover-week" }, tr("debrief.system.hover", { week }))];
  if (perRole.length > 0) {
    const table = el("table", { class: "week-table", "data-week": week });
    const head = el("tr", {}, el("th", {}, ""));
    for (const r of model.roles) head.append(el("th", { scope: "col" }, r.label));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const row of perRole) {
      const line = el("tr", {}, el("th", { scope: "row" }, row.label));
      for (const r of model.roles) line.append(el("td", {}, fmtNumber(row.values[r.id] ?? Number.NaN)));
      body.append(line);
    }
    table.append(body);
    out.push(table);
  }
  // Team-wide numbers (customer demand, shared stocks) as a plain list of label and value.
  if (team.length > 0) {
    const table = el("table", { class: "week-table team-table", "data-week": week });
    const body = el("tbody");
    for (const row of team) {
      body.append(
        el("tr", {}, el("th", { scope: "row" }, row.label), el("td", {}, fmtNumber(row.values[TEAM]!))),
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
  const t = el("table", { class: "figures" });
  t.append(
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", {}, tr("debrief.system.role")),
        el(
          "th",
          { title: tr("debrief.system.ampHelp", { reference: ref?.label.toLowerCase() ?? "" }) },
          tr("debrief.system.amp"),
        ),
        el("th", {}, tr("debrief.system.peak")),
        el("th", {}, tr("debrief.system.peakLag")),
        el(
          "th",
          {},
          model.profile.input
            ? tr("debrief.system.phaseLag")
            : tr("debrief.system.phaseLagRef", { reference: ref?.label.toLowerCase() ?? "" }),
        ),
      ),
    ),
  );
  const body = el("tbody");
  for (const d of model.dynamics) {
    const label = model.roles.find((r) => r.id === d.role)?.label ?? d.role;
    body.append(
      el(
        "tr",
        { "data-role": d.role },
        el("th", { scope: "row" }, label),
        el("td", {}, Number.isFinite(d.amplification) ? `${fmtNumber(d.amplification, 1)}×` : "–"),
        el("td", {}, `${fmtNumber(d.peak)} (${d.peakWeek})`),
        el("td", {}, tr("debrief.system.weeks", { n: d.peakLag })),
        el("td", {}, d.phaseLag === null ? "–" : tr("debrief.system.weeks", { n: d.phaseLag })),
      ),
    );
  }
  t.append(body);
  return el(
    "section",
    { class: "figures-wrap" },
    el("h3", {}, tr("debrief.system.figures")),
    el("p", { class: "muted" }, tr("debrief.system.ampHelp", { reference: ref?.label.toLowerCase() ?? "" })),
    t,
  );
}

function costBars(ctx: PanelContext): HTMLElement {
  const { model, tr } = ctx;
  const c = model.costs;
  const max = Math.max(1e-9, ...c.roles.map((r) => r.total));
  const wrap = el("section", { class: "cost-wrap" }, el("h3", {}, tr("debrief.system.costs")));
  const shades = ["#0B5394", "#E69F00", "#7F7F7F", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];
  if (c.parts.length > 1) {
    const legend = el("p", { class: "legend" });
    c.parts.forEach((p, j) => {
      legend.append(
        el("span", { class: "swatch", style: `background:${shades[j % shades.length]}` }),
        `${p.label}  `,
      );
    });
    wrap.append(legend);
  }
  for (const r of c.roles) {
    const label = model.roles.find((x) => x.id === r.role)?.label ?? r.role;
    const bar = el("div", { class: "cost-bar" });
    c.parts.forEach((p, j) => {
      const v = r.parts[p.id] ?? 0;
      bar.append(
        el("span", {
          class: "cost-seg",
          title: `${p.label}: ${fmtNumber(v, 2)}`,
          style: `width:${(v / max) * 100}%;background-color:${shades[j % shades.length]}`,
        }),
      );
    });
    wrap.append(
      el(
        "div",
        { class: "cost-row", "data-role": r.role },
        el("span", { class: "cost-label" }, label),
        bar,
        el(
          "span",
          { class: "cost-value" },
          `$${fmtNumber(r.total, 2)} · ${Math.round(r.shareOfTeam * 100)}%`,
        ),
      ),
    );
  }
  wrap.append(
    el(
      "div",
      { class: "cost-row total" },
      el("span", { class: "cost-label" }, tr("debrief.system.total")),
      el("span", {}),
      el("span", { class: "cost-value" }, dollars(c.teamTotal)),
    ),
  );
  return wrap;
}

/** Whole dollars once sums run into the thousands; cents only where they matter. */
function dollars(x: number): string {
  return `$${fmtNumber(x, Math.abs(x) >= 1000 ? 0 : 2)}`;
}
