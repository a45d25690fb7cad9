import { type DebriefModel, decisionValues } from "../../shared/debrief/model.ts";
import { formatMoney, formatUnits } from "../../shared/format/number.ts";
import { policies } from "../../shared/policies/index.ts";
import { DEBRIEF_MESSAGES, GHOST_OTHERS, type GhostOthers } from "../../shared/protocol/debrief.ts";
import { findScenarioModule } from "../../shared/scenarios/index.ts";
import { GREY } from "../palette.ts";
import { paramText } from "../strings/index.ts";
import { h } from "../ui/dom.ts";
import { lineChart } from "./charts.ts";
import { ROLE_COLOURS } from "./dom.ts";
import { decisionTitle } from "./panel-system.ts";
import { type PanelContext, roleLabel } from "./view.ts";

// Panel 5. The same round re-simulated with chosen roles played by a bot, overlaid on the real run.
// The server runs the ghost with the core and sends its decisions; this client replays them.

export function ghostPanel(host: HTMLElement, ctx: PanelContext): void {
  const { model, tr } = ctx;
  if (ctx.original) originalSection(host, ctx, ctx.original);
  host.append(h("p", { class: "lead" }, tr("debrief.ghost.intro")));
  host.append(ghostForm(ctx));
  const latest = ctx.ghosts[ctx.ghosts.length - 1];
  if (!latest) {
    host.append(h("p", { class: "muted", id: "ghost-status" }, tr("debrief.ghost.none")));
    return;
  }
  const g = latest.model;
  const others: GhostOthers = latest.result.request.others ?? "recorded";
  const theirBot = findScenarioModule(model.scenario.id)?.defaultPolicy ?? "";
  const replaced =
    latest.result.roles.length === model.roles.length
      ? tr("debrief.ghost.all")
      : latest.result.roles.map((r) => roleLabel(ctx, r)).join(", ");
  host.append(
    h(
      "p",
      { class: "status ghost-summary", id: "ghost-status", "data-ghost": latest.result.id },
      tr("debrief.ghost.result", {
        roles: replaced,
        policy: describePolicy(latest.result.request.policy, latest.result.request.params),
        others: tr(`debrief.ghost.others.${others}`).toLowerCase(),
        result: model.teamResult?.label ?? "Team result",
        ghost: money(g.teamResult),
        real: money(model.teamResult),
      }),
    ),
  );
  host.append(
    h(
      "p",
      { class: "ghost-question", id: "ghost-question", "data-others": others },
      tr(`debrief.ghost.question.${others}`, { policy: theirBot }),
    ),
  );
  // One chart per role, real against ghost: eight lines on one chart cannot be read from the back.
  const grid = h("div", { class: "ghost-grid" });
  host.append(grid);
  const { unit } = decisionTitle(model);
  model.roles.forEach((r, i) => {
    const real = decisionValues(model, r.id);
    if (real.length === 0) return;
    const colour = ROLE_COLOURS[i % ROLE_COLOURS.length]!;
    const botPlayed = latest.result.roles.includes(r.id);
    const id = model.profile.decisionByRole?.[r.id] ?? model.profile.decision;
    const label = model.series.find((x) => x.id === id)?.label ?? id;
    ctx.charts.push(
      lineChart(grid, {
        title: `${r.label}: ${label.toLowerCase()}${
          botPlayed
            ? ""
            : ` (${tr(others === "react" ? "debrief.ghost.reactLine" : "debrief.ghost.keptLine")})`
        }`,
        unit: model.series.find((x) => x.id === id)?.unit ?? unit,
        weeks: model.weeks,
        height: 220,
        syncKey: "debrief-ghost",
        lines: [
          { label: tr("debrief.ghost.realLine", { role: r.label }), values: real, colour, width: 3.5 },
          {
            label: tr("debrief.ghost.ghostLine", { role: r.label }),
            values: decisionValues(g, r.id),
            colour: GREY[20],
            dash: [8, 5],
            width: 3,
          },
        ],
      }),
    );
  });
  if (model.costs.parts.length === 0) return;
  const costs = h("table", { class: "figures ghost-costs" });
  costs.append(
    h(
      "thead",
      {},
      h("tr", {}, h("th", {}, tr("debrief.system.role")), h("th", {}, "real"), h("th", {}, "ghost")),
    ),
  );
  const body = h("tbody");
  model.costs.roles.forEach((r, i) => {
    const gc = g.costs.roles[i]?.total ?? Number.NaN;
    body.append(
      h(
        "tr",
        {},
        h("th", { scope: "row" }, roleLabel(ctx, r.role)),
        h("td", {}, formatMoney(r.total)),
        h("td", {}, formatMoney(gc)),
      ),
    );
  });
  body.append(
    h(
      "tr",
      { class: "total" },
      h("th", { scope: "row" }, tr("debrief.system.total")),
      h("td", {}, formatMoney(model.costs.teamTotal)),
      h("td", {}, formatMoney(g.costs.teamTotal)),
    ),
  );
  costs.append(body);
  host.append(costs);
}

/** A branch: each role's decisions here against the original round's, and both team results. */
function originalSection(host: HTMLElement, ctx: PanelContext, original: DebriefModel): void {
  const { model, tr } = ctx;
  const section = h(
    "section",
    { class: "original-run", "aria-labelledby": "original-title" },
    h("h3", { id: "original-title" }, tr("debrief.original.title")),
    h(
      "p",
      { class: "lead", id: "original-status" },
      tr("debrief.original.lead", {
        week: ctx.record.parent?.week ?? 0,
        result: model.teamResult?.label ?? "Team result",
        real: money(model.teamResult),
        original: money(original.teamResult),
      }),
    ),
  );
  host.append(section);
  section.append(besideCharts(ctx, original, "debrief.original.line", "debrief-original"));
}

/**
 * One chart per role: its main decision in this round (solid) against another run of the same team
 * (dashed): a branch's original round, or the round a play-again round follows.
 */
export function besideCharts(
  ctx: PanelContext,
  other: DebriefModel,
  lineKey: "debrief.original.line" | "debrief.again.line",
  syncKey: string,
): HTMLElement {
  const { model, tr } = ctx;
  const grid = h("div", { class: "ghost-grid" });
  const { unit } = decisionTitle(model);
  model.roles.forEach((r, i) => {
    const here = decisionValues(model, r.id);
    if (here.length === 0) return;
    const id = model.profile.decisionByRole?.[r.id] ?? model.profile.decision;
    const label = model.series.find((x) => x.id === id)?.label ?? id;
    ctx.charts.push(
      lineChart(grid, {
        title: `${r.label}: ${label.toLowerCase()}`,
        unit: model.series.find((x) => x.id === id)?.unit ?? unit,
        weeks: Math.max(model.weeks, other.weeks),
        height: 200,
        syncKey,
        lines: [
          {
            label: tr("debrief.ghost.realLine", { role: r.label }),
            values: here,
            colour: ROLE_COLOURS[i % ROLE_COLOURS.length]!,
            width: 3.5,
          },
          {
            label: tr(lineKey, { role: r.label }),
            values: decisionValues(other, r.id),
            colour: GREY[20],
            dash: [8, 5],
            width: 3,
          },
        ],
      }),
    );
  });
  return grid;
}

export function money(k: { value: number; unit: string } | null): string {
  if (!k) return "–";
  return formatUnits(k.value, k.unit);
}

function describePolicy(name: string, params: Readonly<Record<string, number>>): string {
  const kv = Object.entries(params).map(([k, v]) => `${paramText(k, { help: k }).label} ${v}`);
  return kv.length ? `${name} (${kv.join(", ")})` : name;
}

function ghostForm(ctx: PanelContext): HTMLElement {
  const { model, tr } = ctx;
  const table = policies[model.scenario.id] ?? {};
  const names = Object.keys(table);
  const form = h("form", { class: "ghost-form", id: "ghost-form" });
  const roles = h("fieldset", {}, h("legend", {}, tr("debrief.ghost.roles")));
  const all = h("input", { type: "checkbox", id: "ghost-role-all", value: "*" });
  roles.append(h("label", {}, all, ` ${tr("debrief.ghost.all")}`));
  const draft = (ctx.drafts.get("ghost") as
    | { roles: string[]; policy: string; others: GhostOthers }
    | undefined) ?? {
    roles: ctx.role ? [ctx.role] : [],
    policy: names[0] ?? "",
    others: "recorded",
  };
  ctx.drafts.set("ghost", draft);
  const boxes = model.roles.map((r) => {
    const box = h("input", { type: "checkbox", name: "ghost-role", value: r.id, id: `ghost-role-${r.id}` });
    box.checked = draft.roles.includes(r.id);
    roles.append(h("label", {}, box, ` ${r.label}`));
    return box;
  });
  all.checked = boxes.every((b) => b.checked);
  const remember = () => {
    draft.roles = boxes.filter((b) => b.checked).map((b) => b.value);
    all.checked = boxes.every((b) => b.checked);
  };
  all.addEventListener("change", () => {
    for (const b of boxes) b.checked = all.checked;
    remember();
  });
  for (const b of boxes) b.addEventListener("change", remember);
  const select = h("select", { id: "ghost-policy" });
  for (const n of names) select.append(h("option", { value: n, selected: n === draft.policy }, n));
  const params = h("div", { class: "ghost-params" });
  const renderParams = () => {
    params.replaceChildren();
    const spec = table[select.value];
    for (const [k, p] of Object.entries(spec?.params ?? {})) {
      const text = paramText(k, p);
      params.append(
        h(
          "label",
          { class: "ghost-param-label", title: text.help },
          h("span", { class: "param-name" }, text.label),
          h("span", { class: "help" }, text.help),
          h("input", {
            type: "number",
            name: k,
            value: p.default,
            min: p.min,
            max: p.max,
            step: "any",
            class: "ghost-param",
          }),
        ),
      );
    }
  };
  select.addEventListener("change", () => {
    draft.policy = select.value;
    renderParams();
  });
  renderParams();
  const othersSet = h("fieldset", { class: "ghost-others" }, h("legend", {}, tr("debrief.ghost.others")));
  for (const o of GHOST_OTHERS) {
    const radio = h("input", { type: "radio", name: "ghost-others", value: o, id: `ghost-others-${o}` });
    radio.checked = draft.others === o;
    radio.addEventListener("change", () => {
      if (radio.checked) draft.others = o;
    });
    othersSet.append(h("label", {}, radio, ` ${tr(`debrief.ghost.others.${o}`)}`));
  }
  const run = h("button", { type: "submit", class: "primary", id: "ghost-run" }, tr("debrief.ghost.run"));
  form.append(
    roles,
    h("label", { for: "ghost-policy" }, `${tr("debrief.ghost.policy")} `),
    select,
    params,
    othersSet,
    run,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    const values: Record<string, number> = {};
    for (const input of params.querySelectorAll<HTMLInputElement>("input.ghost-param")) {
      const v = Number(input.value);
      const def = table[select.value]?.params[input.name]?.default;
      if (Number.isFinite(v) && v !== def) values[input.name] = v;
    }
    ctx.send(DEBRIEF_MESSAGES.ghost, {
      roles: chosen.length === model.roles.length ? [] : chosen,
      policy: select.value,
      params: values,
      others: draft.others,
      // A host without a seat proves itself: spectators only watch.
      ...(ctx.hostToken ? { hostToken: ctx.hostToken } : {}),
    });
  });
  return form;
}
