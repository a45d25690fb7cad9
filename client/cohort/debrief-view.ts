// The cohort debrief: one page whose panel the trainer leads; participants' screens follow.

import { BLAME_LABELS } from "../../shared/cohort/answers.ts";
import { type Chart, lineChart } from "../debrief/charts.ts";
import { GREY, ROLE_COLOURS } from "../palette.ts";
import { h } from "../ui/dom.ts";
import { fetchCohortDebrief } from "./api.ts";
import {
  BLAME_CATEGORIES,
  type CohortDebriefData,
  type CohortFigures,
  cohortFigures,
  patternLead,
  ranking,
} from "./figures.ts";
import { type CohortKey, ct } from "./strings.ts";
import "./cohort.css";

export const PANELS = ["pattern", "amplification", "blame", "rules", "ranking"] as const;
// Teams are told apart by colour and by their legend label; the all-bot run is the dashed grey line.
const COLOURS = ROLE_COLOURS;

export interface CohortDebriefHandle {
  show(panel: string): void;
  destroy(): void;
}

export interface CohortDebriefOptions {
  cohort: string;
  panel: string;
  /** The trainer's token (leads); null for a participant (follows). */
  token: string | null;
  lead?: (panel: string) => void;
  ownTeam(): void;
}

export function mountCohortDebrief(root: HTMLElement, o: CohortDebriefOptions): CohortDebriefHandle {
  let figures: CohortFigures | null = null;
  let panel = o.panel;
  let charts: Chart[] = [];
  const body = h(
    "div",
    { class: "cdebrief-body", "aria-live": "polite" },
    h("p", { class: "loading" }, ct("cdebrief.loading")),
  );
  const tabs = h("nav", { class: "cdebrief-tabs", "aria-label": ct("cdebrief.title") });
  const drawTabs = () =>
    tabs.replaceChildren(
      ...PANELS.map((p) =>
        h(
          "button",
          {
            type: "button",
            "aria-current": p === panel ? "page" : null,
            "data-panel": p,
            // Participants follow the trainer: the tabs show where the room is.
            disabled: !o.lead && p !== panel,
            onclick: () => {
              o.lead?.(p);
              show(p);
            },
          },
          ct(`cdebrief.panel.${p}` as CohortKey),
        ),
      ),
    );
  const draw = () => {
    for (const c of charts) c.destroy();
    charts = [];
    if (!figures) return;
    body.replaceChildren();
    body.dataset.panel = panel;
    if (panel === "pattern") charts = patternPanel(body, figures);
    else if (panel === "amplification") amplificationPanel(body, figures);
    else if (panel === "blame") blamePanel(body, figures);
    else if (panel === "rules") rulesPanel(body, figures);
    else rankingPanel(body, figures);
  };
  const show = (p: string) => {
    panel = (PANELS as readonly string[]).includes(p) ? p : "pattern";
    drawTabs();
    draw();
  };
  root.replaceChildren(
    h(
      "section",
      { class: "cdebrief", "data-testid": "cohort-debrief" },
      h(
        "header",
        {},
        h("h1", {}, ct("cdebrief.title")),
        o.lead ? null : h("p", { class: "help" }, ct("cdebrief.following")),
        h("button", { type: "button", onclick: o.ownTeam }, ct("cdebrief.ownTeam")),
      ),
      tabs,
      body,
    ),
  );
  show(panel);
  void fetchCohortDebrief<CohortDebriefData>(o.cohort, o.token)
    .then((data) => {
      const started = performance.now();
      figures = cohortFigures(data);
      body.dataset.ms = String(Math.round(performance.now() - started));
      draw();
    })
    .catch((e) =>
      body.replaceChildren(h("p", { class: "form-error", role: "alert" }, `⚠ ${(e as Error).message}`)),
    );
  return {
    show,
    destroy: () => {
      for (const c of charts) c.destroy();
    },
  };
}

function patternPanel(host: HTMLElement, f: CohortFigures): Chart[] {
  host.append(h("p", { class: "lead" }, patternLead(f)));
  const grid = h("div", { class: "cdebrief-charts" });
  host.append(grid);
  // Roles without a main decision (the core overlays only those that have one) get no chart.
  return f.roles.flatMap((r) => {
    const o = f.orders[r.id];
    if (!o) return [];
    return lineChart(grid, {
      title: ct("cdebrief.pattern.orders", { role: r.label }),
      unit: "per week",
      weeks: f.weeks,
      syncKey: "cohort",
      height: 220,
      lines: [
        ...o.team.map((values, i) => ({
          label: ct("cdebrief.team", { n: i + 1 }),
          values,
          colour: COLOURS[i % COLOURS.length]!,
          width: 1.5,
        })),
        {
          label: ct("cdebrief.pattern.reference"),
          values: o.reference,
          colour: GREY[13],
          dash: [8, 4],
          width: 2.5,
        },
      ],
    });
  });
}

const fmt = (x: number | null) => (x === null ? "—" : x.toFixed(1));

function amplificationPanel(host: HTMLElement, f: CohortFigures): void {
  host.append(
    h("p", { class: "lead" }, ct("cdebrief.amp.lead")),
    h(
      "table",
      { class: "cdebrief-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, ""),
          f.roles.map((r) => h("th", { scope: "col" }, r.label)),
        ),
      ),
      h(
        "tbody",
        {},
        f.amplification.map((row, i) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, ct("cdebrief.team", { n: i + 1 })),
            row.map((a) => h("td", { class: a !== null && a > f.threshold ? "hot" : "" }, fmt(a))),
          ),
        ),
      ),
    ),
    h(
      "ul",
      { class: "cdebrief-shares" },
      f.roles.map((r) =>
        h(
          "li",
          {},
          ct("cdebrief.amp.share", {
            share: `${Math.round((f.swingShare[r.id] ?? 0) * 100)}%`,
            role: r.label,
            n: f.threshold,
          }),
        ),
      ),
    ),
  );
}

function blamePanel(host: HTMLElement, f: CohortFigures): void {
  const total = BLAME_CATEGORIES.reduce((s, c) => s + f.blame[c], 0);
  host.append(h("p", { class: "lead" }, ct("cdebrief.blame.lead")));
  if (!total) {
    host.append(h("p", { class: "help" }, ct("cdebrief.blame.none")));
    return;
  }
  host.append(
    h(
      "table",
      { class: "cdebrief-table" },
      h(
        "tbody",
        {},
        BLAME_CATEGORIES.map((c) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, BLAME_LABELS[c]),
            h("td", {}, f.blame[c]),
            h("td", {}, h("span", { class: "bar", style: `width:${(100 * f.blame[c]) / total}%` })),
          ),
        ),
      ),
    ),
    h("p", { class: "help" }, f.blameSentence),
  );
}

function rulesPanel(host: HTMLElement, f: CohortFigures): void {
  host.append(h("p", { class: "lead" }, ct("cdebrief.rules.lead")));
  const any = f.roles.some((r) => (f.rules[r.id] ?? []).length > 0);
  if (!any) {
    host.append(h("p", { class: "help" }, ct("cdebrief.rules.none")));
    return;
  }
  for (const r of f.roles) {
    const lines = f.rules[r.id] ?? [];
    if (lines.length)
      host.append(
        h("h2", {}, r.label),
        h(
          "ul",
          {},
          lines.map((l) => h("li", {}, l)),
        ),
      );
  }
}

function rankingPanel(host: HTMLElement, f: CohortFigures): void {
  host.append(h("p", { class: "lead" }, ct("cdebrief.ranking.lead")));
  const rows = ranking(f);
  host.append(
    h(
      "table",
      { class: "cdebrief-table" },
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, f.resultLabel), h("th", {}, "Δ benchmark"))),
      h(
        "tbody",
        {},
        f.benchmark !== null
          ? h(
              "tr",
              { class: "benchmark" },
              h("th", { scope: "row" }, ct("cdebrief.pattern.reference")),
              h("td", {}, Math.round(f.benchmark).toLocaleString()),
              h("td", {}, "0"),
            )
          : null,
        rows.map((r) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, ct("cdebrief.team", { n: r.index + 1 })),
            h("td", {}, Math.round(r.result).toLocaleString()),
            h("td", {}, `+${Math.round(r.gap).toLocaleString()}`),
          ),
        ),
      ),
    ),
  );
}
