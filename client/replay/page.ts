// The replay page (`/replay/<id>`): the recorded round re-simulated once with its hashes checked,
// then any week of any department's desk read-only — its board, key figures, history and the decision
// it made with who made it — or every department side by side with the team charts, and "Play on
// from here" to branch at the week shown. Loaded on its own: the landing page does not carry it.

import { formatAmount, formatUnits } from "../../shared/format/number.ts";
import { policyNames } from "../../shared/policies/index.ts";
import { Timeline } from "../../shared/round/timeline.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { type Chart, lineChart } from "../debrief/charts.ts";
import { historyColumns } from "../desks/index.ts";
import { type BranchAnswer, branchRound, type ReplayAnswer } from "../net/replay-api.ts";
import { DESK_SERIES, ROLE_COLOURS } from "../palette.ts";
import type { BoardHandle } from "../scenes/game.ts";
import { t, tData } from "../strings/index.ts";
import { field, h } from "../ui/dom.ts";
import { roleLabel } from "../ui/my-rounds.ts";
import { historyChart, historyTable } from "../view/history.ts";
import { kpiRows } from "../view/kpi.ts";
import {
  type ClockState,
  clockAt,
  msPerWeek,
  REPLAY_SPEEDS,
  seek,
  setSpeed,
  step,
  tick,
  togglePlay,
} from "../view/replay-clock.ts";
import { branchSeats, deskHistory, mySeatInBranch, systemSeries, whoDecided } from "../view/replay-desk.ts";
import "./replay.css";
import { rt } from "./strings.ts";

export interface ReplayHandlers {
  /** What this browser keeps for the round with join code `code`: my department and a token that opens it. */
  seatFor(code: string): { role: string | null; token: string | null } | null;
  lastName: string;
  /** The branch exists: join its lobby as its host, in `seat` when I took one. */
  branched(b: BranchAnswer, name: string, seat: string | null): void;
}

export interface ReplayPage {
  /** Test hooks: the week and perspective shown. */
  readonly week: number;
  readonly view: string;
  destroy(): void;
}

const SYSTEM = "system";

/** `answer` is the replay endpoint's answer, asked for while this chunk loaded. */
export async function mountReplay(
  root: HTMLElement,
  answer: Promise<ReplayAnswer>,
  handlers: ReplayHandlers,
): Promise<ReplayPage> {
  root.replaceChildren(h("p", { class: "loading", role: "status" }, rt("replay.loading")));
  let answered: ReplayAnswer;
  let tl: Timeline;
  try {
    answered = await answer;
    tl = new Timeline(answered.record);
  } catch (e) {
    root.replaceChildren(
      h(
        "section",
        { class: "replay replay-error" },
        h("p", { class: "form-error", role: "alert" }, rt("replay.failed", { error: (e as Error).message })),
        h("a", { href: "/" }, rt("replay.home")),
      ),
    );
    return { week: 0, view: "", destroy: () => {} };
  }
  return new ReplayScreen(root, answered, tl, handlers);
}

class ReplayScreen implements ReplayPage {
  private clock: ClockState;
  view: string;
  private timer: number | null = null;
  private board: BoardHandle | null = null;
  private boardRole: string | null = null;
  private charts: Chart[] = [];
  private cursorRetry = 0;
  /** The desk chart's values over the whole round, one array per line. */
  private deskSeries: (number | null)[][] = [];
  private chartsFor = "";
  private readonly rec;
  private readonly scenario;
  private readonly myRole: string | null;
  private readonly token: string | null;

  private readonly weekLabel = h("output", { class: "replay-week", "aria-live": "polite" });
  private readonly scrubber: HTMLInputElement;
  private readonly playButton = h("button", { type: "button", class: "primary", "data-action": "play" });
  private readonly tabs = h("div", {
    class: "replay-tabs",
    role: "group",
    "aria-label": rt("replay.perspective"),
  });
  private readonly stage = h("div", { class: "replay-stage" });
  private readonly boardBox = h("div", { class: "board replay-board", role: "img", tabindex: 0 });
  private readonly branchBox = h("details", { class: "card replay-branch" });

  private readonly answer: ReplayAnswer;
  private readonly tl: Timeline;
  private readonly handlers: ReplayHandlers;

  constructor(root: HTMLElement, answer: ReplayAnswer, tl: Timeline, handlers: ReplayHandlers) {
    this.answer = answer;
    this.tl = tl;
    this.handlers = handlers;
    this.rec = answer.record;
    this.scenario = getScenario(this.rec.scenario);
    const kept = handlers.seatFor(this.rec.code);
    this.myRole = kept?.role ?? null;
    this.token = kept?.token ?? null;
    const params = new URLSearchParams(window.location.search);
    this.clock = clockAt(tl.weeks, Number(params.get("week") ?? 0));
    const asked = params.get("role");
    this.view =
      asked && (asked === SYSTEM || tl.roles.includes(asked))
        ? asked
        : (this.myRole ?? tl.roles[0] ?? SYSTEM);
    this.scrubber = h("input", {
      type: "range",
      min: 0,
      max: tl.weeks,
      step: 1,
      value: this.clock.week,
      "aria-label": rt("replay.scrubber"),
      oninput: () => this.go(seek({ ...this.clock, playing: false }, Number(this.scrubber.value))),
    });
    const button = (label: string, action: string, fn: () => void) =>
      h("button", { type: "button", "data-action": action, onclick: fn }, label);
    const speed = h(
      "select",
      {
        onchange: (ev: Event) =>
          this.go(setSpeed(this.clock, Number((ev.target as HTMLSelectElement).value))),
      },
      REPLAY_SPEEDS.map((s) => h("option", { value: s, selected: s === this.clock.speed }, `${s}×`)),
    );
    this.playButton.addEventListener("click", () => this.go(togglePlay(this.clock)));
    root.replaceChildren(
      h(
        "div",
        { class: "replay" },
        h(
          "header",
          { class: "replay-head" },
          h("a", { href: "/", class: "home" }, rt("replay.home")),
          h("h1", {}, this.rec.title),
          h(
            "p",
            {},
            rt("replay.subtitle", { code: this.rec.code, weeks: tl.weeks, horizon: this.rec.horizon }),
          ),
          this.rec.parent
            ? h("p", { class: "help" }, rt("replay.parent", { week: this.rec.parent.week }))
            : null,
        ),
        h(
          "div",
          { class: "replay-clock card" },
          button(rt("replay.start"), "start", () => this.go(step(this.clock, -this.clock.week))),
          button(rt("replay.back"), "back", () => this.go(step(this.clock, -1))),
          this.playButton,
          button(rt("replay.forward"), "forward", () => this.go(step(this.clock, 1))),
          button(rt("replay.end"), "end", () => this.go(step(this.clock, tl.weeks))),
          this.scrubber,
          this.weekLabel,
          h("label", { class: "replay-speed" }, `${rt("replay.speed")} `, speed),
        ),
        this.tabs,
        this.stage,
        this.branchBox,
      ),
    );
    this.renderTabs();
    this.render();
  }

  get week(): number {
    return this.clock.week;
  }

  destroy(): void {
    window.cancelAnimationFrame(this.cursorRetry);
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    this.dropCharts();
    this.board?.destroy();
    this.board = null;
  }

  private go(next: ClockState): void {
    const moved = next.week !== this.clock.week;
    this.clock = next;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    if (next.playing) this.timer = window.setTimeout(() => this.go(tick(this.clock)), msPerWeek(next));
    if (moved) this.render();
    else this.renderClock();
  }

  private show(view: string): void {
    this.view = view;
    this.renderTabs();
    this.render();
  }

  private renderTabs(): void {
    const tab = (id: string, label: string) =>
      h(
        "button",
        {
          type: "button",
          "data-view": id,
          "aria-pressed": String(this.view === id),
          onclick: () => this.show(id),
        },
        label,
      );
    this.tabs.replaceChildren(
      ...this.tl.roles.map((r) =>
        tab(r, `${roleLabel(this.rec.scenario, r)}${r === this.myRole ? ` (${rt("replay.you")})` : ""}`),
      ),
      tab(SYSTEM, rt("replay.system")),
    );
  }

  private renderClock(): void {
    const { week, last, playing } = this.clock;
    this.weekLabel.textContent = rt("replay.week", { week, last });
    this.scrubber.value = String(week);
    this.playButton.textContent = playing ? rt("replay.pause") : rt("replay.play");
    const q = new URLSearchParams(window.location.search);
    q.set("week", String(week));
    q.set("role", this.view);
    window.history.replaceState(null, "", `${window.location.pathname}?${q}`);
  }

  private render(): void {
    this.renderClock();
    if (this.view === SYSTEM) this.renderSystem();
    else this.renderDesk(this.view);
    this.renderBranch();
  }

  // ---------------------------------------------------------------- one department's desk

  private renderDesk(role: string): void {
    const week = this.clock.week;
    const frame = this.tl.frame(week, role);
    const weeks = deskHistory(this.tl, role, week);
    const specs = this.scenario.decisions(role, this.rec.options);
    const columns = historyColumns(this.rec.scenario, specs, frame.kpis);
    const previous = week > 0 ? (weeks[week - 1]?.kpis ?? null) : null;
    const kpis = kpiRows(frame.kpis, weeks[week]?.kpis ?? {}, previous);
    const table = historyTable(weeks, columns, 60);

    if (this.chartsFor !== `desk/${role}`) {
      this.dropCharts();
      this.chartsFor = `desk/${role}`;
    }
    this.mountBoard(role);
    const side = h(
      "div",
      { class: "replay-side" },
      this.decidedCard(role, week),
      h(
        "section",
        { class: "card" },
        h("h2", {}, rt("replay.kpis")),
        h(
          "dl",
          { class: "kpis" },
          kpis.flatMap((r) => [
            h("dt", {}, tData(`kpi.${this.rec.scenario}.${r.id}`, r.label)),
            h(
              "dd",
              { "data-kpi": r.id },
              h("span", { class: "kpi-value" }, formatUnits(r.value, r.unit)),
              r.trendKey ? h("span", { class: "trend" }, ` ${r.arrow}`) : null,
            ),
          ]),
        ),
      ),
    );
    const chartSlot = h("div", { class: "replay-chart" });
    const history = h(
      "section",
      { class: "card history replay-history" },
      h("h2", {}, rt("replay.history")),
      table.rows.length === 0 ? h("p", { class: "help" }, rt("replay.history.empty")) : null,
      chartSlot,
    );
    if (table.rows.length > 0) {
      history.append(
        h(
          "details",
          {},
          h("summary", {}, t("desk.history.table")),
          h(
            "table",
            { class: "history-table" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, t("desk.week")),
                ...columns.map((c) => h("th", { scope: "col" }, `${c.label} (${c.unit})`)),
                h("th", { scope: "col" }, t("desk.history.source")),
              ),
            ),
            h(
              "tbody",
              {},
              table.rows.map((r) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, String(r.week)),
                  ...r.cells.map((x, j) => h("td", {}, formatAmount(x, columns[j]?.unit))),
                  h(
                    "td",
                    { class: `source source-${r.source ?? "none"}` },
                    r.source ? rt(`replay.source.${r.source}`) : "–",
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    }
    this.stage.replaceChildren(this.boardBox, side, history);
    this.deskChart(chartSlot, role, columns, week);
  }

  /**
   * The desk's history chart: drawn once per department over the whole round (in place, so it takes
   * its column's width), then each week shown only hides the weeks after it.
   */
  private deskChart(
    slot: HTMLElement,
    role: string,
    columns: ReturnType<typeof historyColumns>,
    week: number,
  ): void {
    let chart = this.charts[0];
    if (!chart) {
      const full = historyChart(deskHistory(this.tl, role, this.tl.weeks), columns);
      this.deskSeries = full.series.map((x) => x.values);
      this.drawChart(slot, {
        title: roleLabel(this.rec.scenario, role),
        unit: columns.find((x) => x.chart)?.unit ?? "",
        lines: full.series.map((x, i) => ({
          label: x.label,
          values: [],
          colour: DESK_SERIES[i % DESK_SERIES.length] as string,
        })),
      });
      chart = this.charts[0];
    } else slot.append(chart.root);
    if (!chart) return;
    const xs = chart.plot.data[0];
    chart.plot.setData([xs, ...this.deskSeries.map((v) => v.map((x, i) => (i < week ? x : null)))]);
    chart.root.hidden = week === 0;
    this.placeCursors();
  }

  private decidedCard(role: string, week: number): HTMLElement {
    const who = whoDecided(this.tl, role, week);
    const specs = this.scenario.decisions(role, this.rec.options);
    if (!who) return h("section", { class: "card replay-decided" }, h("p", {}, rt("replay.decided.none")));
    const by =
      who.source === "human"
        ? rt("replay.by.human", { name: who.name ?? "?" })
        : who.source === "bot"
          ? rt("replay.by.bot")
          : rt("replay.by.default");
    return h(
      "section",
      { class: "card replay-decided", "data-source": who.source },
      h("h2", {}, rt("replay.decided", { week: who.week })),
      h(
        "p",
        { class: "decision" },
        specs
          .map(
            (s) =>
              `${tData(`decision.${this.rec.scenario}.${s.id}`, s.label)}: ${formatUnits(who.decision[s.id] ?? null, s.unit)}`,
          )
          .join(" · "),
      ),
      h("p", { class: `who source-${who.source}` }, by),
    );
  }

  private mountBoard(role: string): void {
    const obs = this.observation(role);
    const budget = this.clock.playing ? msPerWeek(this.clock) * 0.8 : 0;
    if (this.board && this.boardRole === role) {
      this.board.update(obs, budget);
      return;
    }
    this.board?.destroy();
    this.board = null;
    this.boardRole = role;
    // The board is Phaser: fetched when a desk is first shown, not with the page.
    void import("../scenes/game.ts").then(({ mountBoard }) => {
      if (this.boardRole !== role || this.board) return;
      const roles = this.scenario.roles.map((r) => ({ id: r.id, label: r.label }));
      this.board = mountBoard(this.boardBox, { scenario: this.rec.scenario, role, roles });
      this.boardBox.setAttribute(
        "aria-label",
        rt("replay.board", { role: roles.find((r) => r.id === role)?.label ?? role }),
      );
      this.boardBox.hidden = this.board === null;
      this.board?.update(this.observation(role), 0);
    });
  }

  private observation(role: string): Record<string, number | number[]> {
    // The board only reads it.
    return this.tl.frame(this.clock.week, role).observation as Record<string, number | number[]>;
  }

  // ---------------------------------------------------------------- every department

  private renderSystem(): void {
    const week = this.clock.week;
    this.board?.destroy();
    this.board = null;
    this.boardRole = null;
    const cards = this.tl.roles.map((role) => {
      const f = this.tl.frame(week, role);
      return h(
        "section",
        { class: "card replay-mini", "data-role": role },
        h(
          "h2",
          {},
          h(
            "button",
            { type: "button", class: "link", onclick: () => this.show(role) },
            roleLabel(this.rec.scenario, role),
          ),
        ),
        h(
          "dl",
          { class: "kpis" },
          f.kpis.flatMap((k) => [
            h("dt", {}, tData(`kpi.${this.rec.scenario}.${k.id}`, k.label)),
            h("dd", {}, formatUnits(k.value, k.unit)),
          ]),
        ),
        this.decidedCard(role, week),
      );
    });
    const grid = h("div", { class: "replay-system" }, cards);
    if (this.chartsFor !== SYSTEM) {
      this.dropCharts();
      this.chartsFor = SYSTEM;
      const charts = h("div", { class: "replay-charts" });
      this.stage.replaceChildren(grid, charts);
      const kpis = this.tl.frame(0, this.tl.roles[0] ?? "").kpis;
      for (const k of kpis) {
        this.drawChart(charts, {
          title: tData(`kpi.${this.rec.scenario}.${k.id}`, k.label),
          unit: k.unit,
          lines: systemSeries(this.tl, k.id).map((s, i) => ({
            label: roleLabel(this.rec.scenario, s.role),
            values: s.values,
            colour: ROLE_COLOURS[i % ROLE_COLOURS.length] as string,
          })),
        });
      }
    } else {
      this.stage.firstElementChild?.replaceWith(grid);
    }
    this.placeCursors();
  }

  private drawChart(host: HTMLElement, spec: Omit<Parameters<typeof lineChart>[1], "weeks">): void {
    const chart = lineChart(host, {
      ...spec,
      weeks: this.tl.weeks,
      height: 180,
      syncKey: `replay-${this.rec.id}`,
    });
    this.charts.push(chart);
    this.placeCursors();
  }

  /** The charts' cursor at the week shown: the "now" line across every chart. */
  private placeCursors(): void {
    const w = Math.max(1, this.clock.week);
    for (const c of this.charts) {
      const left = c.plot.valToPos(w, "x");
      // A line of our own: uPlot's cursor follows the mouse and hides when it leaves the chart.
      let line = c.plot.over.querySelector<HTMLElement>(".week-cursor");
      if (!line) {
        line = h("div", { class: "week-cursor", "aria-hidden": "true" });
        c.plot.over.append(line);
      }
      line.style.left = `${left}px`;
      line.hidden = !Number.isFinite(left);
      // A chart just made has no scales until its first draw, a frame later: place the line then.
      if (line.hidden && !this.cursorRetry) {
        this.cursorRetry = window.requestAnimationFrame(() => {
          this.cursorRetry = 0;
          this.placeCursors();
        });
      }
      c.root.dataset.week = String(this.clock.week);
    }
  }

  private dropCharts(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.chartsFor = "";
  }

  // ---------------------------------------------------------------- branch

  private renderBranch(): void {
    const week = this.clock.week;
    const { min, max } = this.answer.branchWeeks;
    const open = this.branchBox.open;
    const summary = h("summary", {}, rt("replay.branch"));
    if (week < min || week > max) {
      this.branchBox.replaceChildren(
        summary,
        h("p", { class: "help" }, rt("replay.branch.range", { min, max })),
      );
      this.branchBox.open = open;
      return;
    }
    const policies = policyNames(this.rec.scenario);
    const selects = new Map<string, HTMLSelectElement>();
    const defaults = branchSeats(this.tl.roles, this.myRole ?? this.tl.roles[0] ?? null, {});
    const rows = this.tl.roles.map((role) => {
      const select = h(
        "select",
        { name: `seat-${role}` },
        h("option", { value: "me", selected: defaults[role] === "me" }, rt("replay.branch.me")),
        h(
          "option",
          { value: "recorded", selected: defaults[role] === "recorded" },
          rt("replay.branch.recorded"),
        ),
        policies.map((p) => h("option", { value: p }, rt("replay.branch.bot", { policy: p }))),
      );
      selects.set(role, select);
      return field({ id: `branch-${role}`, label: roleLabel(this.rec.scenario, role), input: select }).row;
    });
    const name = h("input", {
      type: "text",
      name: "name",
      required: true,
      maxlength: 40,
      value: this.handlers.lastName,
    });
    const status = h("p", { class: "form-error", role: "alert", hidden: true });
    const submit = h("button", { type: "submit", class: "primary" }, rt("replay.branch.submit", { week }));
    const form = h(
      "form",
      {
        onsubmit: async (ev: Event) => {
          ev.preventDefault();
          const chosen = Object.fromEntries([...selects].map(([r, s]) => [r, s.value]));
          const seats = branchSeats(this.tl.roles, null, chosen);
          submit.disabled = true;
          status.hidden = true;
          try {
            const b = await branchRound(this.answer.replayId, this.token, week, seats);
            this.go({ ...this.clock, playing: false });
            this.handlers.branched(b, name.value.trim() || "Player", mySeatInBranch(seats, this.myRole));
          } catch (e) {
            status.textContent = rt("replay.branch.failed", { error: (e as Error).message });
            status.hidden = false;
            submit.disabled = false;
          }
        },
      },
      h("p", { class: "help" }, rt("replay.branch.help", { week, next: week + 1 })),
      rows,
      field({ id: "branch-name", label: rt("replay.branch.name"), input: name }).row,
      status,
      submit,
    );
    this.branchBox.replaceChildren(summary, form);
    this.branchBox.open = open;
  }
}
