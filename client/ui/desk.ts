// The department desk: the board (Phaser) with the DOM overlay around it — pace, team, decision form,
// KPIs, own history. Everything shown comes from this role's own observation and public seat status.

import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { DecisionSpec } from "../../shared/engine/types.ts";
import { formatAmount, formatReading, formatUnits } from "../../shared/format/number.ts";
import {
  type AcceptedMessage,
  type ErrorMessage,
  MAX_SECONDS_PER_WEEK,
  MIN_SECONDS_PER_WEEK,
  type OwnWeek,
  type PaceMode,
  type WelcomeMessage,
} from "../../shared/protocol/index.ts";
import { historyColumns } from "../desks/index.ts";
import type { Connectivity } from "../net/session.ts";
import type { TeamSnapshot } from "../net/snapshot.ts";
import { DESK_SERIES } from "../palette.ts";
import { type BoardHandle, mountBoard } from "../scenes/game.ts";
import { type StringKey, t, tData } from "../strings/index.ts";
import { refusalOf, refusalSentence } from "../strings/refusals.ts";
import { errorField, formFields, parseForm } from "../view/decision-form.ts";
import { type HistoryColumn, historyChart, historyTable } from "../view/history.ts";
import { kpiRows } from "../view/kpi.ts";
import { paceView } from "../view/pace.ts";
import { teamRows } from "../view/seats.ts";
import { field, h } from "./dom.ts";

export interface DeskHandlers {
  welcome: WelcomeMessage;
  isHost: boolean;
  decide(week: number, decision: Record<string, number>): void;
  host: {
    pause(): void;
    resume(): void;
    speed(secondsPerWeek: number): void;
    pace(mode: PaceMode, secondsPerWeek: number): void;
    end(): void;
  };
}

const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3], [12, 4, 2, 4]];
/** The same patterns in the legend's words, so lines are told apart without colour. */
const DASH_GLYPHS = ["——", "– –", "····", "–·–"];

export class DeskScreen {
  private readonly root: HTMLElement;
  private readonly handlers: DeskHandlers;
  private readonly specs: readonly DecisionSpec[];
  private readonly columns: HistoryColumn[];
  private readonly role: string;
  private readonly roleLabel: string;
  private board: BoardHandle | null = null;
  private chart: uPlot | null = null;
  private snap: TeamSnapshot | null = null;
  private weeks: OwnWeek[] = [];
  private timer: number;
  private formWeek = -1;
  private lastSent: Record<string, number> = {};
  private connectivity: Connectivity = "online";
  /** Fields typed in since the last send: a new week leaves them as the player has them. */
  private readonly edited = new Set<string>();

  // Elements updated in place.
  private readonly paceWeek = h("span", { class: "pace-week", "aria-live": "polite" });
  private readonly paceMode = h("span", { class: "pace-mode" });
  private readonly paceClock = h("span", { class: "pace-clock", role: "timer", "aria-live": "off" });
  private readonly pacePaused = h("span", { class: "pace-paused", hidden: true }, `‖ ${t("pace.paused")}`);
  private readonly progress = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  private readonly banner = h("p", { class: "banner", role: "status", hidden: true });
  private readonly team = h("ul", { class: "team" });
  private readonly boardBox = h("div", { class: "board", role: "img", tabindex: 0 });
  private readonly form: HTMLFormElement;
  private readonly formTitle = h("h2", { id: "decision-title" });
  private readonly formNote = h("p", { class: "help", id: "decision-note" });
  private readonly formStatus = h("p", { class: "form-status", role: "status", "aria-live": "polite" });
  private readonly formTop = h("p", { class: "form-error", role: "alert", hidden: true });
  private readonly submit: HTMLButtonElement;
  private readonly inputs = new Map<
    string,
    { input: HTMLInputElement; setError(text: string | null): void }
  >();
  private readonly kpiList = h("dl", { class: "kpis" });
  private readonly chartBox = h("div", {
    class: "chart",
    role: "img",
    "aria-label": t("desk.history.chart"),
  });
  private readonly tableBody = h("tbody");
  private readonly tableHead = h("tr");
  private readonly emptyHistory = h("p", { class: "help" }, t("desk.history.empty"));
  private readonly modeSelect = h(
    "select",
    { id: "host-mode" },
    (["lockstep", "timed", "continuous"] as const).map((m) =>
      h("option", { value: m }, t(`pace.${m}.short`)),
    ),
  );
  private readonly speedInput = h("input", {
    type: "number",
    min: MIN_SECONDS_PER_WEEK,
    max: MAX_SECONDS_PER_WEEK,
    step: "any",
    inputmode: "decimal",
  });
  private readonly pauseButton: HTMLButtonElement;

  constructor(root: HTMLElement, handlers: DeskHandlers) {
    this.root = root;
    this.handlers = handlers;
    const w = handlers.welcome;
    this.role = w.role ?? "";
    this.specs = w.decisions;
    this.columns = historyColumns(w.scenario, w.decisions, w.kpis);
    const roleLabel = w.roles.find((r) => r.id === this.role)?.label ?? this.role;
    this.roleLabel = roleLabel;

    this.submit = h("button", { type: "submit", class: "primary" }, t("desk.submit"));
    const fields = formFields(this.specs, {}).map((f) => {
      const input = h("input", {
        type: "number",
        name: f.id,
        min: f.min,
        max: f.max,
        step: f.step,
        value: f.value,
        inputmode: f.step === 1 ? "numeric" : "decimal",
        autocomplete: "off",
        enterkeyhint: "send",
      });
      const label = `${tData(`decision.${w.scenario}.${f.id}`, f.label)} (${f.unit})`;
      const fl = field({ id: `decide-${f.id}`, label, help: f.help, input });
      this.inputs.set(f.id, { input, setError: fl.setError });
      input.addEventListener("input", () => this.edited.add(f.id));
      return fl.row;
    });
    this.form = h(
      "form",
      {
        class: "decision card",
        "aria-labelledby": "decision-title",
        novalidate: true,
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          this.send();
        },
      },
      this.formTitle,
      this.formNote,
      this.formTop,
      ...fields,
      h("div", { class: "row" }, this.submit),
      this.formStatus,
    );

    this.pauseButton = h("button", { type: "button", onclick: () => this.togglePause() }, t("host.pause"));
    const hostBar = handlers.isHost
      ? h(
          "section",
          { class: "host-bar", "aria-labelledby": "host-title" },
          h("h2", { id: "host-title", class: "sr-only" }, t("host.title")),
          this.pauseButton,
          h(
            "form",
            {
              class: "speed",
              onsubmit: (ev: Event) => {
                ev.preventDefault();
                const s = Number(this.speedInput.value);
                if (!(Number.isFinite(s) && s > 0)) return;
                const mode = this.modeSelect.value as PaceMode;
                if (mode === this.snap?.pace) handlers.host.speed(s);
                else handlers.host.pace(mode, s);
              },
            },
            h("label", { for: "host-mode" }, t("landing.create.pace")),
            this.modeSelect,
            h("label", { for: "host-speed" }, t("host.speed")),
            Object.assign(this.speedInput, { id: "host-speed" }),
            h("button", { type: "submit" }, t("host.applySpeed")),
          ),
          h(
            "button",
            {
              type: "button",
              class: "danger",
              onclick: () => {
                if (window.confirm(t("host.endConfirm"))) handlers.host.end();
              },
            },
            t("host.end"),
          ),
        )
      : null;

    root.replaceChildren(
      h(
        "div",
        { class: "desk", "data-role": this.role },
        h(
          "header",
          { class: "desk-head" },
          h("div", { class: "who" }, h("h1", {}, roleLabel), h("p", {}, w.title)),
          h(
            "div",
            { class: "pace", "aria-label": t("desk.pace") },
            this.paceWeek,
            this.paceClock,
            this.pacePaused,
            this.paceMode,
            this.progress,
          ),
          h(
            "section",
            { class: "team-box", "aria-labelledby": "team-title" },
            h("h2", { id: "team-title", class: "sr-only" }, t("desk.team")),
            this.team,
          ),
        ),
        this.banner,
        h(
          "div",
          { class: "desk-main" },
          this.boardBox,
          h(
            "aside",
            { class: "desk-side" },
            this.form,
            h(
              "section",
              { class: "card", "aria-labelledby": "kpi-title" },
              h("h2", { id: "kpi-title" }, t("desk.kpi")),
              this.kpiList,
            ),
            h(
              "section",
              { class: "card history", "aria-labelledby": "history-title" },
              h("h2", { id: "history-title" }, t("desk.history")),
              this.emptyHistory,
              this.chartBox,
              h(
                "details",
                {},
                h("summary", {}, t("desk.history.table")),
                h(
                  "div",
                  { class: "table-wrap" },
                  h("table", {}, h("thead", {}, this.tableHead), this.tableBody),
                ),
              ),
            ),
          ),
        ),
        hostBar,
      ),
    );

    this.board = mountBoard(this.boardBox, { scenario: w.scenario, role: this.role, roles: w.roles });
    this.boardBox.hidden = this.board === null;
    this.timer = window.setInterval(() => this.tick(), 250);
    this.inputs.values().next().value?.input.focus();
  }

  /** Test hook: whether the board is drawn and still. */
  get boardSettled(): boolean {
    return this.board?.settled() ?? false;
  }

  get game() {
    return this.board?.game ?? null;
  }

  update(snap: TeamSnapshot, weeks: readonly OwnWeek[]): void {
    const prevWeek = this.snap?.mine?.week;
    const prevPace = this.snap ? [this.snap.pace, this.snap.secondsPerWeek] : null;
    this.snap = snap;
    this.weeks = [...weeks];
    this.tick();
    this.team.replaceChildren(
      ...teamRows(snap.seats, this.role).map((r) =>
        h(
          "li",
          { class: `status-${r.status}${r.me ? " me" : ""}`, "data-role": r.role },
          h("span", { class: "glyph", "aria-hidden": "true" }, r.glyph),
          h(
            "span",
            { class: "team-role" },
            r.roleLabel,
            r.me ? ` ${t("seat.you")}` : "",
            !r.me && r.name ? h("span", { class: "team-name" }, ` · ${r.name}`) : null,
          ),
          h("span", { class: "team-status" }, t(r.statusKey)),
        ),
      ),
    );
    this.pauseButton.textContent = snap.paused ? `▶ ${t("host.resume")}` : t("host.pause");
    // Only a change of pace resets the host's form: any other update (a week, a teammate) would
    // otherwise undo a choice made but not yet applied.
    if (prevPace?.[0] !== snap.pace || prevPace?.[1] !== snap.secondsPerWeek) {
      if (document.activeElement !== this.speedInput) this.speedInput.value = String(snap.secondsPerWeek);
      if (document.activeElement !== this.modeSelect) this.modeSelect.value = snap.pace;
    }

    const mine = snap.mine;
    if (mine) {
      const budget = snap.pace === "lockstep" ? 1800 : Math.min(1800, snap.secondsPerWeek * 600);
      if (mine.week !== prevWeek) this.board?.update(mine.observation, budget);
      this.boardBox.setAttribute(
        "aria-label",
        this.boardSummary(mine.observation) || t("desk.board", { role: this.roleLabel }),
      );
    }
    this.showBanner();
    this.updateForm(snap);
    this.updateKpis();
    this.updateHistory();
  }

  onAccepted(a: AcceptedMessage): void {
    const text = Object.entries(a.decision)
      .map(([k, v]) => `${this.specs.find((s) => s.id === k)?.label ?? k} ${formatReading(v)}`)
      .join(", ");
    this.formStatus.textContent = `✓ ${t("desk.accepted", { week: a.week, value: text })}`;
    for (const f of this.inputs.values()) f.setError(null);
    this.formTop.hidden = true;
  }

  onError(e: ErrorMessage): void {
    const target = errorField(this.specs, e);
    const f = target ? this.inputs.get(target) : undefined;
    const spec = this.specs.find((x) => x.id === target);
    const text = refusalSentence(
      refusalOf(e),
      spec
        ? {
            field: tData(`decision.${this.handlers.welcome.scenario}.${spec.id}`, spec.label),
            min: spec.min,
            max: spec.max,
          }
        : {},
    );
    this.formStatus.textContent = "";
    if (f) {
      f.setError(text);
      f.input.focus();
      f.input.select();
    } else {
      this.formTop.textContent = `⚠ ${text}`;
      this.formTop.hidden = false;
    }
  }

  setConnectivity(state: Connectivity): void {
    this.connectivity = state;
    this.showBanner();
    this.submit.disabled = state !== "online";
  }

  /** A lost connection first; else the server holding play by itself (recording unavailable). */
  private showBanner(): void {
    const text =
      this.connectivity !== "online"
        ? `⚠ ${t("desk.connectionLost")}`
        : this.snap?.hold
          ? `⏸ ${t(`hold.${this.snap.hold}`)}`
          : "";
    this.banner.hidden = text === "";
    this.banner.textContent = text;
  }

  destroy(): void {
    window.clearInterval(this.timer);
    this.chart?.destroy();
    this.board?.destroy();
    this.board = null;
    this.root.replaceChildren();
  }

  private send(): void {
    const snap = this.snap;
    if (!snap) return;
    for (const f of this.inputs.values()) f.setError(null);
    this.formTop.hidden = true;
    const typed: Record<string, string> = {};
    for (const [id, f] of this.inputs) typed[id] = f.input.value;
    const parsed = parseForm(this.specs, typed);
    if (!parsed.ok) {
      const f = this.inputs.get(parsed.field);
      const label = this.specs.find((s) => s.id === parsed.field)?.label ?? parsed.field;
      f?.setError(t(parsed.problem === "required" ? "error.required" : "error.number", { field: label }));
      f?.input.focus();
      return;
    }
    const week = snap.week + 1;
    this.lastSent = parsed.decision;
    this.edited.clear();
    // Before sending: repeating the decision already in confirms it at once (see DecisionLedger.sent).
    this.formStatus.textContent = t("desk.submitted", { week });
    this.handlers.decide(week, parsed.decision);
  }

  private togglePause(): void {
    if (this.snap?.paused) this.handlers.host.resume();
    else this.handlers.host.pause();
  }

  private tick(): void {
    const snap = this.snap;
    if (!snap) return;
    const v = paceView({
      mode: snap.pace,
      week: snap.week + 1,
      horizon: snap.horizon,
      approximate: snap.horizonApproximate,
      paused: snap.paused || snap.hold !== null,
      msLeft: snap.deadline > 0 ? snap.deadline - Date.now() : null,
    });
    this.paceWeek.textContent = t(v.weekKey, v.weekVars);
    this.paceMode.textContent = t(v.modeKey);
    this.paceClock.hidden = v.secondsLeft === null;
    this.paceClock.textContent =
      v.secondsLeft === null
        ? ""
        : `${t("pace.secondsLeft", { seconds: v.secondsLeft })}${v.urgent ? ` — ${t("pace.hurry")}` : ""}`;
    this.paceClock.classList.toggle("urgent", v.urgent);
    this.pacePaused.hidden = !v.paused;
    this.progress.value = v.progress;
  }

  private updateForm(snap: TeamSnapshot): void {
    const open = snap.week + 1;
    const obs = snap.mine?.observation ?? {};
    // A told, approximate horizon is no end: the round closes at its hidden week.
    const over = obs.final === 1 || (!snap.horizonApproximate && snap.week >= snap.horizon);
    this.formTitle.textContent = over ? t("desk.roundOver") : t("desk.decision", { week: open });
    this.submit.disabled = over;
    for (const f of this.inputs.values()) f.input.disabled = over;
    this.formNote.textContent = obs.warmup === 1 ? `ℹ ${t("beer.warmup")}` : "";
    this.formNote.hidden = obs.warmup !== 1;
    if (open !== this.formWeek) {
      // A new week: prefill what stands (continuous pace keeps decisions) and clear last week's notes.
      this.formWeek = open;
      const standing = snap.mine?.decision ?? {};
      const fresh = formFields(this.specs, standing, this.lastSent);
      for (const fm of fresh) {
        const f = this.inputs.get(fm.id);
        if (!f) continue;
        f.setError(null);
        // A week can close between two keystrokes (continuous pace, short weeks): what the player
        // is typing stays, and is sent for the week open when they send it.
        if (!this.edited.has(fm.id)) f.input.value = fm.value;
      }
      this.formTop.hidden = true;
      // The last "Decided for week N" stays: it names its week, and tells the player it counted.
      const focused = document.activeElement;
      if (
        !over &&
        this.edited.size === 0 &&
        (focused === document.body || focused === null || this.form.contains(focused))
      ) {
        const first = this.inputs.values().next().value?.input;
        first?.focus();
        first?.select();
      }
    }
  }

  private previousKpis(): Record<string, number> | null {
    const mine = this.snap?.mine;
    if (!mine) return null;
    const prev = this.weeks.filter((w) => w.week < mine.week).at(-1);
    return prev ? { ...prev.kpis } : null;
  }

  private updateKpis(): void {
    const mine = this.snap?.mine;
    if (!mine) return;
    const rows = kpiRows(this.handlers.welcome.kpis, mine.kpis, this.previousKpis());
    this.kpiList.replaceChildren(
      ...rows.flatMap((r) => [
        h("dt", {}, tData(`kpi.${this.handlers.welcome.scenario}.${r.id}`, r.label)),
        h(
          "dd",
          { "data-kpi": r.id },
          h("span", { class: "kpi-value" }, formatUnits(r.value, r.unit)),
          r.trendKey
            ? h(
                "span",
                {
                  class: `trend ${r.good === null ? "flat" : r.good ? "good" : "bad"}`,
                  title: t(r.betterKey),
                },
                ` ${r.arrow} ${t(r.trendKey as StringKey)}`,
                r.good === null ? "" : ` (${t(r.good ? "desk.better" : "desk.worse")})`,
              )
            : null,
        ),
      ]),
    );
  }

  private updateHistory(): void {
    const table = historyTable(this.weeks, this.columns, 60);
    this.emptyHistory.hidden = table.rows.length > 0;
    this.chartBox.hidden = table.rows.length === 0;
    this.tableHead.replaceChildren(
      h("th", { scope: "col" }, t("desk.week")),
      ...this.columns.map((c) => h("th", { scope: "col" }, `${c.label} (${c.unit})`)),
      h("th", { scope: "col" }, t("desk.history.source")),
    );
    this.tableBody.replaceChildren(
      ...table.rows.map((r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, String(r.week)),
          ...r.cells.map((c, j) => h("td", {}, formatAmount(c, table.columns[j]?.unit))),
          // Who decided the week, in words (a bot covering, the default when nothing came in time).
          h("td", { class: `source source-${r.source ?? "none"}` }, r.source ? t(`source.${r.source}`) : "–"),
        ),
      ),
    );
    if (table.rows.length === 0) return;
    const c = historyChart(this.weeks, this.columns);
    const data: uPlot.AlignedData = [c.weeks, ...c.series.map((s) => s.values)];
    const width = Math.max(200, this.chartBox.clientWidth || 300);
    if (!this.chart) {
      this.chart = new uPlot(
        {
          width,
          height: 150,
          scales: { x: { time: false } },
          // Whole weeks on the x axis.
          axes: [{ size: 28, incrs: [1, 2, 5, 10, 20, 50] }, { size: 36 }],
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          series: [
            { label: t("desk.week") },
            ...c.series.map((s, i) => ({
              label: `${DASH_GLYPHS[i % DASH_GLYPHS.length]} ${s.label}`,
              stroke: DESK_SERIES[i % DESK_SERIES.length],
              width: 2,
              ...(DASHES[i % DASHES.length] ? { dash: DASHES[i % DASHES.length] } : {}),
              points: { show: false },
            })),
          ],
        },
        data,
        this.chartBox,
      );
    } else {
      this.chart.setData(data);
      if (Math.abs(this.chart.width - width) > 4) this.chart.setSize({ width, height: 150 });
    }
  }

  private boardSummary(obs: Record<string, number | number[]>): string {
    return this.columns
      .filter((c) => c.from === "observation")
      .map((c) => {
        const v = obs[c.id];
        return `${c.label}: ${formatUnits(typeof v === "number" ? v : null, c.unit)}`;
      })
      .join("; ");
  }
}
