import type { Room } from "@colyseus/sdk";
import { briefOf } from "../../shared/debrief/brief.ts";
import { buildDebriefModel, type DebriefModel } from "../../shared/debrief/model.ts";
import { initialDebriefState } from "../../shared/debrief/session.ts";
import { Simulation } from "../../shared/engine/simulation.ts";
import type { AnyScenario } from "../../shared/engine/types.ts";
import {
  DEBRIEF_MESSAGES,
  DEBRIEF_PANELS,
  type DebriefBrief,
  type DebriefPanel,
  type DebriefState,
  type GhostResult,
  type Note,
} from "../../shared/protocol/debrief.ts";
import type { RoundRecord } from "../../shared/protocol/messages.ts";
import { previousRun } from "../../shared/round/again.ts";
import { originalRun } from "../../shared/round/branch.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { downloadWithToken } from "../net/download.ts";
import { SeatStore } from "../net/seat-store.ts";
import { installPalette } from "../palette.ts";
import { refusalOf, refusalSentence } from "../strings/refusals.ts";
import { h } from "../ui/dom.ts";
import type { Chart } from "./charts.ts";
import { againSection } from "./panel-again.ts";
import { beliefPanel, updateBeliefPanel } from "./panel-belief.ts";
import { ghostPanel } from "./panel-ghost.ts";
import { loopsPanel } from "./panel-loops.ts";
import { reflectionPanel, updateReflectionPanel } from "./panel-reflection.ts";
import { rulePanel } from "./panel-rule.ts";
import { systemPanel } from "./panel-system.ts";
import { type DebriefKey, debriefStrings } from "./strings.ts";
import type { BeliefContext, GhostView, Panel, PanelContext } from "./view.ts";
import "./debrief.css";

/** What the play screen hands over when the round reaches its debrief. */
export interface DebriefContext {
  /** The joined team room; it stays connected through the debrief. */
  room: Room;
  /** The player's role id (their seat). */
  role: string;
  /** Whether this player holds the host token. */
  isHost: boolean;
  /** The strings table: key → text in the player's language, `{name}` placeholders filled from vars. */
  t(key: string, vars?: Readonly<Record<string, string | number>>): string;
  /** The host token (host actions: reveal, follow-me); read from the seat store when absent. */
  hostToken?: string | null;
}

const PANELS: Record<DebriefPanel, Panel> = {
  belief: beliefPanel,
  // The loop chosen on the loops panel stays shaded on the whole-system charts.
  system: (host, c) => {
    // A play-again round: the round before it first, beside this one, with what everyone wrote.
    if (c.previous) host.append(againSection(c, c.previous));
    systemPanel(host, c, { bands: c.model.loops.find((l) => l.id === c.selectedLoop)?.spans ?? [] });
  },
  loops: loopsPanel,
  rule: rulePanel,
  ghost: ghostPanel,
  reflection: reflectionPanel,
};

/** Panels that can take a state change in place (so a stroke or a note being typed survives it). */
const UPDATERS: Partial<Record<DebriefPanel, (host: HTMLElement, ctx: PanelContext) => boolean>> = {
  reflection: updateReflectionPanel,
};

interface Local {
  panel: DebriefPanel;
  following: boolean;
  loop: string | null;
}

/**
 * Takes over `container` for the debrief. Every figure is derived on this client by replaying the
 * recorded round with the core; the server holds the shared part (sketches, reveal, lead, notes,
 * ghost runs) as events of the round, so a reload restores the same debrief. Until the truth is
 * revealed the server sends only a brief (the belief panel's needs); the record follows the reveal.
 */
export function mountDebrief(container: HTMLElement, ctx: DebriefContext): () => void {
  installPalette(); // the debrief also mounts on its own (preview page)
  const tr = debriefStrings(ctx.t);
  const room = ctx.room;
  const code = room.roomId;
  const storeKey = `pf.debrief.${code}`;
  const saved = typeof localStorage !== "undefined" ? new SeatStore(localStorage).get(code) : null;
  const hostToken = ctx.hostToken ?? saved?.hostToken ?? null;
  const seatToken = saved?.seatToken ?? null;
  const local: Local = { panel: "belief", following: true, loop: null, ...readLocal(storeKey) };

  let brief: DebriefBrief | null = null;
  let record: RoundRecord | null = null;
  let scenario: AnyScenario | null = null;
  let model: DebriefModel | null = null;
  let state: DebriefState = initialDebriefState();
  const ghosts: GhostView[] = [];
  let original: DebriefModel | null = null;
  let previous: DebriefModel | null = null;
  const drafts = new Map<string, unknown>();
  let charts: Chart[] = [];

  const section = h("section", { class: "debrief", "aria-labelledby": "debrief-title" });
  const title = h("h1", { id: "debrief-title" }, tr("debrief.title"));
  const subtitle = h("p", { class: "subtitle" });
  // Play again: what this player wrote before the round, kept by the server with the round.
  const mine = h("p", { class: "hypothesis-note", id: "hypothesis-mine", hidden: true });
  const followBar = h("div", { class: "follow-bar", id: "follow-bar", role: "status" });
  const exportBar = h("div", { class: "export-bar" });
  const nav = h("nav", { class: "debrief-nav", "aria-label": tr("debrief.title") });
  const body = h(
    "div",
    { class: "debrief-body", id: "debrief-panel" },
    h("p", { class: "muted" }, tr("debrief.loading")),
  );
  section.append(
    h("header", { class: "debrief-head" }, h("div", {}, title, subtitle, mine), followBar, exportBar),
    nav,
    body,
  );
  container.replaceChildren(section);

  const send = (type: string, payload: unknown) => room.send(type, payload);
  const leading = () => ctx.isHost && state.lead.follow;

  const setPanel = (panel: DebriefPanel, fromUser: boolean) => {
    if (fromUser && !ctx.isHost && state.lead.follow && panel !== state.lead.panel) local.following = false;
    local.panel = panel;
    if (fromUser && leading())
      send(DEBRIEF_MESSAGES.lead, { hostToken, follow: true, panel, loop: local.loop });
    saveLocal(storeKey, local);
    render();
  };
  const selectLoop = (id: string | null) => {
    if (!ctx.isHost && state.lead.follow && id !== state.lead.loop) local.following = false;
    local.loop = id;
    if (leading()) send(DEBRIEF_MESSAGES.lead, { hostToken, follow: true, panel: shown(), loop: id });
    saveLocal(storeKey, local);
    render();
  };

  /** The panels beyond the belief open with the record, which the server sends on the reveal. */
  const isLocked = () => !state.revealed || !record || !model;
  /**
   * The panel on screen: the one chosen, or the belief while the others are locked. The choice itself
   * is kept, so a reload reopens on it once the record is back.
   */
  const shown = (): DebriefPanel => (isLocked() ? "belief" : local.panel);

  function renderChrome(): void {
    if (!brief) return;
    subtitle.textContent = tr("debrief.subtitle", {
      title: brief.title,
      code: brief.code,
      weeks: brief.weeks,
    });
    const own = ctx.role ? state.hypotheses[ctx.role] : undefined;
    mine.hidden = !own;
    mine.replaceChildren(...(own ? [h("strong", {}, tr("debrief.again.mine")), ` ${own.text}`] : []));
    nav.replaceChildren();
    // On a narrow screen the tabs fold into one menu (CSS shows one or the other).
    const menu = h(
      "select",
      { class: "panel-menu", id: "panel-menu", "aria-label": tr("debrief.menu") },
      DEBRIEF_PANELS.map((p, i) =>
        h(
          "option",
          { value: p, selected: p === shown(), disabled: p !== "belief" && isLocked() },
          `${i + 1}. ${tr(`debrief.panel.${p}` as DebriefKey)}`,
        ),
      ),
    );
    menu.addEventListener("change", () => setPanel(menu.value as DebriefPanel, true));
    nav.append(menu);
    DEBRIEF_PANELS.forEach((p, i) => {
      const locked = p !== "belief" && isLocked();
      const b = h(
        "button",
        {
          type: "button",
          class: `tab${p === shown() ? " active" : ""}`,
          "data-panel": p,
          "aria-current": p === shown() ? "page" : null,
          disabled: locked,
          title: locked ? tr("debrief.locked") : null,
        },
        h("span", { class: "tab-n" }, String(i + 1)),
        ` ${tr(`debrief.panel.${p}` as DebriefKey)}`,
      );
      b.addEventListener("click", () => setPanel(p, true));
      nav.append(b);
    });
    if (isLocked()) nav.append(h("span", { class: "muted nav-note" }, tr("debrief.locked")));
    followBar.replaceChildren();
    followBar.dataset["follow"] = state.lead.follow
      ? ctx.isHost
        ? "leading"
        : local.following
          ? "following"
          : "left"
      : "off";
    if (ctx.isHost && hostToken) {
      const on = state.lead.follow;
      if (on) followBar.append(h("span", { class: "pill lead" }, tr("debrief.follow.leading")));
      const b = h(
        "button",
        { type: "button", id: "follow-toggle" },
        tr(on ? "debrief.follow.stop" : "debrief.follow.lead"),
      );
      b.addEventListener("click", () =>
        send(DEBRIEF_MESSAGES.lead, { hostToken, follow: !on, panel: shown(), loop: local.loop }),
      );
      followBar.append(b);
    } else if (state.lead.follow) {
      if (local.following)
        followBar.append(h("span", { class: "pill lead" }, tr("debrief.follow.following")));
      else {
        const b = h("button", { type: "button", id: "follow-rejoin" }, tr("debrief.follow.rejoin"));
        b.addEventListener("click", () => {
          local.following = true;
          applyLead();
          saveLocal(storeKey, local);
          render();
        });
        followBar.append(h("span", { class: "pill" }, tr("debrief.follow.left")), b);
      }
    }
    exportBar.replaceChildren();
    if (!record) return;
    const rec = record;
    const png = h("button", { type: "button", id: "export-png" }, tr("debrief.export.png"));
    png.addEventListener("click", () => {
      charts.forEach((c, i) => {
        download(c.png(), `${rec.code}-${shown()}-${i + 1}.png`);
      });
    });
    // The host's or this seat's token goes in a header, never the address; with it the export keeps
    // the players' names (they may replay the round), without it the seats are named by department.
    const exportButton = (ext: "csv" | "json", id: string, label: string) => {
      const href = `/api/rounds/${encodeURIComponent(rec.id)}/export.${ext}`;
      const b = h("button", { type: "button", id, "data-href": href }, label);
      b.addEventListener("click", () => {
        downloadWithToken(href, hostToken ?? seatToken, `${rec.code}.${ext}`).catch((e: unknown) =>
          window.alert(e instanceof Error ? e.message : String(e)),
        );
      });
      return b;
    };
    exportBar.append(
      png,
      exportButton("csv", "export-csv", tr("debrief.export.csv")),
      exportButton("json", "export-json", tr("debrief.export.json")),
    );
  }

  /** What a panel's drawing depends on beyond the state its updater handles. */
  let drawn = "";
  function render(soft = false): void {
    if (!brief || !scenario) return;
    const panel = shown();
    renderChrome();
    const key = JSON.stringify([panel, local.loop, state.revealed, !!record, ghosts.length]);
    const current = body.firstElementChild as HTMLElement | null;
    const update =
      panel === "belief"
        ? (h: HTMLElement) => updateBeliefPanel(h, beliefContext())
        : (h: HTMLElement) => UPDATERS[panel]?.(h, panelContext()) ?? false;
    if (soft && key === drawn && current && update(current)) return;
    drawn = key;
    for (const c of charts) c.destroy();
    charts = [];
    const host = h("div", { class: `panel panel-${panel}`, "data-panel": panel });
    body.replaceChildren(host);
    host.append(h("h2", {}, tr(`debrief.panel.${panel}` as DebriefKey)));
    if (panel === "belief") beliefPanel(host, beliefContext());
    else PANELS[panel](host, panelContext());
    section.dataset["panel"] = panel;
    section.dataset["revealed"] = String(state.revealed);
  }

  function beliefContext(): BeliefContext {
    return { ...panelContext(), record, model };
  }

  function panelContext(): PanelContext {
    return {
      scenario: scenario!,
      brief: brief!,
      record: record!,
      model: model!,
      state,
      ghosts,
      original,
      previous,
      role: ctx.role,
      isHost: ctx.isHost,
      tr,
      selectedLoop: local.loop,
      selectLoop,
      send,
      charts,
      drafts,
      hostToken,
      go: (p) => setPanel(p, true),
    };
  }

  function applyLead(): void {
    if (state.lead.follow && (local.following || ctx.isHost)) {
      local.panel = state.lead.panel;
      local.loop = state.lead.loop;
    }
  }

  const offs: (() => void)[] = [];
  const on = (type: string, cb: (payload: never) => void) => {
    const off = room.onMessage(type, cb as (p: unknown) => void) as unknown;
    if (typeof off === "function") offs.push(off as () => void);
  };
  on(DEBRIEF_MESSAGES.brief, (b: DebriefBrief) => {
    try {
      scenario = getScenario(b.scenario);
      brief = b;
      render();
    } catch (err) {
      body.replaceChildren(h("p", { class: "error", role: "alert" }, String((err as Error).message)));
    }
  });
  on("round", (rec: RoundRecord) => {
    try {
      scenario = getScenario(rec.scenario);
      const sim = Simulation.replay(scenario, rec, rec.hashes);
      model = buildDebriefModel(scenario, sim.history, sim.options, rec.decisions, rec);
      const parent = originalRun(scenario, rec);
      original = parent
        ? buildDebriefModel(scenario, parent.history, parent.options, rec.parent?.decisions ?? [])
        : null;
      const before = previousRun(scenario, rec);
      previous = before
        ? buildDebriefModel(scenario, before.history, before.options, rec.previous?.decisions ?? [])
        : null;
      record = rec;
      brief = briefOf(rec, scenario);
      for (const g of state.ghosts) addGhost(g);
      render();
    } catch (err) {
      body.replaceChildren(h("p", { class: "error", role: "alert" }, String((err as Error).message)));
    }
  });
  on(DEBRIEF_MESSAGES.state, (next: DebriefState) => {
    const wasFollow = state.lead.follow;
    const leadChanged = JSON.stringify(next.lead) !== JSON.stringify(state.lead);
    state = next;
    // A new lead pulls everyone who has not left it; turning follow-me on pulls everyone back.
    if (next.lead.follow && !wasFollow) local.following = true;
    if (leadChanged || !wasFollow) applyLead();
    for (const g of next.ghosts) addGhost(g);
    saveLocal(storeKey, local);
    render(true);
  });
  // One note changed: the server sends it alone rather than the whole state.
  on(DEBRIEF_MESSAGES.noted, (p: { question: number; note: Note }) => {
    state = { ...state, notes: { ...state.notes, [String(p.question)]: p.note } };
    render(true);
  });
  on("error", (e: { request: string; reason: string }) => {
    if (!e.request.startsWith("debrief:")) return;
    const msg = h("p", { class: "error", role: "alert" }, refusalSentence(refusalOf(e)));
    body.prepend(msg);
  });

  function addGhost(g: GhostResult): void {
    if (!scenario || !record || ghosts.some((x) => x.result.id === g.id)) return;
    const sim = new Simulation(scenario, record.options, record.seed);
    for (const s of record.shocks) sim.inject(s);
    for (const d of g.decisions) sim.advance(d);
    ghosts.push({ result: g, model: buildDebriefModel(scenario, sim.history, sim.options, g.decisions) });
  }

  send(DEBRIEF_MESSAGES.hello, {});
  return () => {
    for (const off of offs) off();
    for (const c of charts) c.destroy();
    section.remove();
  };
}

function readLocal(key: string): Partial<Local> {
  try {
    const raw = typeof sessionStorage !== "undefined" ? sessionStorage.getItem(key) : null;
    return raw ? (JSON.parse(raw) as Partial<Local>) : {};
  } catch {
    return {};
  }
}

function saveLocal(key: string, local: Local): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(local));
  } catch {
    // Private mode: the debrief still works, a reload just starts on the host's panel.
  }
}

function download(url: string, name: string): void {
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}
