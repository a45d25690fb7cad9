// "Play again" under the debrief: a seat holder (or the host) starts the next round for the same team
// — same or new seed, optionally the Beer Game's transparent round — and every teammate on the
// debrief is told. Then each player writes what they will do differently and joins it; the server
// keeps the hypothesis with the next round, whose debrief shows it beside both rounds.

import type { AgainStartMessage } from "../../shared/protocol/again.ts";
import { MAX_HYPOTHESIS_CHARS } from "../../shared/protocol/again.ts";
import { hypothesisProblem } from "../../shared/round/again.ts";
import { getScenario } from "../../shared/scenarios/index.ts";
import { rt } from "../replay/strings.ts";
import { offersInfoSharing } from "../view/play-again.ts";
import { h } from "./dom.ts";

export interface PlayAgainHandlers {
  scenario: string;
  /** Holds a seat: writes a hypothesis and takes the same seat in the next round. */
  seated: boolean;
  /** May start the next round (a seat holder or the host). */
  mayStart: boolean;
  start(choice: Required<Pick<AgainStartMessage, "sameSeed" | "infoSharing">>): void;
  /** Joins the next round (with the hypothesis when seated); rejects with the reason it could not. */
  join(hypothesis: string | null): Promise<void>;
}

export class PlayAgainCard {
  readonly el: HTMLElement;
  private readonly handlers: PlayAgainHandlers;
  private told = false;
  /** The start form's button and status line, for a refusal to reopen. */
  private startButton: HTMLButtonElement | null = null;
  private startStatus: HTMLElement | null = null;

  constructor(handlers: PlayAgainHandlers) {
    this.handlers = handlers;
    this.el = h("section", { class: "card play-again", id: "play-again", "aria-live": "polite" });
    if (handlers.mayStart) this.el.append(this.startForm());
  }

  /** The server refused to start the next round: say why and let the player try again. */
  refused(sentence: string): void {
    if (this.startStatus) this.startStatus.textContent = sentence;
    if (this.startButton) this.startButton.disabled = false;
  }

  /** Someone started the next round: the card asks for the hypothesis and offers to join. */
  next(by: string): void {
    if (this.told) return;
    this.told = true;
    const seated = this.handlers.seated;
    const text = h("textarea", {
      id: "again-hypothesis",
      rows: 3,
      maxlength: MAX_HYPOTHESIS_CHARS,
      "aria-describedby": "again-hypothesis-help",
    });
    const status = h("p", { class: "form-error", role: "alert", hidden: true });
    const submit = h(
      "button",
      { type: "submit", class: "primary", id: "again-join" },
      rt(seated ? "again.join" : "again.watch"),
    );
    const say = (message: string) => {
      status.textContent = message;
      status.hidden = false;
    };
    const form = h(
      "form",
      {
        onsubmit: async (ev: Event) => {
          ev.preventDefault();
          const problem = seated ? hypothesisProblem(text.value) : null;
          if (problem) {
            say(rt(`again.${problem}`, { max: MAX_HYPOTHESIS_CHARS, n: text.value.trim().length }));
            text.focus();
            return;
          }
          submit.disabled = true;
          try {
            await this.handlers.join(seated ? text.value.trim() : null);
          } catch (e) {
            say((e as Error).message);
            submit.disabled = false;
          }
        },
      },
      seated ? h("label", { for: "again-hypothesis" }, rt("again.hypothesis")) : null,
      seated ? text : null,
      seated
        ? h(
            "p",
            { class: "help", id: "again-hypothesis-help" },
            rt("again.hypothesis.help", { max: MAX_HYPOTHESIS_CHARS }),
          )
        : null,
      status,
      submit,
    );
    this.el.replaceChildren(h("h2", { id: "again-next" }, rt("again.next", { by })), form);
    this.el.classList.add("told");
  }

  private startForm(): HTMLElement {
    const sameSeed = h("input", { type: "checkbox", id: "again-same-seed", checked: true });
    const sharing = h("input", { type: "checkbox", id: "again-sharing" });
    const submit = h("button", { type: "submit", class: "primary", id: "again-start" }, rt("again.submit"));
    const status = h("p", { class: "help", role: "status" });
    const offers = offersInfoSharing(getScenario(this.handlers.scenario));
    this.startButton = submit as HTMLButtonElement;
    this.startStatus = status;
    return h(
      "details",
      {},
      h("summary", {}, rt("again.title")),
      h(
        "form",
        {
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            submit.disabled = true;
            status.textContent = rt("again.starting");
            this.handlers.start({ sameSeed: sameSeed.checked, infoSharing: offers && sharing.checked });
          },
        },
        h("label", { class: "check" }, sameSeed, ` ${rt("again.sameSeed")}`),
        offers ? h("label", { class: "check" }, sharing, ` ${rt("again.sharing")}`) : null,
        h("p", { class: "help" }, rt("again.help")),
        status,
        submit,
      ),
    );
  }
}
