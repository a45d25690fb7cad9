// Lobby: the join code and link, every seat (person / bot / empty, ready), my seat and readiness,
// and the host's controls.

import { joinLink } from "../../shared/protocol/index.ts";
import type { TeamSnapshot } from "../net/snapshot.ts";
import { t } from "../strings/index.ts";
import { canStart, lobbyRows } from "../view/seats.ts";
import { h } from "./dom.ts";

export interface LobbyHandlers {
  role: string | null;
  isHost: boolean;
  takeSeat(role: string): void;
  setReady(ready: boolean): void;
  start(): void;
}

export class LobbyScreen {
  private readonly root: HTMLElement;
  private readonly handlers: LobbyHandlers;
  private readonly seatsBody = h("tbody");
  private readonly readyButton: HTMLButtonElement;
  private readonly startButton: HTMLButtonElement;
  private readonly startHint = h("p", { class: "help", id: "start-hint" });
  private readonly codeEl = h("strong", { class: "join-code" });
  private readonly linkInput = h("input", {
    type: "text",
    readonly: true,
    id: "share-link",
    class: "share-link",
  });
  private ready = false;

  constructor(root: HTMLElement, handlers: LobbyHandlers) {
    this.root = root;
    this.handlers = handlers;
    this.readyButton = h("button", {
      type: "button",
      class: "primary",
      "aria-pressed": "false",
      onclick: () => handlers.setReady(!this.ready),
    });
    this.startButton = h(
      "button",
      { type: "button", class: "primary", "aria-describedby": "start-hint", onclick: () => handlers.start() },
      t("host.start"),
    );
    const copy = h(
      "button",
      {
        type: "button",
        onclick: async (ev: Event) => {
          const b = ev.currentTarget as HTMLButtonElement;
          try {
            await navigator.clipboard.writeText(this.linkInput.value);
            b.textContent = `✓ ${t("lobby.copied")}`;
          } catch {
            this.linkInput.select();
          }
        },
      },
      t("lobby.copy"),
    );
    root.replaceChildren(
      h(
        "div",
        { class: "lobby" },
        h("h1", { id: "lobby-title" }, t("lobby.title")),
        h(
          "section",
          { class: "card seats-card" },
          h("h2", {}, t("lobby.seats")),
          h(
            "table",
            { class: "seats" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, t("lobby.role")),
                h("th", { scope: "col" }, t("lobby.holder")),
                h("th", { scope: "col" }, t("lobby.status")),
                h("th", { scope: "col" }, h("span", { class: "sr-only" }, t("lobby.action"))),
              ),
            ),
            this.seatsBody,
          ),
          h("div", { class: "row" }, this.readyButton),
          h("p", { class: "help" }, t("lobby.waitHost")),
        ),
        h(
          "div",
          { class: "lobby-side" },
          h(
            "section",
            { class: "card share", "aria-label": t("lobby.code") },
            h("p", {}, `${t("lobby.code")}: `, this.codeEl),
            h("label", { for: "share-link" }, t("lobby.link")),
            h("div", { class: "row" }, this.linkInput, copy),
          ),
          handlers.isHost
            ? h(
                "section",
                { class: "card host", "aria-labelledby": "host-title" },
                h("h2", { id: "host-title" }, t("host.title")),
                this.startButton,
                this.startHint,
              )
            : null,
        ),
      ),
    );
  }

  update(snap: TeamSnapshot, myRole: string | null): void {
    this.codeEl.textContent = snap.code;
    this.linkInput.value = new URL(joinLink(snap.code), window.location.href).href;
    const rows = lobbyRows(snap.seats, myRole);
    this.seatsBody.replaceChildren(
      ...rows.map((r) =>
        h(
          "tr",
          { class: r.me ? "me" : "", "data-role": r.role },
          h("th", { scope: "row" }, r.roleLabel),
          h("td", {}, r.name ? `${r.name}${r.me ? ` ${t("seat.you")}` : ""}` : "—"),
          h(
            "td",
            {},
            t(r.kindKey),
            r.readyKey ? ` · ${r.ready ? "✓" : "…"} ${t(r.readyKey)}` : "",
            r.kind !== "human" && r.policy ? ` · ${t("lobby.botWillPlay", { policy: r.policy })}` : "",
          ),
          h(
            "td",
            {},
            r.free && !r.me
              ? h(
                  "button",
                  { type: "button", onclick: () => this.handlers.takeSeat(r.role) },
                  t("seat.take", { role: r.roleLabel }),
                )
              : null,
          ),
        ),
      ),
    );
    const me = snap.seats.find((s) => s.role === myRole);
    this.ready = me?.ready ?? false;
    this.readyButton.setAttribute("aria-pressed", String(this.ready));
    this.readyButton.textContent = this.ready ? `✓ ${t("lobby.ready")}` : t("lobby.ready");
    this.readyButton.hidden = !me;
    const all = canStart(snap.seats);
    this.startHint.textContent = all ? t("lobby.allReady") : t("lobby.notAllReady");
  }

  destroy(): void {
    this.root.replaceChildren();
  }
}
