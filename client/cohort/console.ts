// The trainer's console (/?console=ID): joins the cohort room with the trainer token, draws the grid
// of teams × seats once a second, and sends the trainer's actions (all teams, or one).

import { Client, type Room } from "@colyseus/sdk";
import { BROADCAST_MAX, type ConsoleState, type TrainerAction } from "../../shared/protocol/cohort.ts";
import { PACES, type PaceMode } from "../../shared/protocol/room.ts";
import { downloadWithToken } from "../net/download.ts";
import { REJOIN_CODES, REJOIN_FOR_MS, retryBriefly, serverEndpoint } from "../net/session.ts";
import { t } from "../strings/index.ts";
import { h } from "../ui/dom.ts";
import { exportLinks } from "./api.ts";
import { moveTargets, plainConsoleState, summary, teamRows } from "./console-model.ts";
import { ct } from "./strings.ts";
import { type CohortTokens, consoleToken } from "./tokens.ts";
import "./cohort.css";

export const LEAD_PANELS = ["pattern", "amplification", "blame", "rules", "ranking"] as const;

export interface ConsoleOptions {
  id: string;
  tokens: CohortTokens;
}

export async function mountConsole(root: HTMLElement, o: ConsoleOptions): Promise<void> {
  const token = consoleToken(o.tokens, o.id, window.location.hash);
  // The key stays out of the address bar (and out of a screenshot or a shared screen).
  if (window.location.hash)
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  if (!token) {
    root.replaceChildren(h("p", { class: "form-error", role: "alert" }, `⚠ ${ct("console.noToken")}`));
    return;
  }
  let room: Room;
  try {
    room = await joinConsole(o.id, token);
  } catch (e) {
    root.replaceChildren(
      h(
        "p",
        { class: "form-error", role: "alert" },
        `⚠ ${ct("console.refused", { reason: e instanceof Error ? e.message : String(e) })}`,
      ),
    );
    return;
  }
  new ConsoleView(root, room, o.id, token);
}

function joinConsole(id: string, token: string): Promise<Room> {
  return new Client(serverEndpoint()).joinById(id, { trainerToken: token });
}

class ConsoleView {
  private state: ConsoleState | null = null;
  private readonly head = h("header", { class: "console-head" });
  private readonly grid = h("div", {
    class: "console-grid",
    role: "region",
    "aria-label": ct("console.grid"),
  });
  private readonly status = h("p", { class: "toast-inline", role: "status", "aria-live": "polite" });
  private readonly target = h("select", { id: "console-target", "aria-label": ct("console.target") });
  private readonly root: HTMLElement;
  private room: Room;
  private readonly id: string;
  private readonly token: string;

  constructor(root: HTMLElement, room: Room, id: string, token: string) {
    this.root = root;
    this.room = room;
    this.id = id;
    this.token = token;
    this.attach(room);
    root.replaceChildren(h("div", { class: "console" }, this.head, this.controls(), this.status, this.grid));
    // Seconds since the open week began tick between patches.
    window.setInterval(() => this.draw(), 1000);
  }

  private attach(room: Room): void {
    this.room = room;
    retryBriefly(room);
    room.onStateChange((s) => {
      this.state = plainConsoleState(
        typeof (s as { toJSON?: unknown }).toJSON === "function" ? (s as { toJSON(): unknown }).toJSON() : s,
      );
      this.draw();
    });
    room.onMessage("error", (e: { reason: string }) => this.say(`⚠ ${e.reason}`));
    room.onMessage("*", () => {});
    room.onDrop(() => this.say(ct("console.offline")));
    room.onReconnect(() => this.say(""));
    // The cohort moved to another server process (its own stopped or died): join it there.
    room.onLeave((code) => {
      if (this.room === room && REJOIN_CODES.has(code)) void this.rejoin();
    });
  }

  private async rejoin(): Promise<void> {
    this.say(ct("console.offline"));
    const until = Date.now() + REJOIN_FOR_MS;
    while (Date.now() < until) {
      try {
        this.attach(await joinConsole(this.id, this.token));
        this.say("");
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 1500));
      }
    }
    this.say(`⚠ ${ct("console.lost")}`);
  }

  private send(a: TrainerAction): void {
    const { type, ...body } = a;
    const team = this.target.value;
    const scoped =
      "team" in body || type === "lead" || type === "move" ? body : team ? { ...body, team } : body;
    this.room.send(type, scoped);
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private targetName(): string {
    const opt = this.target.selectedOptions[0];
    return opt?.textContent ?? ct("console.all");
  }

  private controls(): HTMLElement {
    const mode = h(
      "select",
      { id: "console-mode" },
      PACES.map((p) => h("option", { value: p }, t(`pace.${p}.short`))),
    );
    const seconds = h("input", {
      id: "console-seconds",
      type: "number",
      min: 0.05,
      max: 3600,
      step: "any",
      value: 60,
    });
    const shock = h("input", {
      id: "console-shock",
      type: "text",
      placeholder: "market-boom",
      list: "console-shocks",
    });
    const shockWeek = h("input", { id: "console-shock-week", type: "number", min: 1, step: 1 });
    const message = h("input", { id: "console-message", type: "text", maxlength: BROADCAST_MAX });
    const button = (label: string, act: () => void, cls = "") =>
      h("button", { type: "button", class: cls, onclick: act }, label);
    const links = exportLinks(this.id);
    const exportButton = (label: string, href: string, ext: string) =>
      button(label, () => {
        downloadWithToken(href, this.token, `cohort-${this.id}.${ext}`).catch((e: unknown) =>
          window.alert(e instanceof Error ? e.message : String(e)),
        );
      });
    return h(
      "div",
      { class: "console-controls card" },
      h("div", { class: "row" }, h("label", { for: "console-target" }, ct("console.target")), this.target),
      h(
        "div",
        { class: "row" },
        button(ct("console.start"), () => this.send({ type: "start" }), "primary"),
        button(ct("console.pause"), () => this.send({ type: "pause" })),
        button(ct("console.resume"), () => this.send({ type: "resume" })),
        button(
          ct("console.end"),
          () => {
            if (window.confirm(ct("console.endConfirm", { target: this.targetName() })))
              this.send({ type: "end" });
          },
          "danger",
        ),
        button(ct("console.reflect"), () => this.send({ type: "reflect" })),
      ),
      h(
        "div",
        { class: "row" },
        h("label", { for: "console-mode" }, ct("console.pace")),
        mode,
        h("label", { for: "console-seconds" }, ct("console.seconds")),
        seconds,
        button(ct("console.apply"), () =>
          this.send({
            type: "pace",
            mode: mode.value as PaceMode,
            secondsPerWeek: Number(seconds.value) || 60,
          }),
        ),
      ),
      h(
        "form",
        {
          class: "row",
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            if (!shock.value.trim()) return;
            const week = shockWeek.value ? Number(shockWeek.value) : undefined;
            this.send({ type: "shock", name: shock.value.trim(), ...(week ? { week } : {}) });
          },
        },
        h("label", { for: "console-shock" }, ct("console.shock")),
        shock,
        h("label", { for: "console-shock-week" }, ct("console.shockWeek")),
        shockWeek,
        h("button", { type: "submit" }, ct("console.inject")),
      ),
      h(
        "form",
        {
          class: "row",
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            const text = message.value.trim();
            if (!text) return;
            this.send({ type: "broadcast", text });
            message.value = "";
            this.say(ct("console.sent"));
          },
        },
        h("label", { for: "console-message" }, ct("console.broadcast")),
        message,
        h("button", { type: "submit", class: "primary" }, ct("console.send")),
      ),
      h(
        "div",
        { class: "row" },
        h("span", {}, ct("console.debrief")),
        LEAD_PANELS.map((p) =>
          button(ct(`cdebrief.panel.${p}`), () => {
            this.send({ type: "lead", panel: p });
            void import("./debrief-view.ts").then(({ mountCohortDebrief }) =>
              mountCohortDebrief(this.root, {
                cohort: this.id,
                panel: p,
                token: this.token,
                lead: (panel) => this.send({ type: "lead", panel }),
                ownTeam: () => window.location.reload(),
              }),
            );
          }),
        ),
      ),
      h(
        "p",
        { class: "row exports" },
        h("span", {}, ct("console.export")),
        exportButton("CSV", links.csv, "csv"),
        exportButton("XLSX", links.xlsx, "xlsx"),
        exportButton("JSON", links.json, "json"),
      ),
    );
  }

  private draw(): void {
    const s = this.state;
    if (!s || !this.root.contains(this.grid)) return;
    // A seat's move menu being used is not redrawn under the trainer's hand.
    if (this.grid.contains(document.activeElement)) return;
    const rows = teamRows(s, Date.now());
    const sum = summary(s, rows);
    const joinUrl = new URL(`/?cohort=${s.code}`, window.location.origin).href;
    this.head.replaceChildren(
      h("h1", {}, s.title || ct("console.title")),
      h("p", { class: "console-join" }, ct("console.code", { link: joinUrl, code: s.code })),
      h(
        "p",
        { class: "console-summary" },
        ct("console.participants", { n: sum.participants }),
        " · ",
        ct("console.teams", { n: sum.teams }),
        sum.stuck ? h("strong", { class: "alert" }, ` · ⚠ ${ct("console.stuck", { n: sum.stuck })}`) : null,
      ),
    );
    const chosen = this.target.value;
    this.target.replaceChildren(
      h("option", { value: "" }, ct("console.all")),
      ...rows.map((r) =>
        h("option", { value: r.code, selected: r.code === chosen }, ct("console.team", { n: r.index + 1 })),
      ),
    );
    this.grid.replaceChildren(
      ...rows.map((r) =>
        h(
          "article",
          { class: `console-team${r.stuck ? " stuck" : ""}`, "data-team": r.code },
          h(
            "header",
            {},
            h("h2", {}, ct("console.team", { n: r.index + 1 }), h("span", { class: "team-code" }, r.code)),
            h(
              "p",
              { class: "team-meta" },
              ct(`console.phase.${r.phase}`),
              r.phase === "play" ? ` · ${ct("console.week", { week: r.week + 1, horizon: r.horizon })}` : "",
              r.paused ? ` · ‖ ${ct("console.paused")}` : "",
              r.openSeconds !== null ? ` · ⏱ ${ct("console.open", { s: r.openSeconds })}` : "",
            ),
            r.kpiLabel
              ? h(
                  "p",
                  { class: "team-kpi" },
                  `${r.kpiLabel}: `,
                  h("strong", {}, Math.round(r.kpi).toLocaleString()),
                )
              : null,
            r.replay
              ? h(
                  "a",
                  { class: "team-replay", href: r.replay, target: "_blank", rel: "noopener" },
                  ct("console.replay"),
                )
              : null,
            r.stuck
              ? h(
                  "p",
                  { class: "alert", role: "alert" },
                  `⚠ ${ct("console.stuckAlert", { s: r.openSeconds ?? 0, who: r.waitingOn.join(", ") })}`,
                )
              : null,
          ),
          h(
            "table",
            {},
            h(
              "tbody",
              {},
              r.seats.map((seat) =>
                h(
                  "tr",
                  { class: `seat-${seat.status}` },
                  h("th", { scope: "row" }, seat.label),
                  h("td", {}, seat.who || "—"),
                  h(
                    "td",
                    {},
                    h("span", { class: `status status-${seat.status}` }, ct(`console.status.${seat.status}`)),
                  ),
                  h(
                    "td",
                    { class: "seat-actions" },
                    seat.human ? this.seatActions(s, r.code, seat.role, seat.who) : null,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private seatActions(s: ConsoleState, team: string, role: string, name: string): HTMLElement[] {
    const targets = moveTargets(s, { team, role });
    const move = h(
      "select",
      {
        "aria-label": ct("console.moveTo", { name }),
        onchange: (ev: Event) => {
          const v = (ev.target as HTMLSelectElement).value;
          if (!v) return;
          const [toTeam, toRole] = v.split("|") as [string, string];
          this.send({ type: "move", from: { team, role }, to: { team: toTeam, role: toRole } });
        },
      },
      h("option", { value: "" }, ct("console.move")),
      targets.map((x) =>
        h(
          "option",
          { value: `${x.team}|${x.role}` },
          `${ct("console.team", { n: x.index + 1 })} · ${x.label}`,
        ),
      ),
    );
    const bot = h(
      "button",
      {
        type: "button",
        title: ct("console.toBotTitle", { name }),
        onclick: () => this.send({ type: "bot", team, role }),
      },
      ct("console.toBot"),
    );
    return [move, bot];
  }
}
